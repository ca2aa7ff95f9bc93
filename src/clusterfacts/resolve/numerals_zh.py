"""Chinese number grammar: surface numerals to exact ``Decimal`` values.

Handles every legal composition of 〇零一二两…九, 十百千 and 万亿兆 (also the
financial forms 壹贰叁…拾佰仟), mixed with Arabic digits (``102.2亿``,
``1,100万``, ``3万4000``, ``13万2`` = 132000), open bounds (``40多``,
``十几万``, ``数百``, ``上百``), adjacent numerals as ranges (``两三``,
``二三十``) and fractions (``四分之一``). The number words are data in
``langs/zh/numerals.yaml``; this module only holds the arithmetic.
No floats: every value is built from integers and ``Decimal`` strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, field_validator

from clusterfacts.langs import load_table

ARABIC_PATTERN = r"\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?"
_ARABIC = re.compile(ARABIC_PATTERN)


class NumeralTable(BaseModel):
    """Schema of ``numerals.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    digits: dict[str, int]
    financial_digits: dict[str, int]
    small_scales: dict[str, int]
    big_scales: dict[str, int]
    scale_unit_prefixes: dict[str, list[str]]
    more_than: list[str]
    some: list[str]
    point: str
    reaching: list[str]
    half: list[str]

    @field_validator("digits", "financial_digits")
    @classmethod
    def _single_digits(cls, table: dict[str, int]) -> dict[str, int]:
        for char, value in table.items():
            if len(char) != 1 or not 0 <= value <= 9:
                raise ValueError(f"digit entry {char!r}: {value} is not one character 0..9")
        return table


@dataclass(frozen=True, slots=True)
class ZhNumber:
    """A parsed number: an exact value, an open bound, or a closed range."""

    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    qualifier: str = "exact"

    def scaled(self, factor: Decimal) -> "ZhNumber":
        """The same number multiplied by ``factor`` (for units such as 成 or 万吨)."""
        return ZhNumber(
            None if self.value is None else self.value * factor,
            None if self.low is None else self.low * factor,
            None if self.high is None else self.high * factor,
            self.qualifier,
        )


@lru_cache(maxsize=1)
def numeral_table() -> NumeralTable:
    """The validated numeral table, loaded once."""
    return load_table("zh", "numerals", NumeralTable)


def _chars(chars: object) -> str:
    return "".join(re.escape(c) for c in chars)  # type: ignore[union-attr]


@lru_cache(maxsize=1)
def number_pattern() -> str:
    """Regex source for one number token, greedy over digits, numerals and scales.

    The token may start with 几/数/上 before a scale (``数十``, ``上百``) and holds
    多/余/几 only where a scale follows (``500多亿``, ``十几万``), so a trailing
    ``40多`` marker is left to the caller, which reads it as a qualifier.
    """
    table = numeral_table()
    digits = _chars(table.digits)
    fin = _chars(table.financial_digits)
    fin_scales = "拾佰仟"
    bigs = _chars(table.big_scales)
    scale_alts = []
    for char in list(table.small_scales) + list(table.big_scales):
        blocked = table.scale_unit_prefixes.get(char)
        guard = f"(?!{'|'.join(map(re.escape, blocked))})" if blocked else ""
        scale_alts.append(f"{re.escape(char)}{guard}")
    scale = f"(?:{'|'.join(scale_alts)})"
    fin_digit = f"(?:[{fin}](?=[{fin}{fin_scales}{bigs}元圆])|(?<=[{fin}{fin_scales}{bigs}])[{fin}])"
    inner_marker = f"[{_chars(table.more_than + table.some)}](?={scale})"
    # 十几, 二十几: "some" after a small scale fills the units place
    units_some = f"(?<=[{_chars(table.small_scales)}])[{_chars(table.some)}]"
    # 六十二点五: a decimal point between Chinese digits
    point = f"{re.escape(table.point)}(?=[{digits}])"
    # 8.6 万: cleaning turns a non-breaking space (8.6&nbsp;万台) into one space
    spaced = f"(?<=\\d) (?={scale})"
    atom = f"(?:{ARABIC_PATTERN}|[{digits}]|{fin_digit}|{scale}|{inner_marker}|{units_some}|{point}|{spaced})"
    lead = f"(?:[{_chars(table.some + table.reaching)}](?={scale}))"
    starts = f"(?=[{digits}]|\\d|{fin_digit}|{scale})"
    return f"(?:{lead}|{starts}){atom}*(?<![{_chars(table.more_than)}])"


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "num" | "small" | "big" | "zero" | "some"
    value: Decimal
    single_digit: bool = False


@lru_cache(maxsize=1)
def _all_digits() -> dict[str, int]:
    table = numeral_table()
    return {**table.digits, **table.financial_digits}


def _tokenise(text: str) -> list[_Tok]:
    table = numeral_table()
    digits = _all_digits()
    toks: list[_Tok] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        match = _ARABIC.match(text, pos)
        if match:
            raw = match.group(0)
            toks.append(_Tok("num", Decimal(raw.replace(",", "")), single_digit=len(raw) == 1))
            pos = match.end()
            continue
        if char in ("零", "〇", "○"):
            toks.append(_Tok("zero", Decimal(0)))
        elif char in digits:
            toks.append(_Tok("num", Decimal(digits[char]), single_digit=True))
        elif char in table.small_scales:
            toks.append(_Tok("small", Decimal(table.small_scales[char])))
        elif char in table.big_scales:
            toks.append(_Tok("big", Decimal(table.big_scales[char])))
        elif char in table.some:
            toks.append(_Tok("some", Decimal(0)))
        else:
            raise ValueError(f"not a numeral character: {char!r} in {text!r}")
        pos += 1
    return toks


