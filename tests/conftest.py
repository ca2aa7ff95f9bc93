"""Shared paths and skips for the test suite."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = CORPUS / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


def shared_path(*parts: str) -> Path:
    """A file of ../shared, or a skip saying it is not beside this checkout."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present (the shared folder sits beside the checkout in CI)")
    return path


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty per-user cache folder of its own, and no cached tables loaded in this process before or after."""
    from clusterfacts import jieba_tagger, spacy_tokenizer

    monkeypatch.setenv("CLUSTERFACTS_CACHE", str(tmp_path / "cache"))
    loaders = (jieba_tagger.tables, spacy_tokenizer.tables)
    for loader in loaders:
        loader.cache_clear()
    yield tmp_path / "cache"
    for loader in loaders:
        loader.cache_clear()
