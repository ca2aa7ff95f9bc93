"""Which language and script each stretch of a document is in, and its locale.

Pages mix languages (an English press release with a Japanese disclaimer, a
Chinese article with an English caption), so lines are classified one by
one and runs of the same language become blocks; a recogniser only ever
sees the blocks of its own language. The document's script (simplified or
traditional) and locale (CN, TW, HK) are decided once per document.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import regex

from .clean import may_hold_cjk
from .langs import load_table

_NOT_HAN = regex.compile(r"\P{Han}+")
_HAN = regex.compile(r"\p{Han}")
_KANA_HANGUL = regex.compile(r"[\p{Hiragana}\p{Katakana}\p{Hangul}]")
# one script at a time: a search for a single script is several times faster than for the class
_KANA_HANGUL_SCRIPTS = tuple(regex.compile(rf"\p{{{script}}}") for script in ("Hiragana", "Katakana", "Hangul"))
_LATIN_WORD = regex.compile(r"[A-Za-z]{2,}")
_NONZERO_BYTE_TO_ONE = bytes([0] + [1] * 255)


def han_only(text: str) -> str:
    """The Han characters of ``text``, in order (one C-level pass, no list of characters)."""
    return _NOT_HAN.sub("", text)


def count_differences(first: str, second: str) -> int:
    """How many positions of the common length hold different characters: ``sum(map(ne, first, second))``.

    Computed on whole integers instead of one Python object per character:
    XOR the UTF-32 code units, turn each nonzero byte into 1, OR the four
    bytes of each unit into its lowest, count the bits.
    """
    length = min(len(first), len(second))
    first, second = first[:length], second[:length]
    if first == second:
        return 0
    xor = int.from_bytes(first.encode("utf-32-le"), "little") ^ int.from_bytes(second.encode("utf-32-le"), "little")
    flags = int.from_bytes(xor.to_bytes(4 * length, "little").translate(_NONZERO_BYTE_TO_ONE), "little")
    flags |= flags >> 16
    flags |= flags >> 8
    return (flags & int.from_bytes(b"\x01\x00\x00\x00" * length, "little")).bit_count()


@dataclass(frozen=True, slots=True)
class Block:
    """A run of lines [start, end) of the cleaned text in one language ("en", "zh" or "other")."""

    start: int
    end: int
    lang: str


def _line_language(line: str, words: int, kana_possible: bool) -> str | None:
    """Classify one non-ASCII line holding ``words`` Latin words; None when it has too few letters to tell.

    The line counts as kana when it has at least two kana or Hangul letters
    and they are at least a fifth of its Han characters; else as Chinese when
    Han characters are at least two and outnumber the words; else as English
    on two words, or one word and no Han; else as Chinese on one Han
    character. Only the counts that can change the answer are taken: with
    fewer than two kana and two words, whether any Han character occurs
    decides. ``kana_possible=False`` says the text holds no kana or Hangul.
    """
    kana = len(_KANA_HANGUL.findall(line)) if kana_possible else 0
    if kana < 2 and words < 2:
        return "zh" if _HAN.search(line) else "en" if words else None
    return line_language_of_counts(len(han_only(line)), kana, words)


def line_language_of_counts(han: int, kana: int, words: int) -> str | None:
    """The rule of :func:`_line_language` on a line's Han, kana/Hangul and Latin word counts."""
    if kana >= 2 and kana * 5 >= han:
        return "other"
    if han >= 2 and han >= words:
        return "zh"
    if words >= 2 or (words and not han):
        return "en"
    if han:
        return "zh"
    return None


