"""Facts for the report and frame tests: extracted from the seed corpus, or hand-built from its gold.

While the recognisers are being written the pipeline cannot extract, so the
hand-built set (the gold claims of corpus/seeds as Fact records, each in a
crude sentence around it) stands in; once both languages' recognisers and
attributers import, the tests use what ``iter_documents`` really produces.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from decimal import Decimal
from pathlib import Path

from clusterfacts.models import DocumentRef, DocumentResult, Fact, Provenance, Quantity, TextSpan, fact_id
from conftest import SEEDS

STAGES = ("recognise.en", "recognise.zh", "attribute.en", "attribute.zh")
LANGS = {"001_731f6a6bd558a88d": "zh-Hant"}  # the other seeds are English
STOPS = ".。!?！？\n"


def pipeline_ready() -> bool:
    """Whether every recogniser and attributer module exists, so extraction can run."""
    return all(importlib.util.find_spec(f"clusterfacts.{stage}") is not None for stage in STAGES)


def _sentence(text: str, start: int, end: int) -> TextSpan:
    left = max(text.rfind(stop, 0, start) for stop in STOPS) + 1
    ends = [i for i in (text.find(stop, end) for stop in STOPS) if i >= 0]
    right = min(ends) + 1 if ends else len(text)
    return TextSpan(start=left, end=right, text=text[left:right])


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def hand_built() -> list[tuple[DocumentResult, str]]:
    """The seed documents with their gold claims as facts, and their original texts."""
    gold: dict[str, list[dict]] = {}
    for line in (SEEDS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold.setdefault(Path(row["doc"]).stem, []).append(row)
    documents = []
    for doc_id, rows in sorted(gold.items()):
        path = SEEDS / f"{doc_id}.txt"
        data = path.read_bytes()
        text = data.decode("utf-8")
        ref = DocumentRef(id=doc_id, path=str(path), sha256=hashlib.sha256(data).hexdigest(), lang=LANGS.get(doc_id, "en"))
        facts = []
        for occurrence, row in enumerate(sorted(rows, key=lambda r: r["start"]), 1):
            quantity = Quantity(
                value=_number(row["value"]), low=_number(row["low"]), high=_number(row["high"]),
                unit=row["unit"], kind=row["kind"], qualifier=row["qualifier"],
            )
            facts.append(
                Fact(
                    id=fact_id(doc_id, quantity, row["measure"], occurrence),
                    doc=ref,
                    span=TextSpan(start=row["start"], end=row["end"], text=row["text"]),
                    sentence=_sentence(text, row["start"], row["end"]),
                    quantity=quantity,
                    measure=row["measure"],
                    provenance=Provenance(rule="gold.hand_built", extractor="tests", normalized_text=row["text"]),
                )
            )
        documents.append((DocumentResult(doc=ref, facts=tuple(facts)), text))
    return documents


def seed_documents() -> list[tuple[DocumentResult, str]]:
    """The seed corpus as extracted when the pipeline can extract, else the hand-built set."""
    if not pipeline_ready():
        return hand_built()
    from clusterfacts import iter_documents
    from clusterfacts.ingest import expand, load

    texts = {source.doc_id: load(source).text for source in expand([str(SEEDS)])}
    return [(result, texts[result.doc.id]) for result in iter_documents([str(SEEDS)]) if isinstance(result, DocumentResult)]


def write_release(path: Path, documents: list[DocumentResult]) -> None:
    """A JSONL release, as ``extract`` writes it."""
    with path.open("w", encoding="utf-8") as handle:
        for result in documents:
            for fact in result.facts:
                handle.write(fact.model_dump_json() + "\n")


def changed_release(documents: list[DocumentResult]) -> tuple[list[DocumentResult], Fact, Fact, Fact]:
    """A next release of ``documents``: the first fact's value one higher, the second fact gone.

    Returns the new documents, the edited fact before and after, and the dropped fact.
    """
    first = documents[0]
    edited_old, dropped = first.facts[0], first.facts[1]
    edited_new = edited_old.model_copy(
        update={"quantity": edited_old.quantity.model_copy(update={"value": edited_old.quantity.value + 1})}
    )
    changed = DocumentResult(doc=first.doc, facts=(edited_new, *first.facts[2:]))
    return [changed, *documents[1:]], edited_old, edited_new, dropped
