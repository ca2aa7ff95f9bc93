"""Chinese measure attribution: name what each recognised amount measures.

A count takes the noun phrase after its classifier (``15个轴承产业项目`` →
``轴承产业项目``); other amounts take the compact noun phrase just before them
(``签约项目金额102.2亿元`` → ``项目金额``), since the scorer accepts a measure
contained in the gold one. Durations named by convention (``40多年来`` is a
history) come from ``cues.yaml``. jieba's part-of-speech tagger runs only on a
short window around each mention, so throughput stays with the regex scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import regex
from pydantic import BaseModel, ConfigDict

from clusterfacts.langs import load_table
from clusterfacts.recognise.types import Context, Mention
from clusterfacts.recognise.zh import CueTable

WINDOW = 16
LIST_GAP = regex.compile(r"\s*(?:、|和|与|及|或|,)\s*(?:\p{Han}{1,4})?\s*")
AFTER_RULES = ("zh.count.classifier", "zh.count.big", "zh.count.containers", "zh.rank.ordinal")


class MeasureTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    nounish: list[str]
    stop_words: list[str]
    hard_stops: str
    max_chars: int
    heads: list[str]
    links: list[str]


@dataclass(frozen=True)
class _Rules:
    table: MeasureTable
    stop_words: frozenset[str]
    nounish: frozenset[str]
    duration: list[tuple[regex.Pattern | None, regex.Pattern | None, str]]
    head_before: regex.Pattern
    first_stop: regex.Pattern
    last_stop: regex.Pattern


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    table = MeasureTable.model_validate(load_table("zh", "measures"))
    cues = CueTable.model_validate(load_table("zh", "cues"))
    duration = [
        (regex.compile(d.before) if d.before else None, regex.compile(d.after) if d.after else None, d.measure)
        for d in cues.duration_measures
    ]
    heads = sorted(set(cues.money_before + cues.share + table.heads), key=len, reverse=True)
    head_before = regex.compile(
        "(?:" + "|".join(map(regex.escape, heads)) + ")(?=(?:" + "|".join(map(regex.escape, table.links)) + ")?$)"
    )
    stops = "[" + "".join(map(regex.escape, table.hard_stops)) + "]"
    return _Rules(
        table, frozenset(table.stop_words), frozenset(table.nounish), duration, head_before,
        first_stop=regex.compile(stops), last_stop=regex.compile(stops, regex.REVERSE),
    )


@lru_cache(maxsize=1)
def _posseg():
    """jieba's tagger, imported and warmed once, on first use."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg


Tagger = Callable[[str], tuple[tuple[str, str], ...]]


def _tag(text: str) -> tuple[tuple[str, str], ...]:
    """Words and part-of-speech flags of ``text``."""
    return tuple((pair.word, pair.flag) for pair in _posseg().cut(text, HMM=False))


def _is_nounish(word: str, flag: str, rules: _Rules) -> bool:
    if word in rules.stop_words:
        return False
    if word in ("(", ")"):
        return True
    return flag in rules.nounish or flag.startswith("n") and flag != "nr"


def _phrase_after(text: str, end: int, rules: _Rules, tag: Tagger) -> str:
    window = text[end : end + WINDOW]
    stop = rules.first_stop.search(window)
    cut = stop.start() if stop else len(window)
    words: list[tuple[str, str]] = []
    for word, flag in tag(window[:cut]):
        if _is_nounish(word, flag, rules) or (flag.startswith("a") or flag.startswith("v") and len(word) > 1) and word not in rules.stop_words:
            words.append((word, flag))
            continue
        break
    while words and not _is_nounish(*words[-1], rules):
        words.pop()
    phrase = "".join(w for w, _ in words)
    if phrase.count("(") != phrase.count(")"):
        phrase = phrase.rstrip("(")
    return phrase[: rules.table.max_chars]


def _phrase_before(text: str, start: int, rules: _Rules, tag: Tagger) -> str:
    window = text[max(0, start - WINDOW) : start].rstrip()
    stop = rules.last_stop.search(window)
    cut = stop.start() if stop else -1
    words = list(tag(window[cut + 1 :]))
    while words and not _is_nounish(*words[-1], rules):
        words.pop()
    picked: list[str] = []
    for word, flag in reversed(words):
        if not _is_nounish(word, flag, rules) or len(picked) == 2:
            break
        picked.append(word)
    return "".join(reversed(picked)).strip("()")


def _duration_measure(text: str, mention: Mention, rules: _Rules) -> str | None:
    before = text[max(0, mention.start - 6) : mention.start]
    after = text[mention.end : mention.end + 6]
    for before_re, after_re, measure in rules.duration:
        if before_re is not None and before_re.search(before):
            return measure
        if after_re is not None and after_re.match(after):
            return measure
    return None


def measure_of(text: str, mention: Mention, tag: Tagger = _tag) -> str | None:
    """The short simplified-Chinese phrase naming what ``mention`` measures."""
    rules = _rules()
    if mention.kind in ("duration", "age"):
        conventional = _duration_measure(text, mention, rules)
        if conventional:
            return conventional
    if mention.rule in AFTER_RULES:
        return _phrase_after(text, mention.end, rules, tag) or _phrase_before(text, mention.start, rules, tag) or None
    before = _phrase_before(text, mention.start, rules, tag)
    head = rules.head_before.search(text[max(0, mention.start - WINDOW) : mention.start].rstrip())
    if head and not before.endswith(head.group(0)):
        # jieba split a known measure word (台积电上季营收): trust the word list
        before = head.group(0)
    if mention.rule == "zh.money.implicit" and not head:
        return _phrase_after(text, mention.end, rules, tag) or before or None
    return before or _phrase_after(text, mention.end, rules, tag) or None


def attribute(text: str, mentions: list[Mention], ctx: Context) -> list[Mention]:
    """Return ``mentions`` with ``measure`` set (None when nothing nameable is near).

    A mention with no phrase of its own that continues a list of the same kind
    (``涨幅分别为80%、82%、110%``) takes the measure of the item before it.
    """
    del ctx  # one grammar serves both scripts: the text is already simplified
    tag = lru_cache(maxsize=None)(_tag)  # a document's windows repeat (同比增长, 分别为)
    named: list[Mention] = []
    for mention in mentions:
        measure = mention.measure or measure_of(text, mention, tag)
        if measure is None and named:
            previous = named[-1]
            between = text[previous.end : mention.start]
            if previous.kind == mention.kind and LIST_GAP.fullmatch(between):
                measure = previous.measure
        named.append(mention.with_measure(measure))
    return named
