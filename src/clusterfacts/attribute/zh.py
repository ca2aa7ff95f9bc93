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

from clusterfacts import jieba_tagger
from clusterfacts.compiled import compile_all
from clusterfacts.langs import load_table
from clusterfacts.recognise.types import Context, Mention
from clusterfacts.recognise.zh import CueTable

WINDOW = 16
HAN_WORD = regex.compile(r"\p{Han}+")
LIST_GAP = regex.compile(r"\s*(?:、|和|与|及|或|,)\s*(?:\p{Han}{1,4})?\s*")
# a change from one amount to another (由45天延长至90天, 从8种增加到19种) or a
# conversion in parentheses (2亿元(约新台币8.9亿元)): the second amount measures
# what the first does
FROM_BEFORE = regex.compile(r"[由从]\s*$")
TO_GAP = regex.compile(r"\s*\p{Han}{0,3}(?:至|到)\s*(?:\p{Han}{1,2})?\s*|\s*\(\s*")
AFTER_RULES = ("zh.count.classifier", "zh.count.big", "zh.count.containers", "zh.rank.ordinal")
# no measure is only digits, punctuation or a year (较5年前 gives 5, not a noun)
JUNK = regex.compile(r"[\d\p{P}\p{S}\s]*(?:\d{2,4}年?)?[\d\p{P}\p{S}\s]*")
# tags of the words that may fill the noun slot after a classifier (nouns, and
# verbs and adjectives used as nouns: 3场演出, 3口井); not particles, adverbs, numbers
NOUN_SLOT_TAGS = tuple("nvazjlbi")


