"""Sentence shortcuts give what the plain computations give.

English sentences tokenise only the words near terminal punctuation, and cut
where spaCy's sentencizer cuts the whole window; paragraphs come from breaks
found once per text, and are what paragraph_bounds scans for each claim.
"""

from __future__ import annotations

import random
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterfacts import segment
from clusterfacts.clean import clean
from clusterfacts.segment import Sentences, _english_cuts, english_sentences, paragraph_bounds
from conftest import SEEDS
from spacy_pipelines import sentencizer


def spacy_sentences(text: str, left: int, right: int) -> list[tuple[int, int]]:
    """The plain computation: the sentencizer pipeline over the whole window."""
    return [(left + sent.start_char, left + sent.end_char) for sent in sentencizer("en")(text[left:right]).sents]


def test_re_white_space_is_where_spacy_splits():
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()] == re.findall(
        r"\s", "".join(map(chr, range(sys.maxunicode + 1))))


def test_abbreviations_decimals_and_closing_quotes():
    text = 'On Nov. 14 the U.S. gap rose 3.5 pct. "It was bad." (Really!) Why?! Wait... no.\n\nNext  one . Done'
    assert english_sentences(text, 0, len(text)) == spacy_sentences(text, 0, len(text))
    # an opening quote or bracket is punctuation, so it stays with the sentence before; a line
    # break is a token that is no punctuation, so the next sentence starts there
    assert [text[s:e] for s, e in english_sentences(text, 0, len(text))] == [
        'On Nov. 14 the U.S. gap rose 3.5 pct. "', 'It was bad." (', "Really!)", "Why?!", "Wait... no.",
        "\n\nNext  one .", "Done"]


def test_words_a_special_case_could_span_are_tokenised_together():
    # "'d" is a special case: spaCy's whole-text pass matches "'" "d" across the space, which keeps
    # "d." of "d.Inc" from becoming one token; tokenised alone, "d.Inc" would end no sentence
    text = "It said ' d.Inc later"
    assert [t.text for t in sentencizer("en").tokenizer("d.Inc")] == ["d.", "Inc"]
    assert english_sentences(text, 0, len(text)) == spacy_sentences(text, 0, len(text)) == [(0, 12), (12, 21)]


def test_every_special_case_pair_across_a_space():
    pairs = sorted({pair for pairs in _english_cuts().joins.values() for pair in pairs})
    for before, after in pairs:
        for tail in ["", ".", ".Inc", ":", ")"]:
            text = f"It {before} {after}{tail} rose. Then"
            assert english_sentences(text, 0, len(text)) == spacy_sentences(text, 0, len(text)), text


PIECES = [
    "The", "rose", "3.5", "1.", "U.S.", "Nov.", "Co.", "Inc.", "Mr.", "e.g.", "a.m.", "pct", "d", "s", "Co", "x",
    ".", "..", "...", "!", "?", "?!", "。", "！", "\U00011047", "\U0001f600", ",", ":", ";", "-", ":)", "'s", "'",
    "d.", '"', "”", "’", ")", "(", "]", "(a)", "w/o", "'em",
]
GAPS = ["", " ", " ", " ", "  ", "\n", " \n", "\n\n", "\t", "\xa0", "\x1c", "\u2009"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(GAPS)), max_size=30),
    st.integers(0, 200), st.integers(0, 200),
)
def test_english_sentences_are_the_sentencizer_s_on_generated_text(pieces, cut_left, cut_right):
    text = "".join(piece + gap for piece, gap in pieces)
    left = min(cut_left, len(text))
    right = max(left, len(text) - cut_right)
    assert english_sentences(text, left, right) == spacy_sentences(text, left, right)


def test_english_sentences_are_the_sentencizer_s_on_real_text():
    rng = random.Random(5)
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean(path.read_text(encoding="utf-8")).text
        windows = {paragraph_bounds(text, pos, pos + 1, "en") for pos in range(0, len(text) - 1, 40)}
        # windows cut anywhere, as the width cap cuts them, through words and white space
        windows |= {(left, min(len(text), left + rng.randrange(3000))) for left in rng.sample(range(len(text)), 20)}
        for left, right in sorted(windows):
            assert english_sentences(text, left, right) == spacy_sentences(text, left, right), (path.name, left, right)


BREAK_PIECES = ["a", "word", " ", "  ", "\t", "\n", "\n\n", "\n  ", "\n \n", "\r", "\xa0", "\x1c"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(BREAK_PIECES), max_size=40),
    st.sampled_from([2, 5, 8, 20, 3000]),
)
def test_paragraphs_from_breaks_found_once_are_paragraph_bounds(pieces, width):
    text = "".join(pieces)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segment, "_MAX_WINDOW", width)  # narrow, so that short texts meet the cap
        sentences = Sentences(text)
        for start in range(len(text) + 1):
            for end in {start, min(len(text), start + 3)}:
                for family in ("en", "zh"):
                    assert sentences.paragraph(start, end, family) == paragraph_bounds(text, start, end, family)


@pytest.mark.parametrize("width", [200, 3000])
def test_paragraphs_from_breaks_found_once_on_real_text(width):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(segment, "_MAX_WINDOW", width)
        for path in sorted(SEEDS.glob("*.txt")):
            text = clean(path.read_text(encoding="utf-8")).text
            sentences = Sentences(text)
            for start in range(0, len(text), 3):
                for end in (start, min(len(text), start + 9)):
                    for family in ("en", "zh"):
                        assert sentences.paragraph(start, end, family) == paragraph_bounds(text, start, end, family)
