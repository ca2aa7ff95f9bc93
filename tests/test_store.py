"""The SQLite release store: whole releases or nothing, refusals, and readable failures."""

from __future__ import annotations

import sqlite3

import pytest

from clusterfacts.models import DocumentResult
from clusterfacts.store import (
    ReleaseError,
    ReleaseExists,
    ReleaseNotFound,
    Store,
    default_store_path,
    item_key,
    record_release,
)
from conftest import SEEDS
from factories import EMPTY, FAILED, toy_extract, toy_release



def seed_items():
    return [*toy_release(SEEDS), FAILED, EMPTY]


def names(store_path) -> list[str]:
    with Store(store_path) as store:
        return [summary.release for summary in store.releases()]


def test_a_release_reads_back_exactly_in_document_id_order(tmp_path):
    store_path = tmp_path / "clusterfacts.db"
    manifest = record_release(store_path, "v1", seed_items(), root=SEEDS)
    with Store(store_path) as store:
        assert list(store.iter_release("v1")) == sorted(seed_items(), key=item_key)
        assert store.manifest("v1") == manifest
    assert manifest.counts.documents == 7 and manifest.counts.errors == 1
    assert manifest.counts.facts == sum(len(i.facts) for i in seed_items() if isinstance(i, DocumentResult))
    broken = next(d for d in manifest.documents if d.id == "broken")
    assert (broken.error, broken.sha256) == ("CF201", None)
    assert all(d.sha256 and d.encoding == "utf-8" for d in manifest.documents if d.error is None)
    assert manifest.root == str(SEEDS) and manifest.extractor.startswith("clusterfacts ")


def test_the_store_is_in_wal_mode_with_a_schema_version(tmp_path):
    store_path = tmp_path / "clusterfacts.db"
    record_release(store_path, "v1", [EMPTY], root=None)
    db = sqlite3.connect(store_path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert db.execute("PRAGMA user_version").fetchone() == (1,)


def test_an_existing_name_is_refused_before_extraction_starts(tmp_path):
    store_path = tmp_path / "clusterfacts.db"
    record_release(store_path, "v1", [EMPTY], root=None)

    def never_consumed():
        raise AssertionError("the extraction ran although the release was refused")
        yield

    with pytest.raises(ReleaseExists, match="'v1' already exists.*--replace"):
        record_release(store_path, "v1", never_consumed(), root=None)


def test_replace_swaps_the_release(tmp_path):
    store_path = tmp_path / "clusterfacts.db"
    record_release(store_path, "v1", [EMPTY], root=None)
    record_release(store_path, "v1", toy_release(SEEDS), root=SEEDS, replace=True)
    with Store(store_path) as store:
        assert [item.doc.id for item in store.iter_release("v1")] == [item.doc.id for item in toy_release(SEEDS)]


def test_an_interrupted_extraction_leaves_no_half_release(tmp_path):
    store_path = tmp_path / "clusterfacts.db"
    record_release(store_path, "v1", [EMPTY], root=None)

    def interrupted():
        yield from toy_release(SEEDS)[:2]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        record_release(store_path, "v2", interrupted(), root=None)
    with pytest.raises(KeyboardInterrupt):
        record_release(store_path, "v1", interrupted(), root=None, replace=True)
    assert names(store_path) == ["v1"]
    with Store(store_path) as store:
        assert list(store.iter_release("v1")) == [EMPTY]
    assert sqlite3.connect(store_path).execute("SELECT count(*) FROM facts").fetchone() == (0,)


def test_readers_are_not_blocked_while_a_release_is_written(tmp_path):
    store_path = tmp_path / "clusterfacts.db"
    record_release(store_path, "v1", [EMPTY], root=None)
    seen = []

    def extraction():
        yield toy_extract("a", "It has 528 firms.")
        seen.append(names(store_path))
        yield toy_extract("b", "And 12 parks.")

    record_release(store_path, "v2", extraction(), root=None)
    assert seen == [["v1"]]
    assert names(store_path) == ["v1", "v2"]


def test_a_document_twice_in_one_release_is_refused(tmp_path):
    store_path = tmp_path / "clusterfacts.db"
    with pytest.raises(ReleaseError, match="'empty' appears twice"):
        record_release(store_path, "v1", [EMPTY, EMPTY], root=None)
    assert names(store_path) == []


def test_a_missing_release_names_the_store_and_the_releases_it_has(tmp_path):
    store_path = tmp_path / "clusterfacts.db"
    record_release(store_path, "v1", [EMPTY], root=None)
    with Store(store_path) as store, pytest.raises(ReleaseNotFound, match=r"clusterfacts.db: no release named 'v9' \(releases: v1\)"):
        store.manifest("v9")


def test_a_store_from_a_newer_clusterfacts_is_refused(tmp_path):
    store_path = tmp_path / "clusterfacts.db"
    record_release(store_path, "v1", [EMPTY], root=None)
    db = sqlite3.connect(store_path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(ReleaseError, match="schema version 99 is newer.*upgrade clusterfacts"):
        Store(store_path)


@pytest.mark.parametrize(
    "content, message",
    [(b"not a database at all, just text" * 10, "not a usable clusterfacts store"), (None, "no release store here")],
)
def test_what_is_not_a_store_says_so(tmp_path, content, message):
    path = tmp_path / "clusterfacts.db"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReleaseError, match=message):
        Store(path)


def test_another_sqlite_file_is_not_taken_for_a_store(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)")
    with pytest.raises(ReleaseError, match="not a clusterfacts store"):
        Store(path)


def test_the_default_store_sits_beside_the_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert default_store_path(corpus) == tmp_path / "clusterfacts.db"
