"""What the models refuse, and what a fact looks like in JSON."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from clusterfacts.models import Quantity, TextSpan, fact_id


def test_exact_values_serialise_as_json_numbers():
    quantity = Quantity(value=Decimal("10220000000"), unit="CNY", kind="money")
    assert quantity.model_dump(mode="json")["value"] == 10220000000
    assert Quantity(value=Decimal("0.25"), unit="ratio", kind="share").model_dump(mode="json")["value"] == 0.25


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"low": Decimal(5), "high": Decimal(3), "unit": "year", "kind": "duration"}, "exceeds"),
        ({"value": Decimal("Infinity"), "unit": "t", "kind": "mass"}, "finite"),
        ({"value": Decimal(3), "unit": "furlong", "kind": "length"}, "vocabulary"),
        ({"value": Decimal(3), "unit": "t", "kind": "money"}, "does not go with"),
        ({"unit": "t", "kind": "mass"}, "needs a value"),
        ({"value": Decimal(3), "unit": "t", "kind": "mass", "extra": 1}, "Extra inputs"),
    ],
)
def test_invalid_quantities_are_refused(fields, message):
    with pytest.raises(ValidationError, match=message):
        Quantity(**fields)


def test_span_text_must_fit_its_offsets():
    with pytest.raises(ValidationError):
        TextSpan(start=3, end=5, text="528")


def test_fact_id_ignores_offsets_and_counts_repeats():
    quantity = Quantity(value=Decimal(16000000), unit="t", kind="mass")
    first = fact_id("seeds/004", quantity, "annual capacity", 1)
    assert first == fact_id("seeds/004", quantity, "Annual capacity", 1)
    assert first != fact_id("seeds/004", quantity, "annual capacity", 2)
