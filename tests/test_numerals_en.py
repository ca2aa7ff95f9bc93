"""The English numeral grammar: table-driven cases and round-trip properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterfacts.resolve.numerals_en import parse_digits, parse_number, parse_ordinal

# fmt: off
CARDINALS = [
    ("20,000", "20000"), ("10.22", "10.22"), ("1,700", "1700"), ("-3.5", "-3.5"), ("1/4", "0.25"),
    ("1,234,567.89", "1234567.89"), ("0.5", "0.5"), ("zero", "0"), ("seven", "7"), ("nineteen", "19"),
    ("forty", "40"), ("twenty-one", "21"), ("ninety nine", "99"), ("one hundred and five", "105"),
    ("two thousand three hundred", "2300"), ("a hundred", "100"), ("a million", "1000000"),
    ("one hundred thousand", "100000"), ("five hundred million", "500000000"),
    ("three billion", "3000000000"), ("two trillion", "2000000000000"), ("a dozen", "12"), ("two dozen", "24"),
    ("half", "0.5"), ("a quarter", "0.25"), ("one-fifth", "0.2"), ("three quarters", "0.75"),
    ("an eighth", "0.125"), ("1.6 billion", "1600000000"), ("311bn", "311000000000"),
    ("700 mln", "700000000"), ("4.2 bln", "4200000000"), ("45m", "45000000"), ("12k", "12000"),
    ("3tn", "3000000000000"), ("20 thousand", "20000"), ("ten billion", "10000000000"),
]
NOT_NUMBERS = ["1,5", "20,00", "nineteen ninety", "two three", "third", "a", "", "dozen dozen twelve"]
ORDINALS = [
    ("first", 1), ("second", 2), ("third", 3), ("twelfth", 12), ("twentieth", 20), ("4th", 4), ("21st", 21),
    ("22nd", 22), ("103rd", 103), ("twenty-first", 21), ("thirty second", 32),
]
# fmt: on


@pytest.mark.parametrize("text, expected", CARDINALS)
def test_cardinals(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_not_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text, expected", ORDINALS)
def test_ordinals(text, expected):
    assert parse_ordinal(text) == expected


def test_two_thirds_is_exact_to_the_context_precision():
    assert abs(parse_number("two-thirds") - Decimal(2) / Decimal(3)) < Decimal("1e-20")


def test_values_are_decimals_not_floats():
    assert isinstance(parse_digits("10.22"), Decimal)
    assert str(parse_number("1.1 billion")) in ("1100000000.0", "1100000000")


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_separators_round_trip(n):
    assert parse_number(f"{n:,}") == n


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_decimals_round_trip(value):
    assert parse_number(f"{value:,}") == value


_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(f"{_UNITS[hundreds]} hundred")
    if rest:
        if hundreds:
            words.append("and")
        tens, units = divmod(rest, 10)
        if rest < 20:
            words.append(_UNITS[rest])
        else:
            words.append(_TENS[tens] + (f"-{_UNITS[units]}" if units else ""))
    return " ".join(words)


def spell(n: int) -> str:
    """A small independent English speller, to check the parser against."""
    if n == 0:
        return "zero"
    parts = []
    for scale, name in ((10**6, "million"), (10**3, "thousand")):
        count, n = divmod(n, scale)
        if count:
            parts.append(f"{_below_thousand(count)} {name}")
    if n:
        parts.append(_below_thousand(n))
    return " ".join(parts)


@given(st.integers(min_value=0, max_value=999_999_999))
def test_spelled_numbers_round_trip(n):
    assert parse_number(spell(n)) == n
