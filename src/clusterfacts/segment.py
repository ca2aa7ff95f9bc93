"""Sentences: the context every fact carries.

English: spaCy's sentencizer on a blank English pipeline, whose tokenizer
knows abbreviations ("Nov.", "U.S.", "Co."), run only on the paragraphs
that hold a claim: claims are found first with compiled patterns, so most
text is never tokenised.

Chinese: the sentencizer over jieba tokens ends a sentence at a terminal
punctuation token, and jieba keeps decimals ("25.6") whole; the compiled
rule below makes the same cuts (tests/test_segment.py compares the two on
real text) at regex speed instead of jieba's ~300,000 characters a second.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import regex

_PARAGRAPH_BREAK = {
    "en": regex.compile(r"\n[ \t]*\n|\n(?=[ \t]{2,}\S)"),
    "zh": regex.compile(r"\n"),
}
_MAX_WINDOW = 3000
# a run of terminal punctuation (a lone "." only outside numbers), with the closing quotes after it
_ZH_SENTENCE_END = regex.compile(r"(?:[。！？!?｡]+|(?<![0-9])\.(?![0-9]))[”’」』\"')）]*")


def chinese_sentences(text: str, left: int, right: int) -> list[tuple[int, int]]:
    """Sentence bounds in text[left:right], cut after terminal punctuation."""
    bounds, start = [], left
    for match in _ZH_SENTENCE_END.finditer(text, left, right):
        bounds.append((start, match.end()))
        start = match.end()
    if start < right:
        bounds.append((start, right))
    return bounds


@lru_cache(maxsize=None)
def sentencizer(family: str):
    """A blank spaCy pipeline with a sentencizer for "en" or "zh" (jieba tokens), built once per process."""
    import spacy

    if family == "zh":
        import jieba

        jieba.setLogLevel(logging.WARNING)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    else:
        nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def paragraph_bounds(text: str, start: int, end: int, family: str) -> tuple[int, int]:
    """The paragraph around [start, end), at most about _MAX_WINDOW characters wide."""
    pattern = _PARAGRAPH_BREAK.get(family, _PARAGRAPH_BREAK["en"])
    low = max(0, start - _MAX_WINDOW // 2)
    left = low
    for match in pattern.finditer(text, low, start):
        left = match.end()
    right_match = pattern.search(text, end, min(len(text), end + _MAX_WINDOW // 2))
    right = right_match.start() if right_match else min(len(text), end + _MAX_WINDOW // 2)
    return left, max(right, end)


class Sentences:
    """Finds the sentence around a span of one cleaned text, tokenising each paragraph once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[tuple[int, int, str], list[tuple[int, int]]] = {}

    def _split(self, left: int, right: int, family: str) -> list[tuple[int, int]]:
        key = (left, right, family)
        if key not in self._cache:
            if family == "zh":
                self._cache[key] = chinese_sentences(self.text, left, right)
            else:
                doc = sentencizer("en")(self.text[left:right])
                self._cache[key] = [(left + sent.start_char, left + sent.end_char) for sent in doc.sents]
        return self._cache[key]

    def around(self, start: int, end: int, family: str) -> tuple[int, int]:
        """[start, end) of the sentence(s) holding the span, without surrounding white space."""
        left, right = paragraph_bounds(self.text, start, end, family)
        covering = [(s, e) for s, e in self._split(left, right, family) if s < end and e > start]
        if not covering:
            return start, end
        s, e = covering[0][0], covering[-1][1]
        while s < start and self.text[s].isspace():
            s += 1
        while e > end and self.text[e - 1].isspace():
            e -= 1
        return min(s, start), max(e, end)
