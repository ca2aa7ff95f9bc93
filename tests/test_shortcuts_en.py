"""The English recogniser's fast paths give exactly what the plain computations give."""

from __future__ import annotations

import random
import re
import sys

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterfacts.recognise.en import (
    _MORE_AFTER, _NUMBERED_RANK, WHITESPACE, TokenWindows, _alternation, _ending_here, _ending_tree, _matches_at,
    _phrase_tree, _unit_at, ascii_words, compiled, number_starts, numbered_ranks, ordinal_starts, sentence_start,
    words_after, words_before,
)
from clusterfacts.resolve.numerals_en import grammar

SAMPLE = (
    "Output rose 5% to 3.2 billion yuan (US$450 million) in 2023, the firm said. Its 12 plants, "
    "in Jiangsu and Zhejiang, employ about 8,000 workers; Dr. Li expects 10 more by Jan. 2025.\n\n"
    "A third of the 3D printers (about one-fifth) cost $1.2bn-1.5bn; twenty-one of them ran 600MW.\n"
    "\"Sales grew 7 pct.\" U.S. exports, up 4.5 percent year-on-year, reached a million tons (v. 2).."
    "  Prices fell.)           \n   \n  \"The 5 plants\" closed;          12 did not!    (See Table 3.)"
)
# Pieces that make tokens, sentence breaks, number starts and units meet in every order.
PIECES = [
    " ", "  ", "          ", "\n", "\n\n", "\t", ".", ". ", "?", "!", ";", ",", "-", "(", ")", "(a b)", "\"", "”", "'",
    "’", "[",
    "a", "an", "A", "The", "U.S.", "Dr.", "Jan.", "e.g.", "x", "3D", "5G", "3", "12", "1,200", "2.5", "1/4", "0",
    "one", "One", "ONE", "twenty", "first", "half", "hundred", "million", "dozen", "bn", "mln", "pct", "%",
    "per cent", "yuan", "tonnes", "t", "km", "MW", "years", "year-old", "sq", "İ", "K", "ſ", "é", "中",
    "\x1c", "\xa0", "\u2028", "\u3000", "½", "²", "٣", "\u0301", "—", "\ud800",
]
texts = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


def _plain_starts(text: str) -> list[int]:
    numerals = grammar()
    joint = regex.compile(rf"(?i:{numerals.digit_start}|{numerals.word_start})")
    return [m.start() for m in joint.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_number_starts_are_those_of_one_alternation(text):
    assert number_starts(text) == _plain_starts(text)
    assert number_starts(text, ascii_words(text)) == _plain_starts(text)


_TABLE = grammar().table
NUMBER_WORDS = sorted({*_TABLE.units, *_TABLE.tens, *_TABLE.hundred, *_TABLE.scales, *_TABLE.groups, *_TABLE.fractions,
                       *_TABLE.ordinals, *_TABLE.articles, *_TABLE.scale_suffixes})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NUMBER_WORDS + [w.upper() for w in NUMBER_WORDS] + PIECES), max_size=30).map("".join))
def test_number_starts_of_number_words_are_those_of_one_alternation(text):
    """``re`` in a text whose word characters are ASCII, and the regex module elsewhere, find every word start."""
    assert number_starts(text, ascii_words(text)) == _plain_starts(text)


def test_number_starts_of_the_sample():
    assert number_starts(SAMPLE) == _plain_starts(SAMPLE)
    text = SAMPLE + "".join(f" a{space}million, an{space}eighth" for space in ("\n", "\t", "\xa0", "\u2028", "\x1c", "\x85"))
    assert ascii_words(text) and number_starts(text, True) == _plain_starts(text)


def _check_windows(text: str, queries: list[tuple[int, int, int]]) -> None:
    windows = TokenWindows(text)
    for pos, floor, limit in queries:
        assert windows.after(pos, limit) == words_after(text, pos, limit), (pos, limit)
        assert windows.before(pos, floor, limit) == words_before(text, pos, floor, limit), (pos, floor, limit)
        for reach in (400, 200, 30, 400):  # a narrower reach cut from a wider one, then a wider again
            assert windows.sentence_start(pos, reach) == sentence_start(text, pos, reach), (pos, reach)
        assert windows.unit_at(pos) == _unit_at(text, pos)


@settings(max_examples=300, deadline=None)
@given(texts, st.randoms(use_true_random=False))
def test_token_windows_are_the_plain_windows(text, rng):
    """Windows cut from wider ones and windows that resume a shorter one, in any order of requests."""
    queries = []
    for _ in range(30):
        pos = rng.randint(0, len(text))
        queries.append((pos, max(0, pos - rng.choice((0, 3, 10, 30, 200))), rng.choice((1, 2, 6, 12, 16, 40))))
    _check_windows(text, queries)


