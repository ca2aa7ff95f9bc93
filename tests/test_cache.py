"""The per-user cache of built tables: read when sound, rebuilt when not, never fatal."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from clusterfacts import cache


def test_the_folder_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLUSTERFACTS_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "clusterfacts"
    monkeypatch.setenv("CLUSTERFACTS_CACHE", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def test_built_once_then_read(cache_folder: Path) -> None:
    builds = []
    assert cache.cached("t.pickle", dict, lambda: builds.append(1) or {"a": 1}) == {"a": 1}
    assert cache.cached("t.pickle", dict, lambda: builds.append(1) or {"b": 2}) == {"a": 1}
    assert builds == [1] and [p.name for p in cache_folder.iterdir()] == ["t.pickle"]


def test_a_damaged_or_foreign_file_is_rebuilt(cache_folder: Path) -> None:
    cache_folder.mkdir()
    (cache_folder / "half.pickle").write_bytes(b"\x80\x05half a pickle")
    (cache_folder / "other.pickle").write_bytes(pickle.dumps(["a list, not the dict asked for"]))
    assert cache.cached("half.pickle", dict, lambda: {"rebuilt": True}) == {"rebuilt": True}
    assert cache.cached("other.pickle", dict, lambda: {"rebuilt": True}) == {"rebuilt": True}
    assert pickle.loads((cache_folder / "other.pickle").read_bytes()) == {"rebuilt": True}


def test_an_unwritable_folder_only_costs_the_build(cache_folder: Path) -> None:
    cache_folder.write_text("a file where the folder should be")
    builds = []
    for _ in range(2):
        assert cache.cached("t.pickle", dict, lambda: builds.append(1) or {"a": 1}) == {"a": 1}
    assert builds == [1, 1]
