"""Facts, documents and whole releases for the release and diff tests.

``toy_extract`` is a deliberately simple extractor (every number, with the
word after it as its measure): diffs of its output are exact and stable, so
the tests can pin the whole diff of an edit without depending on the real
recognisers, which improve independently.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from clusterfacts.models import (
    DocumentRef,
    DocumentResult,
    ErrorRecord,
    Fact,
    Provenance,
    Quantity,
    TextSpan,
    fact_id,
)

EXTRACTOR = "toy 1"


def doc_ref(doc_id: str, text: str, *, lang: str = "en", path: str | None = None) -> DocumentRef:
    return DocumentRef(
        id=doc_id,
        path=path or f"corpus/{doc_id}.txt",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        lang=lang,
    )


def _line_around(text: str, start: int, end: int) -> TextSpan:
    """The line holding [start, end): the toy notion of a sentence."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return TextSpan(start=line_start, end=line_end, text=text[line_start:line_end])


def make_fact(
    doc: DocumentRef,
    text: str,
    start: int,
    end: int,
    quantity: Quantity,
    *,
    measure: str | None = None,
    occurrence: int = 0,
    rule: str = "toy.number",
) -> Fact:
    return Fact(
        id=fact_id(doc.id, quantity, measure, occurrence),
        doc=doc,
        span=TextSpan(start=start, end=end, text=text[start:end]),
        sentence=_line_around(text, start, end),
        quantity=quantity,
        measure=measure,
        provenance=Provenance(rule=rule, extractor=EXTRACTOR, normalized_text=text[start:end]),
    )


def fact_at(
    doc: DocumentRef,
    text: str,
    needle: str,
    value: int | str | Decimal,
    *,
    unit: str = "count",
    kind: str = "count",
    measure: str | None = None,
    qualifier: str = "exact",
    nth: int = 0,
) -> Fact:
    """The fact spanning the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    quantity = Quantity(value=Decimal(value), unit=unit, kind=kind, qualifier=qualifier)
    return make_fact(doc, text, start, start + len(needle), quantity, measure=measure)


_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)[ \t]?([A-Za-z]+|[\u4e00-\u9fff])?")


def toy_extract(doc_id: str, text: str, *, lang: str = "en", path: str | None = None) -> DocumentResult:
    """Every number becomes a count fact measured by the word (or CJK character) after it."""
    doc = doc_ref(doc_id, text, lang=lang, path=path)
    occurrences: Counter = Counter()
    facts = []
    for match in _NUMBER.finditer(text):
        quantity = Quantity(value=Decimal(match.group(1).replace(",", "")), unit="count", kind="count")
        measure = match.group(2).lower() if match.group(2) else None
        identity = (quantity, measure)
        facts.append(
            make_fact(doc, text, match.start(1), match.end(1), quantity, measure=measure, occurrence=occurrences[identity])
        )
        occurrences[identity] += 1
    return DocumentResult(doc=doc, facts=tuple(facts))


def toy_release(folder: Path, *, langs: dict[str, str] | None = None) -> list[DocumentResult | ErrorRecord]:
    """Toy-extract every *.txt of a folder, in document-id order; an undecodable file is an error record."""
    items: list[DocumentResult | ErrorRecord] = []
    for path in sorted(folder.glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            items.append(ErrorRecord(path=str(path), code="CF201", message=str(exc), doc_id=path.stem))
            continue
        lang = (langs or {}).get(path.stem, "en")
        items.append(toy_extract(path.stem, text, lang=lang, path=str(path)))
    return items


#: a document that could not be read, and one that was read but holds no claim: the two
#: edge cases every release source must carry through
FAILED = ErrorRecord(path="corpus/broken.txt", code="CF201", message="undecodable bytes", doc_id="broken")
EMPTY = DocumentResult(doc=doc_ref("empty", "no numbers here"))