def test_token_windows_of_the_sample():
    rng = random.Random(5)
    text = SAMPLE * 3
    queries = [(pos, max(0, pos - rng.choice((0, 5, 30, 120))), rng.choice((1, 6, 26))) for pos in range(len(text) + 1)]
    rng.shuffle(queries)
    _check_windows(text, queries)


def _unit_phrases() -> list[str]:
    g = compiled()
    return [w for w in g.words_by_surface if g.words_by_surface[w].family != "age"]


def _word_patterns(phrases: list[str]) -> list[tuple[regex.Pattern, regex.Pattern]]:
    """The phrases, flat and factored, before what may follow them in a pattern."""
    return [
        (regex.compile(rf"\s*(?P<word>(?i:{_alternation(phrases)})){rest}"),
         regex.compile(rf"\s*(?P<word>(?i:{_phrase_tree(phrases)})){rest}"))
        for rest in (r"(?![A-Za-z])", r"\b", r"\s+[a-z]", "")
    ]


UNIT_WORD_PATTERNS = _word_patterns(_unit_phrases())
SCALE_WORDS = list(grammar().table.scale_suffixes)
SCALE_WORD_PATTERNS = _word_patterns(SCALE_WORDS)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_unit_phrases() + ["per", "sq", "kilo", "-", "x", "es", "S", "K", "ſ", ".", "\n"]),
                max_size=6).map(" ".join))
def test_phrase_tree_matches_what_the_flat_alternation_matches(text):
    """The factored unit words find the match the longest-first alternation finds, also when what follows
    rejects the longest phrase and the engine backtracks to a shorter one."""
    _check_word_patterns(UNIT_WORD_PATTERNS, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SCALE_WORDS + ["3", "bil", "milli", "-", "x", "s", "K", "."]), max_size=6).map(" ".join))
def test_factored_scale_words_match_what_the_flat_alternation_matches(text):
    _check_word_patterns(SCALE_WORD_PATTERNS, text)


def _check_word_patterns(patterns: list[tuple[regex.Pattern, regex.Pattern]], text: str) -> None:
    for flat, tree in patterns:
        for variant in (text, text.upper(), text.replace(" ", "")):
            for pos in range(len(variant) + 1):
                ours, theirs = tree.match(variant, pos), flat.match(variant, pos)
                assert (ours and ours.span("word")) == (theirs and theirs.span("word")), (variant, pos)


def _cue_phrases() -> list[str]:
    cues = compiled().cues
    return sorted(compiled().qualifier_before_by_phrase.keys() | cues.fall_verbs | cues.fall_nouns | cues.level_verbs
                  | cues.growth_up | cues.growth_down | set(cues.parallel_connectors) | cues.rank_verbs)


def _cue_patterns_before() -> list[tuple[regex.Pattern, regex.Pattern]]:
    """The cue phrases, flat and factored by endings, after what may stand before them in a pattern."""
    phrases = _cue_phrases()
    return [
        (regex.compile(_ending_here(rf"{rest}(?P<cue>(?i:{_alternation(phrases)})){after}\Z")),
         regex.compile(_ending_here(rf"{rest}(?P<cue>(?i:{_ending_tree(phrases)})){after}\Z")))
        for rest in (r"(?<![A-Za-z])", r"\b", r"[a-z]\s+", "") for after in (r"\s+", "")
    ]


CUE_PATTERNS_BEFORE = _cue_patterns_before()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_cue_phrases() + ["by", "of", "ed", "x", "S", "K", "ſ", ".", "\n"]), max_size=6)
       .map(" ".join))
def test_ending_tree_matches_what_the_flat_alternation_matches(text):
    """Searched back from a position, the cue phrases factored by endings find the match the longest-first
    alternation finds, also when what stands before rejects the longest phrase."""
    for flat, tree in CUE_PATTERNS_BEFORE:
        for variant in (text + " ", text.upper() + " ", text.replace(" ", "") + " "):
            for end in range(len(variant) + 1):
                ours, theirs = tree.search(variant, 0, end), flat.search(variant, 0, end)
                assert (ours and ours.span("cue")) == (theirs and theirs.span("cue")), (variant, end)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["No", "No.", "NO.", "no.", "NO", "Nos", "Number", "number", "Noone", "one", "ten",
                                 "12", "1,5", "3.4", "1234", " ", "\t", "\n", "-", "A", "is", "the"]), max_size=20)
       .map("".join))
