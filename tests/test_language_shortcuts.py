"""Language blocks from the fast paths are exactly those of the plain line-by-line definition."""

from __future__ import annotations

import regex
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterfacts import language
from clusterfacts.clean import _cjk_high_bytes, clean, may_hold_cjk
from clusterfacts.langs import load_table

REAL = [clean(path.read_text(encoding="utf-8")).text for path in sorted(SEEDS.glob("*.txt"))]
PIECES = [
    "\n", "\n\n", " ", "\u00a0", "a", "I", "Output", "rose 9%", "in May", "US$", "GDP",
    "中", "轴承", "签约项目", "。", "，", "「", "」", "・", "ー", "テスト", "かな", "한국어", "ㄱ", "〇", "々", "⺀",
    "\U00020000", "\U0001b001", "\u1100", "é", "—", "“quoted”", "€", "\ufeff",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def plain_line_language(line: str) -> str | None:
    """The definition: count Han, kana/Hangul and Latin words of the whole line, then decide."""
    han = len(regex.findall(r"\p{Han}", line))
    kana = len(regex.findall(r"[\p{Hiragana}\p{Katakana}\p{Hangul}]", line))
    words = len(regex.findall(r"[A-Za-z]{2,}", line))
    return language.line_language_of_counts(han, kana, words)


def plain_blocks(text: str) -> list[language.Block]:
    """Each line (with its newline) classified on its own; undecided lines join the run before or after."""
    runs: list[list] = []
    position = 0
    for line in regex.findall(r"[^\n]*\n|[^\n]+\Z", text):
        lang = plain_line_language(line)
        end = position + len(line)
        if runs and (lang is None or runs[-1][2] is None or runs[-1][2] == lang):
            runs[-1][1] = end
            runs[-1][2] = runs[-1][2] or lang
        else:
            runs.append([position, end, lang])
        position = end
    dominant = language.document_language_family(runs)
    return [language.Block(start, end, lang or dominant) for start, end, lang in runs]


def _check(text: str) -> None:
    assert language.blocks(text) == plain_blocks(text), text
    has_cjk = regex.search(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]", text) is not None
    assert may_hold_cjk(text) or not has_cjk


def test_blocks_of_the_seed_documents() -> None:
    for text in REAL:
        _check(text)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_blocks_of_generated_text(text: str) -> None:
    _check(text)


def test_english_text_skips_the_script_scans() -> None:
    assert not may_hold_cjk("Output rose 9% \u201cin May\u201d\u00a0\u2014 \u20ac5 mln.")
    assert may_hold_cjk("Output rose 9% in 五月.")
    assert language.blocks("Output rose 9%.\n\nIn May.\n") == [language.Block(0, 25, "en")]


LOCALE_PIECES = [*PIECES, "香港", "港元", "香港元", "新台币", "台币", "台", "臺灣", "HK$", "Hong Kong", "Hong", "Taipei", "Taiwan",
                 "国民党", "民进党", "国民进党", "党工委", "党委", "全国人大", "中共", "人民币", "立法会", "立法院"]


def plain_locale(text: str, lang: str) -> str:
    """Every marker counted with ``str.count``."""
    table = load_table("common", "locale")
    scores = {place: sum(text.count(marker) * weight for marker, weight in words.items()) for place, words in table["markers"].items()}
    default = table["defaults"].get(lang, "CN")
    best = max(scores, key=lambda place: (scores[place], place == default))
    return best if scores[best] > scores.get(default, 0) else default


def test_locale_of_the_seed_documents() -> None:
    for text in REAL:
        for lang in ("zh-Hans", "zh-Hant", "en"):
            assert language.locale(text, lang) == plain_locale(text, lang)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(LOCALE_PIECES), max_size=30).map("".join), st.sampled_from(["zh-Hans", "zh-Hant", "en"]))
def test_locale_of_generated_text(text: str, lang: str) -> None:
    assert language.locale(text, lang) == plain_locale(text, lang)
    markers = language._locale_markers()
    counted = language._markers_to_count(text, markers)
    assert all(text.count(marker) == 0 for words in markers.weights.values() for marker in words if marker not in counted)


def test_the_cjk_rows_are_those_of_every_cjk_character() -> None:
    """The rows found by searching each row are the rows of all the matches in the plane."""
    plane = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    rows = {ord(char) >> 8 for char in regex.findall(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]", plane)}
    assert _cjk_high_bytes() == bytes(sorted(rows | set(range(0xD8, 0xDC))))
