"""The cached jieba tables and the tagger over them: the same tags as jieba.posseg, built once per user."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterfacts import jieba_tagger
from clusterfacts.jieba_tagger import Tables, Tagger

from conftest import SEEDS

jieba = pytest.importorskip("jieba")
import jieba.posseg  # noqa: E402

jieba.setLogLevel(logging.WARNING)

SAMPLE = (
    "冠县15个轴承产业项目签约,签约项目金额约102.2亿元,同比增长9.8%。台积电上季营收 NT$ 12亿,"
    "iPhone 15 Pro的A17芯片;B超、C++与C#程序员3名\r\n由45天延长至90天\t(约新台币8.9亿元)…"
)
# dictionary words, characters outside jieba's Han range (U+9FD6, an extension-B ideograph),
# the ASCII it joins into runs, punctuation and white space, CRLF included
ALPHABET = list("同比增长营业收入亿元项目金额中华人民共和国轴承产业签约台积电上季营收的了和与") + [
    *"abcXYZ0129.+#&_%-", *" \t\r\n\u3000,。、()()", "\u9fd5", "\u9fd6", "\U00020000", "\r\n"
]


def _posseg(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((pair.word, pair.flag) for pair in jieba.posseg.cut(text, HMM=False))


def test_tables_are_jiebas_own() -> None:
    jieba.initialize()
    tables = jieba_tagger.tables()
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    for first in tables.groups:
        group_freq, group_tags = tables.group(first)
        assert {word[0] for word in [*group_freq, *group_tags]} == {first}
        freq.update(group_freq)
        tags.update(group_tags)
    assert (freq, tables.total, tags) == (jieba.dt.FREQ, jieba.dt.total, jieba.posseg.dt.word_tag_tab)


def test_the_words_are_grouped_by_first_character() -> None:
    tables = Tables.of({"轴": 0, "轴承": 3, "项": 7, "项目": 5}, 15, {"轴承": "n", "项": "q", "项目": "n"})
    assert tables.group("轴") == ({"轴": 0, "轴承": 3}, {"轴承": "n"})
    assert tables.group("项") == ({"项": 7, "项目": 5}, {"项": "q", "项目": "n"})
    assert tables.group("签") == ({}, {})


def test_a_tagger_reads_the_groups_of_the_characters_it_meets() -> None:
    tables = jieba_tagger.tables()
    tagger = Tagger(tables)
    assert tagger("营业收入12亿") == (("营业", "n"), ("收入", "v"), ("12", "eng"), ("亿", "m"))
    assert tagger.known == set("营业收入12亿")
    assert tagger.freq == {word: count for first in "营业收入12亿" for word, count in tables.group(first)[0].items()}
    assert tagger("同比增长9.8%") == (("同比", "j"), ("增长", "v"), ("9", "eng"), (".", "x"), ("8", "eng"), ("%", "x"))
    assert tagger.known == set("营业收入12亿同比增长9.8")  # % is outside jieba's runs: tagged x, nothing read


def test_tags_are_jieba_posseg_on_real_windows() -> None:
    tag = jieba_tagger.tagger()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start in range(0, len(text), 5):
            window = text[start : start + 16]
            assert tag(window) == _posseg(window), window
    assert tag(SAMPLE) == _posseg(SAMPLE)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=30).map("".join))
def test_tags_are_jieba_posseg_on_generated_text(text: str) -> None:
    assert jieba_tagger.tagger()(text) == _posseg(text)


def _tiny_build(calls: list[str]):
    def build() -> Tables:
        calls.append("built")
        return Tables.of({"轴": 0, "轴承": 3, "项": 0, "项目": 5}, 8, {"轴承": "n", "项目": "n"})

    return build


def test_first_use_builds_the_cache_and_later_processes_reuse_it(cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tables = jieba_tagger.tables()
    path = cache_folder / jieba_tagger.cache_name()
    assert path.is_file()
    assert f"jieba-{jieba.__version__}-" in path.name
    assert [p.name for p in cache_folder.iterdir()] == [path.name]  # the temporary file was renamed

    jieba_tagger.tables.cache_clear()  # as a new process would start
    monkeypatch.setattr(jieba_tagger, "build_tables", _tiny_build(calls := []))
    assert jieba_tagger.tables() == tables
    assert calls == []


def test_a_corrupt_cache_is_rebuilt(cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jieba_tagger, "build_tables", _tiny_build(calls := []))
    path = cache_folder / jieba_tagger.cache_name()
    cache_folder.mkdir()
    path.write_bytes(b"\x80\x05half a pickle")
    tables = jieba_tagger.tables()
    assert calls == ["built"]
    jieba_tagger.tables.cache_clear()
    assert jieba_tagger.tables() == tables  # the rebuilt file reads back
    assert calls == ["built"]
    assert Tagger(tables)("轴承项目") == (("轴承", "n"), ("项目", "n"))
