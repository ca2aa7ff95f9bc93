"""Patterns compiled once per machine: read back from the cache, they match as freshly compiled ones do."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from clusterfacts import compiled
from clusterfacts.compiled import compile_all
from clusterfacts.recognise import zh

from conftest import SEEDS

SOURCES = {"number": r"(?P<n>\d+(?:\.\d+)?)(?=%|万)", ("unit", "亿元"): r"亿元(?!宝)", "word": r"(?i)\bgdp\b"}


def _same(first: regex.Pattern, second: regex.Pattern, text: str) -> bool:
    return (first.pattern, first.flags, first.groupindex) == (second.pattern, second.flags, second.groupindex) and [
        (match.span(), match.groups()) for match in first.finditer(text)
    ] == [(match.span(), match.groups()) for match in second.finditer(text)]


def test_compiled_once_then_read_back(cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = compile_all(SOURCES)
    assert list(first) == list(SOURCES) and len(list(cache_folder.iterdir())) == 1

    def no_compiling(*args: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(compiled.regex, "compile", no_compiling)
    again = compile_all(SOURCES)
    monkeypatch.undo()
    text = "GDP 增长3.5%, 营收12万, 1亿元宝 2亿元"
    assert all(_same(again[key], regex.compile(source), text) for key, source in SOURCES.items())
    assert all(_same(again[key], first[key], text) for key in SOURCES)


def test_another_set_is_compiled_anew(cache_folder: Path) -> None:
    compile_all(SOURCES)
    other = compile_all({**SOURCES, "word": r"\bGDP\b"})
    assert other["word"].pattern == r"\bGDP\b" and len(list(cache_folder.iterdir())) == 2
    assert compile_all(SOURCES, regex.IGNORECASE)["number"].flags & regex.IGNORECASE


def test_a_file_holding_other_patterns_is_not_used(cache_folder: Path) -> None:
    compile_all(SOURCES)
    (path,) = cache_folder.iterdir()
    path.write_bytes(pickle.dumps([regex.compile("x")] * len(SOURCES)))
    assert [pattern.pattern for pattern in compile_all(SOURCES).values()] == list(SOURCES.values())


def test_the_zh_tables_read_back_match_as_compiled(cache_folder: Path) -> None:
    zh.tables.cache_clear()
    try:
        built, read = zh.tables(), (zh.tables.cache_clear(), zh.tables())[1]
    finally:
        zh.tables.cache_clear()
    assert built is not read and built.master is not read.master
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    for name in ("master", "prefix_re", "cue_re", "signed_change_re", "rate_move_re"):
        assert all(_same(getattr(built, name), getattr(read, name), text) for text in texts), name


def test_every_process_builds_the_same_pattern_sources(tmp_path: Path) -> None:
    """Sources built from sets in another order would miss the cache and add a file in every process."""
    code = ("from clusterfacts import extract_text; "
            "extract_text('Output rose 5% to 3 million tons in 2023.'); extract_text('冠縣有528家軸承企業，同比增長9.8%。')")
    listings = []
    for seed in ("1", "2"):
        env = {**os.environ, "CLUSTERFACTS_CACHE": str(tmp_path), "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
        listings.append(sorted(path.name for path in tmp_path.iterdir()))
    assert listings[0] == listings[1]
    assert sum(name.startswith("regex-") for name in listings[0]) >= 3  # English, Chinese and cleaning sets