def blocks(text: str) -> list[Block]:
    """Split cleaned text into maximal runs of one language; undecided lines join their neighbours."""
    if not text:
        return []
    if not may_hold_cjk(text):
        # every line is English or undecided, so all join one run, English either way
        return [Block(0, len(text), "en")]
    kana_possible = any(script.search(text) for script in _KANA_HANGUL_SCRIPTS)
    # where each Latin word starts, from one scan of the text instead of one per line
    word_starts = [match.start() for match in _LATIN_WORD.finditer(text)]
    words_before = 0
    runs: list[list] = []
    position = 0
    lines = text.split("\n")
    last = len(lines) - 1
    for index, line in enumerate(lines):
        if index == last and not line:
            break
        end = position + len(line) + (index < last)
        words_to_end = bisect_left(word_starts, end, words_before)
        words, words_before = words_to_end - words_before, words_to_end
        lang = ("en" if words else None) if line.isascii() else _line_language(line, words, kana_possible)
        if runs and (lang is None or runs[-1][2] is None or runs[-1][2] == lang):
            runs[-1][1] = end
            if runs[-1][2] is None:
                runs[-1][2] = lang
        else:
            runs.append([position, end, lang])
        position = end
    dominant = document_language_family(runs)
    return [Block(start, end, lang or dominant) for start, end, lang in runs]


def document_language_family(runs: list[list]) -> str:
    """The language covering most characters: the fallback for undecided stretches."""
    sizes: dict[str, int] = {}
    for start, end, lang in runs:
        if lang:
            sizes[lang] = sizes.get(lang, 0) + end - start
    return max(sizes, key=sizes.__getitem__) if sizes else "en"


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def chinese_script(folded: str, simplified: str) -> str:
    """"zh-Hant" when the text holds more traditional-only than simplified-only characters.

    ``simplified`` is the t2s conversion of ``folded``, character for
    character: characters that changed are traditional-only; characters that
    s2t would change are simplified-only.
    """
    sample = 20000
    traditional = count_differences(folded[:sample], simplified[:sample])
    if not traditional:
        return "zh-Hans"  # nothing can outnumber zero; skip the s2t pass
    han_original = han_only(folded[:sample])
    simplified_only = count_differences(han_original, _s2t().convert(han_original))
    return "zh-Hant" if traditional > simplified_only else "zh-Hans"


@dataclass(frozen=True, slots=True)
class _LocaleMarkers:
    weights: dict[str, dict[str, int]]  # place -> marker -> weight
    defaults: dict[str, str]  # script -> place
    scan: re.Pattern[str]  # any marker
    without_cjk: frozenset[str]  # the markers with no Han, kana or Hangul character


@lru_cache(maxsize=1)
def _locale_markers() -> _LocaleMarkers:
    """The locale table, with one scan for all the markers.

    The scan uses the standard library's engine, which tries an alternation
    of literals several times faster than `regex` on Chinese text.
    """
    table = load_table("common", "locale")
    every = sorted({marker for words in table["markers"].values() for marker in words})
    return _LocaleMarkers(
        weights=table["markers"],
        defaults=table["defaults"],
        scan=re.compile("|".join(map(re.escape, every))),
        without_cjk=frozenset(marker for marker in every if not (_HAN.search(marker) or _KANA_HANGUL.search(marker))),
    )


def _markers_to_count(text: str, markers: _LocaleMarkers) -> frozenset[str] | set[str]:
    """The markers that can occur in ``text``; the others count zero.

    Text without Han, kana or Hangul holds none of the markers written with
    them. Otherwise the one scan for all markers finds some marker wherever
    any marker begins, so every occurrence begins on a character of a match.
    """
    if not may_hold_cjk(text):
        return markers.without_cjk
    found = set("".join(markers.scan.findall(text)))
    return {marker for words in markers.weights.values() for marker in words if marker[0] in found}


def locale(simplified_text: str, lang: str) -> str:
    """The place a document speaks from: "CN", "TW" or "HK"."""
    markers = _locale_markers()
    counted = _markers_to_count(simplified_text, markers)
    scores = {
        place: sum(simplified_text.count(marker) * weight for marker, weight in words.items() if marker in counted)
        for place, words in markers.weights.items()
    }
    default = markers.defaults.get(lang, "CN")
    best = max(scores, key=lambda place: (scores[place], place == default))
    return best if scores[best] > scores.get(default, 0) else default
