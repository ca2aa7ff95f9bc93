"""Cleaning and script normalisation, with an exact map back to the original.

Recognisers see one canonical form of every document: markup, entities, URLs,
page furniture and leaked pinyin glosses removed; full-width characters and
Unicode spaces folded to ASCII; Chinese in simplified script. Offsets found in
that form map back to the original through :class:`OffsetMap`, so a fact
always points at the bytes the user gave us.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

import regex

from .compiled import compile_all
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
_CONTROL_WIDE = "\u200b\u200c\u200d\u2060\ufeff"
_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f" + _CONTROL_WIDE + "]")
# the bytes to delete from a UTF-8 encoding to keep only ASCII control characters
# (no other character's encoding holds a byte below 0x80)
_NOT_ASCII_CONTROL = bytes(code for code in range(256) if code >= 0x80 or not _CONTROL.match(chr(code)))
_URL = regex.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'）)\]，。]+", regex.IGNORECASE)
_EMAIL = regex.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MD_IMAGE = regex.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = regex.compile(r"\[([^\]\n]*)\](\([^)\n]*\))")
_HAN = regex.compile(r"\p{Han}")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
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
# the characters the fold changes, as a class for the standard library's engine,
# which scans a plain character class several times faster than `regex`
_FOLDABLE = re.compile("[" + "".join(re.escape(char) for char, folded in _FOLD.items() if char != folded) + "]")


def fold(text: str) -> str:
    """Apply the fold table (no character maps to another folded one, so order does not matter).

    One ``str.replace`` per foldable character present, found by one scan
    that resumes after each replaced character: several times faster than
    ``str.translate`` or ``set(text)``, which handle every character in Python objects.
    """
    position = 0
    while match := _FOLDABLE.search(text, position):
        char = match.group()
        text = text.replace(char, _FOLD[char])
        position = match.start() + 1
    return text


def starts_lines(source: str) -> bool:
    """Whether every match of the MULTILINE pattern ``source`` begins at a line start.

    True when it opens with an unquantified ``^`` and has no ``|`` outside
    groups and character classes, so no alternative escapes the anchor.
    """
    if not source.startswith("^") or source[1:2] in ("?", "*", "+", "{"):
        return False
    depth, position, in_class = 0, 1, False
    while position < len(source):
        char = source[position]
        position += 1
        if char == "\\":
            position += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            position += source.startswith("^", position)
            position += source.startswith("]", position)  # a leading ] is a member
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return False
    return True


def matches_at(pattern: regex.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[regex.Match[str]]:
    """The matches ``pattern.finditer(text)`` finds, trying only ``starts``.

    ``starts`` must hold, in ascending order, every position where a match
    can begin (more do no harm), and the pattern must not match the empty
    string. A search tries every position of the text; where the few
    possible starts are known, matching there alone gives the same
    non-overlapping matches (``match`` at a position sees the text before
    it, as the search does).
    """
    reach = 0
    for start in starts:
        if start >= reach and (match := pattern.match(text, start)):
            yield match
            reach = match.end()


@lru_cache(maxsize=1)
def _cjk_high_bytes() -> bytes:
    """The high bytes of the UTF-16 code units that can belong to a Han, kana or Hangul character.

    Those of the 256-character rows holding one, and the high surrogates
    (characters beyond the first 65,536 are written as surrogate pairs).
    Each row is searched up to its first such character, a quarter of the
    time of listing all 40,000 of them (once per process, before the first
    document).
    """
    rows = {
        row
        for row in [*range(0xD8), *range(0xE0, 0x100)]
        if _CJK.search("".join(map(chr, range(row << 8, (row + 1) << 8))))
    }
    return bytes(sorted(rows | set(range(0xD8, 0xDC))))


@lru_cache(maxsize=4)
def may_hold_cjk(text: str) -> bool:
    """False only when no character of ``text`` is Han, kana or Hangul.

    Looks at the high byte of every UTF-16 code unit with byte operations:
    a small fraction of the cost of a regex search for the scripts. Cached
    for the last few texts: cleaning, blocks and locale ask it of the same one.
    """
    high_bytes = text.encode("utf-16-be", "surrogatepass")[::2]
    return len(high_bytes.translate(None, _cjk_high_bytes())) < len(high_bytes)


@dataclass(frozen=True, slots=True)
class _Furniture:
    """A furniture pattern, the strings without which it does not run, and whether it matches only at line starts."""

    pattern: regex.Pattern[str]
    triggers: tuple[str, ...]
    triggers_without_cjk: tuple[str, ...]  # those with no Han, kana or Hangul character
    triggers_with_cjk: tuple[str, ...]
    at_line_starts: bool


@dataclass(frozen=True, slots=True)
class _Rules:
    drop_elements: regex.Pattern[str]
    block_tags: frozenset[str]
    furniture_lines: tuple[_Furniture, ...]
    furniture_inline: tuple[_Furniture, ...]
    link_lists: tuple[_Furniture, ...]
    # a newline before a line where some pattern anchored at line starts matches
    furniture_line_starts: regex.Pattern[str]
    # the same at the start of the text
    furniture_text_start: regex.Pattern[str]
    # any trigger written with Han, kana or Hangul (the standard library's
    # engine tries an alternation of literals several times faster than `regex`)
    cjk_triggers: re.Pattern[str]


def _furniture(item: dict, pattern: regex.Pattern[str]) -> _Furniture:
    triggers = tuple(item.get("triggers", ()))
    with_cjk = tuple(trigger for trigger in triggers if _CJK.search(trigger))
    without_cjk = tuple(trigger for trigger in triggers if trigger not in with_cjk)
    return _Furniture(pattern, triggers, without_cjk, with_cjk, starts_lines(item["pattern"]))


class _Page(NamedTuple):
    """What the furniture rules ask of one document, each computed once."""

    text: str
    lowered: str
    cjk_trigger_heads: set[str]  # the characters a trigger with Han, kana or Hangul can begin with here
    line_starts: list[int]  # where a pattern anchored at line starts can match


def _runs_on(item: _Furniture, page: _Page) -> bool:
    """A pattern with triggers runs only where one of them occurs.

    Triggers written with Han, kana or Hangul are looked for only when they
    begin with a character of ``page.cjk_trigger_heads``: none can occur
    otherwise.
    """
    if not item.triggers:
        return True
    lowered, heads = page.lowered, page.cjk_trigger_heads
    return any(trigger in lowered for trigger in item.triggers_without_cjk) or any(
        trigger[0] in heads and trigger in lowered for trigger in item.triggers_with_cjk
    )


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    table = load_table("common", "cleaning")
    names = "|".join(regex.escape(name) for name in table["drop_elements"])
    drop = compile_all({"drop": rf"<({names})\b[^<>]*>.*?</\1\s*>"}, regex.IGNORECASE | regex.DOTALL)["drop"]
    kinds = ("line", "inline", "link_lists")
    sources: dict[tuple[str, int] | str, str] = {
        (kind, index): item["pattern"] for kind in kinds for index, item in enumerate(table["furniture"][kind])
    }
    anchored = "|".join(f"(?:{source})" for source in sources.values() if starts_lines(source))
    sources["line starts"], sources["text start"] = rf"\n(?={anchored})", rf"(?={anchored})"
    compiled = compile_all(sources, regex.IGNORECASE | regex.MULTILINE)
    furniture = {
        kind: tuple(_furniture(item, compiled[kind, index]) for index, item in enumerate(table["furniture"][kind])) for kind in kinds
    }
    cjk_triggers = sorted({trigger for items in furniture.values() for item in items for trigger in item.triggers_with_cjk})
    return _Rules(
        drop_elements=drop,
        block_tags=frozenset(name.lower() for name in table["block_tags"]),
        furniture_lines=furniture["line"],
        furniture_inline=furniture["inline"],
        link_lists=furniture["link_lists"],
        furniture_line_starts=compiled["line starts"],
        furniture_text_start=compiled["text start"],
        cjk_triggers=re.compile("|".join(map(re.escape, cjk_triggers))),
    )


def _page(text: str) -> _Page:
    """The page's lower-cased text, the lines where anchored patterns can match, and where CJK triggers can begin.

    Text without Han, kana or Hangul holds no trigger written with them
    (lower-casing neither makes nor removes such characters). Otherwise one
    scan for all of them finds some trigger wherever any begins, so every
    occurrence begins on a character of a found match.
    """
    rules = _rules()
    lowered = text.lower()
    heads = set("".join(rules.cjk_triggers.findall(lowered))) if may_hold_cjk(text) else set()
    line_starts = [0] if rules.furniture_text_start.match(text) else []
    line_starts += [match.end() for match in rules.furniture_line_starts.finditer(text)]
    return _Page(text, lowered, heads, line_starts)


def _furniture_matches(item: _Furniture, page: _Page) -> list[regex.Match[str]]:
    """What ``item.pattern.finditer(page.text)`` finds where its triggers occur, nothing elsewhere.

    A pattern anchored at line starts is matched only at the lines the
    page's one scan for all of them found; a search would try every
    position of the text.
    """
    if not item.at_line_starts:
        return list(item.pattern.finditer(page.text)) if _runs_on(item, page) else []
    if not page.line_starts:
        return []
    matches = list(matches_at(item.pattern, page.text, page.line_starts))
    return matches if matches and _runs_on(item, page) else []


@lru_cache(maxsize=4096)
def _is_pinyin(word: str) -> bool:
    """Whether ``word`` is one pinyin syllable (a page's glosses repeat a few dozen of them)."""
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


def _line_spans(text: str, matches: Iterable[regex.Match[str]]) -> Iterator[tuple[int, int]]:
    for match in matches:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        yield start, len(text) if end == -1 else end


_LINK_LINE_MAX = 160


def _link_list_spans(text: str, matches: Iterable[regex.Match[str]]) -> Iterator[tuple[int, int]]:
    """A link-list heading and the short lines after it, up to a blank line or a long (prose) line."""
    for match in matches:
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


def _occurrences(text: str, needle: str) -> Iterator[int]:
    position = text.find(needle)
    while position != -1:
        yield position
        position = text.find(needle, position + 1)


_WWW = regex.compile(r"www\.", regex.IGNORECASE)


def _url_starts(text: str) -> list[int]:
    """Where a URL can begin: a scheme's first letter before ``://`` (``https``, ``http``, ``ftp``) or ``www.``."""
    starts = {start for colon in _occurrences(text, "://") for start in (colon - 5, colon - 4, colon - 3) if start >= 0}
    starts.update(match.start() for match in _WWW.finditer(text, overlapped=True))
    return sorted(starts)


# Below one opening parenthesis in this many characters, matching the gloss
# pattern at each parenthesis is cheaper than searching the whole text
# (about 1 µs a parenthesis against a few ns a character).
_GLOSS_MATCH_EACH_BELOW = 200


def _glosses(text: str) -> Iterator[regex.Match[str]]:
    """What ``_GLOSS.finditer(text)`` finds; a gloss begins at an opening parenthesis."""
    parentheses = text.count("(") + text.count("（")
    if not parentheses:
        return iter(())
    if parentheses * _GLOSS_MATCH_EACH_BELOW > len(text):
        return _GLOSS.finditer(text)
    return matches_at(_GLOSS, text, sorted([*_occurrences(text, "("), *_occurrences(text, "（")]))


def _markdown_mark_starts(text: str) -> list[int]:
    """Where a Markdown mark can begin: ``**``, ``__`` or a ``#``."""
    return sorted([*_occurrences(text, "**"), *_occurrences(text, "__"), *_occurrences(text, "#")])


def _has_control(text: str) -> bool:
    """Whether a character of ``_CONTROL`` occurs: a byte translation and a few finds instead of a regex scan."""
    ascii_controls = text.encode("utf-8", "surrogatepass").translate(None, _NOT_ASCII_CONTROL)
    return bool(ascii_controls) or any(char in text for char in _CONTROL_WIDE)


def _candidate_edits(original: str) -> Iterator[tuple[int, Edit]]:
    """Every removal or replacement the rules propose, with a priority (lower wins ties).

    A pattern whose required character is absent from the document (no ``<``:
    no markup; no ``&``: no entities) is not run at all: most plain texts
    need only a few of the scans. Patterns that can begin at only a few
    places (line starts, ``://``, an opening parenthesis) are matched there
    alone (:func:`matches_at`).
    """
    rules = _rules()
    if "<" in original:
        for match in rules.drop_elements.finditer(original):
            yield 0, Edit(match.start(), match.end(), "\n")
        for match in _TAG.finditer(original):
            name = (match.group(1) or "").lower()
            yield 1, Edit(match.start(), match.end(), "\n" if name in rules.block_tags else "")
    page = _page(original)
    for item in rules.furniture_lines:
        for start, end in _line_spans(original, _furniture_matches(item, page)):
            if end > start:
                yield 2, Edit(start, end, "")
    for item in rules.furniture_inline:
        for match in _furniture_matches(item, page):
            yield 2, Edit(match.start(), match.end(), " ")
    for item in rules.link_lists:
        for start, end in _link_list_spans(original, _furniture_matches(item, page)):
            yield 2, Edit(start, end, "")
    if "[" in original:
        for match in _MD_IMAGE.finditer(original):
            yield 3, Edit(match.start(), match.end(), "")
        for match in _MD_LINK.finditer(original):
            yield 3, Edit(match.start(), match.start() + 1, "")
            yield 3, Edit(match.start(2) - 1, match.end(), "")
    if "://" in original or "www." in page.lowered:
        for match in matches_at(_URL, original, _url_starts(original)):
            yield 4, Edit(match.start(), match.end(), " ")
    if "@" in original:
        for match in _EMAIL.finditer(original):
            yield 4, Edit(match.start(), match.end(), " ")
    if "&" in original:
        for match in _ENTITY.finditer(original):
            yield 5, Edit(match.start(), match.end(), _entity_text(match))
    for match in _glosses(original):
        if _is_pinyin(match.group(1)):
            yield 5, Edit(match.start(), match.end(), "")
    for match in matches_at(_MD_MARKS, original, _markdown_mark_starts(original)):
        yield 6, Edit(match.start(), match.end(), "")
    for match in _CONTROL.finditer(original) if _has_control(original) else ():
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
    simplified = to_simplified(folded) if may_hold_cjk(folded) and _HAN.search(folded) else folded
    return CleanText(simplified, folded, offsets)
