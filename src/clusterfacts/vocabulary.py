"""The closed vocabularies of CLAIMS.md: units, kinds and qualifiers.

Every stage speaks these names; the models validate against them and the
language packs resolve into them, so a typo in a table fails loudly at load
time instead of leaking into the output.
"""

from __future__ import annotations

from enum import Enum


class Kind(str, Enum):
    """What sort of quantity a claim asserts."""

    count = "count"
    money = "money"
    mass = "mass"
    area = "area"
    energy = "energy"
    power = "power"
    length = "length"
    volume = "volume"
    share = "share"
    growth = "growth"
    rank = "rank"
    duration = "duration"
    age = "age"
    rate = "rate"
    ratio = "ratio"


class Qualifier(str, Enum):
    """How the number bounds the true quantity."""

    exact = "exact"
    approx = "approx"
    gt = "gt"
    gte = "gte"
    lt = "lt"
    lte = "lte"


CURRENCIES = frozenset({"CNY", "USD", "EUR", "GBP", "JPY", "HKD", "TWD", "KRW", "SGD", "AUD", "CAD", "CHF", "INR", "RUB"})

#: canonical unit -> the kinds it may carry
UNIT_KINDS: dict[str, frozenset[str]] = {
    **{code: frozenset({"money", "rate"}) for code in CURRENCIES},
    "t": frozenset({"mass", "rate"}),
    "m2": frozenset({"area"}),
    "kWh": frozenset({"energy", "rate"}),
    "kW": frozenset({"power"}),
    "m": frozenset({"length"}),
    "m3": frozenset({"volume", "rate"}),
    "tce": frozenset({"mass", "energy"}),
    "TEU": frozenset({"count", "rate"}),
    "%": frozenset({"share", "growth", "ratio", "rate"}),
    "pp": frozenset({"growth", "share"}),
    "ratio": frozenset({"share", "growth", "ratio", "rate"}),
    "count": frozenset({"count", "rate"}),
    "year": frozenset({"duration", "age"}),
    "month": frozenset({"duration", "age"}),
    "day": frozenset({"duration", "age"}),
    "rank": frozenset({"rank"}),
}

UNITS = frozenset(UNIT_KINDS)
