"""The Chinese number grammar, table-driven, plus a round trip through a speller."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterfacts.resolve.numerals_zh import parse_fraction, parse_integer, parse_number

# fmt: off
EXACT = [
    ("一千二百三十四万五千六百", "12345600"), ("十五", "15"), ("一十五", "15"), ("两百", "200"),
    ("三千零五", "3005"), ("一万五千亿", "1500000000000"), ("二十万亿", "20000000000000"),
    ("三万亿", "3000000000000"), ("十亿3000万", "1030000000"), ("102.2亿", "10220000000"),
    ("1.5万", "15000"), ("3千", "3000"), ("1,100万", "11000000"), ("1,100.9亿", "110090000000"),
    ("3万4000", "34000"), ("25万6千", "256000"), ("13万2", "132000"), ("33.5万", "335000"),
    ("三千五", "3500"), ("一万五", "15000"), ("1千零1", "1001"), ("百亿", "10000000000"),
    ("百万", "1000000"), ("千亿", "100000000000"), ("兩千", "2000"), ("萬", "10000"),
    ("参萬肆仟伍佰陆拾柒", "34567"), ("壹仟伍佰萬", "15000000"), ("二〇二三", "2023"),
    ("六十二点五", "62.5"), ("三点五亿", "350000000"), ("零", "0"), ("一亿二千万", "120000000"),
]
OPEN = [
    ("40多", "40", "gt"), ("500多亿", "50000000000", "gt"), ("二百三十余万", "2300000", "gt"),
    ("十几", "10", "gt"), ("十几万", "100000", "gt"), ("二十几", "20", "gt"), ("数十", "10", "gt"),
    ("几十", "10", "gt"), ("几十亿", "1000000000", "gt"), ("数百万", "1000000", "gt"),
    ("上百", "100", "gt"), ("上千", "1000", "gt"), ("一百多万", "1000000", "gt"),
]
RANGES = [
    ("两三", "2", "3"), ("六七", "6", "7"), ("二三十", "20", "30"), ("七八百万", "7000000", "8000000"),
    ("三五", "3", "5"),
]
FRACTIONS = [("四", "一", "0.25"), ("五", "二", "0.4"), ("百", "六十", "0.6"), ("千", "五", "0.005")]
# fmt: on


@pytest.mark.parametrize("text, expected", EXACT)
def test_exact(text, expected):
    number = parse_number(text)
    assert number.value == Decimal(expected) and number.qualifier == "exact"


@pytest.mark.parametrize("text, expected, qualifier", OPEN)
def test_open_bounds(text, expected, qualifier):
    number = parse_number(text)
    assert (number.value, number.qualifier) == (Decimal(expected), qualifier)


@pytest.mark.parametrize("text, low, high", RANGES)
def test_adjacent_numerals_are_ranges(text, low, high):
    number = parse_number(text)
    assert (number.value, number.low, number.high) == (None, Decimal(low), Decimal(high))


@pytest.mark.parametrize("denominator, numerator, expected", FRACTIONS)
def test_fractions(denominator, numerator, expected):
    assert parse_fraction(denominator, numerator) == Decimal(expected)


def test_values_are_decimals_not_floats():
    assert isinstance(parse_integer("102.2亿"), Decimal)
    assert str(parse_integer("1.53")) == "1.53"


@pytest.mark.parametrize("text", ["", "三X", "五元"])
def test_non_numerals_are_rejected(text):
    with pytest.raises(ValueError):
        parse_integer(text)


def test_a_run_of_digits_reads_digit_by_digit():
    assert parse_integer("五五") == 55 and parse_integer("一九九四") == 1994


DIGITS = "零一二三四五六七八九"


def _section(n: int) -> str:
    """Spell 0 < n < 10000 the way press text does (一千零五, 二十, 三百一十)."""
    out, zero, started = [], False, False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit == 0:
            zero = started
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(DIGITS[digit] + unit)
        started = True
    return "".join(out)


def spell(n: int) -> str:
    """A small number-to-Chinese speller, independent of the parser under test."""
    if n == 0:
        return "零"
    parts, need_zero = [], False
    for scale, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        chunk = n // scale % 10**4 if scale < 10**8 else n // scale
        if chunk == 0:
            need_zero = bool(parts)
            continue
        text = spell(chunk) if chunk >= 10**4 else _section(chunk)
        if parts and (need_zero or chunk < 1000):
            text = "零" + text
        parts.append(text + name)
        need_zero = False
    return "".join(parts)


@pytest.mark.parametrize("n, text", [(15, "十五"), (105, "一百零五"), (10010, "一万零一十"), (1500000000000, "一万五千亿")])
def test_speller_itself(n, text):
    assert spell(n).replace("一十", "十", 1) == text or spell(n) == text


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_spelled_integers_round_trip(n):
    assert parse_integer(spell(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_integers_round_trip(n):
    assert parse_integer(f"{n:,}") == n
