"""The record a recogniser hands to the rest of the pipeline.

Offsets are into the NORMALISED text the recogniser was given (simplified
script, half-width digits and punctuation, markup and glosses removed); the
pipeline maps them back to the original document afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Context:
    """What a recogniser knows about the document beyond its text.

    ``locale`` decides the currency of a bare 元/yuan/dollar: "CN" (CNY),
    "TW" (TWD) or "HK" (HKD); None when unknown.
    """

    lang: str  # "en" | "zh-Hans" | "zh-Hant"
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One resolved numeric claim, before provenance is attached."""

    start: int
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    unit: str
    kind: str
    qualifier: str
    rule: str
    measure: str | None = None

    def with_measure(self, measure: str | None) -> "Mention":
        # the constructor, not dataclasses.replace: several times cheaper, and it runs for every claim
        return Mention(self.start, self.end, self.value, self.low, self.high, self.unit, self.kind,
                       self.qualifier, self.rule, measure)
