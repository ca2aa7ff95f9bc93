"""Releases from any source, as one stream of documents sorted by id; and writing them out.

A release can live in the store (by name), in a JSONL file (``export`` or
``extract`` output), or in a folder written by ``extract -o`` (facts.jsonl,
errors.jsonl, manifest.json). The diff merges two such streams by document id,
so every source yields its documents in id order while holding one document in
memory at a time: a JSONL file is first indexed (document id -> byte ranges of
its lines) and then read document by document, which also copes with files
whose documents are interleaved or out of order.
"""

from __future__ import annotations

import io
import json
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Literal

from pydantic import ValidationError

from .models import DocumentResult, ErrorRecord, Fact, Frozen
from .sinks import CSV_COLUMNS, CsvSink, flat_row
from .store import (
    Item,
    Manifest,
    ManifestDocument,
    ReleaseError,
    Store,
    build_manifest,
    item_key,
    manifest_document,
)

FACTS_FILE = "facts.jsonl"
ERRORS_FILE = "errors.jsonl"
MANIFEST_FILE = "manifest.json"


def sibling_errors(facts: Path) -> Path:
    """Where ``extract -o out/facts.jsonl`` puts error records: out/facts.errors.jsonl."""
    return facts.with_name(facts.name.rsplit(".", 1)[0] + ".errors.jsonl")


class ReleaseInfo(Frozen):
    """Where a release came from, as shown in diff headers."""

    kind: Literal["store", "jsonl", "folder"]
    source: str
    name: str
    created: datetime | None = None
    extractor: str | None = None


class Release(ABC):
    """A release to read: ``documents()`` yields DocumentResult or ErrorRecord in document-id order."""

    info: ReleaseInfo

    @abstractmethod
    def manifest(self) -> Manifest | None:
        """The manifest, or None for a plain facts file that has none."""

    @abstractmethod
    def documents(self) -> Iterator[Item]:
        """Every document once, sorted by id, one in memory at a time."""

    def close(self) -> None:
        """Release any file or database handle."""

    def __enter__(self) -> "Release":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class StoreRelease(Release):
    def __init__(self, store_path: str | Path, name: str):
        self._store = Store(store_path)
        try:
            self._manifest = self._store.manifest(name)
        except BaseException:
            self._store.close()
            raise
        self.name = name
        self.info = ReleaseInfo(
            kind="store",
            source=f"{store_path}#{name}",
            name=name,
            created=self._manifest.created,
            extractor=self._manifest.extractor,
        )

    def manifest(self) -> Manifest:
        return self._manifest

    def documents(self) -> Iterator[Item]:
        return self._store.iter_release(self.name)

    def close(self) -> None:
        self._store.close()


_FACT_HEAD = re.compile(rb'\{\s*"id"\s*:\s*"[^"\\]*"\s*,\s*"doc"\s*:\s*\{\s*"id"\s*:\s*"([^"\\]*)"')


