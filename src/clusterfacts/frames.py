"""Facts as a pandas DataFrame or a pyarrow Table: one row per fact, the flat CSV columns.

pandas and pyarrow are optional (``pip install 'clusterfacts[pandas]'``) and
imported only when asked for, so the core library does not need them.
Values become float64 columns, the type analysis wants; the exact decimals
stay in the fact records and the JSONL output.

Both functions take whatever the extraction functions yield: facts,
DocumentResults (their facts) and ErrorRecords. Error records hold no facts;
they are kept aside (``DataFrame.attrs["errors"]``, the Arrow schema metadata
key ``clusterfacts.errors``) so a failed document is not silently forgotten.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .models import DocumentResult, ErrorRecord, Fact
from .sinks import CSV_COLUMNS, flat_row

if TYPE_CHECKING:
    import pandas
    import pyarrow

INTEGER_COLUMNS = ("start", "end")
NUMBER_COLUMNS = ("value", "low", "high")
INSTALL_HINT = "pip install 'clusterfacts[pandas]'"

Items = Iterable[Fact | DocumentResult | ErrorRecord]


def _rows(items: Items) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Fact):
            rows.append(flat_row(item))
        elif isinstance(item, DocumentResult):
            rows.extend(flat_row(fact) for fact in item.facts)
        elif isinstance(item, ErrorRecord):
            errors.append(item.model_dump(mode="json"))
        else:
            raise TypeError(f"expected Fact, DocumentResult or ErrorRecord, got {type(item).__name__}")
    for row in rows:
        for name in NUMBER_COLUMNS:
            if row[name] is not None:
                row[name] = float(row[name])
    return rows, errors


def _require(module: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(f"clusterfacts.{'to_dataframe' if module == 'pandas' else 'to_arrow'} needs {module}: {INSTALL_HINT}") from error


def arrow_schema() -> "pyarrow.Schema":
    """Strings, int64 offsets and float64 numbers, in the CSV column order."""
    pa = _require("pyarrow")
    return pa.schema(
        [
            pa.field(
                name,
                pa.int64() if name in INTEGER_COLUMNS else pa.float64() if name in NUMBER_COLUMNS else pa.string(),
                nullable=name in NUMBER_COLUMNS or name == "measure",
            )
            for name in CSV_COLUMNS
        ]
    )


def to_arrow(items: Items) -> "pyarrow.Table":
    """A pyarrow Table with one row per fact and the columns of ``sinks.flat_row``.

    >>> table = to_arrow(clusterfacts.extract_paths(["corpus"]))  # doctest: +SKIP
    """
    pa = _require("pyarrow")
    rows, errors = _rows(items)
    schema = arrow_schema().with_metadata({"clusterfacts.errors": json.dumps(errors, ensure_ascii=False)})
    return pa.Table.from_pylist(rows, schema=schema)


def to_dataframe(items: Items) -> "pandas.DataFrame":
    """A pandas DataFrame with one row per fact and the columns of ``sinks.flat_row``.

    >>> df = to_dataframe(clusterfacts.extract_paths(["corpus"]))  # doctest: +SKIP
    >>> df.groupby(["lang", "kind"]).size()  # doctest: +SKIP
    """
    pd = _require("pandas")
    rows, errors = _rows(items)
    frame = pd.DataFrame.from_records(rows, columns=list(CSV_COLUMNS))
    frame = frame.astype({**{name: "int64" for name in INTEGER_COLUMNS}, **{name: "float64" for name in NUMBER_COLUMNS}})
    frame.attrs["errors"] = errors
    return frame
