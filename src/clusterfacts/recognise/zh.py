"""Chinese recogniser: numeric claims in normalised simplified Chinese text.

One compiled pattern finds every number token (Arabic, Chinese and mixed
numerals, ``百分之…``, ``…分之…``, ``第…``, ``一半``); for each, anchored
patterns read what is glued to it: the unit, classifier or percent sign after
it, a second number that makes a range, qualifier and currency words on either
side. Context cues then settle the kind (share or growth, implicit yuan) and
the sign (``下降3.2%``). Every vocabulary is data in ``langs/zh/*.yaml``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

import regex
from pydantic import BaseModel, ConfigDict

from clusterfacts.compiled import compile_all
from clusterfacts.langs import load_table
from clusterfacts.recognise.types import Context, Mention
from clusterfacts.resolve.numerals_zh import ZhNumber, number_pattern, numeral_table, parse_fraction, parse_number
from clusterfacts.resolve.units import to_canonical

LOCALE_CURRENCY = {"CN": "CNY", "TW": "TWD", "HK": "HKD"}
CLAUSE_STOPS = ",。;!?\n:"
SEP_CHARS = "-–—~〜至到"
SEP = rf"\s*[{SEP_CHARS}]\s*"
RANK_SEP = r"(?:和|与|、|至|到|或|-)"
# 约占20%, 不到全国的一半: the verb of a share, after its qualifier
SHARE_VERB = "占"
PHYSICAL_KINDS = ("mass", "area", "energy", "power", "length", "volume")
# 成 that starts one of these words is no tenth: 成本, 成为, 成立, 成交, 成熟...
CHENG_WORDS = frozenset("本为立员交功果熟长都品效型绩就分")
# a part of a whole keeps its qualifier across the whole (不到全国的一半)
PART_RULES = ("zh.percent.half", "zh.percent.cheng", "zh.share.fraction")
QUALIFIER_STRENGTH = {"exact": 0, "approx": 1, "gt": 2, "gte": 2, "lt": 2, "lte": 2}
CALENDAR_YEAR = regex.compile(r"\d{4}|[〇零一二三四五六七八九]{4}")
HAN = regex.compile(r"\p{Han}")


class UnitRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    surface: str
    kind: str
    unit: str
    needs_scale: bool = False
    after_digits: bool = False
    factor: Decimal = Decimal(1)
    more: bool = False
    half: bool = False
    not_before: list[str] = []
    requires_before: str | None = None
    before_number: bool = False


class UnitTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    units: list[UnitRow]
    per_units: list[str]
    basis_before: list[str]
    basis_after: str
    coal_equivalent: list[str]


class ClassifierRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    surface: str
    unit: str
    requires_before: str | None = None
    not_before: list[str] = []


class BigCount(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    marker: str
    not_before: list[str]


class ClassifierTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    classifiers: list[ClassifierRow]
    big_count: BigCount


class QualifierWords(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    approx: list[str] = []
    gt: list[str] = []
    lt: list[str] = []
    gte: list[str] = []
    lte: list[str] = []

    def items(self) -> list[tuple[str, str]]:
        return [(word, name) for name in ("approx", "gt", "lt", "gte", "lte") for word in getattr(self, name)]


class Comparison(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    marker: str
    gt: list[str]
    lt: list[str]


class PartOfWhole(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    verbs: list[str]
    max_chars: int
    not_first: str


class QualifierTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    prefix: QualifierWords
    suffix: QualifierWords
    not_after: dict[str, str]
    not_before: dict[str, str]
    scale_only: list[str]
    scale_chars: str
    single_only: list[str]
    bridge: list[str]
    part_of_whole: PartOfWhole
    distant_prefix: QualifierWords
    comparison: Comparison


class DurationMeasure(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    before: str | None = None
    after: str | None = None
    measure: str


class Period(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    before: str | None = None
    after: str | None = None
    bare: bool = False


class CueTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    growth: list[str]
    decrease: list[str]
    level_markers: list[str]
    share: list[str]
    money_before: list[str]
    money_after: list[str]
    signed_change_gap: list[str]
    decrease_with_object: list[str]
    duration_measures: list[DurationMeasure]
    periods: list[Period]
    signed_rates: dict[str, int]
    rate_movers: dict[str, int]


class ExclusionTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    words: list[str]
    patterns: list[str]


def _longest_first(words: list[str]) -> list[str]:
    """The distinct words, longest first; words of one length (never matched at
    one place together) in a fixed order, so that a pattern's source is the same
    in every process, as ``compile_all`` needs to find it compiled."""
    return sorted(set(words), key=lambda word: (-len(word), word))


def _alternation(words: list[str]) -> str:
    """Longest first, so that 个百分点 wins over 个 and 超过 over 超."""
    return "|".join(regex.escape(w) for w in _longest_first(words))


def _alternation_by_first(words: list[str]) -> str:
    """``_alternation(words)`` grouped by first character (一(?:带一路|批)|万(?:一|众)):
    the same word matches, and the regex module tries one branch per first
    character instead of one per word."""
    rests: dict[str, list[str]] = {}
    for word in _longest_first(words):
        rests.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{regex.escape(first)}(?:{'|'.join(map(regex.escape, ends))})" for first, ends in rests.items())


def _word_alternation(words: list[str], not_after: dict[str, str], not_before: dict[str, str]) -> str:
    """Longest first, each word refused where it ends or starts another word (最近, 经过, 内部)."""
    alts = []
    for word in _longest_first(words):
        alt = regex.escape(word)
        if word in not_after:
            alt = f"(?<![{regex.escape(not_after[word])}]){alt}"
        if word in not_before:
            alt = f"{alt}(?![{regex.escape(not_before[word])}])"
        alts.append(alt)
    return "|".join(alts)


def _guarded(rows: list[tuple[str, list[str]]]) -> str:
    """Surfaces longest first, each refused where it starts a longer word (元旦, 三轮车)."""
    alts = []
    for surface, not_before in rows:
        guard = "(?![A-Za-z])" if surface[-1].isascii() else ""
        if not_before:
            guard += f"(?!{_alternation(not_before)})"
        alts.append((surface, f"{regex.escape(surface)}{guard}"))
    alts.sort(key=lambda pair: len(pair[0]), reverse=True)
    return "(?:" + "|".join(alt for _, alt in alts) + ")"


class _PrefixGroups(NamedTuple):
    """Group numbers of ``_Tables.prefix_re``, for the same reason."""

    q1: int
    cur: int
    q2: int


class _MasterGroups(NamedTuple):
    """Group numbers of ``_Tables.master``: the regex module looks a group up by
    name about ten times slower than by number (0.7 against 0.06 µs), and the
    recogniser asks for several per number."""

    pct: int
    p1: int
    p2: int
    o1: int
    half: int
    num: int
    nu: int
    halfu: int


@dataclass(frozen=True)
class _Anchored:
    """A pattern tried only where it can start.

    Each alternative of ``pattern`` starts with one of ``firsts`` or, with
    ``spaces``, with white space (no white space is a letter or digit); at any
    other character ``match`` is None without running the pattern, which is
    most of the time (a regex call costs about a microsecond).
    """

    pattern: regex.Pattern
    firsts: frozenset[str]
    spaces: bool = False

    def match(self, text: str, pos: int) -> regex.Match | None:
        char = text[pos : pos + 1]
        if char in self.firsts or self.spaces and char and not char.isalnum():
            return self.pattern.match(text, pos)
        return None


@dataclass(frozen=True)
class _Tables:
    """Everything compiled once per process from the YAML tables."""

    master: regex.Pattern
    master_groups: _MasterGroups
    sep_number: _Anchored
    rank_range: regex.Pattern
    unit_re: _Anchored
    units: dict[str, UnitRow]
    unit_requires: dict[str, regex.Pattern]
    unit_before_re: regex.Pattern
    per_unit: regex.Pattern
    coal_before: regex.Pattern
    basis_before: regex.Pattern
    basis_words: tuple[str, ...]
    basis_after: regex.Pattern
    classifier_re: _Anchored
    classifiers: dict[str, ClassifierRow]
    classifier_requires: dict[str, regex.Pattern]
    big_count: BigCount
    prefix_re: regex.Pattern
    prefix_groups: _PrefixGroups
    prefix_starts: frozenset[str]
    prefix_ends: frozenset[str]
    share_prefix_re: regex.Pattern
    whole_prefix_re: regex.Pattern
    distant_re: regex.Pattern
    scale_only: frozenset[str]
    scale_chars: frozenset[str]
    single_only: frozenset[str]
    prefix_words: dict[str, str]
    distant_words: dict[str, str]
    suffix_re: _Anchored
    suffix_words: dict[str, str]
    comparison: Comparison
    cue_re: regex.Pattern
    cue_kind: dict[str, str]
    money_before_re: regex.Pattern
    money_after_re: regex.Pattern
    signed_change_re: regex.Pattern
    rate_move_re: regex.Pattern
    rate_signs: dict[str, int]
    exclusion_alternatives: tuple[regex.Pattern, ...]
    rank_cue_re: regex.Pattern
    duration_cue_re: regex.Pattern
    periods: tuple[tuple[regex.Pattern | None, regex.Pattern | None, bool], ...]
    more_than: str
    cn_numeral_chars: frozenset[str]


CURRENCY_PREFIXES = {
    "人民币": "CNY", "新台币": "TWD", "台币": "TWD", "港币": "HKD", "港元": "HKD", "美元": "USD",
    "美金": "USD", "欧元": "EUR", "日元": "JPY", "英镑": "GBP", "US$": "USD", "HK$": "HKD",
    "NT$": "TWD", "$": "USD", "¥": "CNY", "￥": "CNY", "RMB": "CNY",
}


@lru_cache(maxsize=1)
def tables() -> _Tables:
    """Validate the zh tables and compile them into patterns, once (``compile_all``: once per machine)."""
    units = load_table("zh", "units", UnitTable)
    classifiers = load_table("zh", "classifiers", ClassifierTable)
    qualifiers = load_table("zh", "qualifiers", QualifierTable)
    cues = load_table("zh", "cues", CueTable)
    exclusions = load_table("zh", "exclusions", ExclusionTable)
    numerals = numeral_table()

    num = number_pattern()
    prefix_words = dict(qualifiers.prefix.items())
    prefix_alt = _word_alternation(list(prefix_words), qualifiers.not_after, {})
    bridge = _alternation(qualifiers.bridge)
    currency_alt = _alternation(list(CURRENCY_PREFIXES))
    suffix_words = dict(qualifiers.suffix.items())
    distant_words = dict(qualifiers.distant_prefix.items())
    cue_kind: dict[str, str] = {}
    for word in cues.share:
        cue_kind[word] = "share"
    for word in cues.growth:
        cue_kind[word] = "growth"
    for word in cues.decrease:
        cue_kind[word] = "decrease"
    level = _alternation(cues.level_markers)
    change_words = _alternation(cues.growth + cues.decrease)
    share_words = _alternation(cues.share)
    whole = qualifiers.part_of_whole
    exclusion_alts = [_alternation_by_first(exclusions.words)] + exclusions.patterns

    sources: dict[str | tuple[str, object], str] = {
        # five numbers, one copy of the number pattern: the others call its group, (?&num),
        # which matches as a copy would (a call backtracks, and sets no num group) and
        # compiles in a fraction of the time; the copy stays where an alternative starts,
        # as the regex module's search skips ahead to the alternatives' first characters
        "master": (
            r"(?P<pct>百分之)(?P<p1>(?&num))(?:" + SEP + r"(?:百分之)?(?P<p2>(?&num)))?"
            r"|第(?P<o1>(?&num))"
            r"|(?P<half>一半)"
            # a number, or the denominator of a fraction when 分之 and the numerator follow
            # (四分之一): one alternative, so that the number is matched once, not first as
            # a denominator and again as a number (分 is no numeral: a shorter match of the
            # number never ends before it, so the fraction is found all the same)
            rf"|(?P<num>{num})(?:分之(?P<nu>(?&num)))?"
            # 半天, 半个月, 半年: a half with no number before it, only before a unit of time
            r"|(?P<halfu>半)(?=个月|天|年|周|个星期)"
        ),
        "sep_number": rf"{SEP}(?P<q>{prefix_alt})?(?P<n>{num})(?P<more>[{''.join(numerals.more_than)}])?",
        "rank_range": rf"{RANK_SEP}第(?P<n>{num})",
        "unit": _guarded([(row.surface, row.not_before) for row in units.units]),
        "unit_before": rf"(?:{_alternation([row.surface for row in units.units if row.before_number])})$",
        "per_unit": rf"(?:/|每)(?:{_alternation(units.per_units)})",
        "basis_before": rf"(?:{_alternation(units.basis_before)})$",
        "basis_after": units.basis_after,
        "coal_before": rf"(?:{_alternation(units.coal_equivalent)})\p{{Han}}{{0,4}}$",
        "classifier": _guarded([(row.surface, row.not_before) for row in classifiers.classifiers]),
        "prefix": (
            rf"(?:(?P<q1>{prefix_alt})(?:{bridge})?\s*)?(?:(?P<cur>{currency_alt})\s*)?(?:(?P<q2>{prefix_alt})\s*)?$"
        ),
        "share_prefix": rf"(?P<q>{prefix_alt}){SHARE_VERB}\p{{Han}}{{0,4}}$",
        "whole_prefix": (
            rf"(?P<q>{prefix_alt})(?:{_alternation(whole.verbs)})?(?![{whole.not_first}])\p{{Han}}{{1,{whole.max_chars}}}$"
        ),
        "distant": rf"(?P<q>{_alternation(list(distant_words))})\p{{Han}}{{1,2}}$",
        "suffix": rf"\s*(?:{_word_alternation(list(suffix_words), {}, qualifiers.not_before)})",
        "cue": rf"(?:{change_words})(?!{level})|(?:{share_words})",
        "money_before": rf"(?:{_alternation(cues.money_before)})\p{{Han}}{{0,2}}(?:达|为|约|了|达到|超过|逾)?$",
        "money_after": rf"(?:{_alternation(cues.money_after)})",
        "signed_change": (
            rf"(?:(?:{_alternation(cues.decrease)})"
            rf"|(?:{_alternation(cues.decrease_with_object)})了?(?:(?![的之和与及或是在将至到])\p{{Han}}){{1,6}})"
            rf"(?:{_alternation(cues.signed_change_gap)})*$"
        ),
        "rate_move": (
            rf"(?P<rate>{_alternation(list(cues.signed_rates))})(?P<mover>{_alternation(list(cues.rate_movers))})"
            rf"(?:了|约|达|为)*$"
        ),
        "rank_cue": r"(?:排名|排行|位居|位列|名列|排在|排|居|列)\p{Han}{0,4}$",
        "duration_cue": r"(?:至|到|需|需要|用|为期|历时|仅|只|才|长达|满|约|近|超过|了)$",
    }
    for table, rows in (("unit requires", units.units), ("classifier requires", classifiers.classifiers)):
        for row in rows:
            if row.requires_before:
                sources[table, row.surface] = f"(?:{row.requires_before})$"
    for index, alternative in enumerate(exclusion_alts):
        sources["exclusion", index] = alternative
    for index, period in enumerate(cues.periods):
        if period.before:
            sources["period before", index] = period.before
        if period.after:
            sources["period after", index] = period.after
    compiled = compile_all(sources)

    master, prefix_re = compiled["master"], compiled["prefix"]
    return _Tables(
        master=master,
        master_groups=_MasterGroups(**master.groupindex),
        sep_number=_Anchored(compiled["sep_number"], frozenset(SEP_CHARS), spaces=True),
        rank_range=compiled["rank_range"],
        unit_re=_Anchored(compiled["unit"], frozenset(row.surface[0] for row in units.units)),
        units={row.surface: row for row in units.units},
        unit_requires={row.surface: compiled["unit requires", row.surface] for row in units.units if row.requires_before},
        unit_before_re=compiled["unit_before"],
        per_unit=compiled["per_unit"],
        basis_before=compiled["basis_before"],
        basis_words=tuple(units.basis_before),
        basis_after=compiled["basis_after"],
        coal_before=compiled["coal_before"],
        classifier_re=_Anchored(compiled["classifier"], frozenset(row.surface[0] for row in classifiers.classifiers)),
        classifiers={row.surface: row for row in classifiers.classifiers},
        classifier_requires={
            row.surface: compiled["classifier requires", row.surface] for row in classifiers.classifiers if row.requires_before
        },
        big_count=classifiers.big_count,
        prefix_re=prefix_re,
        prefix_groups=_PrefixGroups(**prefix_re.groupindex),
        prefix_starts=frozenset(word[0] for word in [*prefix_words, *CURRENCY_PREFIXES]),
        prefix_ends=frozenset(word[-1] for word in [*prefix_words, *qualifiers.bridge, *CURRENCY_PREFIXES]),
        share_prefix_re=compiled["share_prefix"],
        whole_prefix_re=compiled["whole_prefix"],
        distant_re=compiled["distant"],
        scale_only=frozenset(qualifiers.scale_only),
        scale_chars=frozenset(qualifiers.scale_chars),
        single_only=frozenset(qualifiers.single_only),
        prefix_words=prefix_words,
        distant_words=distant_words,
        suffix_re=_Anchored(compiled["suffix"], frozenset(word[0] for word in suffix_words), spaces=True),
        suffix_words=suffix_words,
        comparison=qualifiers.comparison,
        cue_re=compiled["cue"],
        cue_kind=cue_kind,
        money_before_re=compiled["money_before"],
        money_after_re=compiled["money_after"],
        signed_change_re=compiled["signed_change"],
        rate_move_re=compiled["rate_move"],
        rate_signs={**cues.signed_rates, **cues.rate_movers},
        exclusion_alternatives=tuple(compiled["exclusion", index] for index in range(len(exclusion_alts))),
        rank_cue_re=compiled["rank_cue"],
        duration_cue_re=compiled["duration_cue"],
        periods=tuple(
            (compiled.get(("period before", index)), compiled.get(("period after", index)), period.bare)
            for index, period in enumerate(cues.periods)
        ),
        more_than="".join(numerals.more_than),
        cn_numeral_chars=frozenset(
            list(numerals.digits) + list(numerals.financial_digits) + list(numerals.small_scales) + list(numerals.big_scales)
        ),
    )


@dataclass
class _Candidate:
    """A claim under construction: the core number span and what was read around it."""

    start: int
    end: int
    number_start: int
    number: ZhNumber
    unit: str
    kind: str
    rule: str
    qualifiers: list[str]
    raw: str


def _clause_before(text: str, start: int, limit: int = 20) -> str:
    lo = max(0, start - limit)
    window = text[lo:start]
    cut = max(window.rfind(c) for c in CLAUSE_STOPS)
    return window[cut + 1 :]


def _clause_after(text: str, end: int, limit: int = 20) -> str:
    window = text[end : end + limit]
    cuts = [i for i in (window.find(c) for c in CLAUSE_STOPS) if i >= 0]
    return window[: min(cuts)] if cuts else window


def _percent_kind(text: str, start: int, end: int, t: _Tables) -> tuple[str, bool]:
    """Share or growth from the nearest cue (before, else after); True when a decrease."""
    before = _clause_before(text, start)
    hits = list(t.cue_re.finditer(before))
    if hits:
        best = max(hits, key=lambda m: (m.end(), len(m.group(0))))
    else:
        after = _clause_after(text, end)
        best = next(iter(t.cue_re.finditer(after)), None)
    if best is None:
        return "share", False
    kind = t.cue_kind[best.group(0)]
    if kind == "decrease":
        return "growth", True
    return kind, False


def _strongest(qualifiers: list[str]) -> str:
    best = "exact"
    for qualifier in qualifiers:
        if QUALIFIER_STRENGTH[qualifier] > QUALIFIER_STRENGTH[best]:
            best = qualifier
    return best


def _currency(code: str, ctx: Context) -> str:
    if code == "locale":
        return LOCALE_CURRENCY.get(ctx.locale or "", "TWD" if ctx.lang == "zh-Hant" and ctx.locale == "TW" else "CNY")
    return code


def _has_scale(raw: str) -> bool:
    return any(c in raw for c in "万亿萬億兆")


def _is_chinese(raw: str, t: _Tables) -> bool:
    return all(c in t.cn_numeral_chars for c in raw)


def _match_unit(
    text: str, pos: int, raw: str, number_start: int, t: _Tables
) -> tuple[str, int, UnitRow | ClassifierRow | None]:
    """What follows a number that starts at ``number_start``: ("%"|"pp"|"cheng"|"unit"|"classifier"|"", end, row)."""
    if text.startswith("%", pos):
        return "%", pos + 1, None
    if text.startswith("个百分点", pos):
        return "pp", pos + 4, None
    if text.startswith("个点", pos):
        return "%", pos + 2, None
    if text.startswith("成", pos) and _tenths(raw, t) and text[pos + 1 : pos + 2] not in CHENG_WORDS:
        return "cheng", pos + 1, None
    unit = t.unit_re.match(text, pos)
    if unit:
        row = t.units[unit.group(0)]
        requires = t.unit_requires.get(row.surface)
        if (
            (not row.needs_scale or _has_scale(raw))
            and (not row.after_digits or raw[-1:].isdigit())
            and (requires is None or requires.search(text[max(0, number_start - 8) : number_start]))
        ):
            return ("%" if row.kind == "percent" else "unit"), unit.end(), row
    classifier = t.classifier_re.match(text, pos)
    if classifier:
        crow = t.classifiers[classifier.group(0)]
        requires = t.classifier_requires.get(crow.surface)
        if requires is None or requires.search(text[max(0, number_start - 4) : number_start]):
            # 68万个标准箱: a general classifier before a unit word counts in that unit
            unit = t.unit_re.match(text, classifier.end()) if crow.surface in ("个", "個") else None
            if unit and not t.units[unit.group(0)].needs_scale:
                return "unit", unit.end(), t.units[unit.group(0)]
            # 标准箱1.1万个: the unit word stands before the number, the classifier after it
            before = t.unit_before_re.search(text[max(0, number_start - 4) : number_start])
            if before:
                return "unit", classifier.end(), t.units[before.group(0)]
            return "classifier", classifier.end(), crow
    return "", pos, None


def _char_in(text: str, pos: int, chars: str) -> bool:
    """Whether the character at ``pos`` (if any) is one of ``chars``."""
    return pos < len(text) and text[pos] in chars


def _tenths(raw: str, t: _Tables) -> bool:
    """成 counts tenths after one to ten (两成, 六成, 逾3成) or a range of them (两三成)."""
    if not (_is_chinese(raw, t) or raw.isdigit()):
        return False
    number = parse_number(raw)
    top = number.value if number.value is not None else number.high
    return top is not None and 0 < top <= 10


def _duration_allowed(text: str, number_start: int, end: int, raw: str, row: UnitRow, value: Decimal | None) -> bool:
    """年 and 日 are also calendar words: keep only lengths of time."""
    if row.surface == "年" and CALENDAR_YEAR.fullmatch(raw):
        return False
    if row.surface == "日":
        if number_start and text[number_start - 1] in "月(":
            return False
        tail = text[end : end + 2]
        return (value is not None and value > 31) or tail[:1] in "内后" or tail in ("时间", "期间", "以内", "之内")
    return True


def _build(text: str, match: regex.Match, ctx: Context, t: _Tables) -> _Candidate | None:
    """Read one number match with its unit, range partner and context into a candidate."""
    g = t.master_groups
    if match[g.pct] is not None:
        first = parse_number(match[g.p1])
        if match[g.p2] is not None:
            second = parse_number(match[g.p2])
            number = ZhNumber(None, first.value, second.value)
        else:
            number = first
        return _Candidate(match.start(), match.end(), match.start(), number, "%", "percent", "zh.percent.words", [number.qualifier], match.group(0))
    if match[g.nu] is not None:
        value = parse_fraction(match[g.num], match[g.nu])
        return _Candidate(match.start(), match.end(), match.start(), ZhNumber(value), "ratio", "share", "zh.share.fraction", [], match.group(0))
    if match[g.half] is not None:
        return _Candidate(match.start(), match.end(), match.start(), ZhNumber(Decimal(50)), "%", "percent", "zh.percent.half", [], match.group(0))
    if match[g.o1] is not None:
        return _build_rank(text, match, t)
    if match[g.halfu] is not None:
        what, after, row = _match_unit(text, match.end(), "半", match.start(), t)
        if what != "unit" or row.kind != "duration":
            return None
        return _finish(text, match, "半", ZhNumber(Decimal("0.5")), ["exact"], what, after, row, ctx, t)
    return _build_number(text, match, ctx, t)


def _build_rank(text: str, match: regex.Match, t: _Tables) -> _Candidate | None:
    g = t.master_groups
    first = parse_number(match[g.o1]).value
    end = match.end()
    other = t.rank_range.match(text, end)
    if other:
        second = parse_number(other.group("n")).value
        return _Candidate(match.start(), other.end(), match.start(), ZhNumber(None, first, second), "rank", "rank", "zh.rank.range", [], match.group(0))
    if text.startswith("大", end) and not text.startswith(("大会", "大学", "大批", "大幅"), end):
        return _Candidate(match.start(), end + 1, match.start(), ZhNumber(first), "rank", "rank", "zh.rank.ordinal", [], match.group(0))
    if text[end : end + 1] in ("名", "位") and text[end : end + 2] not in ("名义", "位于"):
        return _Candidate(match.start(), end + 1, match.start(), ZhNumber(first), "rank", "rank", "zh.rank.ordinal", [], match.group(0))
    if t.rank_cue_re.search(_clause_before(text, match.start(), 8)):
        return _Candidate(match.start(), end, match.start(), ZhNumber(first), "rank", "rank", "zh.rank.ordinal", [], match.group(0))
    return None


def _build_number(text: str, match: regex.Match, ctx: Context, t: _Tables) -> _Candidate | None:
    raw = match[t.master_groups.num]
    if not raw.strip("零〇○"):
        return None  # 零件, 零售: a lone zero character is a word, not a number
    number = parse_number(raw)
    qualifiers = [number.qualifier]
    pos = match.end()
    if pos < len(text) and text[pos] in t.more_than:
        qualifiers.append("gt")
        pos += 1
    if text.startswith(" ", pos) and not text.startswith("  ", pos):
        pos += 1
    what, after, row = _match_unit(text, pos, raw, match.start(), t)

    # a range: 3-5年, 3万至6万元, 10%至20%, 八到十条, 70~130元/吨
    partner = t.sep_number.match(text, after if what else pos)
    if partner:
        raw2 = partner.group("n")
        p2 = partner.end()
        what2, after2, row2 = _match_unit(text, p2 + (1 if text.startswith(" ", p2) else 0), raw2, match.start(), t)
        same = what2 and (not what or (what == what2 and row == row2) or (what == "unit" and row2 is not None and row.kind == row2.kind))
        if same:
            second = parse_number(raw2)
            low = number.value if number.value is not None else number.low
            high = second.value if second.value is not None else second.high
            if low is not None and high is not None and low < high:
                number = ZhNumber(None, low, high)
                if partner.group("more"):
                    qualifiers.append("gt")
                what, after, row = what2, after2, row2
                raw = raw + raw2
    if what == "":
        return _build_bare(text, match, raw, number, qualifiers, ctx, t)
    return _finish(text, match, raw, number, qualifiers, what, after, row, ctx, t)


def _build_bare(text: str, match: regex.Match, raw: str, number: ZhNumber, qualifiers: list[str], ctx: Context, t: _Tables) -> _Candidate | None:
    """Numbers with no unit: 五大 + noun, implicit yuan, else nothing."""
    end = match.end()
    big = t.big_count
    if (
        text.startswith(big.marker, end)
        and _is_chinese(raw, t)
        and number.value is not None
        and number.value >= 2
        and HAN.match(text, end + 1)
        and not any(text.startswith(word, end + 1) for word in big.not_before)
    ):
        return _Candidate(match.start(), end + 1, match.start(), number, "count", "count", "zh.count.big", qualifiers, raw)
    if _has_scale(raw) or _is_chinese(raw, t) and number.value is not None and number.value >= 100:
        before = _clause_before(text, match.start(), 12)
        if t.money_before_re.search(before) or t.money_after_re.match(text, end):
            return _Candidate(match.start(), end, match.start(), number, _currency("locale", ctx), "money", "zh.money.implicit", qualifiers, raw)
    prefix = _prefix_before(text[max(0, match.start() - 8) : match.start()], t)
    if prefix and prefix[t.prefix_groups.cur] and _has_scale(raw):
        return _Candidate(match.start(), end, match.start(), number, CURRENCY_PREFIXES[prefix[t.prefix_groups.cur]], "money", "zh.money.amount", qualifiers, raw)
    return None


def _finish(
    text: str, match: regex.Match, raw: str, number: ZhNumber, qualifiers: list[str], what: str, after: int,
    row: UnitRow | ClassifierRow | None, ctx: Context, t: _Tables,
) -> _Candidate | None:
    start = match.start()
    if what in ("%", "pp"):
        return _Candidate(start, after, start, number, what, "percent", "zh.percent.sign" if what == "%" else "zh.percent.points", qualifiers, raw)
    if what == "cheng":
        number = number.scaled(Decimal(10))
        nxt = text[after : after + 1]
        if number.value is not None and nxt == "半":
            number, after = ZhNumber(number.value + 5, qualifier=number.qualifier), after + 1
        elif number.value is not None and nxt and nxt in numeral_table().digits:
            number, after = ZhNumber(number.value + numeral_table().digits[nxt], qualifier=number.qualifier), after + 1
        elif _char_in(text, after, t.more_than):  # 三成多: more than three tenths
            qualifiers.append("gt")
            after += 1
        return _Candidate(start, after, start, number, "%", "percent", "zh.percent.cheng", qualifiers, raw)
    if what == "classifier":
        assert isinstance(row, ClassifierRow)
        return _Candidate(start, after, start, number, row.unit, "count", "zh.count.classifier", qualifiers, raw)
    assert isinstance(row, UnitRow)
    if row.more:
        qualifiers.append("gt")
    if row.half:
        number = ZhNumber(
            None if number.value is None else number.value + Decimal("0.5"), number.low, number.high, number.qualifier
        )
        raw += "半"
    if row.kind in ("duration", "age"):
        if not _duration_allowed(text, start, after, raw, row, number.value):
            return None
        if text.startswith("半", after) and row.surface in ("年", "天", "个月"):
            number = ZhNumber(number.value + Decimal("0.5"), qualifier=number.qualifier) if number.value is not None else number
            after += 1
            raw += "半"  # 一年半 is no lone 一
        elif not row.more and _char_in(text, after, t.more_than):  # 两年多: over two years
            qualifiers.append("gt")
            after += 1
        if row.kind == "duration" and _is_period(text, start, after, qualifiers, t):
            return None
        scaled = number.scaled(row.factor)
        rule = "zh.duration.range" if number.value is None else ("zh.age.years" if row.kind == "age" else "zh.duration.amount")
        return _Candidate(start, after, start, scaled, row.unit, row.kind, rule, qualifiers, raw)
    if row.kind == "money":
        per = t.per_unit.match(text, after)
        if per:
            after = per.end()
        return _Candidate(start, after, start, number.scaled(row.factor), _currency(row.unit, ctx), "money", "zh.money.amount", qualifiers, raw)
    unit = row.unit
    if row.unit == "TEU":
        return _Candidate(start, after, start, number, "TEU", "count", "zh.count.containers", qualifiers, raw)
    if unit == "t" and t.coal_before.search(_clause_before(text, start, 12)):
        unit = "tce"
    factor, canonical = to_canonical(Decimal(1), unit)
    return _Candidate(start, after, start, number.scaled(factor), canonical, row.kind, f"zh.{row.kind}.amount", qualifiers, raw)


def _is_period(text: str, start: int, end: int, qualifiers: list[str], t: _Tables) -> bool:
    """A duration that dates or frames something (五年前, 前两个月, 十年来): no claim."""
    before = _clause_before(text, start, 12)
    after = _clause_after(text, end, 6)
    bare = all(q == "exact" for q in qualifiers)
    return any(
        (b is None or b.search(before)) and (a is None or a.search(after)) and (bare or not only_bare)
        for b, a, only_bare in t.periods
    )


def _scale_ok(prefix: regex.Match, raw: str, t: _Tables) -> bool:
    """A scale-only qualifier (过) binds only to a number with a scale word: 过亿元, not 过3天."""
    words = [prefix[group] for group in (t.prefix_groups.q1, t.prefix_groups.q2) if prefix[group]]
    return not any(word in t.scale_only for word in words) or any(c in t.scale_chars for c in raw)


def _prefix_before(left: str, t: _Tables) -> regex.Match | None:
    """Qualifier and currency words that end ``left``, the few characters before a number.

    Same match as ``prefix_re.search(left)`` (None for its empty match), but
    the pattern is tried only where it can succeed: a match ends with one of
    its words (and maybe spaces) and starts with one. A plain search would
    try every alternation at every position, and most numbers have none.
    """
    if not left or not (left[-1] in t.prefix_ends or left[-1].isspace()):
        return None
    for position, char in enumerate(left):
        if char in t.prefix_starts:
            match = t.prefix_re.match(left, position)
            if match:
                return match
    return None


def _context(text: str, cand: _Candidate, ctx: Context, t: _Tables) -> Mention | None:
    """Attach qualifiers, currency prefix, kind cues and sign; drop what is no claim."""
    start, end = cand.start, cand.end
    qualifiers = list(cand.qualifiers)
    unit, kind = cand.unit, cand.kind
    left = text[max(0, start - 8) : start]
    prefix = _prefix_before(left, t)
    if prefix and not _scale_ok(prefix, cand.raw, t):
        prefix = None
    if prefix and prefix.group(0):
        q1, cur, q2 = (prefix[group] for group in t.prefix_groups)
        for word in (q1, q2):
            if word:
                qualifiers.append(t.prefix_words[word])
        if cur:
            code = CURRENCY_PREFIXES[cur]
            if kind == "money":
                unit = code
                start -= len(prefix.group(0))
            elif q1 or q2:
                start -= len(prefix.group(0)) - len(cur)
        else:
            start -= len(prefix.group(0))
    else:
        # each search below needs a word of its own in ``left``: most numbers have none
        share_prefix = t.share_prefix_re.search(left) if SHARE_VERB in left else None
        if not share_prefix and cand.rule in PART_RULES:
            share_prefix = t.whole_prefix_re.search(left)
        if share_prefix:
            qualifiers.append(t.prefix_words[share_prefix.group("q")])
        distant = t.distant_re.search(left) if any(word in left for word in t.distant_words) else None
        if distant:
            qualifiers.append(t.distant_words[distant.group("q")])
    suffix = t.suffix_re.match(text, end)
    if suffix and cand.number.value is None and suffix.group(0).strip() in t.single_only:
        suffix = None
    if suffix:
        qualifiers.append(t.suffix_words[suffix.group(0).strip()])
        end = suffix.end()
    comparison = t.comparison
    if text[max(0, cand.number_start - 1) : cand.number_start] == comparison.marker:
        nxt = text[end : end + 1]
        if nxt in comparison.gt:
            qualifiers.append("gt")
        elif nxt in comparison.lt:
            qualifiers.append("lt")

    number = cand.number
    negative = False
    if kind == "percent":
        kind, negative = _percent_kind(text, start, end, t)
        if unit == "pp":
            kind = "growth"
        moved = t.rate_move_re.search(text[max(0, start - 8) : start])
        if moved:
            kind, negative = "growth", t.rate_signs[moved.group("rate")] * t.rate_signs[moved.group("mover")] < 0
    elif kind not in ("duration", "age", "rank", "share"):
        negative = bool(t.signed_change_re.search(text[max(0, start - 16) : start]))
    if negative:
        number = ZhNumber(
            None if number.value is None else -number.value,
            None if number.high is None else -number.high,
            None if number.low is None else -number.low,
        )
    basis = text[max(0, cand.number_start - 2) : cand.number_start]
    if any(word in basis for word in t.basis_words) and t.basis_before.search(basis):
        return None
    if kind == "money" and t.basis_after.match(text, end):
        return None
    # a lone 一 with a classifier is an article (一家企业); with a unit of time or
    # measure it is the basis of a price or rate (一吨煤几百块钱) unless a cue
    # such as 需, 仅 or 到 makes it a length or an amount (只需一年, 减少到一吨), or a
    # bound after it does (一周内, 一年以上)
    if cand.raw in ("一", "壹") and not suffix and kind in ("count", "duration", *PHYSICAL_KINDS):
        if kind == "count" or not t.duration_cue_re.search(text[max(0, start - 4) : start]):
            return None
    return Mention(
        start=start, end=end, value=number.value, low=number.low, high=number.high,
        unit=unit, kind=kind, qualifier=_strongest(qualifiers), rule=cand.rule,
    )


def recognise(text: str, ctx: Context) -> list[Mention]:
    """Every numeric claim in ``text``, sorted by start and non-overlapping."""
    t = tables()
    excluded = excluded_spans(text, t)
    excluded_starts = [start for start, _ in excluded]
    mentions: list[Mention] = []
    pos = 0
    while True:
        match = t.master.search(text, pos)
        if match is None:
            break
        if match.end() == match.start():
            pos = match.end() + 1
            continue
        try:
            cand = _build(text, match, ctx, t)
        except (ValueError, ArithmeticError):
            cand = None
        if cand is None or _inside(cand.number_start, excluded, excluded_starts) or _identifier_digit(text, cand.number_start):
            pos = match.end()
            continue
        mention = _context(text, cand, ctx, t)
        if mention is None:
            pos = match.end()
            continue
        if mentions and mention.start < mentions[-1].end:
            mention = _replace_start(mention, mentions[-1].end)
        mentions.append(mention)
        pos = max(cand.end, mention.end)
    return mentions


def excluded_spans(text: str, t: _Tables) -> list[tuple[int, int]]:
    """The spans ``finditer`` gives for the alternation of the exclusion words and
    patterns (any of them, the first that matches at a position), found one
    alternative at a time.

    The alternation would try its twenty alternatives at every position of
    the text; one alternative alone is scanned faster (the regex module skips to
    where its first character can match). With ``overlapped`` each alternative
    gives its match at every position where it has one; at a position the
    first alternative in the table's order wins, as in the alternation, and
    the spans are read left to right, each starting where the one before it
    ended or later, as ``finditer`` reads them.
    """
    ends: dict[int, int] = {}
    for alternative in t.exclusion_alternatives:
        for match in alternative.finditer(text, overlapped=True):
            ends.setdefault(match.start(), match.end())
    spans: list[tuple[int, int]] = []
    end = 0
    for start in sorted(ends):
        if start >= end:
            end = ends[start]
            spans.append((start, end))
    return spans


def _replace_start(mention: Mention, start: int) -> Mention:
    from dataclasses import replace

    return replace(mention, start=start)


def _inside(position: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether ``position`` lies in one of ``spans``, sorted and non-overlapping, whose ``starts`` are given."""
    index = bisect_right(starts, position) - 1
    return index >= 0 and position < spans[index][1]


def _identifier_digit(text: str, start: int) -> bool:
    """A digit glued to a Latin letter, a dot or a slash belongs to an identifier."""
    return start > 0 and text[start].isdigit() and (text[start - 1].isascii() and (text[start - 1].isalpha() or text[start - 1] in "./#"))