def _compose(toks: list[_Tok]) -> Decimal:
    """Fold numeral tokens into a value with the usual section arithmetic."""
    if toks and all(t.kind in ("num", "zero") and t.single_digit or t.kind == "zero" for t in toks) and len(toks) > 1:
        # a digit string such as 二〇二三 reads digit by digit
        return Decimal("".join(str(int(t.value)) for t in toks))
    total = Decimal(0)
    largest_big = Decimal(0)
    section = Decimal(0)
    current: Decimal | None = None
    previous_unit: Decimal | None = None
    after_zero = False
    for tok in toks:
        if tok.kind == "zero":
            after_zero = True
            previous_unit = None
            continue
        if tok.kind == "num":
            if current is not None:
                raise ValueError("two numbers without a scale between them")
            current = tok.value
            if tok.single_digit and previous_unit is not None and not after_zero and tok is toks[-1]:
                # 三千五 = 3500, 13万2 = 132000: a last lone digit counts in the next lower place
                current = tok.value * previous_unit / 10
            continue
        if tok.kind == "small":
            section += (Decimal(1) if current is None else current) * tok.value
            current = None
            previous_unit = tok.value
            after_zero = False
            continue
        # big scale closes the section
        amount = section + (current or 0)
        if amount == 0 and total == 0:
            amount = Decimal(1)
        if total and tok.value > largest_big:
            total = (total + amount) * tok.value
        else:
            total += amount * tok.value
        largest_big = max(largest_big, tok.value)
        section = Decimal(0)
        current = None
        previous_unit = tok.value
        after_zero = False
    return total + section + (current or 0)


def parse_integer(text: str) -> Decimal:
    """Value of a numeral without open-bound markers.

    >>> parse_integer("一万五千亿")
    Decimal('1500000000000')
    >>> parse_integer("13万2")
    Decimal('132000')
    """
    table = numeral_table()
    if table.point in text:
        whole, _, rest = text.partition(table.point)
        fraction = "".join(str(table.digits[c]) for c in rest if c in table.digits)
        scale = rest[len(fraction) :]
        value = (parse_integer(whole) if whole else Decimal(0)) + Decimal("0." + fraction)
        return _normal(value * parse_integer(scale)) if scale else _normal(value)
    toks = _tokenise(text)
    if not toks:
        raise ValueError("empty numeral")
    return _normal(_compose(toks))


def _normal(value: Decimal) -> Decimal:
    """Drop a meaningless exponent so that 1.5e12 prints as 1500000000000."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _adjacent_range(text: str) -> ZhNumber | None:
    """两三 (2-3), 六七 (6-7), 二三十 (20-30), 七八百万: two neighbouring digits."""
    table = numeral_table()
    if len(text) < 2 or text[0] not in table.digits or text[1] not in table.digits:
        return None
    first, second = table.digits[text[0]], table.digits[text[1]]
    if not 1 <= first < second <= 9 or second - first > 2:
        return None
    rest = text[2:]
    if rest and rest[0] in table.digits:
        return None
    low = parse_integer(text[0] + rest) if rest else Decimal(first)
    high = parse_integer(text[1] + rest) if rest else Decimal(second)
    return ZhNumber(None, _normal(low), _normal(high))


@lru_cache(maxsize=4096)
def parse_number(text: str) -> ZhNumber:
    """Parse a number token with its open-bound markers and adjacent-numeral ranges.

    Cached: a document repeats its numerals (years, small counts, 万), and
    the result is immutable.

    >>> parse_number("500多亿")
    ZhNumber(value=Decimal('50000000000'), low=None, high=None, qualifier='gt')
    >>> parse_number("二三十").low, parse_number("二三十").high
    (Decimal('20'), Decimal('30'))
    """
    table = numeral_table()
    text = text.replace(" ", "")
    adjacent = _adjacent_range(text)
    if adjacent is not None:
        return adjacent
    qualifier = "exact"
    if text[:1] in table.reaching:
        text = text[1:]
        qualifier = "gt"
    if any(marker in text for marker in table.more_than):
        text = "".join(c for c in text if c not in table.more_than)
        qualifier = "gt"
    if any(marker in text for marker in table.some):
        qualifier = "gt"
        # 几十/数百 (marker before a scale at the start) is "some tens": the scale itself
        if text[0] in table.some:
            text = text[1:]
        text = "".join(c for c in text if c not in table.some)
    return ZhNumber(parse_integer(text), qualifier=qualifier)


def parse_fraction(denominator: str, numerator: str) -> Decimal:
    """``四分之一`` is parse_fraction("四", "一") = 0.25 (exact where it terminates)."""
    den = parse_integer(denominator)
    if den == 0:
        raise ValueError("zero denominator")
    return _normal(parse_integer(numerator) / den)
