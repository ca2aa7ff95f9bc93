"""The records clusterfacts emits: facts and error records, validated by pydantic.

Field names are a contract read by the reference scorer and by users, so they
change only with a schema version bump. Values are exact ``Decimal`` inside and
JSON numbers outside.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Literal, Protocol

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

from .vocabulary import UNIT_KINDS, UNITS, Kind, Qualifier

SCHEMA_VERSION = 1


def _decimal_to_json(value: Decimal | None) -> int | float | None:
    """Integral decimals become JSON integers, the rest JSON numbers."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


ExactNumber = Annotated[
    Decimal,
    PlainSerializer(_decimal_to_json, return_type=int | float | None, when_used="always"),
]

Lang = Literal["en", "zh-Hans", "zh-Hant", "other"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DocumentRef(Frozen):
    """Which document a record comes from, and which exact bytes."""

    id: str = Field(description="Stable document id: the path below the corpus root, without extension.")
    path: str = Field(description="Path as given to the extractor.")
    sha256: str = Field(description="SHA-256 of the original bytes.")
    lang: Lang = Field(description="Dominant language and script of the document.")
    encoding: str = Field(default="utf-8", description="Encoding the bytes were decoded with.")
    content_type: Literal["text", "html"] = Field(
        default="text",
        description="For html, offsets point into the visible text extracted from the markup.",
    )


class TextSpan(Frozen):
    """A half-open code-point range [start, end) of the original decoded text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _length_matches(self) -> "TextSpan":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length differs from end - start")
        return self


class Quantity(Frozen):
    """The normalised number: value or range, canonical unit, kind and qualifier."""

    value: ExactNumber | None = None
    low: ExactNumber | None = None
    high: ExactNumber | None = None
    unit: str
    kind: Kind
    qualifier: Qualifier = Qualifier.exact

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str) -> str:
        if unit not in UNITS:
            raise ValueError(f"unit {unit!r} is not in the vocabulary of CLAIMS.md")
        return unit

    @model_validator(mode="after")
    def _consistent(self) -> "Quantity":
        if self.value is None and (self.low is None or self.high is None):
            raise ValueError("a quantity needs a value or both ends of a range")
        if (self.low is None) != (self.high is None):
            raise ValueError("a range needs both low and high")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"range low {self.low} exceeds high {self.high}")
        if self.kind.value not in UNIT_KINDS[self.unit]:
            raise ValueError(f"kind {self.kind.value!r} does not go with unit {self.unit!r}")
        return self


class Provenance(Frozen):
    """How the fact was found: rule, extractor release and the normalised text it read."""

    rule: str
    extractor: str
    normalized_text: str


class Fact(Frozen):
    """One numeric claim with its normalised quantity and where it stands in the original."""

    id: str = Field(description="Stable hash of document id, quantity, measure and occurrence.")
    doc: DocumentRef
    span: TextSpan
    sentence: TextSpan
    quantity: Quantity
    measure: str | None = None
    provenance: Provenance

    @model_validator(mode="after")
    def _span_inside_sentence(self) -> "Fact":
        if not (self.sentence.start <= self.span.start and self.span.end <= self.sentence.end):
            raise ValueError("the span must lie inside its sentence")
        return self


class ErrorRecord(Frozen):
    """A document that could not be read or processed, with the reason."""

    kind: Literal["error"] = "error"
    path: str
    code: str = Field(description="Stable error code, e.g. CF201 for an undecodable file.")
    message: str
    doc_id: str | None = None


class QuantityFields(Protocol):
    """What :func:`quantity_json` reads: a Quantity, or a recogniser's mention before it is validated."""

    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    unit: str
    kind: str
    qualifier: str


def quantity_json(quantity: QuantityFields) -> str:
    """The quantity as canonical JSON (sorted keys), the form its fact id hashes.

    Equal to ``json.dumps(quantity.model_dump(mode="json"), sort_keys=True,
    ensure_ascii=False)`` (tests/test_models.py checks it), spliced from its
    fields at a third of the cost: it is computed for every fact. A
    recogniser's mention gives the JSON of the Quantity it validates into,
    so a fact's id needs no Quantity of its own. A caller that also needs
    the quantity as a key (to number repeats) computes it once and passes it
    to :func:`fact_id_of_json`.
    """
    # kind and qualifier: plain strings in a Mention, str enums in a Quantity; both write as their text
    return (
        f'{{"high": {_number_json(quantity.high)}, "kind": {_string_json(quantity.kind)}, '
        f'"low": {_number_json(quantity.low)}, "qualifier": {_string_json(quantity.qualifier)}, '
        f'"unit": {_string_json(quantity.unit)}, "value": {_number_json(quantity.value)}}}'
    )


def _number_json(value: Decimal | None) -> str:
    """A quantity number as its JSON serialiser writes it (see ``_decimal_to_json``)."""
    return "null" if value is None else repr(_decimal_to_json(value))


@lru_cache(maxsize=4096)
def _string_json(value: str) -> str:
    """JSON of a string that recurs (vocabulary values, document ids, measures), kept once made."""
    return json.dumps(value, ensure_ascii=False)


def fact_id(doc_id: str, quantity: Quantity, measure: str | None, occurrence: int) -> str:
    """Hash what a fact says and where, not the extractor version or offsets.

    ``occurrence`` numbers identical claims within one document in reading
    order, so two "16 million tons" in one text get different ids while an
    unchanged claim keeps its id when text moves around it.
    """
    return fact_id_of_json(doc_id, quantity_json(quantity), measure, occurrence)


def fact_id_of_json(doc_id: str, quantity_canonical: str, measure: str | None, occurrence: int) -> str:
    """:func:`fact_id` from the quantity's :func:`quantity_json`.

    The payload is the canonical JSON of ``[doc_id, quantity, measure,
    occurrence]`` (sorted keys, ", " and ": " separators), spliced from its
    parts instead of serialising the quantity again.
    """
    payload = f"[{_string_json(doc_id)}, {quantity_canonical}, {_string_json((measure or '').casefold())}, {occurrence:d}]"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


class DocumentResult(Frozen):
    """Everything extracted from one document: the unit a batch streams and a release stores."""

    doc: DocumentRef
    facts: tuple[Fact, ...] = ()

    def __reduce__(self):
        """Pickled as its JSON record, as Dask workers send results back to the client.

        Dumping and validating the JSON costs about half of what pickling the
        models costs. Numbers cross as their JSON numbers, as in every output.
        (Local batches send less: see ``api._Found``.)
        """
        return _document_result_from_json, (self.model_dump_json(),)


def _document_result_from_json(record: str) -> DocumentResult:
    return DocumentResult.model_validate_json(record)
