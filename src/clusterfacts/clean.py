"""Cleaning and script normalisation, with an exact map back to the original.

Recognisers see one canonical form of every document: markup, entities, URLs,
page furniture and leaked pinyin glosses removed; full-width characters and
Unicode spaces folded to ASCII; Chinese in simplified script. Offsets found in
that form map back to the original through :class:`OffsetMap`, so a fact
always points at the bytes the user gave us.
"""

from __future__ import annotations

import html.entities
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

import regex

from .langs import load_table
from .offsets import Edit, OffsetMap, apply_edits


@dataclass(frozen=True, slots=True)
class CleanText:
    """The normalised text of one document and its map to the original.

    ``folded`` is the same text before script conversion (same length), kept
    so the script of the original can be measured character for character.
    """

    text: str
    folded: str
    offsets: OffsetMap


# Pinyin syllables with or without tone marks: an optional initial and a final.
_PINYIN_SYLLABLE = regex.compile(
    r"(?:[bpmfdtnlgkhjqxrwyzcs]|zh|ch|sh)?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|vn|ia|ie|iu|ua|uo|ui|ve|ue|a|o|e|i|u|v)"
)
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_TONE_FREE = str.maketrans(_TONED, "aaaaeeeeiiiioooouuuuvvvvv")

_ENTITY = regex.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31})(;?)")
_GLOSS = regex.compile(r"(?<=\p{Han})[(（]\s*([a-zA-Z" + _TONED + r"]{1,7})\s*[)）]")
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]|\r(?!\n)|\r(?=\n)")
_URL = regex.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'）)\]，。]+", regex.IGNORECASE)
_EMAIL = regex.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MD_IMAGE = regex.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = regex.compile(r"\[([^\]\n]*)\](\([^)\n]*\))")
_MD_MARKS = regex.compile(r"\*\*|__|^#{1,6}[ \t]", regex.MULTILINE)
_TAG = regex.compile(r"<!--.*?-->|</?([A-Za-z][A-Za-z0-9]*)\b[^<>]{0,1000}>", regex.DOTALL)


