"""Sentences: the context every fact carries.

English: the cuts spaCy's sentencizer makes on a blank English pipeline,
whose tokenizer knows abbreviations ("Nov.", "U.S.", "Co."), over the
paragraph around each claim. Only the words near sentence punctuation are
tokenised (see :func:`english_sentence_starts`), by spaCy's tokenizer
repeated over its own tables (spacy_tokenizer.py), so spaCy itself is not
imported; tests/test_segment_shortcuts.py compares the cuts with the
sentencizer's over whole paragraphs.

Chinese: the sentencizer over jieba tokens ends a sentence at a terminal
punctuation token, and jieba keeps decimals ("25.6") whole; the compiled
rule below makes the same cuts (tests/test_segment.py compares the two on
real text) at regex speed instead of jieba's ~300,000 characters a second.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import regex

from clusterfacts import spacy_tokenizer

# the "reach" group ends where a break's look-ahead ends
_PARAGRAPH_BREAK = {
    "en": regex.compile(r"\n[ \t]*\n|\n(?=(?P<reach>[ \t]{2,}\S))"),
    "zh": regex.compile(r"\n"),
}
_MAX_WINDOW = 3000
# a run of terminal punctuation (a lone "." only outside numbers), with the closing quotes after it
_ZH_SENTENCE_END = regex.compile(r"(?:[。！？!?｡]+|(?<![0-9])\.(?![0-9]))[”’」』\"')）]*")
# spaCy's tokenizer splits where str.isspace() holds, as re's \s does (regex's \s lacks \x1c-\x1f)
_SPACE_RUN = re.compile(r"\s+")
# what a token is to the sentencizer
_WORD, _PUNCT, _END = 0, 1, 2


def chinese_sentences(text: str, left: int, right: int) -> list[tuple[int, int]]:
    """Sentence bounds in text[left:right], cut after terminal punctuation."""
    bounds, start = [], left
    for match in _ZH_SENTENCE_END.finditer(text, left, right):
        bounds.append((start, match.end()))
        start = match.end()
    if start < right:
        bounds.append((start, right))
    return bounds


@dataclass(frozen=True)
class _EnglishCuts:
    """What the English sentencizer's cuts depend on: spaCy's tokens, and its punctuation.

    ``joins`` holds, by (last character, first character), the pairs of
    adjacent tokens inside a special case's affix split ("Co" "." of "Co.",
    "'" "s" of "'s"): spaCy matches special cases over the tokens of the
    whole text, so only words that could be such a pair across a single
    space are tokenised together; everywhere else each word is tokenised
    alone with the same result.
    """

    tokenizer: Callable[[str], list[tuple[int, str]]]
    end_chars: frozenset[str]
    end_char: re.Pattern  # finds the end_chars, and any astral character
    joins: dict[tuple[str, str], tuple[tuple[str, str], ...]]


@lru_cache(maxsize=None)
def _english_cuts() -> _EnglishCuts:
    tables = spacy_tokenizer.tables()
    joins: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for pieces in tables.rematched:
        for before, after in zip(pieces, pieces[1:]):
            joins.setdefault((before[-1], after[0]), set()).add((before, after))
    return _EnglishCuts(
        tokenizer=spacy_tokenizer.tokenizer(),
        end_chars=tables.punct_chars,
        # re scans a class listing astral characters slowly, so it takes them all and the caller filters
        end_char=re.compile(
            "[" + "".join(re.escape(c) for c in sorted(tables.punct_chars) if c < "\U00010000") + "\U00010000-\U0010ffff]"
        ),
        joins={key: tuple(sorted(pairs)) for key, pairs in joins.items()},
    )


@lru_cache(maxsize=1 << 16)
def _token_kinds(words: str) -> tuple[tuple[int, int], ...]:
    """(offset, kind) of each spaCy token of ``words``, kind being _WORD, _PUNCT or _END as the sentencizer sees it."""
    cuts = _english_cuts()
    return tuple(
        (offset, _END if text in cuts.end_chars else _PUNCT if spacy_tokenizer.is_punct(text) else _WORD)
        for offset, text in cuts.tokenizer(words)
    )


def _joined(text: str, space: int, left: int, right: int, cuts: _EnglishCuts) -> bool:
    """Whether a special case's tokens could meet across the single space at ``space``."""
    for before, after in cuts.joins.get((text[space - 1], text[space + 1]), ()):
        start = space - len(before)
        if start >= left and text.startswith(before, start) and text.startswith(after, space + 1, right):
            return True
    return False


def _words_around(text: str, at: int, left: int, right: int, cuts: _EnglishCuts) -> tuple[int, int]:
    """The words around position ``at`` that spaCy tokenises as one: those a special case could span across a space."""
    start = at
    while True:
        while start > left and not text[start - 1].isspace():
            start -= 1
        if not (start - 2 >= left and text[start - 1] == " " and (text[start - 2], text[start]) in cuts.joins
                and not text[start - 2].isspace() and _joined(text, start - 1, left, right, cuts)):
            break
        start -= 1
    end = at
    while True:
        while end < right and not text[end].isspace():
            end += 1
        if not (end + 1 < right and text[end] == " " and (text[end - 1], text[end + 1]) in cuts.joins
                and not text[end + 1].isspace() and _joined(text, end, left, right, cuts)):
            break
        end += 1
    return start, end


