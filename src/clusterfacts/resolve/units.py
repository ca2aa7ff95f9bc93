"""Canonical units and the exact factors that bring other units of a dimension to them.

Language packs name a surface unit (``吨``, ``tonnes``, ``MW``, ``亩``) and map
it to one of the keys below; the factor here turns the number into the
canonical unit of CLAIMS.md with exact Decimal arithmetic.
"""

from __future__ import annotations

from decimal import Decimal

#: unit symbol -> (canonical unit, factor to multiply by, kind)
CONVERSIONS: dict[str, tuple[str, Decimal, str]] = {
    "t": ("t", Decimal(1), "mass"),
    "kg": ("t", Decimal("0.001"), "mass"),
    "g": ("t", Decimal("0.000001"), "mass"),
    "kt": ("t", Decimal(1000), "mass"),
    "Mt": ("t", Decimal(1000000), "mass"),
    "jin": ("t", Decimal("0.0005"), "mass"),
    "m2": ("m2", Decimal(1), "area"),
    "km2": ("m2", Decimal(1000000), "area"),
    "ha": ("m2", Decimal(10000), "area"),
    "mu": ("m2", Decimal(10000) / Decimal(15), "area"),
    "acre": ("m2", Decimal("4046.8564224"), "area"),
    "sqft": ("m2", Decimal("0.09290304"), "area"),
    "kWh": ("kWh", Decimal(1), "energy"),
    "Wh": ("kWh", Decimal("0.001"), "energy"),
    "MWh": ("kWh", Decimal(1000), "energy"),
    "GWh": ("kWh", Decimal(1000000), "energy"),
    "TWh": ("kWh", Decimal(1000000000), "energy"),
    "kW": ("kW", Decimal(1), "power"),
    "W": ("kW", Decimal("0.001"), "power"),
    "MW": ("kW", Decimal(1000), "power"),
    "GW": ("kW", Decimal(1000000), "power"),
    "m": ("m", Decimal(1), "length"),
    "km": ("m", Decimal(1000), "length"),
    "cm": ("m", Decimal("0.01"), "length"),
    "mm": ("m", Decimal("0.001"), "length"),
    "mile": ("m", Decimal("1609.344"), "length"),
    "ft": ("m", Decimal("0.3048"), "length"),
    "m3": ("m3", Decimal(1), "volume"),
    "l": ("m3", Decimal("0.001"), "volume"),
    "tce": ("tce", Decimal(1), "mass"),
    "TEU": ("TEU", Decimal(1), "count"),
}


def to_canonical(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """Convert ``value`` in ``unit`` to the canonical unit of its dimension.

    >>> to_canonical(Decimal(600), "MW")
    (Decimal('600000'), 'kW')
    """
    canonical, factor, _kind = CONVERSIONS[unit]
    return value * factor, canonical