def _fold_table() -> dict[str, str]:
    """Full-width ASCII to ASCII, every Unicode space to a plain space."""
    table = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    for code in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, 0x0009, *range(0x2000, 0x200B)):
        table[chr(code)] = " "
    table.update({"\u2212": "-", "\ufe63": "-", "\u2024": ".", "\ufe52": ".", "\ufe50": ",", "\u3007": "〇"})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Apply the fold table (no character maps to another folded one, so order does not matter).

    One ``str.replace`` per foldable character present: several times faster
    than ``str.translate``, which looks up every character of non-ASCII text.
    """
    for char in _FOLD.keys() & set(text):
        text = text.replace(char, _FOLD[char])
    return text


@dataclass(frozen=True, slots=True)
class _Rules:
    drop_elements: regex.Pattern[str]
    block_tags: frozenset[str]
    furniture_lines: tuple[tuple[regex.Pattern[str], tuple[str, ...]], ...]
    furniture_inline: tuple[regex.Pattern[str], ...]
    link_lists: tuple[tuple[regex.Pattern[str], tuple[str, ...]], ...]


def _triggered(item: dict, flags: int) -> tuple[regex.Pattern[str], tuple[str, ...]]:
    return regex.compile(item["pattern"], flags), tuple(item.get("triggers", ()))


def _runs_on(triggers: tuple[str, ...], lowered: str) -> bool:
    """A pattern with triggers runs only where one of them occurs."""
    return not triggers or any(trigger in lowered for trigger in triggers)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    table = load_table("common", "cleaning")
    names = "|".join(regex.escape(name) for name in table["drop_elements"])
    drop = regex.compile(rf"<({names})\b[^<>]*>.*?</\1\s*>", regex.IGNORECASE | regex.DOTALL)
    flags = regex.IGNORECASE | regex.MULTILINE
    return _Rules(
        drop_elements=drop,
        block_tags=frozenset(name.lower() for name in table["block_tags"]),
        furniture_lines=tuple(_triggered(item, flags) for item in table["furniture"]["line"]),
        furniture_inline=tuple(regex.compile(item["pattern"], flags) for item in table["furniture"]["inline"]),
        link_lists=tuple(_triggered(item, flags) for item in table["furniture"]["link_lists"]),
    )


def _is_pinyin(word: str) -> bool:
    return _PINYIN_SYLLABLE.fullmatch(word.lower().translate(_TONE_FREE)) is not None


def _entity_text(match: regex.Match[str]) -> str:
    """The text an entity stands for; control characters and unknown names become nothing."""
    body, semicolon = match.group(1), match.group(2)
    if body.startswith("#"):
        code = int(body[2:], 16) if body[1:2] in "xX" else int(body[1:])
        char = chr(code) if 0 < code < 0x110000 else ""
    else:
        char = html.entities.html5.get(body + ";", "") if semicolon else html.entities.html5.get(body, "")
        if not char and not semicolon:
            # legacy pages write &nbsp without the semicolon
            char = html.entities.html5.get(body + ";", "")
    if char and unicodedata.category(char[0]) == "Cc" and char not in "\n\t":
        return ""
    return char


def _line_spans(text: str, pattern: regex.Pattern[str]) -> Iterator[tuple[int, int]]:
    for match in pattern.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        yield start, len(text) if end == -1 else end


_LINK_LINE_MAX = 160


def _link_list_spans(text: str, pattern: regex.Pattern[str]) -> Iterator[tuple[int, int]]:
    """A link-list heading and the short lines after it, up to a blank line or a long (prose) line."""
    for match in pattern.finditer(text):
        end = text.find("\n", match.end())
        end = len(text) if end == -1 else end
        while end < len(text):
            next_end = text.find("\n", end + 1)
            next_end = len(text) if next_end == -1 else next_end
            line = text[end + 1 : next_end]
            if not line.strip() or len(line) > _LINK_LINE_MAX:
                break
            end = next_end
        yield match.start(), end


def _candidate_edits(original: str) -> Iterator[tuple[int, Edit]]:
    """Every removal or replacement the rules propose, with a priority (lower wins ties).

    A pattern whose required character is absent from the document (no ``<``:
    no markup; no ``&``: no entities) is not run at all: most plain texts
    need only a few of the scans.
    """
    rules = _rules()
    if "<" in original:
        for match in rules.drop_elements.finditer(original):
            yield 0, Edit(match.start(), match.end(), "\n")
        for match in _TAG.finditer(original):
            name = (match.group(1) or "").lower()
            yield 1, Edit(match.start(), match.end(), "\n" if name in rules.block_tags else "")
    lowered = original.lower()
    for pattern, triggers in rules.furniture_lines:
        if _runs_on(triggers, lowered):
            for start, end in _line_spans(original, pattern):
                if end > start:
                    yield 2, Edit(start, end, "")
    for pattern in rules.furniture_inline:
        for match in pattern.finditer(original):
            yield 2, Edit(match.start(), match.end(), " ")
    for pattern, triggers in rules.link_lists:
        if _runs_on(triggers, lowered):
            for start, end in _link_list_spans(original, pattern):
                yield 2, Edit(start, end, "")
    if "[" in original:
        for match in _MD_IMAGE.finditer(original):
            yield 3, Edit(match.start(), match.end(), "")
        for match in _MD_LINK.finditer(original):
            yield 3, Edit(match.start(), match.start() + 1, "")
            yield 3, Edit(match.start(2) - 1, match.end(), "")
    if "://" in original or "www." in original.lower():
        for match in _URL.finditer(original):
            yield 4, Edit(match.start(), match.end(), " ")
    if "@" in original:
        for match in _EMAIL.finditer(original):
            yield 4, Edit(match.start(), match.end(), " ")
    if "&" in original:
        for match in _ENTITY.finditer(original):
            yield 5, Edit(match.start(), match.end(), _entity_text(match))
    if "(" in original or "（" in original:
        for match in _GLOSS.finditer(original):
            if _is_pinyin(match.group(1)):
                yield 5, Edit(match.start(), match.end(), "")
    for match in _MD_MARKS.finditer(original):
        yield 6, Edit(match.start(), match.end(), "")
    for match in _CONTROL.finditer(original):
        yield 6, Edit(match.start(), match.end(), "\n" if match.group() == "\r" and not original.startswith("\n", match.end()) else "")


def _select(candidates: Iterator[tuple[int, Edit]]) -> list[Edit]:
    """Keep a non-overlapping set: the widest edit wins, then the higher priority."""
    ordered = sorted(candidates, key=lambda item: (item[1].start, -(item[1].end - item[1].start), item[0]))
    chosen: list[Edit] = []
    reach = 0
    for _priority, edit in ordered:
        if edit.start >= reach and edit.end > edit.start:
            chosen.append(edit)
            reach = edit.end
    return chosen


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_HAN = regex.compile(r"\p{Han}")


def to_simplified(text: str) -> str:
    """Convert to simplified script character for character (length preserved).

    OpenCC's character config keeps length in practice; where a conversion
    ever changes it, that line is converted one character at a time instead.
    """
    converter = _t2s()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    lines = []
    for line in text.split("\n"):
        out = converter.convert(line)
        if len(out) != len(line):
            out = "".join(c if len(c) == 1 else ch for ch, c in ((ch, converter.convert(ch)) for ch in line))
        lines.append(out)
    return "\n".join(lines)


def clean(original: str) -> CleanText:
    """Normalise a document for recognition and keep the way back to the original."""
    text, offsets = apply_edits(original, _select(_candidate_edits(original)))
    folded = fold(text)
    simplified = to_simplified(folded) if _HAN.search(folded) else folded
    return CleanText(simplified, folded, offsets)
