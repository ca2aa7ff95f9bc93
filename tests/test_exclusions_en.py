"""The English exclusion check tries only the entries that can match, and answers as their whole alternation does."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterfacts.langs import load_table
from clusterfacts.recognise.en import ExclusionsTable, compiled

from conftest import CORPUS

TABLE = load_table("en", "exclusions", ExclusionsTable)
WHOLE = regex.compile("|".join(f"(?:{entry.pattern})" for entry in TABLE.patterns.values()), regex.IGNORECASE | regex.MULTILINE)
REAL_TEXTS = sorted(CORPUS.glob("seeds/*.txt")) + sorted(CORPUS.glob("heldout*/*.txt"))

# The words of the patterns, with neighbouring ones joined so that "sep(?:t(?:ember)?)?" gives sept and
# september, and the tokens the entries follow, each in three spellings.
_RUNS = [regex.findall(r"[a-z&]+", entry.pattern.lower()) for entry in TABLE.patterns.values()]
_JOINED = {"".join(runs[i:j]) for runs in _RUNS for i in range(len(runs)) for j in range(i + 1, min(i + 4, len(runs) + 1))}
_FOLLOWED = {token for entry in TABLE.patterns.values() for token in entry.follows or ()}
WORDS = sorted({spelling for word in _JOINED | _FOLLOWED for spelling in (word, word.upper(), word.title())})
# Numbers, spaces, punctuation and characters that case-insensitive matching equates with ASCII letters.
OTHERS = [
    "1", "12", "2023", "1080", "4", "1st", "p.m.", "GB/T", "S&P", "Inc.", "made in", "Five-Year", "out of", "%",
    " ", "  ", "\n", "\t", "\u00a0", ".", ",", "-", "/", ":", "：", "–", "(", ")", "+", "#", "=", ">", "=>", "'", "_",
    "ſ", "K", "İ", "é", "٣", "中",
]
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(OTHERS)), max_size=12).map("".join)


def _same_everywhere(text: str) -> None:
    exclusions = compiled().exclusions
    for pos in range(len(text) + 1):
        assert exclusions.match(text, pos) == (WHOLE.match(text, pos) is not None), (text[max(0, pos - 30) : pos], text[pos : pos + 30])


def test_the_check_is_the_whole_alternation_at_every_position_of_real_text() -> None:
    assert REAL_TEXTS
    for path in REAL_TEXTS:
        _same_everywhere(path.read_text(encoding="utf-8"))


@settings(max_examples=1000)
@given(texts)
def test_the_check_is_the_whole_alternation_at_every_position_of_generated_text(text):
    _same_everywhere(text)


def test_the_check_is_the_whole_alternation_after_every_word_of_the_patterns() -> None:
    exclusions = compiled().exclusions
    for word in WORDS:
        for gap in ("", " ", ". ", ", ", "-", ": ", " (", " the ", "\n"):
            for candidate in ("14 x", "2023", "4", "one", "ten", "half", "five"):
                text = f"x {word}{gap}{candidate}"
                pos = len(text) - len(candidate)
                assert exclusions.match(text, pos) == (WHOLE.match(text, pos) is not None), text


def test_the_check_is_the_whole_alternation_before_every_word_of_the_patterns() -> None:
    exclusions = compiled().exclusions
    for digits in ("4", "14", "1080"):
        for then in map(chr, range(32, 127)):
            for rest in ("", "0", "30", ".m.", *sorted(_JOINED)):
                text = f"{digits}{then}{rest}"
                assert exclusions.match(text, 0) == (WHOLE.match(text, 0) is not None), text


def test_each_entry_is_tried_only_where_its_conditions_hold() -> None:
    exclusions = compiled().exclusions
    assert exclusions.match("rose 14 million", 5) is False
    assert exclusions.match("on Nov. 14 the", 8) is True
    assert exclusions.match("Tel: (0571) 8888 1234", 12) is True
    assert exclusions.match("the 13th Five-Year Plan", 4) is True
    assert exclusions.match("a third party", 0) is True