class MeasureTable(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    nounish: list[str]
    stop_words: list[str]
    hard_stops: str
    max_chars: int
    heads: list[str]
    links: list[str]
    comparisons: list[str]
    predicate_after: list[str]
    predicate_verbs: list[str]


@dataclass(frozen=True)
class _Rules:
    table: MeasureTable
    stop_words: frozenset[str]
    nounish: frozenset[str]
    duration: list[tuple[regex.Pattern | None, regex.Pattern | None, str]]
    head_before: regex.Pattern
    first_stop: regex.Pattern
    predicate_after: tuple[str, ...]
    predicate_verbs: frozenset[str]
    change_clause: regex.Pattern
    last_stop: regex.Pattern


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    table = load_table("zh", "measures", MeasureTable)
    cues = load_table("zh", "cues", CueTable)
    heads = cues.money_before + cues.share + table.heads
    def alternation(words: list[str]) -> str:
        # longest first; one length in a fixed order, for the same source in every process (compile_all)
        return "(?:" + "|".join(map(regex.escape, sorted(set(words), key=lambda word: (-len(word), word)))) + ")"

    # a known measure word, then maybe a comparison with its change verb and a link (营业收入同比增长12%)
    comparison, change, link = alternation(table.comparisons), alternation(cues.growth + cues.decrease), alternation(table.links)
    stops = "[" + "".join(map(regex.escape, table.hard_stops)) + "]"
    sources: dict[str | tuple[str, int], str] = {
        "head_before": alternation(heads) + f"(?=(?:{comparison}{change}?)?{link}?$)",
        "change_clause": rf"\s*[,;]\s*{comparison}{change}{link}?\s*",
        "first_stop": stops,
    }
    for index, measure in enumerate(cues.duration_measures):
        if measure.before:
            sources["duration before", index] = measure.before
        if measure.after:
            sources["duration after", index] = measure.after
    compiled = compile_all(sources)
    duration = [
        (compiled.get(("duration before", index)), compiled.get(("duration after", index)), measure.measure)
        for index, measure in enumerate(cues.duration_measures)
    ]
    return _Rules(
        table, frozenset(table.stop_words), frozenset(table.nounish), duration, compiled["head_before"],
        first_stop=compiled["first_stop"], last_stop=regex.compile(stops, regex.REVERSE),
        predicate_after=tuple(table.predicate_after),
        predicate_verbs=frozenset(table.predicate_verbs),
        change_clause=compiled["change_clause"],
    )


Tagger = Callable[[str], tuple[tuple[str, str], ...]]


def _tag(text: str) -> tuple[tuple[str, str], ...]:
    """Words and part-of-speech flags of ``text``: jieba's tagger without its HMM."""
    return jieba_tagger.tagger()(text)


def _is_nounish(word: str, flag: str, rules: _Rules) -> bool:
    if word in rules.stop_words:
        return False
    if word in ("(", ")"):
        return True
    return flag in rules.nounish or flag.startswith("n") and flag != "nr"


def _phrase_after(text: str, end: int, rules: _Rules, tag: Tagger, noun_slot: bool = False) -> str:
    """The noun phrase after ``end``; with ``noun_slot`` (right after a classifier) the
    words that end the clause there are the counted noun whatever their tags."""
    window = text[end : end + WINDOW]
    stop = rules.first_stop.search(window)
    cut = stop.start() if stop else len(window)
    tagged = tag(window[:cut])
    if noun_slot and tagged and (stop or end + cut >= len(text)) and all(
        flag.startswith(NOUN_SLOT_TAGS)
        and word not in rules.stop_words
        and word not in rules.predicate_verbs
        and HAN_WORD.fullmatch(word)
        for word, flag in tagged
    ):
        return "".join(word for word, _ in tagged)[: rules.table.max_chars]
    words: list[tuple[str, str]] = []
    for word, flag in tagged:
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
        # a one-character noun suffix (期, 率, 额) binds the word before it whatever its tag: 结算期
        bound = (
            len(picked) == 1
            and len(picked[0]) == 1
            and HAN_WORD.fullmatch(picked[0] + word)
            and flag.startswith(NOUN_SLOT_TAGS)
            and word not in rules.stop_words
        )
        if not (bound or _is_nounish(word, flag, rules)) or len(picked) == 2:
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


def _usable(phrase: str, single: bool = False) -> str | None:
    """``phrase`` unless it is junk: digits, punctuation, a year, or (unless ``single``) one character."""
    if not phrase or JUNK.fullmatch(phrase) or (len(phrase) == 1 and not single):
        return None
    return phrase


def measure_of(text: str, mention: Mention, tag: Tagger = _tag) -> str | None:
    """The short simplified-Chinese phrase naming what ``mention`` measures."""
    rules = _rules()
    if mention.kind in ("duration", "age"):
        conventional = _duration_measure(text, mention, rules)
        if conventional:
            return conventional
    if mention.rule in AFTER_RULES:
        noun_slot = mention.rule == "zh.count.classifier" and not text[: mention.end].endswith(rules.predicate_after)
        return _usable(_phrase_after(text, mention.end, rules, tag, noun_slot), single=noun_slot) or _usable(
            _phrase_before(text, mention.start, rules, tag)
        )
    before = _usable(_phrase_before(text, mention.start, rules, tag)) or ""
    head = rules.head_before.search(text[max(0, mention.start - WINDOW) : mention.start].rstrip())
    if head and not _usable(head.group(0)):
        head = None  # a one-character cue (占) names nothing
    if head and not before.endswith(head.group(0)):
        # jieba split a known measure word (台积电上季营收): trust the word list
        before = head.group(0)
    if mention.rule == "zh.money.implicit" and not head:
        return _usable(_phrase_after(text, mention.end, rules, tag)) or before or None
    return before or _usable(_phrase_after(text, mention.end, rules, tag))


def attribute(text: str, mentions: list[Mention], ctx: Context) -> list[Mention]:
    """Return ``mentions`` with ``measure`` set (None when nothing nameable is near).

    A mention with no phrase of its own that continues a list of the same kind
    (``涨幅分别为80%、82%、110%``), a change from the amount before it
    (``由45天延长至90天``), converts it in parentheses, or is its change in a
    clause of its own (``营收120亿元,同比增长18%``) takes its measure.
    """
    del ctx  # one grammar serves both scripts: the text is already simplified
    tag = lru_cache(maxsize=None)(_tag)  # a document's windows repeat (同比增长, 分别为)
    rules = _rules()
    named: list[Mention] = []
    for mention in mentions:
        previous = named[-1] if named else None
        measure = mention.measure
        if measure is None and previous is not None and _continues(text, previous, mention):
            measure = previous.measure
        if measure is None:
            measure = measure_of(text, mention, tag)
        if measure is None and previous is not None:
            between = text[previous.end : mention.start]
            if previous.kind == mention.kind and LIST_GAP.fullmatch(between):
                measure = previous.measure
            elif mention.kind == "growth" and rules.change_clause.fullmatch(between):
                measure = previous.measure
        named.append(mention.with_measure(measure))
    return named


def _continues(text: str, previous: Mention, mention: Mention) -> bool:
    """Whether ``mention`` is the end of a change from ``previous`` or its conversion in parentheses."""
    if previous.kind != mention.kind:
        return False
    between = text[previous.end : mention.start]
    if not TO_GAP.fullmatch(between):
        return False
    return between.lstrip().startswith("(") or bool(FROM_BEFORE.search(text[max(0, previous.start - 2) : previous.start]))
