"""The embedded release store: named, immutable extraction snapshots in one SQLite file.

A release is written inside a single transaction, so an interrupted extraction
(a crash, Ctrl-C) leaves the store exactly as it was. WAL journaling lets
``diff`` and ``releases`` read while an extraction is writing. Facts are kept as
their JSON record (minus the document reference, stored once per document) and
read back in document-id order, which is the order the streaming diff merges in.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from .models import SCHEMA_VERSION, DocumentRef, DocumentResult, ErrorRecord, Fact, Frozen, Lang
from .version import __version__

#: Version of the SQLite layout; bumped on any incompatible change to the tables.
STORE_SCHEMA_VERSION = 1
DEFAULT_STORE_NAME = "clusterfacts.db"

Item = DocumentResult | ErrorRecord


class ReleaseError(Exception):
    """A release could not be found, read or written; the message names the file and the cause."""


class ReleaseNotFound(ReleaseError):
    pass


class ReleaseExists(ReleaseError):
    pass


class ManifestDocument(Frozen):
    """One input document of a release: enough to rebuild its DocumentRef and spot a changed file."""

    id: str
    path: str
    sha256: str | None = Field(default=None, description="None when the document could not be read.")
    encoding: str | None = None
    lang: Lang | None = None
    content_type: Literal["text", "html"] | None = None
    facts: int = 0
    error: str | None = Field(default=None, description="Error code when the document failed.")

    def ref(self) -> DocumentRef:
        if self.sha256 is None or self.lang is None:
            raise ValueError(f"document {self.id!r} failed ({self.error}) and has no reference")
        return DocumentRef(
            id=self.id,
            path=self.path,
            sha256=self.sha256,
            lang=self.lang,
            encoding=self.encoding or "utf-8",
            content_type=self.content_type or "text",
        )


class ManifestCounts(Frozen):
    documents: int = 0
    facts: int = 0
    errors: int = 0


class Manifest(Frozen):
    """What a release holds and how it was made; written as manifest.json and kept in the store."""

    kind: Literal["manifest"] = "manifest"
    schema_version: int = SCHEMA_VERSION
    release: str
    created: datetime
    extractor: str
    root: str | None = None
    counts: ManifestCounts
    documents: tuple[ManifestDocument, ...] = ()


class ReleaseSummary(Frozen):
    """A row of ``clusterfacts releases``: the manifest without its document list."""

    release: str
    created: datetime
    extractor: str
    root: str | None
    counts: ManifestCounts


def item_key(item: Item) -> str:
    """The id documents are paired and sorted by; an unreadable file without an id goes by its path."""
    if isinstance(item, DocumentResult):
        return item.doc.id
    return item.doc_id if item.doc_id is not None else item.path


def manifest_document(item: Item) -> ManifestDocument:
    if isinstance(item, DocumentResult):
        doc = item.doc
        return ManifestDocument(
            id=doc.id,
            path=doc.path,
            sha256=doc.sha256,
            encoding=doc.encoding,
            lang=doc.lang,
            content_type=doc.content_type,
            facts=len(item.facts),
        )
    return ManifestDocument(id=item_key(item), path=item.path, error=item.code)


def extractor_name() -> str:
    return f"clusterfacts {__version__}"


def build_manifest(
    name: str, documents: Iterable[ManifestDocument], *, root: str | Path | None, created: datetime | None = None
) -> Manifest:
    """Assemble a manifest, refusing a stream that names one document twice."""
    docs = sorted(documents, key=lambda d: d.id)
    for before, after in zip(docs, docs[1:]):
        if before.id == after.id:
            raise ReleaseError(f"release {name!r}: document {after.id!r} appears twice in the input")
    return Manifest(
        release=name,
        created=created or datetime.now(timezone.utc),
        extractor=extractor_name(),
        root=None if root is None else str(root),
        counts=ManifestCounts(
            documents=len(docs),
            facts=sum(d.facts for d in docs),
            errors=sum(d.error is not None for d in docs),
        ),
        documents=tuple(docs),
    )


def default_store_path(root: str | Path) -> Path:
    """``clusterfacts.db`` beside the corpus: in the corpus folder's parent, or a file's folder."""
    return Path(root).resolve().parent / DEFAULT_STORE_NAME


_SCHEMA = """
CREATE TABLE releases (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    extractor TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    root TEXT,
    documents INTEGER NOT NULL,
    facts INTEGER NOT NULL,
    errors INTEGER NOT NULL
);
CREATE TABLE documents (
    release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    doc_id TEXT,
    path TEXT NOT NULL,
    sha256 TEXT,
    encoding TEXT,
    lang TEXT,
    content_type TEXT,
    facts INTEGER NOT NULL,
    error_code TEXT,
    error_message TEXT,
    PRIMARY KEY (release_id, key)
) WITHOUT ROWID;
CREATE INDEX documents_by_sha ON documents(sha256);
CREATE TABLE facts (
    release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
    doc_key TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    fact_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit TEXT NOT NULL,
    value REAL,
    low REAL,
    high REAL,
    qualifier TEXT NOT NULL,
    measure TEXT,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE UNIQUE INDEX facts_by_document ON facts(release_id, doc_key, ordinal);
CREATE INDEX facts_by_id ON facts(release_id, fact_id);
CREATE INDEX facts_by_kind ON facts(release_id, kind, unit, value);
"""


def _number(value) -> float | None:
    return None if value is None else float(value)


class Store:
    """One SQLite store file. Open with ``create=True`` to make it if missing (extraction does)."""

    def __init__(self, path: str | Path, *, create: bool = False):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise ReleaseError(f"{self.path}: no release store here (run `clusterfacts extract ... --release NAME`)")
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._prepare()
        except BaseException as exc:
            self._db.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise ReleaseError(f"{self.path}: not a usable clusterfacts store ({exc})") from exc
            raise

    def _prepare(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > STORE_SCHEMA_VERSION:
            raise ReleaseError(
                f"{self.path}: store schema version {version} is newer than this clusterfacts "
                f"({__version__}) understands ({STORE_SCHEMA_VERSION}); upgrade clusterfacts"
            )
        if version == 0:
            self._create_schema()
        mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise ReleaseError(f"{self.path}: could not switch the store to WAL mode (got {mode})")
        self._db.execute("PRAGMA synchronous = NORMAL")
        # A release is one transaction, so the WAL grows to its size; shrink it after each checkpoint.
        self._db.execute("PRAGMA journal_size_limit = 67108864")

    def _create_schema(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have created the schema while we waited for the lock.
            if self._db.execute("PRAGMA user_version").fetchone()[0] == 0:
                if self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise ReleaseError(f"{self.path}: an SQLite file that is not a clusterfacts store")
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {STORE_SCHEMA_VERSION}")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # reading

    def releases(self) -> list[ReleaseSummary]:
        rows = self._db.execute(
            "SELECT name, created, extractor, root, documents, facts, errors FROM releases ORDER BY created, name"
        )
        return [
            ReleaseSummary(
                release=name,
                created=datetime.fromisoformat(created),
                extractor=extractor,
                root=root,
                counts=ManifestCounts(documents=documents, facts=facts, errors=errors),
            )
            for name, created, extractor, root, documents, facts, errors in rows
        ]

    def _release_id(self, name: str) -> int:
        row = self._db.execute("SELECT id FROM releases WHERE name = ?", (name,)).fetchone()
        if row is None:
            known = ", ".join(r.release for r in self.releases()) or "none"
            raise ReleaseNotFound(f"{self.path}: no release named {name!r} (releases: {known})")
        return row[0]

    def manifest(self, name: str) -> Manifest:
        release_id = self._release_id(name)
        created, extractor, schema_version, root, n_docs, n_facts, n_errors = self._db.execute(
            "SELECT created, extractor, schema_version, root, documents, facts, errors FROM releases WHERE id = ?",
            (release_id,),
        ).fetchone()
        documents = tuple(
            ManifestDocument(
                id=key, path=path, sha256=sha, encoding=enc, lang=lang, content_type=ctype, facts=facts, error=code
            )
            for key, path, sha, enc, lang, ctype, facts, code in self._db.execute(
                "SELECT key, path, sha256, encoding, lang, content_type, facts, error_code"
                " FROM documents WHERE release_id = ? ORDER BY key",
                (release_id,),
            )
        )
        return Manifest(
            release=name,
            created=datetime.fromisoformat(created),
            extractor=extractor,
            schema_version=schema_version,
            root=root,
            counts=ManifestCounts(documents=n_docs, facts=n_facts, errors=n_errors),
            documents=documents,
        )

    def iter_release(self, name: str) -> Iterator[Item]:
        """Every document of a release, by id, with its facts in stored order; one document in memory at a time."""
        release_id = self._release_id(name)
        documents = self._db.execute(
            "SELECT key, doc_id, path, sha256, encoding, lang, content_type, facts, error_code, error_message"
            " FROM documents WHERE release_id = ? ORDER BY key",
            (release_id,),
        )
        facts = self._db.execute(
            "SELECT doc_key, ordinal, record FROM facts WHERE release_id = ? ORDER BY doc_key, ordinal",
            (release_id,),
        )
        pending = facts.fetchone()
        for key, doc_id, path, sha, encoding, lang, ctype, n_facts, code, message in documents:
            if code is not None:
                yield ErrorRecord(path=path, code=code, message=message or "", doc_id=doc_id)
                continue
            doc = DocumentRef(id=key, path=path, sha256=sha, lang=lang, encoding=encoding, content_type=ctype)
            prefix = '{"doc":' + doc.model_dump_json() + ","
            records = []
            while pending is not None and pending[0] == key:
                records.append(self._fact(prefix, name, pending))
                pending = facts.fetchone()
            if len(records) != n_facts:
                raise ReleaseError(
                    f"{self.path}: release {name!r} document {key!r} lists {n_facts} facts but holds {len(records)}"
                )
            yield DocumentResult(doc=doc, facts=tuple(records))

    def _fact(self, prefix: str, name: str, row: tuple) -> Fact:
        key, ordinal, record = row
        try:
            return Fact.model_validate_json(prefix + record[1:])
        except ValidationError as exc:
            raise ReleaseError(
                f"{self.path}: release {name!r} document {key!r} fact #{ordinal} is invalid: {exc}"
            ) from exc

    # writing

    def record(
        self,
        name: str,
        results: Iterable[Item],
        *,
        root: str | Path | None = None,
        replace: bool = False,
        created: datetime | None = None,
    ) -> Manifest:
        """Write a whole release in one transaction, consuming ``results`` as they come.

        The name is checked before the stream is touched, so a refused release
        costs no extraction; any exception (KeyboardInterrupt included) while
        consuming rolls everything back.
        """
        if not name or name != name.strip():
            raise ReleaseError(f"{name!r} is not a usable release name")
        if not replace:
            self._refuse_existing(name)
        created = created or datetime.now(timezone.utc)
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if replace:
                db.execute("DELETE FROM releases WHERE name = ?", (name,))
            else:
                self._refuse_existing(name)
            release_id = db.execute(
                "INSERT INTO releases (name, created, extractor, schema_version, root, documents, facts, errors)"
                " VALUES (?, ?, ?, ?, ?, 0, 0, 0)",
                (name, created.isoformat(), extractor_name(), SCHEMA_VERSION, None if root is None else str(root)),
            ).lastrowid
            documents = [self._insert(release_id, name, item) for item in results]
            manifest = build_manifest(name, documents, root=root, created=created)
            counts = manifest.counts
            db.execute(
                "UPDATE releases SET documents = ?, facts = ?, errors = ? WHERE id = ?",
                (counts.documents, counts.facts, counts.errors, release_id),
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return manifest

    def _refuse_existing(self, name: str) -> None:
        if self._db.execute("SELECT 1 FROM releases WHERE name = ?", (name,)).fetchone():
            raise ReleaseExists(f"{self.path}: release {name!r} already exists (use --replace to overwrite it)")

    def _insert(self, release_id: int, name: str, item: Item) -> ManifestDocument:
        entry = manifest_document(item)
        message = None if isinstance(item, DocumentResult) else item.message
        doc_id = item.doc.id if isinstance(item, DocumentResult) else item.doc_id
        try:
            self._db.execute(
                "INSERT INTO documents (release_id, key, doc_id, path, sha256, encoding, lang, content_type,"
                " facts, error_code, error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    release_id, entry.id, doc_id, entry.path, entry.sha256, entry.encoding, entry.lang,
                    entry.content_type, entry.facts, entry.error, message,
                ),
            )
        except sqlite3.IntegrityError as exc:
            raise ReleaseError(f"release {name!r}: document {entry.id!r} appears twice in the input") from exc
        if isinstance(item, DocumentResult):
            self._db.executemany(
                "INSERT INTO facts (release_id, doc_key, ordinal, fact_id, kind, unit, value, low, high,"
                " qualifier, measure, span_start, span_end, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        release_id, entry.id, ordinal, fact.id, fact.quantity.kind.value, fact.quantity.unit,
                        _number(fact.quantity.value), _number(fact.quantity.low), _number(fact.quantity.high),
                        fact.quantity.qualifier.value, fact.measure, fact.span.start, fact.span.end,
                        fact.model_dump_json(exclude={"doc"}),
                    )
                    for ordinal, fact in enumerate(item.facts)
                ),
            )
        return entry


def record_release(
    store_path: str | Path,
    name: str,
    results: Iterable[Item],
    *,
    root: str | Path | None,
    replace: bool = False,
) -> Manifest:
    """What ``extract --release`` calls: store the stream as release ``name`` in one transaction."""
    with Store(store_path, create=True) as store:
        return store.record(name, results, root=root, replace=replace)
