"""Sentences: the context every fact carries.

spaCy's sentencizer (blank pipelines: English tokens, jieba for Chinese) is
run only on the paragraphs that hold a claim, not over whole documents: the
claims are found first with compiled patterns, so most text is never
tokenised.
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


@lru_cache(maxsize=None)
def sentencizer(family: str):
    """A blank spaCy pipeline with a sentencizer for "en" or "zh", built once per process."""
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
            doc = sentencizer("zh" if family == "zh" else "en")(self.text[left:right])
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