def english_sentence_starts(text: str, left: int, right: int) -> list[int]:
    """Where spaCy's sentencizer starts sentences in text[left:right], tokenising only words near terminal punctuation.

    The sentencizer starts a sentence at the first token of the text and at
    each token that is neither punctuation nor terminal punctuation when a
    terminal punctuation token ("." "!" "?") came after the previous such
    start. spaCy's tokenizer cuts at white space first and makes a token of
    every white space run but a single space, and a terminal punctuation
    token is a character of its own, so only runs of words holding one and
    the words after them until a token that is no punctuation are looked at.
    """
    if left >= right:
        return []
    cuts = _english_cuts()
    starts = [left]
    done = left
    for found in cuts.end_char.finditer(text, left, right):
        if found.start() < done or found.group() not in cuts.end_chars:
            continue
        start, end = _words_around(text, found.start(), left, right, cuts)
        after_end = False
        while True:
            for offset, kind in _token_kinds(text[start:end]):
                if kind == _END:
                    after_end = True
                elif kind == _WORD and after_end:
                    starts.append(start + offset)
                    after_end = False
            done = end
            if not after_end or end == right:
                break
            # the token after the words: white space, or the first token of the next words
            gap = _SPACE_RUN.match(text, end, right).end()
            if gap - end > 1 or text[end] != " ":
                starts.append(end + (text[end] == " "))
                break
            if gap == right:
                break
            if not spacy_tokenizer.is_punct(text[gap]):  # true only when every character is punctuation
                starts.append(gap)
                break
            start, end = _words_around(text, gap, left, right, cuts)
    return starts


def english_sentences(text: str, left: int, right: int) -> list[tuple[int, int]]:
    """Sentence bounds in text[left:right] as spaCy's sentencizer gives them (its sentences' start_char, end_char)."""
    starts = english_sentence_starts(text, left, right)
    if not starts:
        return []
    # a sentence ends where its last token does: at the next start, less the single space a token
    # keeps after it; the window's last token ends at its end, less a lone space after the last word
    ends = [start - (text[start - 1] == " ") for start in starts[1:]]
    lone_trailing_space = text[right - 1] == " " and right - 1 > left and not text[right - 2].isspace()
    ends.append(right - lone_trailing_space)
    return list(zip(starts, ends))


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


class _ParagraphBreaks:
    """The paragraph breaks of one whole text, found once, giving what :func:`paragraph_bounds` gives.

    paragraph_bounds scans from ``start - _MAX_WINDOW // 2`` to ``start``
    and from ``end`` to at most ``end + _MAX_WINDOW // 2``. Those scans find
    the breaks the whole-text scan finds, unless a break of the whole text
    runs across where one of them starts, or, with its look-ahead, across
    where one stops; then the plain scan is run.
    """

    def __init__(self, text: str, family: str) -> None:
        self.text = text
        self.family = family
        pattern = _PARAGRAPH_BREAK.get(family, _PARAGRAPH_BREAK["en"])
        breaks = list(pattern.finditer(text))
        self.starts = [match.start() for match in breaks]
        self.ends = [match.end() for match in breaks]
        self.reaches = self.ends
        if "reach" in pattern.groupindex:
            self.reaches = [max(match.end(), match.end("reach")) for match in breaks]

    def _across(self, pos: int, ends: list[int]) -> bool:
        """Whether the break before ``pos`` runs past it (breaks never overlap, so only that one can)."""
        index = bisect_left(self.starts, pos) - 1
        return index >= 0 and ends[index] > pos

    def around(self, start: int, end: int) -> tuple[int, int]:
        """paragraph_bounds(text, start, end, family)."""
        low = max(0, start - _MAX_WINDOW // 2)
        high = min(len(self.text), end + _MAX_WINDOW // 2)
        after = bisect_left(self.starts, end)
        if (self._across(low, self.ends) or self._across(start, self.reaches) or self._across(end, self.ends)
                or after < len(self.starts) and self.starts[after] < high < self.reaches[after]):
            return paragraph_bounds(self.text, start, end, self.family)
        before = bisect_left(self.starts, start) - 1
        left = self.ends[before] if before >= 0 and self.starts[before] >= low else low
        right = self.starts[after] if after < len(self.starts) and self.starts[after] < high else high
        return left, max(right, end)


class Sentences:
    """Finds the sentence around a span of one cleaned text; each paragraph is cut once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._breaks: dict[str, _ParagraphBreaks] = {}
        self._cut: dict[tuple[str, int, int], list[tuple[int, int]]] = {}

    def paragraph(self, start: int, end: int, family: str) -> tuple[int, int]:
        """paragraph_bounds(text, start, end, family), from the text's breaks found once."""
        if family not in self._breaks:
            self._breaks[family] = _ParagraphBreaks(self.text, family)
        return self._breaks[family].around(start, end)

    def _sentences(self, left: int, right: int, family: str) -> list[tuple[int, int]]:
        key = (family, left, right)
        if key not in self._cut:
            cut = chinese_sentences if family == "zh" else english_sentences
            self._cut[key] = cut(self.text, left, right)
        return self._cut[key]

    def around(self, start: int, end: int, family: str) -> tuple[int, int]:
        """[start, end) of the sentence(s) holding the span, without surrounding white space."""
        left, right = self.paragraph(start, end, family)
        covering = [(s, e) for s, e in self._sentences(left, right, family) if s < end and e > start]
        if not covering:
            return start, end
        s, e = covering[0][0], covering[-1][1]
        while s < start and self.text[s].isspace():
            s += 1
        while e > end and self.text[e - 1].isspace():
            e -= 1
        return min(s, start), max(e, end)
