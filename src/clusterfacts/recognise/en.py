"""English numeric claims: find numbers, read their unit and context, resolve them.

One compiled scan finds every number (digits, words, fractions, scaled
amounts); everything else happens in small windows around each candidate:
the qualifier and currency symbol on the left, the unit, currency word or
counted noun on the right, and the cue words that tell a share from a growth
rate. Vocabulary is data (``langs/en/*.yaml``), validated by pydantic and
compiled once per process.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from typing import Iterator, Literal

import regex
from pydantic import BaseModel, ConfigDict, field_validator

from clusterfacts.compiled import compile_all
from clusterfacts.langs import load_table
from clusterfacts.recognise.types import Context, Mention
from clusterfacts.resolve.numerals_en import NumeralGrammar, grammar, parse_digits, parse_number, parse_ordinal, scale_of
from clusterfacts.resolve.units import CONVERSIONS, to_canonical
from clusterfacts.vocabulary import CURRENCIES

# --------------------------------------------------------------------------
# Tables


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CurrencyEntry(_Strict):
    code: str
    prefixes: list[str] = []
    words: list[str] = []
    #: glued to the number only: 9.75p
    symbols: list[str] = []
    factor: Decimal = Decimal(1)
    locale: dict[str, str] = {}
    #: currencies whose hundredth this word also names, taken from the amount before it in the sentence
    borrows: list[str] = []

    @field_validator("code")
    @classmethod
    def _known_currency(cls, code: str) -> str:
        if code not in CURRENCIES:
            raise ValueError(f"unknown currency {code!r}")
        return code

    @field_validator("borrows")
    @classmethod
    def _known_currencies(cls, codes: list[str]) -> list[str]:
        unknown = [code for code in codes if code not in CURRENCIES]
        if unknown:
            raise ValueError(f"unknown currencies {unknown!r}")
        return codes


class MeasureEntry(_Strict):
    unit: str
    words: list[str] = []
    symbols: list[str] = []
    factor: Decimal = Decimal(1)

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str) -> str:
        if unit not in CONVERSIONS:
            raise ValueError(f"unit {unit!r} is not in resolve/units.py")
        return unit


class SurfaceForms(_Strict):
    words: list[str] = []
    symbols: list[str] = []


class DurationEntry(_Strict):
    unit: Literal["year", "month", "day"]
    words: list[str]
    factor: Decimal = Decimal(1)


class AgeMarkers(_Strict):
    after: dict[str, Literal["year", "month", "day"]]
    before: list[str]


class UnitsTable(_Strict):
    currencies: list[CurrencyEntry]
    measures: list[MeasureEntry]
    percent: SurfaceForms
    percentage_points: SurfaceForms
    durations: list[DurationEntry]
    age: AgeMarkers
    rate_markers: list[str]


QualifierName = Literal["approx", "gt", "lt", "gte", "lte"]


class QualifiersTable(_Strict):
    before: dict[QualifierName, list[str]]
    after: dict[QualifierName, list[str]]
    attached: dict[QualifierName, list[str]]
    duration_before: dict[QualifierName, list[str]]


class CuesTable(_Strict):
    growth_up: set[str]
    growth_down: set[str]
    growth_up_after: set[str]
    growth_down_after: set[str]
    growth_compared_after: set[str]
    fall_verbs: set[str]
    fall_by_verbs: set[str]
    fall_nouns: set[str]
    share: set[str]
    share_particles: dict[str, set[str]]
    level_verbs: set[str]
    rank_verbs: set[str]
    superlatives: set[str]
    stopwords: set[str]
    link_words: set[str]
    noun_verbs: set[str]
    generic_heads: set[str]
    name_prepositions: set[str]
    nominalisations: dict[str, str]
    classifier_nouns: set[str]
    partitive_nouns: set[str]
    time_words: set[str]
    time_heads: set[str]
    elliptic_count_verbs: list[str]
    parallel_connectors: list[str]
    abbreviations: set[str]
    over_means_more_after: set[str]
    over_means_more_before: set[str]


class ExclusionEntry(_Strict):
    pattern: str
    #: the characters a match can start with, either case; None: any
    starts: str | None = None
    #: the tokens that can stand right before a match (see ``exclusions.yaml``); None: any or none
    follows: frozenset[str] | None = None
    #: when a match starts with a digit, the characters that can follow the run of digits; None: any
    after_digits: str | None = None

    @field_validator("follows")
    @classmethod
    def _written_as_compared(cls, tokens: frozenset[str] | None) -> frozenset[str] | None:
        unlike = sorted(token for token in tokens or () if token != regex.sub(r"\d+", "0", token.lower()))
        if unlike:
            raise ValueError(f"tokens are compared in lower case with each run of digits as 0: {unlike!r}")
        return tokens


class ExclusionsTable(_Strict):
    patterns: dict[str, ExclusionEntry]


class FunctionWordsTable(_Strict):
    pronouns: set[str]
    determiners: set[str]
    prepositions: set[str]
    conjunctions: set[str]
    auxiliaries: set[str]
    adverbs: set[str]

    def all(self) -> frozenset[str]:
        return frozenset().union(*(getattr(self, name) for name in type(self).model_fields))


# --------------------------------------------------------------------------
# Compiled grammar


@dataclass(frozen=True)
class UnitInfo:
    """What a surface unit resolves to."""

    family: Literal["money", "percent", "points", "measure", "duration", "age"]
    unit: str
    factor: Decimal = Decimal(1)
    locale: tuple[tuple[str, str], ...] = ()
    borrows: frozenset[str] = frozenset()


def _phrase(text: str) -> str:
    """A literal phrase whose spaces match any whitespace run (lines wrap)."""
    return r"\s+".join(regex.escape(part) for part in text.split())


def _alternation(phrases: object) -> str:
    """Longest first; phrases of one length (never matched at one place together) in a fixed order,
    so that a pattern's source is the same in every process, as ``compile_all`` needs."""
    return "|".join(_phrase(p) for p in sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase)))


