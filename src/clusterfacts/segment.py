"""Sentences: the context every fact carries.

English: spaCy's sentencizer on a blank English pipeline, whose tokenizer
knows abbreviations ("Nov.", "U.S.", "Co."), run only on a window about one
word wider than the sentence of each claim (see :meth:`Sentences.around`):
claims are found first with compiled patterns, so most text is never
tokenised.

Chinese: the sentencizer over jieba tokens ends a sentence at a terminal
punctuation token, and jieba keeps decimals ("25.6") whole; the compiled
rule below makes the same cuts (tests/test_segment.py compares the two on
real text) at regex speed instead of jieba's ~300,000 characters a second.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from functools import lru_cache

import regex

_PARAGRAPH_BREAK = {
    "en": regex.compile(r"\n[ \t]*\n|\n(?=[ \t]{2,}\S)"),
    "zh": regex.compile(r"\n"),
}
_MAX_WINDOW = 3000
_NO_END = 1 << 62
# Where an English sentence probably ends: terminal punctuation, closing
# quotes, white space. Only a guess for where to cut windows; spaCy decides.
_LIKELY_END = r"[.!?][\"”’')\]]*\s"
_LIKELY_END_BEFORE = regex.compile(_LIKELY_END, regex.REVERSE)
_LIKELY_END_AFTER = regex.compile(_LIKELY_END)
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
    """Finds the sentence around a span of one cleaned text.

    Chinese paragraphs are cut whole by the compiled rule. English sentences
    come from spaCy run on a window around the claim instead of its whole
    paragraph, with the same result: spaCy's tokenizer splits at white space
    first, and the sentencizer starts a sentence at a token that is not
    punctuation when a terminal punctuation token came after the previous
    such token. So in a window that starts on a word after white space and
    ends before white space, every sentence but the window's first and last
    is exactly a sentence of the paragraph. The first window reaches from the
    word ending the sentence before the claim (where a regex guesses it) to
    the word starting the sentence after; when the claim still falls in the
    first or last sentence (the guess was an abbreviation), that side grows
    to the next guessed sentence end until the window is exact or is the
    paragraph. Exact sentences are kept, so the next claim in them costs
    nothing.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._chinese: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._english: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def _window_start(self, left: int, pos: int) -> int:
        """A window start before ``pos`` that takes in the guessed sentence end before it.

        It is the start of the word carrying that punctuation (a word after
        white space), or the paragraph start ``left``.
        """
        text = self.text
        guess = _LIKELY_END_BEFORE.search(text, left, pos)
        a = guess.start() if guess else left
        while a > left and not (text[a].isalnum() and text[a - 1].isspace()):
            a -= 1
        return a

    def _window_end(self, pos: int, right: int) -> int:
        """A window end after ``pos`` that takes in the word after the guessed sentence end.

        It is the end of that word (before white space), or the paragraph end ``right``.
        """
        text = self.text
        guess = _LIKELY_END_AFTER.search(text, pos, right)
        if guess is None:
            return right
        b = guess.end()
        while b < right and not (text[b].isspace() and not text[b - 1].isspace()):
            b += 1
        return b

    def _english_sentences(self, left: int, right: int, start: int, end: int) -> list[tuple[int, int]]:
        """The spaCy sentences of the paragraph [left, right) that overlap [start, end)."""
        known = self._english.setdefault((left, right), [])
        index = bisect_right(known, (start, _NO_END)) - 1
        if index >= 0 and known[index][0] <= start and end <= known[index][1]:
            return [known[index]]
        a, b = self._window_start(left, start), self._window_end(end, right)
        while True:
            doc = sentencizer("en")(self.text[a:b])
            found = [(a + sent.start_char, a + sent.end_char) for sent in doc.sents]
            exact = found[int(a > left) : len(found) - int(b < right)]
            covering = [(s, e) for s, e in found if s < end and e > start]
            if covering and covering[0] in exact and covering[-1] in exact or (a, b) == (left, right):
                known.extend(sentence for sentence in exact if sentence not in known)
                known.sort()
                return covering
            if not (covering and covering[0] in exact):
                a = self._window_start(left, a)
            if not (covering and covering[-1] in exact):
                b = self._window_end(b, right)

    def _split_chinese(self, left: int, right: int) -> list[tuple[int, int]]:
        key = (left, right)
        if key not in self._chinese:
            self._chinese[key] = chinese_sentences(self.text, left, right)
        return self._chinese[key]

    def around(self, start: int, end: int, family: str) -> tuple[int, int]:
        """[start, end) of the sentence(s) holding the span, without surrounding white space."""
        left, right = paragraph_bounds(self.text, start, end, family)
        if family == "zh":
            covering = [(s, e) for s, e in self._split_chinese(left, right) if s < end and e > start]
        else:
            covering = self._english_sentences(left, right, start, end)
        if not covering:
            return start, end
        s, e = covering[0][0], covering[-1][1]
        while s < start and self.text[s].isspace():
            s += 1
        while e > end and self.text[e - 1].isspace():
            e -= 1
        return min(s, start), max(e, end)
