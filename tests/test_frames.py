"""Facts as pandas and Arrow tables: one row per fact, the flat CSV columns."""

from __future__ import annotations

import sys

import pytest

from clusterfacts.frames import to_arrow, to_dataframe
from clusterfacts.models import ErrorRecord
from clusterfacts.sinks import CSV_COLUMNS, flat_row
from report_samples import seed_documents

pd = pytest.importorskip("pandas", reason="pandas is an optional extra: pip install 'clusterfacts[pandas]'")
pa = pytest.importorskip("pyarrow", reason="pyarrow is an optional extra: pip install 'clusterfacts[pandas]'")


@pytest.fixture(scope="module")
def results():
    return [result for result, _ in seed_documents()]


@pytest.fixture(scope="module")
def facts(results):
    return [fact for result in results for fact in result.facts]


def test_one_row_per_fact_with_the_flat_columns(facts):
    frame = to_dataframe(facts)
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert len(frame) == len(facts)
    first = flat_row(facts[0])
    assert frame.iloc[0]["id"] == first["id"] and frame.iloc[0]["text"] == first["text"]


def test_numbers_are_numbers(facts):
    frame = to_dataframe(facts)
    assert frame["value"].dtype == "float64" and frame["start"].dtype == "int64"
    for fact, value in zip(facts, frame["value"]):
        if fact.quantity.value is None:
            assert pd.isna(value)
        else:
            assert value == float(fact.quantity.value)


def test_the_readme_analysis(results):
    frame = to_dataframe(results)
    by_kind = frame.groupby(["lang", "kind"]).size()
    assert by_kind.sum() == len(frame)
    assert set(frame["lang"]) <= {"en", "zh-Hans", "zh-Hant", "other"}


def test_document_results_and_error_records_are_accepted(results, facts):
    error = ErrorRecord(path="bad.txt", code="CF202", message="binary", doc_id="bad")
    frame = to_dataframe([*results, error])
    assert len(frame) == len(facts)
    assert frame.attrs["errors"] == [error.model_dump(mode="json")]


def test_arrow_table_has_a_typed_schema(facts):
    table = to_arrow(facts)
    assert table.num_rows == len(facts)
    assert table.schema.names == list(CSV_COLUMNS)
    assert table.schema.field("value").type == pa.float64()
    assert table.schema.field("end").type == pa.int64()
    assert table.schema.metadata[b"clusterfacts.errors"] == b"[]"


def test_no_facts_gives_an_empty_table_with_the_columns():
    assert list(to_dataframe([]).columns) == list(CSV_COLUMNS)
    assert to_arrow([]).num_rows == 0


def test_anything_else_is_refused():
    with pytest.raises(TypeError, match="expected Fact"):
        to_dataframe([{"id": "x"}])


def test_missing_pandas_says_how_to_install_it(monkeypatch, facts):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'clusterfacts\[pandas\]'"):
        to_dataframe(facts)
