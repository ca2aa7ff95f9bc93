"""What the models refuse, and what a fact looks like in JSON."""

from __future__ import annotations

import hashlib
import json
import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from clusterfacts.models import Qualifier, Quantity, TextSpan, fact_id, fact_id_of_json, quantity_json
from clusterfacts.recognise.types import Mention


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


@pytest.mark.parametrize(
    "quantity",
    [
        Quantity(value=Decimal(16000000), unit="t", kind="mass"),
        Quantity(low=Decimal("2.5"), high=Decimal(3), unit="%", kind="share", qualifier="approx"),
    ],
)
def test_fact_id_hashes_the_canonical_json_of_its_parts(quantity):
    payload = json.dumps(
        ["seeds/004", quantity.model_dump(mode="json"), "产能 annual capacity", 2], sort_keys=True, ensure_ascii=False
    )
    expected = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]
    assert fact_id("seeds/004", quantity, "产能 Annual capacity", 2) == expected
    assert fact_id_of_json("seeds/004", quantity_json(quantity), "产能 Annual capacity", 2) == expected


_numbers = st.none() | st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**15, max_value=10**15, places=4) | st.sampled_from(
    [Decimal("1E+3"), Decimal("2.50"), Decimal("-0"), Decimal("0.000001"), Decimal("123456789012345678")]
)


@given(value=_numbers, spread=_numbers, qualifier=st.sampled_from(list(Qualifier)), measure=st.text(max_size=12))
def test_quantity_json_is_the_sorted_json_of_the_dump(value, spread, qualifier, measure):
    """The spliced canonical JSON equals plain json.dumps of the dump, so fact ids do not depend on the shortcut."""
    low = high = None
    if spread is not None:
        low, high = sorted((spread, spread + 1))
    if value is None and low is None:
        value = Decimal(0)
    quantity = Quantity(value=value, low=low, high=high, unit="t", kind="mass", qualifier=qualifier)
    plain = json.dumps(quantity.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    assert quantity_json(quantity) == plain
    mention = Mention(0, 1, value, low, high, "t", "mass", qualifier.value, "rule", measure)
    assert quantity_json(mention) == plain  # what a fact's id hashes, before the Quantity is validated
    payload = json.dumps(["冠县/doc 1", json.loads(plain), measure.casefold(), 3], sort_keys=True, ensure_ascii=False)
    assert fact_id_of_json("冠县/doc 1", quantity_json(quantity), measure, 3) == hashlib.sha256(payload.encode()).hexdigest()[:20]


def test_a_document_result_crosses_processes_as_its_json_record():
    """Dask workers pickle results back to the client; what arrives equals what was sent."""
    from clusterfacts import api
    from clusterfacts.ingest import expand, load
    from conftest import SEEDS

    for source in expand([str(SEEDS)]):
        result = api.process(load(source))
        arrived = pickle.loads(pickle.dumps(result))
        assert arrived == result
        assert arrived.model_dump_json() == result.model_dump_json()