def test_numbered_ranks_are_those_of_the_scan(text):
    assert [m.span() for m in numbered_ranks(text)] == [m.span() for m in _NUMBERED_RANK.finditer(text)]


def test_numbered_ranks_of_the_sample():
    text = SAMPLE + " the world's No. 1 producer, No 2 in Asia, NO. 3, Number one, number 12, Noone 4, Nos. 5"
    assert [m.span() for m in numbered_ranks(text)] == [m.span() for m in _NUMBERED_RANK.finditer(text)]
    assert len(list(numbered_ranks(text))) >= 5


# Every code point once; lone surrogates are characters of a Python string too.
ALL_CHARACTERS = "".join(map(chr, range(sys.maxunicode + 1)))


def test_whitespace_is_that_of_the_regex_module():
    ours = re.compile(f"[{WHITESPACE}]")
    assert [m.start() for m in ours.finditer(ALL_CHARACTERS)] == [m.start() for m in regex.finditer(r"\s", ALL_CHARACTERS)]


def _plain_ascii_words(text: str) -> bool:
    return all(ch.isascii() or not regex.fullmatch(r"\w", ch) for ch in text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_ascii_words_is_the_plain_check(text):
    assert ascii_words(text) == _plain_ascii_words(text)


def _positions(pattern: str) -> list[int]:
    return [m.start() for m in regex.finditer(pattern, ALL_CHARACTERS)]


def test_ascii_classes_are_the_unicode_classes_where_word_characters_are_ascii():
    """What makes ``ascii_token`` exact: no digit is a non-word character, and the ASCII word characters
    are ``[0-9A-Za-z_]``; so outside a word character ``\\d`` and ``\\w`` hold only of ASCII ones."""
    assert not set(_positions(r"\d")) - set(_positions(r"\w"))
    assert [chr(i) for i in _positions(r"\w") if i < 128] == sorted("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")


def test_no_other_character_is_an_ascii_letter_in_either_case():
    """What makes ``ascii_word_start`` exact with case-insensitive letters under the ASCII flag."""
    assert regex.findall(r"(?i:[a-z])", regex.sub(r"\w", "", ALL_CHARACTERS)) == []


def test_ascii_token_tokenises_as_the_token_pattern():
    """Around every ASCII character and a spread of the others: after ``5G``, in a digit run, in a word,
    in parentheses, between spaces."""
    g = compiled()
    others = regex.sub(r"\w", "", ALL_CHARACTERS)
    assert ascii_words(others)
    sample = others[:256] + others[256::97] + "\x1c\x1f\x85\xa0\u2028\u3000½²—’\ud800" + "_-aZ09"
    text = "".join(f"5G{ch}1{ch}2,{ch}a{ch}b.{ch}(x{ch}) {ch} " for ch in sample)
    assert [m.span() for m in g.ascii_token.finditer(text)] == [m.span() for m in g.token.finditer(text)]
    windows = TokenWindows(text)
    for pos in range(0, len(text), 7):
        assert windows.after(pos) == words_after(text, pos)


def test_more_after_matches_as_the_plain_pattern():
    plain = regex.compile(r"\s+(?i:more)\b")
    text = SAMPLE + " hire 180 more. 3\nMORE jobs, 4 moreover, 5  More"
    assert [_MORE_AFTER.match(text, pos) and _MORE_AFTER.match(text, pos).span() for pos in range(len(text))] == [
        plain.match(text, pos) and plain.match(text, pos).span() for pos in range(len(text))]


def test_every_letter_an_ordinal_suffix_starts_with_is_a_letter_in_python():
    """What makes ``ordinal_starts`` exact: a character the suffix's first letter matches, in any case, is alphabetic."""
    firsts = "".join(sorted({suffix[0] for suffix in grammar().table.ordinal_suffixes}))
    assert all(ch.isalpha() for ch in regex.findall(rf"(?i:[{regex.escape(firsts)}])", ALL_CHARACTERS))


def _plain_ordinals(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in compiled().ordinal.finditer(text)]


def _ordinals(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _matches_at(compiled().ordinal, text, ordinal_starts(text, number_starts(text)))]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["4th", "21ST", "3rd", "2nd", "1990s", "5ſt", "twenty", "-first", "ninth"]),
                max_size=40).map("".join))
def test_ordinal_starts_hold_every_ordinal(text):
    assert _ordinals(text) == _plain_ordinals(text)


def test_ordinal_starts_of_the_sample():
    text = SAMPLE + " ranked 4th, 21st and 3rd-largest; the 1990s, 5G, twenty-first, Ninth, 12th-century, 7TH"
    assert _ordinals(text) == _plain_ordinals(text) and len(_ordinals(text)) >= 6