def _phrase_tree(phrases: object, from_end: bool = False) -> str:
    """What :func:`_alternation` matches, factored by common prefixes: ``per(?:\\s+cent|cent)?``.

    The phrases that match at one position form a chain, each a prefix of
    the next (lower-case ASCII phrases: no letter of one matches another
    letter, and no letter a space), and both forms try them longest first,
    so a pattern built on either finds the same match. The factored form
    rejects a position on its first letters instead of trying every phrase
    (214 unit words: 5 µs to 2 µs a match). Other phrases keep the flat form.

    ``from_end`` factors common endings instead (``(?:exce|surpass)ed``), for
    a REVERSE pattern, which reads a phrase from its last letter.
    """
    phrases = set(phrases)
    if not all(p.isascii() and p == p.lower() and p.split() for p in phrases):
        return _alternation(phrases)
    tree: dict = {}
    for phrase in phrases:
        tokens = [token for index, part in enumerate(phrase.split())
                  for token in ([r"\s+"] if index else []) + [regex.escape(char) for char in part]]
        node = tree
        for token in reversed(tokens) if from_end else tokens:
            node = node.setdefault(token, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [emit(child) + token if from_end else token + emit(child)
                    for token, child in sorted(node.items()) if token]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


def _ending_tree(phrases: object) -> str:
    """:func:`_phrase_tree` factored by endings, for patterns compiled by :func:`_ending_here`."""
    return _phrase_tree(phrases, from_end=True)


def _ending_here(pattern: str) -> str:
    """A pattern anchored with ``\\Z`` at a number, searched over a window before it.

    Compiled REVERSE (the inline ``(?r)``), the search starts at the number,
    where ``\\Z`` holds, and fails at once everywhere else: about a tenth of
    the cost of trying the whole pattern at each position of the window, with
    the same match (the alternations list longer phrases first).
    """
    return "(?r)" + pattern


#: what ``\s`` of the regex module matches (Unicode White_Space), as the body of a character class
#: for Python's ``re``, whose ``\s`` also takes the separators \x1c-\x1f
WHITESPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Grammar:
    units: UnitsTable
    qualifiers: QualifiersTable
    cues: CuesTable
    digit_start: regex.Pattern
    word_start: regex.Pattern
    #: ``word_start`` for Python's ``re``: the same starts in a text of :func:`ascii_words`
    ascii_word_start: re.Pattern
    number: regex.Pattern
    range_end: regex.Pattern
    ordinal: regex.Pattern
    exclusions: Exclusions
    function_words: frozenset[str]
    #: every word of a change or a level: "to" after one of them introduces a level ("eased to 4%")
    change_words: frozenset[str]
    range_separator: regex.Pattern
    unit_after: regex.Pattern
    words_by_surface: dict[str, UnitInfo]
    symbols_by_surface: dict[str, UnitInfo]
    prefixes: dict[str, UnitInfo]
    left_context: regex.Pattern
    qualifier_after: regex.Pattern
    qualifier_attached: regex.Pattern
    qualifier_attached_by_phrase: dict[str, str]
    qualifier_before_by_phrase: dict[str, str]
    qualifier_after_by_phrase: dict[str, str]
    prefix_at: regex.Pattern
    rate_after: regex.Pattern
    qualifier_before: regex.Pattern
    duration_qualifier_before: regex.Pattern
    duration_qualifier_by_phrase: dict[str, str]
    superlative_after: regex.Pattern
    rank_verb_before: regex.Pattern
    elliptic_before: regex.Pattern
    article_duration: regex.Pattern
    parallel_before: regex.Pattern
    fall_before: regex.Pattern
    change_before: regex.Pattern
    fraction_change_before: regex.Pattern
    sentence_break: regex.Pattern
    token: regex.Pattern
    #: ``token`` for Python's ``re``, in ASCII classes: the same tokens in a text of :func:`ascii_words`
    ascii_token: re.Pattern


def _ascii_word_start(numerals: NumeralGrammar) -> re.Pattern:
    """Where a number word can start, for Python's ``re`` on a text whose word characters are ASCII.

    ``\\b`` and the case-insensitive letters mean there what they mean in the regex module under
    the ASCII flag, and ``\\s`` is written out. A word start whose letter opens no word of the
    table is passed over on that letter instead of trying every branch: half the cost of the scan.
    """
    table = numerals.table
    words = [*table.units, *table.tens, *table.hundred, *table.scales, *table.groups, *table.fractions,
             *table.ordinals, *table.articles]
    letters = "".join(re.escape(letter) for letter in sorted({word[0].lower() for word in words}
                                                             | {word[0].upper() for word in words}))
    source = numerals.word_start.replace(r"\s", f"[{WHITESPACE}]")
    return re.compile(rf"\b(?=[{letters}])(?i:{source})", re.ASCII)


@lru_cache(maxsize=None)
def compiled() -> Grammar:
    """Validate the tables and compile them into patterns, once per process (``compile_all``: once per machine)."""
    units = load_table("en", "units", UnitsTable)
    qualifiers = load_table("en", "qualifiers", QualifiersTable)
    cues = load_table("en", "cues", CuesTable)
    exclusions = load_table("en", "exclusions", ExclusionsTable)
    function_words = load_table("en", "function_words", FunctionWordsTable)
    numerals = grammar()

    words: dict[str, UnitInfo] = {}
    symbols: dict[str, UnitInfo] = {}
    prefixes: dict[str, UnitInfo] = {}
    for entry in units.currencies:
        info = UnitInfo("money", entry.code, entry.factor, tuple(sorted(entry.locale.items())), frozenset(entry.borrows))
        for word in entry.words:
            words.setdefault(_fold(word), info)
        for symbol in entry.symbols:
            symbols.setdefault(symbol, info)
        for prefix in entry.prefixes:
            prefixes.setdefault(prefix, info)
    for entry in units.measures:
        info = UnitInfo("measure", entry.unit, entry.factor)
        for word in entry.words:
            words.setdefault(_fold(word), info)
        for symbol in entry.symbols:
            symbols.setdefault(symbol, info)
    for word in units.percent.words:
        words[_fold(word)] = UnitInfo("percent", "%")
    for symbol in units.percent.symbols:
        symbols[symbol] = UnitInfo("percent", "%")
    for word in units.percentage_points.words:
        words[_fold(word)] = UnitInfo("points", "pp")
    for symbol in units.percentage_points.symbols:
        symbols[symbol] = UnitInfo("points", "pp")
    for entry in units.durations:
        for word in entry.words:
            words[_fold(word)] = UnitInfo("duration", entry.unit, entry.factor)
    for marker, unit in units.age.after.items():
        key = _fold(marker)
        words[key] = UnitInfo("age", unit)

    # Age markers may be glued by a hyphen; others need whitespace or nothing
    # (25%, 600MW) and must not run into a longer word (10 tonnes, not 10 t-shirts).
    # A hyphen makes an amount an adjective: a 20-year lease, a 100-billion-yuan
    # cluster, a 3,000-square-metre plant, a 46-km pipeline (symbols of one letter
    # stay out: 3-t is no unit).
    age_markers = _alternation(units.age.after)
    unit_words = [w for w in words if words[w].family != "age"]
    word_alt = _phrase_tree(unit_words)
    hyphen_word_alt = "|".join(
        r"[\s-]+".join(regex.escape(part) for part in w.split()) for w in sorted(unit_words, key=len, reverse=True)
    )
    symbol_alt = "|".join(regex.escape(s) for s in sorted(symbols, key=len, reverse=True))
    hyphen_symbol_alt = "|".join(regex.escape(s) for s in sorted(symbols, key=len, reverse=True) if len(s) > 1)
    unit_after = (
        rf"(?P<age>[ \t]*(?:{age_markers}))(?![A-Za-z])"
        rf"|(?P<hyphen>-)(?:(?P<hword>(?i:{hyphen_word_alt}))(?![A-Za-z])|(?P<hsymbol>{hyphen_symbol_alt})(?![A-Za-z0-9]))"
        rf"|\s*(?P<word>(?i:{word_alt}))(?![A-Za-z])"
        rf"|[ \t]?(?P<symbol>{symbol_alt})(?![A-Za-z0-9])"
    )
    before_by_phrase = {_fold(p): name for name, phrases in qualifiers.before.items() for p in phrases}
    after_by_phrase = {_fold(p): name for name, phrases in qualifiers.after.items() for p in phrases}
    duration_by_phrase = {_fold(p): name for name, phrases in qualifiers.duration_before.items() for p in phrases}
    attached_by_phrase = {p.lower(): name for name, phrases in qualifiers.attached.items() for p in phrases}
    prefix_alt = "|".join(regex.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    left_context = _ending_here(
        rf"(?:(?<![A-Za-z])(?P<qual>(?i:{_ending_tree(before_by_phrase)}))\s+)?"
        rf"(?:(?<![A-Za-z])(?P<cur>{prefix_alt})[ \t]*)?"
        rf"(?P<sign>(?<![\w-])[-−+])?\Z"
    )

    word_number = numerals.word_number
    digit = numerals.digit_number
    spaced_scales = [s for s in numerals.table.scale_suffixes if len(s) > 1]
    number_body = (
        rf"(?:(?P<digits>{digit})(?:(?P<glued>(?i:{_phrase_tree(numerals.table.scale_suffixes)}))(?![A-Za-z])"
        rf"|(?:\s*|-(?=[A-Za-z]))(?P<scale>(?i:{_phrase_tree(spaced_scales)}))\b)?"
        rf"|\b(?P<fraction>(?i:{numerals.word_fraction}))\b"
        rf"|\b(?P<words>(?i:{word_number}))\b(?:\s+(?P<wscale>(?i:bn|mln|bln|mn))\b)?)"
    )
    # A number after a letter and a hyphen is part of a name (F-16, COVID-19), except as the
    # upper end of a range whose lower end carries a glued scale (1.2bn-1.5bn).
    number = rf"(?<![\w.,/=:#@])(?<![A-Za-z]-){number_body}"
    range_end = rf"(?<![\w.,/=:#@]){number_body}"
    ordinal = rf"(?<![\w.,-])(?i:{numerals.ordinal})\b"
    patterns = compile_all(dict(
        digit_start=numerals.digit_start,
        word_start=rf"(?i:{numerals.word_start})",
        number=number,
        range_end=range_end,
        ordinal=ordinal,
        range_separator=r"[ \t]*(?:-|–|—|~)[ \t]*|\s+(?:to|and|or)\s+",
        unit_after=unit_after,
        left_context=left_context,
        qualifier_after=rf"\s+(?P<q>(?i:{_alternation(after_by_phrase)}))\b",
        qualifier_attached=(
            "(?i:" + "|".join(regex.escape(p) for p in sorted(attached_by_phrase, key=len, reverse=True)) + ")(?![A-Za-z0-9])"
        ),
        prefix_at=rf"(?:{prefix_alt})[ \t]*",
        rate_after=rf"\s*(?i:{_alternation(units.rate_markers)})\b",
        superlative_after=rf"[\s-]+(?i:{_alternation(cues.superlatives)})\b",
        rank_verb_before=_ending_here(rf"\b(?i:{_ending_tree(cues.rank_verbs)})\s+(?:(?i:no\.?|number)\s*)?\Z"),
        qualifier_before=_ending_here(rf"(?<![A-Za-z])(?P<qual>(?i:{_ending_tree(before_by_phrase)}))\s+\Z"),
        duration_qualifier_before=_ending_here(
            rf"(?<![A-Za-z])(?P<qual>(?i:{_ending_tree(duration_by_phrase)}))\s+\Z"
        ),
        article_duration=(
            rf"(?<![A-Za-z])(?i:an?)\s+"
            rf"(?P<unit>(?i:{_alternation(w for w in words if words[w].family == 'duration' and not w.endswith('s'))}))"
            rf"(?:\s+or\s+(?P<high>(?i:two|three|four|2|3|4)))?(?![\w-])"
            rf"(?!\s+(?i:earlier|ago|before|after|later|from|since|on|in\s+advance)\b)"
        ),
        elliptic_before=_ending_here(rf"\b(?i:{_ending_tree(cues.elliptic_count_verbs)})\s+\Z"),
        parallel_before=_ending_here(rf"(?<![A-Za-z])(?i:{_ending_tree(cues.parallel_connectors)})\s+\Z"),
        fall_before=_ending_here(
            rf"(?<![A-Za-z])(?i:(?:{_ending_tree(cues.fall_verbs)})(?:\s+back)?(?:\s+by)?|(?:{_ending_tree(cues.fall_by_verbs)})\s+by"
            rf"|(?:{_ending_tree(cues.fall_nouns)})\s+of)\s+\Z"
        ),
        change_before=_ending_here(
            rf"(?<![A-Za-z])(?i:{_ending_tree(cues.level_verbs | cues.fall_verbs | cues.growth_up)})(?:\s+by)?\s+(?:from\s+)?\Z"
        ),
        fraction_change_before=_ending_here(
            rf"(?<![A-Za-z])(?P<verb>(?i:{_ending_tree(cues.growth_up | cues.growth_down | cues.fall_verbs)}))"
            rf"(?:\s+(?P<by>(?i:by)))?\s+\Z"
        ),
        sentence_break=r"[.!?][\"”’')\]]*\s+(?=[\"“'(\[]?[A-Z0-9])|\n[ \t]*\n|;\s",
        token=r"\([^()\n]{1,30}\)|[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[A-Z](?![\w-])|\d[\d,.]*|\S",
    ))
    return Grammar(
        units=units,
        qualifiers=qualifiers,
        cues=cues,
        ascii_word_start=_ascii_word_start(numerals),
        exclusions=Exclusions(exclusions),
        function_words=function_words.all(),
        change_words=frozenset(cues.level_verbs | cues.fall_verbs | cues.growth_up | cues.growth_down),
        words_by_surface=words,
        symbols_by_surface=symbols,
        prefixes=prefixes,
        qualifier_attached_by_phrase=attached_by_phrase,
        qualifier_before_by_phrase=before_by_phrase,
        qualifier_after_by_phrase=after_by_phrase,
        duration_qualifier_by_phrase=duration_by_phrase,
        ascii_token=re.compile(
            rf"\([^()\n]{{1,30}}\)|[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|[0-9][A-Z](?![0-9A-Za-z_-])|[0-9][0-9,.]*"
            rf"|[^{WHITESPACE}]"
        ),
        **patterns,
    )


# --------------------------------------------------------------------------
# Context helpers shared with the attributor

_WORD_CHARACTER = regex.compile(r"\w")
_ASCII_BYTES = bytes(range(128))


def ascii_words(text: str) -> bool:
    """Whether every word character of ``text`` (``\\w`` of the regex module) is ASCII.

    Then ``[0-9]`` finds what ``\\d`` finds there and ``[0-9A-Za-z_]`` what ``\\w`` finds, and a
    pattern written with them runs in Python's ``re``, whose matches cost about a third less to read.
    Dropping the ASCII bytes of the UTF-8 form leaves the other characters, at a few nanoseconds a
    character.
    """
    if text.isascii():
        return True
    others = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    return _WORD_CHARACTER.search(others) is None


def sentence_start(text: str, pos: int, reach: int = 400) -> int:
    """Offset where the sentence holding ``pos`` starts (within ``reach`` chars)."""
    floor = max(0, pos - reach)
    return _last_sentence_end(_sentence_breaks(text, floor, pos), floor)


def _sentence_breaks(text: str, floor: int, pos: int) -> list[tuple[int, int, bool]]:
    """The sentence breaks between ``floor`` and ``pos`` as (start, end, ends a sentence): not after an abbreviation."""
    g = compiled()
    return [
        (match.start(), match.end(), not (match.group().startswith(".") and _is_abbreviation(text, match.start())))
        for match in g.sentence_break.finditer(text, floor, pos)
    ]


_SENTENCE_STRETCH = 80
_LAST_ALNUM = regex.compile(r"[A-Za-z0-9]", regex.REVERSE)


def _sentence_stretch(text: str, high: int) -> tuple[int, list[tuple[int, int, bool]]]:
    """The breaks of the stretch that ends at ``high``: from just after a letter or digit at least
    ``_SENTENCE_STRETCH`` characters back (or from the start of the text)."""
    letter = _LAST_ALNUM.search(text, 0, max(0, high - _SENTENCE_STRETCH))
    low = letter.end() if letter else 0
    return low, _sentence_breaks(text, low, high)


def _last_sentence_end(breaks: list[tuple[int, int, bool]], floor: int) -> int:
    """Where the last sentence of ``breaks`` ends at or after ``floor``; ``floor`` when none does."""
    for start, end, ends in reversed(breaks):
        if start < floor:
            break
        if ends:
            return end
    return floor


def _is_abbreviation(text: str, dot: int) -> bool:
    begin = dot
    while begin > 0 and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    word = text[begin:dot].lower()
    return len(word) == 1 or word in compiled().cues.abbreviations


_AFTER_REACH = 120


def words_after(text: str, pos: int, limit: int = 12, reach: int = _AFTER_REACH) -> list[tuple[int, int, str]]:
    """The first ``limit`` tokens after ``pos`` as (start, end, text)."""
    return _tokens_after(compiled().token, text, pos, limit, reach)


def _tokens_after(token: regex.Pattern | re.Pattern, text: str, pos: int, limit: int, reach: int) -> list[tuple[int, int, str]]:
    matches = token.finditer(text, pos, min(len(text), pos + reach))
    return [(match.start(), match.end(), match.group()) for match in islice(matches, limit)]


_BEFORE_REACH = 110


def words_before(text: str, pos: int, floor: int, limit: int = 12) -> list[tuple[int, int, str]]:
    """The last ``limit`` tokens between ``floor`` and ``pos``, nearest first."""
    return _tokens_before(compiled().token, text, pos, max(floor, pos - _BEFORE_REACH))[:limit]


def _tokens_before(token: regex.Pattern | re.Pattern, text: str, pos: int, low: int) -> list[tuple[int, int, str]]:
    """All tokens between ``low`` and ``pos``, nearest first."""
    tokens = [(m.start(), m.end(), m.group()) for m in token.finditer(text, low, pos)]
    tokens.reverse()
    return tokens


class TokenWindows:
    """:func:`words_after`, :func:`words_before`, :func:`sentence_start` and the unit after a
    number of one text, each computed once.

    Several rules look at the same claim's start and end (its counted noun,
    percent cues, parallels, the owner of its measure); one instance serves
    one ``recognise()`` or ``attribute()`` call and is dropped with it.
    A longer window after a position goes on from the last token of a
    shorter one, and a window before a position is cut from a wider one:
    the token pattern looks at nothing before a token, so a scan that
    passes a position between tokens tokenises the rest as a scan starting
    there would. A text of :func:`ascii_words` is tokenised by ``Grammar.ascii_token``.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii_words = ascii_words(text)
        self._token = compiled().ascii_token if self.ascii_words else compiled().token
        self._after: dict[int, tuple[list[tuple[int, int, str]], bool]] = {}
        self._before: dict[int, tuple[int, list[tuple[int, int, str]]]] = {}
        self._stretches: dict[int, list[tuple[int, list[tuple[int, int, bool]]]]] = {}
        self._units: dict[int, tuple[UnitInfo, int] | None] = {}

    def after(self, pos: int, limit: int = 12) -> list[tuple[int, int, str]]:
        """``words_after(text, pos, limit)``."""
        tokens, complete = self._after.get(pos, ([], False))
        if len(tokens) < limit and not complete:
            resume = tokens[-1][1] if tokens else pos
            more = _tokens_after(self._token, self.text, resume, limit - len(tokens), pos + _AFTER_REACH - resume)
            complete = len(more) < limit - len(tokens)
            tokens = tokens + more
            self._after[pos] = (tokens, complete)
        return tokens[:limit]

    def before(self, pos: int, floor: int, limit: int = 12) -> list[tuple[int, int, str]]:
        """``words_before(text, pos, floor, limit)``."""
        low = max(floor, pos - _BEFORE_REACH)
        scanned_low, tokens = self._before.get(pos, (pos + 1, []))
        if scanned_low <= low:
            kept = 0
            while kept < len(tokens) and tokens[kept][0] >= low:
                kept += 1
            if kept == len(tokens) or tokens[kept][1] <= low:
                return tokens[:min(kept, limit)]
            return _tokens_before(self._token, self.text, pos, low)[:limit]  # a token of the wider scan runs across ``low``
        tokens = _tokens_before(self._token, self.text, pos, low)
        self._before[pos] = (low, tokens)
        return tokens[:limit]

    def sentence_start(self, pos: int, reach: int = 400) -> int:
        """``sentence_start(text, pos, reach)``, read back from ``pos`` a stretch at a time.

        A sentence break holds no letter or digit, so no break runs across a
        position after one: the scan from the floor passes it and finds, in
        the stretch after it, what a scan of that stretch alone finds. The
        stretches nearest ``pos`` usually hold the break sought, and serve
        every reach.
        """
        floor = max(0, pos - reach)
        stretches = self._stretches.setdefault(pos, [])
        high, index = pos, 0
        while True:
            if index == len(stretches):
                stretches.append(_sentence_stretch(self.text, high))
            low, breaks = stretches[index]
            if low <= floor:
                breaks = breaks if low == floor else _sentence_breaks(self.text, floor, high)
                return _last_sentence_end(breaks, floor)
            end = _last_sentence_end(breaks, low)
            if end > low:
                return end
            high, index = low, index + 1

    def unit_at(self, pos: int) -> tuple[UnitInfo, int] | None:
        """The unit right after a number ending at ``pos`` and where it ends, or None."""
        if pos in self._units:
            return self._units[pos]
        unit = self._units[pos] = _unit_at(self.text, pos)
        return unit


def is_word(token: str) -> bool:
    """A word of a noun phrase: letters, or a digit glued to a capital (``3D printers``, ``5G stations``)."""
    return token[0].isalpha() or (len(token) == 2 and token[0].isdigit() and token[1].isupper())


def counted_noun_phrase(windows: TokenWindows, pos: int) -> tuple[int, int] | None:
    """The noun phrase a count counts, starting after ``pos``: ``528 bearing processing enterprises``.

    It must start on a content word after whitespace: not a function word
    (``80 ourselves``, ``3 are``) nor part of code (``4369523 hv/doc-fixes``).
    It stops at function words, clause punctuation, a verb after a plural
    head, or six words; comma lists of single modifiers (``international,
    national, and group-level standards``) and partitives (``types of parts``)
    are kept whole.
    """
    text = windows.text
    if pos >= len(text) or not text[pos].isspace():
        return None
    g = compiled()
    cues = g.cues
    tokens = windows.after(pos, limit=16)
    start = end = None
    participle_first = False
    words = 0
    plural_seen = False
    index = 0
    while index < len(tokens):
        tok_start, tok_end, tok = tokens[index]
        lower = tok.lower()
        if tok.startswith("("):
            if start is None:
                return None
            index += 1
            continue
        if not is_word(tok):
            if tok == "," and words == 1 and end is not None and not text[start:end].lower().endswith("s"):
                following = tokens[index + 1][2].lower() if index + 1 < len(tokens) else ""
                if following == "and":
                    index += 1
                    following = tokens[index + 1][2].lower() if index + 1 < len(tokens) else ""
                if following and following[0].isalpha() and following not in cues.stopwords:
                    words = 0
                    index += 1
                    continue
            break
        if lower in ("and", "or") and start is not None and index + 1 < len(tokens):
            following = tokens[index + 1][2]
            if following[0].isalpha() and following.lower() not in cues.stopwords:
                index += 1
                continue
            break
        if lower == "of" and start is not None and text[start:end].split()[-1].lower() in cues.partitive_nouns:
            index += 1
            continue
        if lower in cues.stopwords or lower in cues.time_words and start is None:
            break
        if plural_seen and (lower.endswith("ed") or lower in ("sold", "made", "built", "held", "seen")):
            break
        if lower.endswith("ly") and len(lower) > 4:
            break
        if start is None:
            if lower in cues.time_words or lower in g.function_words or text[tok_end:tok_end + 1] in _CODE_PUNCTUATION:
                return None
            start = tok_start
            participle_first = lower.endswith("ed") and "-" not in lower
        end = tok_end
        words += 1
        plural_seen = plural_seen or (lower.endswith("s") and not lower.endswith("ss"))
        if words >= 6:
            break
        index += 1
    if start is None or end is None or (participle_first and words < 2 and " " not in text[start:end]):
        return None
    return start, end


# --------------------------------------------------------------------------
# Recognition


@dataclass
class _Number:
    start: int
    end: int
    value: Decimal
    scaled: bool
    is_word: bool
    is_fraction: bool


def _negated(found: Mention) -> Mention:
    """The same claim with its sign turned: a fall. A range's ends swap so that low <= high stays true."""
    return replace(found, value=_neg(found.value), low=_neg(found.high), high=_neg(found.low))


#: around a position: the token before it, whitespace skipped (a run of word characters or one other
#: character), the character there, and the character after the run of digits there (if any)
_AROUND = regex.compile(r"(?<=(\w+|[^\w\s])?\s*)(?=(.?))\d*+(.?)", regex.DOTALL)
_SPACE = regex.compile(r"\s")
_DIGIT_RUN = regex.compile(r"\d+")


class Exclusions:
    """The exclusion patterns of ``exclusions.yaml``, tried at a position only where they can match.

    Whether some pattern matches at a position is whether their alternation does; each entry names
    the characters its match starts with, the tokens that can precede it and the characters that
    can follow its leading digits, so a position is tried against the alternation of just the
    entries whose conditions it meets, compiled once per such set. Where one of these characters
    or tokens is not ASCII, case-insensitive matching may equate it with an ASCII letter, so that
    condition is not used.
    """

    #: how many surroundings (token before, first character, character after the digits) to remember
    _REMEMBERED = 4096

    def __init__(self, table: ExclusionsTable) -> None:
        self._entries = table.patterns
        self._tokens = frozenset(token for entry in self._entries.values() for token in entry.follows or ())
        self._whole = self._alternation(tuple(self._entries))
        self._by_surroundings: dict[tuple[str | None, str, str], regex.Pattern | None] = {}
        self._by_names: dict[tuple[str, ...], regex.Pattern | None] = {}

    def match(self, text: str, pos: int) -> bool:
        """Whether an exclusion pattern matches at ``pos``."""
        surroundings = _AROUND.match(text, pos).groups()
        pattern = self._by_surroundings.get(surroundings, self)
        if pattern is self:
            if len(self._by_surroundings) >= self._REMEMBERED:
                self._by_surroundings.clear()
            pattern = self._by_surroundings[surroundings] = self._for_surroundings(*surroundings)
        return pattern is not None and pattern.match(text, pos) is not None

    def _for_surroundings(self, token: str | None, first: str, then: str) -> regex.Pattern | None:
        """The alternation of the entries that can match at a position that starts with ``first``,
        after ``token``, where ``then`` follows the digits it starts with (if it does)."""
        ascii_first = first.isascii()
        first_digit = ascii_first and first.isdigit()
        first = first.lower()
        if not first_digit:
            then = None
        elif _SPACE.fullmatch(then):
            then = " "
        else:
            then = then.lower() if then.isascii() else None
        token = token or ""
        ascii_token = token.isascii()
        token = _DIGIT_RUN.sub("0", token.lower())
        names = tuple(
            name
            for name, entry in self._entries.items()
            if (not ascii_first or entry.starts is None or first in entry.starts.lower())
            and (not ascii_token or entry.follows is None or token in entry.follows)
            and (then is None or entry.after_digits is None or then in entry.after_digits.lower())
        )
        if names not in self._by_names:
            self._by_names[names] = self._alternation(names) if names else None
        return self._by_names[names]

    def _alternation(self, names: tuple[str, ...]) -> regex.Pattern:
        # The never-matching last branch keeps a lone pattern from being searched for its literal
        # words ("year", "plan") through the rest of the text before each anchored match.
        branches = "".join(f"(?:{self._entries[name].pattern})|" for name in names)
        return regex.compile(f"{branches}(?!)", regex.IGNORECASE | regex.MULTILINE)


def _excluded(text: str, pos: int) -> bool:
    """Whether the number starting at ``pos`` is a date, code, name or set reference."""
    return compiled().exclusions.match(text, pos)


def _read_number(match: regex.Match, text: str) -> _Number | None:
    digits = match["digits"]
    if digits:
        if len(digits) > 1 and digits[0] == "0" and digits[1] != "." and "/" not in digits:
            return None  # 04, 0098: codes and clock parts, not amounts
        value = parse_digits(digits)
        if value is None:
            return None
        is_fraction = "/" in digits
        scale_word = match["glued"] or match["scale"]
        if is_fraction and scale_word:
            return None
        scaled = bool(scale_word)
        if scale_word:
            value *= scale_of(scale_word)
        end = match.end()
        if end < len(text) and (text[end].isalnum() or text[end] == "_"):
            # "4th", "1990s", "3D" are ordinals, decades and codes; "600MW", "20kg" carry a glued unit
            glued_unit = compiled().unit_after.match(text, end)
            if not (text[end].isalpha() and glued_unit and glued_unit.start("symbol") == end):
                return None
        return _Number(match.start(), end, value, scaled, False, is_fraction)
    if match["fraction"]:
        value = parse_number(match["fraction"])
        if value is None:
            return None
        return _Number(match.start(), match.end(), value, False, True, True)
    words = match["words"]
    value = parse_number(words)
    if value is None:
        return None
    scales = grammar().table.scales
    scaled = any(word in scales for word in words.lower().split())
    if match["wscale"]:
        value *= scale_of(match["wscale"])
        scaled = True
    return _Number(match.start(), match.end(), value, scaled, True, False)


def _unit_at(text: str, pos: int) -> tuple[UnitInfo, int] | None:
    g = compiled()
    match = g.unit_after.match(text, pos)
    if not match:
        return None
    if match["age"]:
        return g.words_by_surface[_fold(match["age"].strip())], match.end()
    if match["hword"]:
        return g.words_by_surface[_fold(match["hword"].replace("-", " "))], match.end()
    if match["hsymbol"]:
        return g.symbols_by_surface[match["hsymbol"]], match.end()
    if match["word"]:
        info = g.words_by_surface.get(_fold(match["word"]))
        if info is None:
            return None
        return info, match.end()
    if match["symbol"]:
        if match["symbol"] == "%" or match.start("symbol") == pos or not match["symbol"].isalpha() or len(match["symbol"]) > 1:
            return g.symbols_by_surface[match["symbol"]], match.end()
    return None


def _resolve_currency(
    info: UnitInfo, ctx: Context, text: str, windows: TokenWindows, start: int, found: list[Mention]
) -> str:
    """The currency of a unit: by the source's locale (bare yuan in Taiwan), and for a bare
    ``cents`` that of the amount before it in the sentence (``HK$1.20, up from 95 cents``)."""
    if info.borrows and found and found[-1].kind in ("money", "rate") and found[-1].unit in info.borrows:
        if found[-1].end > windows.sentence_start(start):
            return found[-1].unit
    return dict(info.locale).get(ctx.locale or "", info.unit)


def _is_year(number: _Number, text: str) -> bool:
    raw = text[number.start:number.end]
    return raw.isdigit() and len(raw) == 4 and 1800 <= int(raw) <= 2199


def _percent_reading(
    text: str, windows: TokenWindows, start: int, end: int, previous: list[Mention]
) -> tuple[str, bool]:
    """Share or growth for a percentage, and whether it reports a fall (negative).

    A growth word right after the unit decides (``a 3% drop``, ``72% more``);
    a comparison there (``year-on-year``) makes a growth rate whose sign the
    words before give (``slipped 1.2 pct year-on-year`` falls); otherwise the nearest cue word on the left within the sentence does, and
    a sentence that already gave a percentage lends its reading to the next
    one (``rose 8% in January and by 24% in China``). ``dropped to 55%`` and
    ``widened from 20%`` are levels, so shares.
    """
    cues = compiled().cues
    after = windows.after(end, limit=2)
    compared = False
    if after:
        first = after[0][2].lower()
        if first in cues.growth_down_after:
            return "growth", True
        if first in cues.growth_up_after:
            return "growth", False
        compared = first in cues.growth_compared_after
    kind, falls = _percent_cue_before(text, windows, start, previous)
    return ("growth", falls) if compared else (kind, falls)


def _percent_cue_before(text: str, windows: TokenWindows, start: int, previous: list[Mention]) -> tuple[str, bool]:
    """The reading the words before a percentage give: the nearest cue of its sentence."""
    cues = compiled().cues
    floor = windows.sentence_start(start, reach=200)
    last_percent = None
    for earlier in reversed(previous):
        if earlier.end <= floor:
            break
        if earlier.unit in ("%", "pp"):
            last_percent = earlier
            break
    before = windows.before(start, floor, limit=9)
    if before and before[0][2].lower() == "to":
        after_verb = len(before) >= 2 and before[1][2].lower() in compiled().change_words
        after_change = last_percent is not None and text[last_percent.end:start].strip().lower() == "to"
        if after_verb or after_change:
            return "share", False
    if len(before) >= 2 and before[0][2].lower() == "from" and before[1][2].lower() in cues.level_verbs:
        return "share", False  # "widened from 20% to 25%": both are levels
    for index, (tok_start, _tok_end, tok) in enumerate(before):
        if last_percent is not None and tok_start < last_percent.end:
            reference = last_percent.value if last_percent.value is not None else last_percent.high
            return last_percent.kind, last_percent.kind == "growth" and reference is not None and reference < 0
        lower = tok.lower()
        particle_of = cues.share_particles.get(lower)
        if particle_of and index + 1 < len(before) and before[index + 1][2].lower() in particle_of:
            return "share", False
        if lower in cues.growth_down:
            return "growth", True
        if lower in cues.growth_up:
            preceding = before[index + 1][2].lower() if index + 1 < len(before) else ""
            return "growth", preceding == "negative"
        if lower in cues.share:
            return "share", False
    return "share", False


def _matches_at(pattern: regex.Pattern, text: str, starts: list[int]) -> Iterator[regex.Match]:
    """What ``pattern.finditer(text)`` finds, for a pattern whose matches all begin at one of ``starts``.

    The number and ordinal grammars are long case-insensitive alternations;
    trying them only where a digit run or a number word starts is several
    times cheaper than scanning every position.
    """
    end = 0
    for pos in starts:
        if pos >= end:
            match = pattern.match(text, pos)
            if match:
                yield match
                end = match.end()


def number_starts(text: str, words_are_ascii: bool = False) -> list[int]:
    """Where a number can start, in order: digit runs and number words.

    The two scans find what one alternation of both finds (a digit run holds
    no letter and a number word no digit, and neither starts next to the
    other: no word boundary separates a digit from a letter), for two thirds
    of its cost: the engine tries both branches at every position. In a text
    of :func:`ascii_words` (say so with ``words_are_ascii``), ``re`` finds the words.
    """
    g = compiled()
    word_start = g.ascii_word_start if words_are_ascii else g.word_start
    return sorted([m.start() for m in g.digit_start.finditer(text)] + [m.start() for m in word_start.finditer(text)])


def recognise(text: str, ctx: Context, *, windows: TokenWindows | None = None) -> list[Mention]:
    """Every English numeric claim in ``text``, sorted by start and non-overlapping.

    ``windows`` may be shared with :func:`clusterfacts.attribute.en.attribute`
    on the same text, which looks at the same positions again.
    """
    g = compiled()
    windows = TokenWindows(text) if windows is None else windows
    starts = number_starts(text, windows.ascii_words)
    found: list[Mention] = []
    consumed_until = 0
    for match in _matches_at(g.number, text, starts):
        if match.start() < consumed_until:
            continue
        first = _read_number(match, text)
        result = None if first is None or _excluded(text, first.start) else _claim_at(text, windows, first, ctx, found)
        if result is not None:
            found.append(result)
            consumed_until = result.end
        else:
            # "Airbus 320-200", "pages 3-5": the parts after a hyphen share the fate of the first
            run = _HYPHEN_RUN.match(text, match.end())
            consumed_until = run.end() if run else consumed_until
    found.extend(_ranks(text, found, starts))
    found.extend(_article_durations(text, windows, found))
    found.sort(key=lambda f: (f.start, -f.end))
    mentions: list[Mention] = []
    last_end = -1
    for item in found:
        if item.start >= last_end:
            mentions.append(item)
            last_end = item.end
    return mentions


# The never-matching branch keeps the regex module from searching the rest of the text for "more"
# before each match at a number (28 µs to 1 µs a call on a 6,000-character text).
_MORE_AFTER = regex.compile(r"\s+(?i:more)\b|(?!)")
_CLAUSE_END = regex.compile(r"\s*(?:[.;,!?)]|\Z)")
_BETWEEN_BEFORE = regex.compile(_ending_here(r"(?i)\bbetween\s+(?:\S+\s+)?\Z"))
_FROM_BEFORE = regex.compile(_ending_here(r"(?i)\bfrom\s+\Z"))
_TO_AFTER = regex.compile(r"\s+to\s+")
_PROPORTION_JOINT = regex.compile(r"\s+(?:in|out\s+of)\s+(?:every\s+)?")
_HYPHEN_RUN = regex.compile(r"(?:-\d[\d,.]*)+")
_NAME_BEFORE = regex.compile(_ending_here(r"([A-Z][A-Za-z]*)[ \t]+\Z"))
_PAREN_OPEN = regex.compile(r"\s*\(\s*")
_LIST_SEPARATOR = regex.compile(r"\s*[;,/]\s*")
_GLUED_SCALE = regex.compile(r"[A-Za-z]+\Z")
_SIGNS_NEGATIVE = ("-", "−")
# Glued to a word, these make it part of code, a path or an identifier (hv/doc-fixes, FUNC_COPY, x=1).
_CODE_PUNCTUATION = frozenset("/\\_=<>{}[]|@#$`")
_QUOTES = frozenset("\"'“”‘’`")
_OPERATOR_BEFORE = regex.compile(_ending_here(r"[=\[{|<>&][ \t]*\Z"))
_OPERATOR_AFTER = regex.compile(r"[ \t]*[=\]}|<>&]")
_DASHES = ("-", "–", "—", "~")
# Between coordinated ranks: "3rd and 9th", "ninth in Asia and 23rd in the world", "first nationwide, fifth globally".
_RANK_COORDINATION = regex.compile(
    r"(?:\s+(?:in|among|across|on|within|for|worldwide|globally|nationally|nationwide|overall)\b[^,.;:\d\n]{0,40}?)?"
    r"\s*(?:,\s*)?(?:and|or|,|while|but)\s+(?:(?:was|is|ranked|ranks|ranking|came)\s+)?"
)


def _range_partner(text: str, windows: TokenWindows, first: _Number) -> _Number | None:
    """The upper end of ``3-5``, ``three to five``, ``two or three``, ``between 40% and 50%``, ``$3-5 million``."""
    g = compiled()
    sep = g.range_separator.match(text, first.end)
    first_unit = None
    if not sep:
        # "40% and 50%", "3%-5%": the first number may repeat the unit of the second
        unit = windows.unit_at(first.end)
        if unit is None or unit[0].family not in ("percent", "money"):
            return None
        first_unit = unit[0]
        sep = g.range_separator.match(text, unit[1])
        if not sep:
            return None
    word = sep.group().strip().lower()
    if word == "and" and not _BETWEEN_BEFORE.search(text, max(0, first.start - 30), first.start):
        return None
    if word == "to" and (first_unit is not None or first.scaled or _FROM_BEFORE.search(text, max(0, first.start - 10), first.start)):
        # "rose 300 mln yuan to 2.1 bln yuan", "from 54 billion to 56 billion" and "widened from
        # 20 to 25 pct" state a change and a level; "ranging from 20 to 25 pct" is one range
        changes = g.change_before.search(text, max(0, first.start - 40), first.start)
        if changes or first.scaled and _FROM_BEFORE.search(text, max(0, first.start - 10), first.start):
            return None
    prefix = g.prefix_at.match(text, sep.end())
    glued_scale = text[first.end - 1:first.end].isalpha()
    second_match = (g.range_end if glued_scale else g.number).match(text, prefix.end() if prefix else sep.end())
    if not second_match:
        return None
    second = _read_number(second_match, text)
    if second is None or second.is_fraction or _excluded(text, second.start):
        return None
    if (word in _DASHES or word == "or") and first.is_word != second.is_word:
        return None  # "two or three years" and "5 or 6 firms" are ranges; "one or 2" is not written
    if first_unit is not None:
        second_unit = windows.unit_at(second.end)
        if second_unit is None or second_unit[0] != first_unit:
            return None
    return second


_SIGNED_KINDS = frozenset({"money", "count", "mass", "area", "energy", "power", "length", "volume", "rate"})


def _claim_at(text: str, windows: TokenWindows, first: _Number, ctx: Context, found: list[Mention]) -> Mention | None:
    """The claim around one number, signed when it states a fall (percentages sign themselves)."""
    result = _resolve_claim(text, windows, first, ctx, found)
    if result is None or result.kind not in _SIGNED_KINDS or _is_negative(result):
        return result
    if result.rule == "en.money.conversion":
        falls = _is_negative(found[-1])  # "fell by 2 bln yuan ($290 mln)": the conversion falls too
    else:
        falls = compiled().fall_before.search(text, max(0, result.start - 40), result.start) is not None
    return _negated(result) if falls else result


def _is_negative(found: Mention) -> bool:
    return any(x is not None and x < 0 for x in (found.value, found.low, found.high))


def _resolve_claim(
    text: str, windows: TokenWindows, first: _Number, ctx: Context, found: list[Mention]
) -> Mention | None:
    """Resolve the claim around one number, or None when it asserts no quantity."""
    g = compiled()
    low = high = None
    last = first
    second = None if first.is_fraction else _range_partner(text, windows, first)
    if second is not None:
        low_value = first.value
        second_scale = _scale_of_number(text, second)
        if second.scaled and not first.scaled and first.value < second.value / second_scale:
            low_value = first.value * second_scale  # "3 to 5 million": the scale is shared
        if low_value < second.value:
            low, high, last = low_value, second.value, second
        else:
            second = None
    is_range = second is not None
    start, end = first.start, last.end
    if is_range:
        between = _BETWEEN_BEFORE.search(text, max(0, start - 30), start)
        if between:
            start = between.start()  # "between 40% and 50%" is one span

    qualifier = "exact"
    prefix_info = None
    negative_sign = False
    left = g.left_context.search(text, max(0, start - 40), start)
    if left and (left["qual"] or left["cur"] or left["sign"]):
        if left["qual"]:
            qualifier = g.qualifier_before_by_phrase[_fold(left["qual"])]
        if left["cur"]:
            prefix_info = g.prefixes[left["cur"]]
        negative_sign = left["sign"] in _SIGNS_NEGATIVE
        start = left.start()
    if not is_range and prefix_info is None and not first.is_fraction:
        whole = _proportion_whole(text, first)
        if whole is not None:  # "seven in ten farmers": a share of the farmers
            return Mention(start, whole.end, first.value / whole.value, None, None, "ratio", "share", qualifier,
                          "en.fraction.proportion")
    attached = None if last.is_fraction else g.qualifier_attached.match(text, last.end)
    if attached:
        qualifier = g.qualifier_attached_by_phrase[attached.group().lower()]
        end = attached.end()
    unit = None if last.is_fraction and not is_range else windows.unit_at(end)
    if unit is not None and not (prefix_info is not None and unit[0].family != "money"):
        end = unit[1]
    else:
        unit = None if prefix_info is not None else unit
    scale = Decimal(1)
    if unit is None and prefix_info is None and not is_range and not first.is_fraction:
        level = _level_after(text, windows, first)
        if level is not None:
            prefix_info, unit, scale = level
            unit = None if unit is None else (unit, end)
    after_qualifier = g.qualifier_after.match(text, end)
    if after_qualifier:
        qualifier = g.qualifier_after_by_phrase[_fold(after_qualifier["q"])]
        end = after_qualifier.end()
    value = None if is_range else first.value * scale
    if negative_sign:
        value, low, high = _neg(value), _neg(high), _neg(low)

    def make(unit_code: str, kind: str, rule: str, factor: Decimal = Decimal(1)) -> Mention:
        v, lo, hi = (x * factor if x is not None else None for x in (value, low, high))
        return Mention(start, end, v, lo, hi, unit_code, kind, qualifier, rule)

    if (prefix_info is not None and unit is None and not is_range
            and _is_placeholder(text, windows, left.start("cur"), first)):
        return None
    if prefix_info is not None or (unit is not None and unit[0].family == "money"):
        info = prefix_info if unit is None else unit[0]
        result = make(_resolve_currency(info, ctx, text, windows, start, found), "money",
                      "en.money.range" if is_range else "en.money.amount", info.factor)
        if g.rate_after.match(text, end):
            result = replace(result, kind="rate")
        return _as_conversion(text, result, found)
    if unit is not None:
        info = unit[0]
        if info.family in ("percent", "points"):
            kind, falls = _percent_reading(text, windows, start, end, found)
            rule = "en.percent.points" if info.family == "points" else f"en.percent.{kind}"
            result = make(info.unit, kind, rule + (".range" if is_range else ""))
            return _negated(result) if falls and not negative_sign else result
        if info.family == "measure":
            canonical_unit, _factor, kind = CONVERSIONS[info.unit]
            v, lo, hi = (to_canonical(x * info.factor, info.unit)[0] if x is not None else None for x in (value, low, high))
            if g.rate_after.match(text, end):
                kind = "rate"
            return Mention(start, end, v, lo, hi, canonical_unit, kind, qualifier,
                          f"en.quantity.{kind}" + (".range" if is_range else ""))
        if _is_year(first, text) or first.is_fraction:
            return None
        if info.family == "age":
            return make(info.unit, "age", "en.age.amount", info.factor)
        over = left is not None and left["qual"] is not None and _fold(left["qual"]) == "over"
        start, qualifier = _duration_qualifier(text, windows, left.start() if over else None, first.start, start, end,
                                               qualifier, is_range)
        return make(info.unit, "duration", "en.duration.range" if is_range else "en.duration.amount", info.factor)
    if first.is_fraction:
        return _fraction(text, windows, first, start, end, qualifier, found)
    if is_range:
        # "between 300 and 350 workers" counts; a bare range (pages 3-5, 737-800 jets) does not
        integral = low == low.to_integral_value() and high == high.to_integral_value()
        if (not integral or _is_year(first, text) or _preceded_by_name(text, first.start)
                or counted_noun_phrase(windows, end) is None):
            return None
        return Mention(start, end, None, low, high, "count", "count", qualifier, "en.count.range")
    if _is_year(first, text) and qualifier == "exact":
        return None  # a year says nothing measurable
    return _bare(text, windows, first, start, end, qualifier, found)


def _duration_qualifier(
    text: str, windows: TokenWindows, over_at: int | None, number_start: int, start: int, end: int, qualifier: str,
    is_range: bool,
) -> tuple[int, str]:
    """The span start and qualifier of a duration, read by its preposition.

    ``over five years`` is a span of time (exact, and ``over`` is no part of
    the claim) unless it means more than: after ``for``, ``of``, ``took`` and
    the like (``for over 50 years``) or before ``ago``, ``old`` or ``of``
    (``over 20 years of experience``). ``within three years`` is at most
    three years; a range keeps its own qualifier.
    """
    g = compiled()
    if over_at is not None:
        before = windows.before(over_at, max(0, over_at - 30), limit=1)
        after = windows.after(end, limit=1)
        means_more = (before and before[0][2].lower() in g.cues.over_means_more_after) or (
            after and after[0][2].lower() in g.cues.over_means_more_before)
        return (start, qualifier) if means_more else (number_start, "exact")
    if qualifier == "exact" and not is_range:
        within = g.duration_qualifier_before.search(text, max(0, start - 20), start)
        if within:
            return within.start(), g.duration_qualifier_by_phrase[_fold(within["qual"])]
    return start, qualifier


def _is_placeholder(text: str, windows: TokenWindows, symbol_start: int, number: _Number) -> bool:
    """``"$1"``, ``[ $2 ]``, ``echo $1 > out``: a positional parameter of a shell script or a regex, not money.

    Only plain digits count, quoted or next to code punctuation or operators,
    and not after a verb that pays (``paid "$1"``): a scale or a unit word
    makes money before this is asked.
    """
    if number.scaled or not text[number.start:number.end].isdigit():
        return False
    before, after = text[symbol_start - 1:symbol_start], text[number.end:number.end + 1]
    quoted = before in _QUOTES and after in _QUOTES
    coded = (
        before in _CODE_PUNCTUATION or after in _CODE_PUNCTUATION
        or _OPERATOR_BEFORE.search(text, max(0, symbol_start - 4), symbol_start)
        or _OPERATOR_AFTER.match(text, number.end)
    )
    if not (quoted or coded):
        return False
    verb = windows.before(symbol_start, max(0, symbol_start - 30), limit=2)
    return not any(tok.lower() in compiled().cues.nominalisations for _s, _e, tok in verb)


def _proportion_whole(text: str, part: _Number) -> _Number | None:
    """The ``ten`` of ``seven in ten`` or ``3 out of every 5``: a whole larger than its part."""
    joint = _PROPORTION_JOINT.match(text, part.end)
    if not joint or part.value != part.value.to_integral_value():
        return None
    match = compiled().number.match(text, joint.end())
    whole = _read_number(match, text) if match else None
    if whole is None or whole.is_fraction or whole.scaled or whole.is_word != part.is_word or _is_year(whole, text):
        return None
    return whole if part.value < whole.value and whole.value == whole.value.to_integral_value() else None


def _level_after(
    text: str, windows: TokenWindows, first: _Number
) -> tuple[UnitInfo | None, UnitInfo | None, Decimal] | None:
    """``from 20 to 25 pct``, ``from 54 to 56 billion dlrs``: a bare start level takes the unit of its end.

    Returns the currency prefix, the unit and the scale the start shares, or
    None when ``first`` does not open a ``from ... to ...`` pair.
    """
    g = compiled()
    if not _FROM_BEFORE.search(text, max(0, first.start - 10), first.start):
        return None
    to = _TO_AFTER.match(text, first.end)
    if not to:
        return None
    prefix = g.prefix_at.match(text, to.end())
    second_match = g.number.match(text, prefix.end() if prefix else to.end())
    second = _read_number(second_match, text) if second_match else None
    if second is None or second.is_fraction:
        return None
    unit = windows.unit_at(second.end)
    prefix_info = g.prefixes[prefix.group().strip()] if prefix else None
    if prefix_info is None and unit is None:
        return None
    second_scale = _scale_of_number(text, second)
    shares_scale = second.scaled and not first.scaled and first.value < second.value / second_scale
    return prefix_info, None if unit is None else unit[0], second_scale if shares_scale else Decimal(1)


def _neg(value: Decimal | None) -> Decimal | None:
    return None if value is None else -value


def _scale_of_number(text: str, number: _Number) -> Decimal:
    """The scale a number carries (``5 million`` -> 1e6), so ``3 to 5 million`` can lend it to 3."""
    raw = text[number.start:number.end]
    for word in reversed(raw.lower().split()):
        scale = scale_of(word)
        if scale:
            return scale
    glued = _GLUED_SCALE.search(raw)
    return (scale_of(glued.group()) if glued else None) or Decimal(1)


def _as_conversion(text: str, result: Mention, found: list[Mention]) -> Mention:
    """``over 30 million yuan ($4.69 million)``: a conversion shares the qualifier of its amount.

    Several conversions may share the parentheses: ``2.572 trillion yuan ($311bn; £165bn)``.
    """
    if not found or found[-1].kind not in ("money", "rate"):
        return result
    previous = found[-1]
    opens = _PAREN_OPEN.fullmatch(text, previous.end, result.start)
    continues = previous.rule == "en.money.conversion" and _LIST_SEPARATOR.fullmatch(text, previous.end, result.start)
    if opens or continues:
        qualifier = previous.qualifier if result.qualifier == "exact" else result.qualifier
        return replace(result, qualifier=qualifier, rule="en.money.conversion")
    return result


def _fraction(
    text: str, windows: TokenWindows, number: _Number, start: int, end: int, qualifier: str, found: list[Mention]
) -> Mention | None:
    """``over 1/4 of the market`` is a share; ``one-fifth`` alone a ratio; ``half`` needs its ``of``.

    After a verb of change a fraction is the size of the change, a growth rate
    in percent (``dropped by a fifth`` is -20 %, ``rose by half`` +50 %, but
    not ``rose by half a point``); an
    article fraction right after an amount is the period of a rate (``9% a
    quarter``), no claim.
    """
    g = compiled()
    cues = g.cues
    after = windows.after(end, limit=6)
    followed_by_of = bool(after) and after[0][2].lower() == "of"
    raw = text[number.start:number.end].lower()
    following = after[0][2].lower() if after else ""
    if not followed_by_of and number.value < 1:
        change = g.fraction_change_before.search(text, max(0, start - 40), start)
        # "rose by half after ..." ends the change; "half a point", "a quarter point" measure something else
        ends = not following[:1].isalpha() or (following in cues.stopwords and following not in ("a", "an"))
        if change and ends and (change["by"] or raw != "half"):
            falls = change["verb"].lower() in cues.growth_down
            value = number.value * 100
            return Mention(start, end, -value if falls else value, None, None, "%", "growth", qualifier,
                          "en.fraction.change")
        if found and raw.split()[0] in grammar().table.articles and not text[found[-1].end:start].strip():
            return None
    if not followed_by_of and (number.value >= 1 or raw == "half" or following in ("point", "points", "percentage")):
        return None  # "a quarter point" is a size in points, not a fraction of anything
    floor = windows.sentence_start(start, reach=200)
    shares = (
        followed_by_of
        or any(t[2].lower() in cues.share for t in windows.before(start, floor, limit=6))
        or any(t[2].lower() in cues.share for t in after)
    )
    kind = "share" if shares else "ratio"
    return Mention(start, end, number.value, None, None, "ratio", kind, qualifier, f"en.fraction.{kind}")


def _preceded_by_name(text: str, start: int) -> bool:
    """``Boeing 737``, ``Windows 10``, ``Big Four``: a number right after a proper name."""
    match = _NAME_BEFORE.search(text, max(0, start - 30), start)
    if not match or match.group(1).lower() in compiled().cues.stopwords:
        return False
    before = text[max(0, match.start() - 3):match.start()].rstrip()
    return bool(before) and before[-1] not in ".!?\"“"


def _bare(
    text: str, windows: TokenWindows, number: _Number, start: int, end: int, qualifier: str, found: list[Mention]
) -> Mention | None:
    """A number with no unit: a count with its noun (``180 more jobs`` too), an elliptic count
    (``employs 300 workers and will hire 180 more``), or an amount in parallel."""
    g = compiled()
    if _preceded_by_name(text, number.start):
        return None
    noun = counted_noun_phrase(windows, end)
    integral = number.value == number.value.to_integral_value()
    more = _MORE_AFTER.match(text, end) if noun is None and integral else None
    if more is not None:
        # "180 more jobs" counts jobs; "hire 180 more." counts what the count before it in the sentence counts
        if windows.unit_at(more.end()) is None and counted_noun_phrase(windows, more.end()) is not None:
            return Mention(start, more.end(), number.value, None, None, "count", "count", qualifier,
                          "en.count.number_noun")
        sentence = windows.sentence_start(start)
        following = windows.after(more.end(), limit=1)
        ends = _CLAUSE_END.match(text, more.end()) or (following and following[0][2].lower() in g.cues.time_words)
        if ends and any(f.kind == "count" and f.end > sentence for f in found):
            return Mention(start, more.end(), number.value, None, None, "count", "count", qualifier, "en.count.more")
    if noun is not None and (integral or number.scaled):
        return Mention(start, end, number.value, None, None, "count", "count", qualifier, "en.count.number_noun")
    if integral and not number.scaled and g.elliptic_before.search(text, max(0, start - 40), start):
        following = text[end:end + 2].lstrip()
        if not following or following[0] in ",.;)":
            return Mention(start, end, number.value, None, None, "count", "count", qualifier, "en.count.elliptic")
    return _parallel(text, windows, number, start, end, qualifier, found)


def _parallel(
    text: str, windows: TokenWindows, number: _Number, start: int, end: int, qualifier: str, found: list[Mention]
) -> Mention | None:
    """``rose to 15.7 billion dlrs from 13.1 billion``: a bare amount takes its partner's unit.

    The partner is the last money amount or count of the same sentence; a
    scaled amount (``About three billion of the funds``) may also reach back
    to a money amount of the previous sentences, within 400 characters.
    """
    g = compiled()
    connector = g.parallel_before.search(text, max(0, start - 25), start)
    if not found or not (number.scaled or connector):
        return None
    if not number.scaled:
        following = windows.after(end, limit=1)
        if following and following[0][2].lower() == "of":
            return None
    sentence = windows.sentence_start(start)
    for previous in reversed(found):
        same_sentence = previous.end > sentence
        if previous.kind not in ("money", "count"):
            if same_sentence:
                continue
            return None
        reaches_back = number.scaled and previous.kind == "money" and start - previous.end < 400
        if not (same_sentence or reaches_back):
            return None
        rule = "en.money.parallel" if previous.kind == "money" else "en.count.parallel"
        return Mention(start, end, number.value, None, None, previous.unit, previous.kind, qualifier, rule)
    return None


def _ranks(text: str, found: list[Mention], starts: list[int]) -> list[Mention]:
    """Ordinals and numbers that rank: ``ranked 4th``, ``ranking second``, ``the third biggest
    exporter``, ``the world's No. 1 producer``, ``ranked No. 7``; a rank coordinated with one
    of these ranks too (``ninth in Asia and 23rd in the world``).

    ``No. 7`` after a name (``Resolution No. 7``) or before one (``No. 3 Middle School``) is a
    reference number, not a rank.
    """
    g = compiled()
    taken_starts = [f.start for f in found]
    candidates = [(m.start(), m.end(), parse_ordinal(m.group()), False)
                  for m in _matches_at(g.ordinal, text, ordinal_starts(text, starts))]
    for m in numbered_ranks(text):
        value = int(m["n"]) if m["n"].isdigit() else parse_number(m["n"])
        candidates.append((m.start(), m.end(), value, True))
    ranks: list[Mention] = []
    for start, end, value, numbered in sorted(candidates, key=lambda c: c[0]):
        index = bisect.bisect_left(taken_starts, end)
        if value is None or (not numbered and ((index > 0 and found[index - 1].end > start) or _excluded(text, start))):
            continue
        coordinated = any(_RANK_COORDINATION.fullmatch(text, rank.end, start) for rank in ranks[-2:])
        if g.rank_verb_before.search(text, max(0, start - 30), start) or coordinated:
            rule = "en.rank.verb"
        elif numbered and _numbered_rank_ranks(text, start, end):
            rule = "en.rank.number"
        elif not numbered and g.superlative_after.match(text, end):
            rule = "en.rank.ordinal"
        else:
            continue
        ranks.append(Mention(start, end, Decimal(value), None, None, "rank", "rank", "exact", rule))
    return ranks


def ordinal_starts(text: str, starts: list[int]) -> list[int]:
    """The number starts where an ordinal can start: all but digit runs followed by no letter.

    At a digit run only ``4th`` can match, whose suffix starts with a letter;
    most runs (``12 plants``) are passed over without trying the ordinal
    grammar's alternatives.
    """
    kept = []
    for pos in starts:
        run = _DIGIT_RUN.match(text, pos)
        if run is None or text[run.end():run.end() + 1].isalpha():
            kept.append(pos)
    return kept


def _article_durations(text: str, windows: TokenWindows, found: list[Mention]) -> list[Mention]:
    """``more than a decade``, ``nearly a year``, ``a month or two``: a duration of one unit.

    Only with a qualifier (``within a year``; ``over a decade`` is a span, so
    exact) or a range, since a bare ``a year`` is a period
    (``a year earlier``, ``twice a year``), and never before ``ago`` or
    ``earlier``.
    """
    g = compiled()
    taken = [(f.start, f.end) for f in found]
    durations = []
    previous_end = 0
    for match in g.article_duration.finditer(text):
        qual = g.qualifier_before.search(text, previous_end, match.start())
        previous_end = match.end()
        start = qual.start() if qual else match.start()
        qualifier = g.qualifier_before_by_phrase[_fold(qual["qual"])] if qual else "exact"
        over_at = qual.start() if qual and _fold(qual["qual"]) == "over" else None
        start, qualifier = _duration_qualifier(text, windows, over_at, match.start(), start, match.end(), qualifier,
                                               bool(match["high"]))
        if not (qual or qualifier != "exact" or match["high"]) or any(s < match.end() and start < e for s, e in taken):
            continue
        info = g.words_by_surface[_fold(match["unit"])]
        if match["high"]:
            high = parse_number(match["high"]) * info.factor
            durations.append(Mention(start, match.end(), None, info.factor, high, info.unit, "duration",
                                    qualifier, "en.duration.range"))
        else:
            durations.append(Mention(start, match.end(), info.factor, None, None, info.unit, "duration",
                                    qualifier, "en.duration.amount"))
    return durations


def _numbered_rank_ranks(text: str, start: int, end: int) -> bool:
    """``the world's No. 1 producer``, ``is No. 2 in Asia``; not ``Document No. 12``, ``No. 3 Middle School``."""
    following = _WORD_AFTER.match(text, end)
    if _RANK_OWNER_BEFORE.search(text, max(0, start - 12), start):
        return bool(following) and following.group(1)[0].islower()
    verb = _LOWER_WORD_BEFORE.search(text, max(0, start - 20), start)
    return bool(verb) and bool(_RANK_SCOPE_AFTER.match(text, end))


_NUMBERED_RANK = regex.compile(
    r"(?<![A-Za-z])(?:No\.?|NO\.|no\.|[Nn]umber)[ \t]*(?P<n>\d{1,3}(?![\d,.]?\d)|one|two|three|four|five|six|seven"
    r"|eight|nine|ten)\b"
)

#: every way ``_NUMBERED_RANK`` can open
_NUMBERED_RANK_OPENINGS = ("No", "NO.", "no.", "Number", "number")


def numbered_ranks(text: str) -> Iterator[regex.Match]:
    """What ``_NUMBERED_RANK.finditer(text)`` finds, tried only where one of its openings stands.

    A scan tries the pattern's lookbehind at every position of the text;
    ``str.find`` finds the few places that open with ``No`` or ``number``
    in a fraction of that time.
    """
    starts = set()
    for opening in _NUMBERED_RANK_OPENINGS:
        at = text.find(opening)
        while at >= 0:
            starts.add(at)
            at = text.find(opening, at + 1)
    return _matches_at(_NUMBERED_RANK, text, sorted(starts))


_RANK_OWNER_BEFORE = regex.compile(_ending_here(r"(?:\w['’]s|\b(?i:the|its|their))\s+\Z"))
_LOWER_WORD_BEFORE = regex.compile(_ending_here(r"(?<![A-Za-z])[a-z]+\s+\Z"))
_RANK_SCOPE_AFTER = regex.compile(r"\s+(?:in|among|on|across|worldwide|globally|nationwide|nationally)\b")
_WORD_AFTER = regex.compile(r"[\s-]+([A-Za-z][\w-]*)")
