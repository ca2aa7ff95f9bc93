"""Writing facts and error records: JSON Lines (the gold format's shape) and CSV."""

from __future__ import annotations

import csv
import json
from typing import IO, Any, Iterable

from .models import ErrorRecord, Fact

CSV_COLUMNS = (
    "id", "doc_id", "doc_path", "lang", "start", "end", "text", "value", "low", "high", "unit",
    "kind", "qualifier", "measure", "sentence", "rule", "extractor",
)


def flat_row(fact: Fact) -> dict[str, Any]:
    """One fact as a flat mapping: CSV rows and data frames use these columns."""
    quantity = fact.quantity.model_dump(mode="json")
    return {
        "id": fact.id, "doc_id": fact.doc.id, "doc_path": fact.doc.path, "lang": fact.doc.lang,
        "start": fact.span.start, "end": fact.span.end, "text": fact.span.text,
        "value": quantity["value"], "low": quantity["low"], "high": quantity["high"],
        "unit": quantity["unit"], "kind": quantity["kind"], "qualifier": quantity["qualifier"],
        "measure": fact.measure, "sentence": fact.sentence.text, "rule": fact.provenance.rule,
        "extractor": fact.provenance.extractor,
    }


class JsonlSink:
    """One JSON object per line, UTF-8, non-ASCII kept readable."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, fact: Fact) -> None:
        self.stream.write(fact.model_dump_json() + "\n")


class CsvSink:
    """Flat columns, a header first."""

    def __init__(self, stream: IO[str]) -> None:
        self.writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
        self.writer.writeheader()

    def write(self, fact: Fact) -> None:
        self.writer.writerow(flat_row(fact))


def make_sink(kind: str, stream: IO[str]) -> JsonlSink | CsvSink:
    return CsvSink(stream) if kind == "csv" else JsonlSink(stream)


def write_errors(errors: Iterable[ErrorRecord], stream: IO[str]) -> None:
    for error in errors:
        stream.write(json.dumps(error.model_dump(mode="json"), ensure_ascii=False) + "\n")
