"""English numerals to exact ``Decimal``: digits, words, fractions, scales, ordinals.

The vocabulary lives in ``langs/en/numbers.yaml``; this module holds the
grammar that composes it (``two thousand three hundred``, ``one-fifth``,
``1.6 billion``, ``$311bn``'s ``311bn``) and the regex fragments the
recogniser embeds, so that what is found and what is parsed cannot drift
apart. Values never pass through ``float``. The parsers are cached per string:
documents repeat their numerals (years, small counts, percentages).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex
from pydantic import BaseModel, ConfigDict

from clusterfacts.langs import load_table


class NumberTable(BaseModel):
    """The shape of ``numbers.yaml``; a typo fails at load, not at run time."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    units: dict[str, Decimal]
    tens: dict[str, Decimal]
    hundred: dict[str, Decimal]
    scales: dict[str, Decimal]
    scale_suffixes: dict[str, Decimal]
    groups: dict[str, Decimal]
    fractions: dict[str, Decimal]
    ordinals: dict[str, int]
    ordinal_suffixes: list[str]
    articles: list[str]


def _alternation(words: object) -> str:
    """Longest first, so that ``seventeen`` is not read as ``seven``; words of one length in a fixed
    order, so that a pattern's source is the same in every process (``compile_all``)."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda word: (-len(word), word)))


def _prefix_tree(words: object) -> str:
    """An alternation factored by common prefixes (``t(?:en|h(?:ree|irty)|w(?:o|elve|enty))``).

    It matches what the flat alternation matches, but the engine rejects a
    position on its first letter instead of trying every word there.
    """
    tree: dict = {}
    for word in set(words):
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [regex.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


@dataclass(frozen=True)
class NumeralGrammar:
    """The loaded table plus the regex sources built from it."""

    table: NumberTable
    #: a run of cardinal words joined by spaces, hyphens or "and", led by
    #: a unit or tens word or by an article before a scale ("a million")
    word_number: str
    #: a word fraction: one-fifth, two thirds, a quarter, half
    word_fraction: str
    #: digits with optional thousands separators and decimals, or a/b
    digit_number: str
    #: a spaced scale word or abbreviation after digits: million, bn, mln
    scale_word: str
    #: an ordinal: first, twenty-first, 4th, 21st
    ordinal: str
    #: where a cardinal, a fraction or an ordinal can start: a digit run ...
    digit_start: str
    #: ... or the first word of one, or an article before a scale or a denominator
    word_start: str


@lru_cache(maxsize=None)
def grammar() -> NumeralGrammar:
    """Load and validate the table once, and build the regex sources."""
    table = load_table("en", "numbers", NumberTable)
    cardinal = _alternation([*table.units, *table.tens, *table.hundred, *table.scales, *table.groups])
    card = rf"(?:{cardinal})"
    leading = rf"(?:{_alternation([*table.units, *table.tens])})"
    joiner = r"(?:[ \t]*-[ \t]*|\s+(?:and\s+)?)"
    articles = _alternation(table.articles)
    head_after_article = _alternation([*table.hundred, *table.scales, *table.groups])
    word_number = rf"(?:(?:{articles})\s+(?:{head_after_article})(?:{joiner}{card})*|{leading}(?:{joiner}{card})*)"
    fraction = _alternation(table.fractions)
    numerator = _alternation([*table.units, *table.tens])
    word_fraction = rf"(?:(?:(?:{numerator})|(?:{articles}))(?:\s+|-)(?:{fraction})|half)"
    digit_number = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:/\d+(?!\.\d))?)"
    scale_word = _alternation([*table.scale_suffixes])
    ordinal_words = _alternation(table.ordinals)
    tens = _alternation(table.tens)
    suffixes = _alternation(table.ordinal_suffixes)
    ordinal = rf"(?:(?:{tens})[ -](?:{ordinal_words})|{ordinal_words}|\d+(?:{suffixes}))"
    first_words = _prefix_tree([*table.units, *table.tens, *table.ordinals, "half"])
    after_article = _alternation([*table.hundred, *table.scales, *table.groups, *table.fractions])
    word_start = rf"\b(?:{first_words}|(?:{articles})(?=(?:\s+|-)(?:{after_article})))"
    return NumeralGrammar(
        table=table,
        word_number=word_number,
        word_fraction=word_fraction,
        digit_number=digit_number,
        scale_word=scale_word,
        ordinal=ordinal,
        digit_start=r"\d+",
        word_start=word_start,
    )


_TOKEN = regex.compile(r"[A-Za-z]+|\d[\d,]*(?:\.\d+)?(?:/\d+)?")
_DIGITS = regex.compile(r"(?P<sign>[-−+]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?")
_FRACTION = regex.compile(r"(?P<num>\d+)/(?P<den>\d+)")


@lru_cache(maxsize=4096)
def parse_digits(text: str) -> Decimal | None:
    """``20,000`` -> 20000, ``10.22`` -> 10.22, ``-3.5`` -> -3.5, ``1/4`` -> 0.25.

    A comma is a thousands separator only between groups of three digits,
    so ``1,5`` is rejected rather than guessed.
    """
    text = text.strip()
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        denominator = Decimal(fraction["den"])
        if denominator == 0:
            return None
        return Decimal(fraction["num"]) / denominator
    match = _DIGITS.fullmatch(text)
    if not match:
        return None
    value = Decimal(match["int"].replace(",", "") + (match["frac"] or ""))
    return -value if match["sign"] in ("-", "−") else value


def _compose_words(words: list[str], table: NumberTable) -> Decimal | None:
    """Compose cardinal words: ``two thousand three hundred and five`` -> 2305."""
    total = Decimal(0)
    current: Decimal | None = None
    previous = ""  # kind of the previous word: unit, tens, hundred, group, scale, article
    for word in words:
        if word == "and":
            continue
        if previous == "group" and word not in table.scales:
            return None  # "two dozen" ends the group; "dozen dozen twelve" is not a number
        if word in table.articles:
            if previous:
                return None
            current, previous = Decimal(1), "article"
        elif word in table.units:
            if previous in ("unit", "article") or (previous == "tens" and table.units[word] >= 10):
                return None
            current = (current or Decimal(0)) + table.units[word]
            previous = "unit"
        elif word in table.tens:
            if previous in ("unit", "tens", "article"):
                return None
            current = (current or Decimal(0)) + table.tens[word]
            previous = "tens"
        elif word in table.hundred:
            if current is not None and current >= 100:
                return None
            current = (current if current is not None else Decimal(1)) * table.hundred[word]
            previous = "hundred"
        elif word in table.groups:
            current = (current if current is not None else Decimal(1)) * table.groups[word]
            previous = "group"
        elif word in table.scales:
            scale = table.scales[word]
            if previous == "scale" and current is None:
                total *= scale  # "thousand million"
            else:
                total += (current if current is not None else Decimal(1)) * scale
            current, previous = None, "scale"
        else:
            return None
    if previous == "article":
        return None
    return total + (current or Decimal(0))


def _split_words(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


@lru_cache(maxsize=4096)
def parse_number(text: str) -> Decimal | None:
    """Parse an English cardinal, fraction or scaled amount to an exact Decimal.

    >>> parse_number("two thousand three hundred")
    Decimal('2300')
    >>> parse_number("1.6 billion")
    Decimal('1600000000.0')
    >>> parse_number("one-fifth")
    Decimal('0.2')
    """
    table = grammar().table
    tokens = _split_words(text)
    if not tokens:
        return None
    sign = -1 if text.lstrip().startswith(("-", "−")) else 1
    first = tokens[0]
    if first[0].isdigit():
        value = parse_digits(first)
        if value is None:
            return None
        for word in tokens[1:]:
            if word in table.scale_suffixes:
                value *= table.scale_suffixes[word]
            elif word in table.groups:
                value *= table.groups[word]
            else:
                return None
        return sign * value
    if tokens[-1] in table.fractions and tokens[-1] not in table.scales:
        denominator = table.fractions[tokens[-1]]
        head = tokens[:-1]
        if not head:
            if tokens[-1] not in ("half",):
                return None
            numerator = Decimal(1)
        else:
            numerator = _compose_words(head, table) if head != ["a"] and head != ["an"] else Decimal(1)
            if numerator is None:
                return None
        return sign * numerator / denominator
    value = _compose_words(tokens, table)
    return None if value is None else sign * value


def scale_of(word: str) -> Decimal | None:
    """The multiplier of a scale word or abbreviation (``bn`` -> 1e9), else None."""
    return grammar().table.scale_suffixes.get(word.lower())


@lru_cache(maxsize=4096)
def parse_ordinal(text: str) -> int | None:
    """``first`` -> 1, ``4th`` -> 4, ``twenty-first`` -> 21; None for anything else."""
    table = grammar().table
    text = text.strip().lower()
    match = regex.fullmatch(r"(\d+)(st|nd|rd|th)", text)
    if match:
        return int(match[1]) if match[2] in table.ordinal_suffixes else None
    if text in table.ordinals:
        return table.ordinals[text]
    parts = regex.split(r"[ -]", text)
    if len(parts) == 2 and parts[0] in table.tens and parts[1] in table.ordinals:
        unit = table.ordinals[parts[1]]
        return int(table.tens[parts[0]]) + unit if unit < 10 else None
    return None

