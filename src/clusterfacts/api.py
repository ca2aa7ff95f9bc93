"""The library API: the only module that knows the order of the stages.

ingest -> clean (offset map) -> language blocks -> recognise -> attribute ->
sentences -> validated Fact records. Everything else in the package is one
stage; the CLI calls only what is here.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import multiprocessing
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from types import ModuleType
from typing import Iterable, Iterator, Literal, NamedTuple

from . import language
from .clean import clean
from .errors import INTERNAL, DocumentError
from .ingest import STDIN, Source, SourceDocument, expand, load
from .models import DocumentRef, DocumentResult, ErrorRecord, Fact, fact_id_of_json, quantity_json
from .recognise.types import Context, Mention
from .segment import Sentences
from .version import __version__

LangOption = Literal["auto", "en", "zh", "zh-Hans", "zh-Hant"]
EXTRACTOR = f"clusterfacts {__version__}"


def _stage(stage: str, family: str) -> ModuleType:
    """The recognise or attribute module of a language family, imported on first use."""
    return importlib.import_module(f"clusterfacts.{stage}.{family}")


def _document_lang(blocks: list[language.Block], cleaned_folded: str, cleaned_text: str, forced: str | None) -> str:
    if forced in ("zh-Hans", "zh-Hant", "en"):
        return forced
    sizes = Counter()
    for block in blocks:
        sizes[block.lang] += block.end - block.start
    family = forced if forced == "zh" else (max(sizes, key=sizes.__getitem__) if sizes else "other")
    if family == "zh":
        return language.chinese_script(cleaned_folded, cleaned_text)
    return family


def _mentions(
    text: str, blocks: list[language.Block], doc_lang: str, locale: str, forced: str | None
) -> list[tuple[Mention, str, int]]:
    """Recognise and attribute every block with its own language's rules.

    Each mention comes with its language family and the offset of its block:
    its offsets are relative to the block it was found in.
    """
    found: list[tuple[Mention, str, int]] = []
    zh_lang = doc_lang if doc_lang.startswith("zh") else "zh-Hans"
    for block in blocks:
        family = block.lang
        if forced is not None:
            family = "zh" if forced.startswith("zh") else "en"
        if family not in ("en", "zh"):
            continue
        context = Context(lang=zh_lang if family == "zh" else "en", locale=locale)
        segment = text[block.start : block.end]
        recogniser = _stage("recognise", family)
        # English looks at a claim's token windows while recognising and again while attributing
        shared = {"windows": recogniser.TokenWindows(segment)} if family == "en" else {}
        mentions = recogniser.recognise(segment, context, **shared)
        mentions = _stage("attribute", family).attribute(segment, mentions, context, **shared)
        found.extend((mention, family, block.start) for mention in mentions)
    return found


class _Claim(NamedTuple):
    """One claim placed in the original text, before its record is built."""

    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    unit: str
    kind: str
    qualifier: str
    measure: str | None
    rule: str
    start: int  # the span in the original document
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    sentence_text: str
    normalized_text: str


class _Found(NamedTuple):
    """A document's claims before validation: what a worker sends back to the batch's parent.

    Building the records is about a sixth of the work. A worker that sent
    records would validate them, serialise them and have the parent
    validate them again; tuples of plain values cross the pipe cheaply
    (a dataclass pickles field by field, in Python, at several times the
    cost), and the records are built once, in the process that consumes
    them.
    """

    ref: dict[str, str]
    claims: list[_Claim]


def _find(document: SourceDocument, lang: LangOption | None, locale: str | None) -> _Found:
    """Every stage up to the records: clean, find the blocks and claims, place them in the original."""
    forced = None if lang in (None, "auto") else lang
    cleaned = clean(document.text)
    blocks = language.blocks(cleaned.text)
    doc_lang = _document_lang(blocks, cleaned.folded, cleaned.text, forced)
    place = locale or language.locale(cleaned.text, doc_lang)
    ref = dict(
        id=document.doc_id, path=document.path, sha256=document.sha256, lang=doc_lang,
        encoding=document.encoding, content_type=document.content_type,
    )
    sentences = Sentences(cleaned.text)
    claims = []
    for mention, family, shift in _mentions(cleaned.text, blocks, doc_lang, place, forced):
        clean_start, clean_end = shift + mention.start, shift + mention.end
        start, end = cleaned.offsets.span(clean_start, clean_end)
        sent_start, sent_end = cleaned.offsets.span(*sentences.around(clean_start, clean_end, family))
        claims.append(_Claim(
            mention.value, mention.low, mention.high, mention.unit, mention.kind, mention.qualifier,
            mention.measure, mention.rule, start, end, document.text[start:end],
            sent_start, sent_end, document.text[sent_start:sent_end], cleaned.text[clean_start:clean_end],
        ))
    return _Found(ref, claims)


def _records(found: _Found) -> DocumentResult:
    """The validated records of a document's claims, with their ids."""
    ref = DocumentRef(**found.ref)
    occurrences: dict[str, int] = {}
    facts = []
    for claim in found.claims:
        quantity_canonical = quantity_json(claim)
        key = quantity_canonical + "\x00" + (claim.measure or "")
        occurrence = occurrences[key] = occurrences.get(key, 0) + 1
        # one validation call for the fact and its parts (a third cheaper than building each part;
        # a Quantity built apart would also have its checks run again inside the Fact)
        facts.append(
            Fact.model_validate({
                "id": fact_id_of_json(ref.id, quantity_canonical, claim.measure, occurrence),
                "doc": ref,
                "span": {"start": claim.start, "end": claim.end, "text": claim.text},
                "sentence": {"start": claim.sentence_start, "end": claim.sentence_end, "text": claim.sentence_text},
                "quantity": {
                    "value": claim.value, "low": claim.low, "high": claim.high, "unit": claim.unit,
                    "kind": claim.kind, "qualifier": claim.qualifier,
                },
                "measure": claim.measure,
                "provenance": {"rule": claim.rule, "extractor": EXTRACTOR, "normalized_text": claim.normalized_text},
            })
        )
    # the facts are validated: constructing skips running each one's checks again
    return DocumentResult.model_construct(doc=ref, facts=tuple(facts))