def _fast_doc_id(line: bytes) -> str | None:
    """The document id of a fact line as clusterfacts writes it (id, then doc), without parsing the JSON.

    The pattern cannot match inside a JSON string, where quotes are escaped;
    anything unusual returns None and is parsed properly. Pass two validates
    every line, so a wrong guess cannot slip through.
    """
    match = _FACT_HEAD.match(line)
    if match is None:
        return None
    try:
        return match.group(1).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _cause(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "record"
    return f"{where}: {first['msg']}"


def _invalid(exc: ValidationError, what: str) -> str:
    """Name the problem as a user sees it: a cut-off line or a record that breaks the schema."""
    first = exc.errors()[0]
    if first["type"] == "json_invalid":
        return f"corrupt or truncated JSON line ({first['msg']})"
    return f"invalid {what} ({_cause(exc)})"


class JsonlRelease(Release):
    """Facts and error records in JSONL files, with an optional manifest (a header line or manifest.json)."""

    def __init__(
        self,
        files: list[Path],
        *,
        info_kind: Literal["jsonl", "folder"],
        source: Path,
        manifest_path: Path | None = None,
    ):
        for path in files:
            if not path.is_file():
                raise ReleaseError(f"{path}: no such file")
        self._files = files
        self._manifest: Manifest | None = None
        if manifest_path is not None and manifest_path.is_file():
            try:
                self._manifest = Manifest.model_validate_json(manifest_path.read_bytes())
            except ValidationError as exc:
                raise ReleaseError(f"{manifest_path}: not a clusterfacts manifest ({_cause(exc)})") from exc
        self._runs: dict[str, list[tuple[int, int, int, int]]] = {}
        self._errors: dict[str, ErrorRecord] = {}
        for number, path in enumerate(files):
            self._index(number, path)
        manifest = self._manifest
        self.info = ReleaseInfo(
            kind=info_kind,
            source=str(source),
            name=manifest.release if manifest else source.stem if info_kind == "jsonl" else source.name,
            created=manifest.created if manifest else None,
            extractor=manifest.extractor if manifest else None,
        )

    def _index(self, number: int, path: Path) -> None:
        """Pass one: note where each document's fact lines lie; keep error records and the manifest.

        A run is a stretch of consecutive fact lines of one document; other
        records end it, so pass two only ever reads fact lines from a run.
        """
        current: str | None = None
        run_start = run_line = offset = 0

        def close(end: int) -> None:
            if current is not None:
                self._runs.setdefault(current, []).append((number, run_start, end - run_start, run_line))

        with path.open("rb") as handle:
            for line_no, line in enumerate(handle, 1):
                line_start, offset = offset, offset + len(line)
                if not line.strip():
                    continue
                doc_id = _fast_doc_id(line)
                if doc_id is None:
                    doc_id = self._parse_other(path, line_no, line)
                if doc_id != current:
                    close(line_start)
                    current, run_start, run_line = doc_id, line_start, line_no
            close(offset)

    def _parse_other(self, path: Path, line_no: int, line: bytes) -> str | None:
        """Parse a line the fast path did not recognise; return its document id if it is a fact."""
        where = f"{path}:{line_no}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ReleaseError(f"{where}: corrupt or truncated JSON line ({exc})") from exc
        if not isinstance(record, dict):
            raise ReleaseError(f"{where}: expected a JSON object, got {type(record).__name__}")
        kind = record.get("kind")
        try:
            if kind == "manifest":
                if self._manifest is not None:
                    raise ReleaseError(f"{where}: a second manifest")
                self._manifest = Manifest.model_validate(record)
                return None
            if kind == "error":
                error = ErrorRecord.model_validate(record)
                key = item_key(error)
                if key in self._errors:
                    raise ReleaseError(f"{where}: a second error record for document {key!r}")
                self._errors[key] = error
                return None
        except ValidationError as exc:
            raise ReleaseError(f"{where}: invalid {kind} record ({_cause(exc)})") from exc
        doc = record.get("doc")
        if kind is not None or not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
            raise ReleaseError(f"{where}: neither a fact, an error record nor a manifest")
        return doc["id"]

    def manifest(self) -> Manifest | None:
        return self._manifest

    def documents(self) -> Iterator[Item]:
        """Pass two: read and validate each document's lines, in document-id order."""
        listed = {doc.id: doc for doc in self._manifest.documents} if self._manifest else {}
        keys = sorted(set(self._runs) | set(self._errors) | set(listed))
        handles = [path.open("rb") for path in self._files]
        try:
            for key in keys:
                if key in self._errors:
                    if key in self._runs:
                        raise ReleaseError(f"{self.info.source}: document {key!r} has both facts and an error record")
                    yield self._errors[key]
                elif key in self._runs:
                    facts = self._read_facts(key, handles)
                    yield DocumentResult(doc=facts[0].doc, facts=tuple(facts))
                else:
                    yield _listed_only(listed[key])
        finally:
            for handle in handles:
                handle.close()

    def _read_facts(self, key: str, handles: list[IO[bytes]]) -> list[Fact]:
        facts = []
        for number, start, length, first_line in self._runs[key]:
            handle = handles[number]
            handle.seek(start)
            for line_no, line in enumerate(handle.read(length).split(b"\n"), first_line):
                if not line.strip():
                    continue
                try:
                    fact = Fact.model_validate_json(line)
                except ValidationError as exc:
                    raise ReleaseError(f"{self._files[number]}:{line_no}: {_invalid(exc, 'fact')}") from exc
                if fact.doc.id != key:
                    raise ReleaseError(f"{self._files[number]}:{line_no}: changed while being read")
                facts.append(fact)
        return facts


def _listed_only(entry: ManifestDocument) -> Item:
    """A manifest document without lines: a document with no facts, or a failure whose record is lost."""
    if entry.error is not None:
        return ErrorRecord(path=entry.path, code=entry.error, message="(no error record kept)", doc_id=entry.id)
    return DocumentResult(doc=entry.ref())


def open_release(spec: str | Path, *, store: str | Path | None = None) -> Release:
    """A release by path (JSONL file or release folder) or, failing that, by name in ``store``."""
    path = Path(spec)
    if path.is_dir():
        facts = path / FACTS_FILE
        if not facts.is_file():
            raise ReleaseError(f"{path}: a folder release needs {FACTS_FILE}")
        errors = [p for p in (path / ERRORS_FILE, sibling_errors(facts)) if p.is_file()]
        return JsonlRelease([facts, *errors], info_kind="folder", source=path, manifest_path=path / MANIFEST_FILE)
    if path.is_file():
        errors = sibling_errors(path)
        files = [path, errors] if errors.is_file() and errors != path else [path]
        return JsonlRelease(files, info_kind="jsonl", source=path)
    if store is None or not Path(store).is_file():
        where = f"no release store at {store}" if store is not None else "no release store given"
        raise ReleaseError(f"{spec}: no such file or folder, and {where}")
    return StoreRelease(store, str(spec))


# writing


def write_jsonl(items: Iterable[Item], out: IO[str], *, manifest: Manifest | None = None) -> None:
    """One release as JSONL: the manifest line (if any), facts by document, then error records."""
    if manifest is not None:
        out.write(manifest.model_dump_json() + "\n")
    errors = []
    for item in items:
        if isinstance(item, ErrorRecord):
            errors.append(item)
            continue
        for fact in item.facts:
            out.write(fact.model_dump_json() + "\n")
    for error in errors:
        out.write(error.model_dump_json() + "\n")


def write_release_folder(
    directory: str | Path, name: str, items: Iterable[Item], *, root: str | Path | None
) -> Manifest:
    """What ``extract -o DIR`` writes: facts.jsonl, errors.jsonl and manifest.json.

    Files are written under temporary names and renamed at the end, so an
    interrupted extraction does not leave a folder that looks complete.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    finals = [directory / FACTS_FILE, directory / ERRORS_FILE, directory / MANIFEST_FILE]
    partials = [path.with_name(path.name + ".partial") for path in finals]
    try:
        entries = []
        with partials[0].open("w", encoding="utf-8") as facts, partials[1].open("w", encoding="utf-8") as errors:
            for item in items:
                entries.append(manifest_document(item))
                if isinstance(item, ErrorRecord):
                    errors.write(item.model_dump_json() + "\n")
                else:
                    for fact in item.facts:
                        facts.write(fact.model_dump_json() + "\n")
        manifest = build_manifest(name, entries, root=root)
        partials[2].write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
        for partial, final in zip(partials, finals):
            os.replace(partial, final)
    except BaseException:
        for partial in partials:
            partial.unlink(missing_ok=True)
        raise
    return manifest


ExportFormat = Literal["jsonl", "csv", "parquet"]


def _facts(items: Iterable[Item]) -> Iterator[Fact]:
    for item in items:
        if isinstance(item, DocumentResult):
            yield from item.facts


def export_release(release: Release, fmt: ExportFormat, out: str | Path | IO) -> None:
    """Write a release as JSONL (everything), CSV or Parquet (facts only, the columns of ``extract -f csv``).

    ``out`` is a path or an open stream: text for JSONL and CSV, binary for Parquet.
    """
    if fmt == "parquet":
        _export_parquet(release, out)
        return
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as handle:
            export_release(release, fmt, handle)
        return
    if fmt == "jsonl":
        write_jsonl(release.documents(), out, manifest=release.manifest())
        return
    sink = CsvSink(out)
    for fact in _facts(release.documents()):
        sink.write(fact)


def _export_parquet(release: Release, out: str | Path | IO[bytes], batch_size: int = 50_000) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ReleaseError(
            "Parquet export needs pyarrow: pip install 'clusterfacts[parquet]' (or pip install pyarrow)"
        ) from exc
    if isinstance(out, io.TextIOBase):
        raise ReleaseError("Parquet is binary: give an output file with --output")
    types = {"start": pa.int64(), "end": pa.int64(), "value": pa.float64(), "low": pa.float64(), "high": pa.float64()}
    schema = pa.schema([pa.field(name, types.get(name, pa.string())) for name in CSV_COLUMNS])
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, object]] = []
        for fact in _facts(release.documents()):
            batch.append(flat_row(fact))
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