def process(document: SourceDocument, *, lang: LangOption | None = None, locale: str | None = None) -> DocumentResult:
    """Run every stage on one decoded document."""
    return _records(_find(document, lang, locale))


def extract_text(
    text: str, *, lang: LangOption | None = None, doc_id: str | None = None, locale: str | None = None
) -> list[Fact]:
    """Extract the facts of a string.

    >>> [f.span.text for f in extract_text("The county has 528 bearing enterprises.")]
    ['528']
    """
    data = text.encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    document = SourceDocument(
        doc_id=doc_id or f"text-{sha[:12]}", path=doc_id or "<text>", text=text, sha256=sha,
        encoding="utf-8", content_type="text",
    )
    return list(process(document, lang=lang, locale=locale).facts)


def extract_file(path: str, *, root: str | None = None, lang: LangOption | None = None) -> list[Fact]:
    """Extract the facts of one file; raises DocumentError when it cannot be read."""
    source = next(expand([str(path)], root=root))
    return list(process(load(source), lang=lang).facts)


def _error_record(source: Source, error: Exception) -> ErrorRecord:
    """What a batch reports for a document that failed: its code, or the cause of a crash in a stage."""
    if isinstance(error, DocumentError):
        return ErrorRecord(path=source.path, code=error.code, message=error.message, doc_id=source.doc_id)
    frame = traceback.extract_tb(error.__traceback__)[-1]
    message = f"{type(error).__name__}: {error} (at {frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})"
    return ErrorRecord(path=source.path, code=INTERNAL, message=message, doc_id=source.doc_id)


def _run(source: Source, lang: LangOption | None) -> DocumentResult | ErrorRecord:
    """One document, never raising: failures become error records with a code."""
    try:
        return process(load(source), lang=lang)
    except Exception as error:  # a bug in a stage must not stop the batch
        return _error_record(source, error)


def _find_in_worker(args: tuple[Source, LangOption | None]) -> _Found | ErrorRecord:
    """A worker's part of one document: everything but the records."""
    source, lang = args
    try:
        return _find(load(source), lang, None)
    except Exception as error:
        return _error_record(source, error)


def _records_of(source: Source, found: _Found | ErrorRecord) -> DocumentResult | ErrorRecord:
    """The parent's part: the records of what a worker found."""
    if isinstance(found, ErrorRecord):
        return found
    try:
        return _records(found)
    except Exception as error:
        return _error_record(source, error)


def iter_documents(
    paths: Iterable[str], *, jobs: int = 1, root: str | None = None, lang: LangOption | None = None
) -> Iterator[DocumentResult | ErrorRecord]:
    """One result per input document, in input order, streamed as they finish.

    With ``jobs > 1`` documents are processed by a pool of worker processes,
    forked once the first document has loaded its language's resources; the
    workers find the claims and this process builds the records.
    """
    sources = list(expand(paths, root=root))
    yield from iter_sources(sources, jobs=jobs, lang=lang)


def iter_sources(
    sources: list[Source], *, jobs: int = 1, lang: LangOption | None = None
) -> Iterator[DocumentResult | ErrorRecord]:
    """Like iter_documents, for sources already expanded (the CLI counts them first)."""
    local = [source for source in sources if source.path == STDIN]
    remote = [source for source in sources if source.path != STDIN]
    if jobs <= 1 or len(remote) <= 1:
        for source in sources:
            yield _run(source, lang)
        return
    for source in local:
        yield _run(source, lang)
    # The first document runs here, before the workers are forked: it loads the
    # resources its language needs (OpenCC, jieba's or spaCy's tables) once,
    # and every worker inherits them instead of loading its own copy.
    yield _run(remote[0], lang)
    remote = remote[1:]
    chunk = max(1, min(16, len(remote) // (jobs * 8)))
    # What is loaded by now (modules, tables, dictionaries) leaves the garbage
    # collector's reach, so collections in the workers neither scan it nor copy
    # its memory pages, which fork shares until they are written.
    gc.freeze()
    # concurrent.futures rather than multiprocessing.Pool: the Pool's worker
    # handler thread wakes whenever a result waits in the pipe, and on two
    # cores its spinning took a tenth of the workers' time.
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    returned = 0
    try:
        for found in pool.map(_find_in_worker, ((source, lang) for source in remote), chunksize=chunk):
            yield _records_of(remote[returned], found)
            returned += 1
    except BrokenProcessPool:
        for source in remote[returned:]:
            yield ErrorRecord(
                path=source.path, code=INTERNAL, doc_id=source.doc_id,
                message="a worker process died (killed or out of memory) before this document's result came back",
            )
    finally:
        # a consumer that stops early waits only for the chunks already running
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def extract_paths(
    paths: Iterable[str], *, jobs: int = 1, root: str | None = None, lang: LangOption | None = None
) -> Iterator[Fact | ErrorRecord]:
    """Stream the facts of many files and folders, with an error record for each document that failed."""
    for result in iter_documents(paths, jobs=jobs, root=root, lang=lang):
        if isinstance(result, ErrorRecord):
            yield result
        else:
            yield from result.facts
