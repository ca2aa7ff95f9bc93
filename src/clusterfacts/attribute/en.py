"""English measure attribution: name what each recognised amount measures.

The reference scorer accepts a measure whose words contain, or are contained
in, the gold phrase, so heads matter most. A count names its counted noun
(``528 bearing processing enterprises``); other amounts take the noun phrase
that owns them (``output value of 8 billion yuan``, ``daily output could reach
40,000 units``, ``an industrial cluster valued at ten billion yuan``), a
complement (``93.65 billion yuan in main business income``, ``3 million tons
of traffic engineering products``) or the activity of their verb (``invested
over 30 million yuan`` is an investment). Amounts in parallel or in
parentheses share the measure of their partner. Everything runs on tokens of
a short window around the mention.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from clusterfacts.recognise.en import TokenWindows, compiled, counted_noun_phrase
from clusterfacts.recognise.types import Context, Mention
from clusterfacts.resolve.numerals_en import scale_of

MAX_WORDS = 7
_DETERMINERS = ("the", "its", "their", "this", "these", "a", "an")
#: words an owner phrase does not start with, besides the name prepositions of cues.yaml
_PHRASE_EDGES = frozenset({"of", "and", "at", *_DETERMINERS})
_INNER_PREPOSITIONS = ("of", "at", "in", "for", "with", "to", "from", "on")
MAX_OWNER_WORDS = 10
_TIME_PREPOSITIONS = ("for", "in", "during", "over", "of", "at", "through", "since", "to", "until", "from")


@lru_cache(maxsize=None)
def _level_link() -> regex.Pattern:
    """What joins a change to the level it reached: ``rose 5% to``, ``rose 5% year-on-year to``."""
    compared = "|".join(regex.escape(w) for w in sorted(compiled().cues.growth_compared_after, key=len, reverse=True))
    return regex.compile(rf"\s+(?:(?i:{compared}|from\s+a\s+year\s+(?:earlier|ago)|on\s+the\s+year),?\s+)?to\s+")


def attribute(
    text: str, mentions: list[Mention], ctx: Context, *, windows: TokenWindows | None = None
) -> list[Mention]:
    """The mentions with ``measure`` set (None when no phrase is found).

    ``windows`` is best the one :func:`clusterfacts.recognise.en.recognise`
    filled for the same text: the measure is looked for at the positions
    the recogniser already tokenised.
    """
    windows = TokenWindows(text) if windows is None else windows
    done: list[Mention] = []
    for m in mentions:
        done.append(m.with_measure(_measure(text, windows, m, done)))
    return done


def _clean(phrase: str) -> str | None:
    """The phrase without edge punctuation; None when no word is left (``7``, ``2019``, ``)``)."""
    phrase = " ".join(phrase.split()).strip(" ,;:-–—\"'“”")
    if phrase.count("(") != phrase.count(")"):
        phrase = phrase.strip(" ()")
    return phrase if any(ch.isalpha() for ch in phrase) else None


def _measure(text: str, windows: TokenWindows, mention: Mention, earlier: list[Mention]) -> str | None:
    rule = mention.rule
    if rule == "en.money.conversion" and earlier:
        return earlier[-1].measure
    if earlier and _level_link().fullmatch(text, earlier[-1].end, mention.start) and earlier[-1].measure:
        return earlier[-1].measure  # "Revenue fell 12% to $4.5 billion": the level the change reached
    if rule == "en.count.more":  # "employs 300 workers and will hire 180 more": more workers
        return next((m.measure for m in reversed(earlier) if m.kind == "count"), None)
    if rule.endswith(".parallel"):
        partner = next((m for m in reversed(earlier) if m.unit == mention.unit), None)
        return (
            _left_head(text, windows, mention.start)
            or _complement(text, windows, mention.end, "of")
            or (partner.measure if partner is not None else None)
        )
    if mention.kind == "age":
        return "age"
    if mention.kind == "rank":
        return _rank_measure(text, windows, mention)
    if mention.kind == "duration":
        # "a 20-year lease": a hyphenated duration names the noun it modifies
        modified = _modified_noun(text, windows, mention.end) if "-" in text[mention.start:mention.end] else None
        return modified or "period"
    if rule == "en.count.number_noun":
        noun = counted_noun_phrase(windows, mention.end)
        if noun is not None:
            phrase = text[noun[0]:noun[1]]
            if phrase.split()[0].lower() not in compiled().cues.classifier_nouns:
                return _clean(phrase)
        return _left_head(text, windows, mention.start) or (_clean(text[noun[0]:noun[1]]) if noun else None)
    if rule == "en.count.elliptic":
        return _left_head(text, windows, mention.start)
    if mention.kind in ("share", "ratio"):
        return _share_measure(text, windows, mention)
    if mention.kind == "growth":
        return (
            _left_head(text, windows, mention.start)
            or _growth_after(text, windows, mention.end)
            or _sentence_partner(text, windows, mention, earlier)
        )
    if mention.kind in ("money", "rate"):
        return (
            _nominalised_verb(text, windows, mention.start)
            or _modified_noun(text, windows, mention.end)
            or _left_head(text, windows, mention.start, linked_only=True)
            or _complement(text, windows, mention.end, "in")
            or _complement(text, windows, mention.end, "of")
            or _left_head(text, windows, mention.start)
        )
    return (
        _complement(text, windows, mention.end, "of")
        or _nominalised_verb(text, windows, mention.start)
        or _modified_noun(text, windows, mention.end)
        or _left_head(text, windows, mention.start)
        or _complement(text, windows, mention.end, "in")
    )


def _modified_noun(text: str, windows: TokenWindows, end: int) -> str | None:
    """``its 44.5 billion dlr foreign debt``: an amount used as a modifier names its noun."""
    noun = counted_noun_phrase(windows, end)
    if noun is None:
        return None
    phrase = text[noun[0]:noun[1]]
    if phrase.split()[0].lower() in compiled().cues.time_words:
        return None
    return _clean(phrase)


def _rank_measure(text: str, windows: TokenWindows, mention: Mention) -> str:
    """``ranked 4th`` is a ranking; ``the third biggest exporter`` ranks exporters, and so does
    ``the world's No. 1 exporter`` (but ``No. 1 in Asia`` is a ranking)."""
    numbered = mention.rule == "en.rank.number"
    if mention.rule == "en.rank.ordinal" or numbered:
        tokens = windows.after(mention.end, limit=4)
        words = []
        for _s, _e, tok in tokens:
            if tok == "-" or not tok[0].isalpha() or ((words or numbered) and tok.lower() in compiled().cues.stopwords):
                break
            words.append(tok)
        if words:
            return " ".join(words)
    return "ranking"


def _share_measure(text: str, windows: TokenWindows, mention: Mention) -> str | None:
    """``sales share of 60%`` names the share; ``holds 1/4 of the Chinese market share`` the whole."""
    if mention.rule == "en.fraction.proportion":  # "seven in ten farmers" are a share of farmers
        noun = counted_noun_phrase(windows, mention.end)
        if noun is not None:
            return _clean(text[noun[0]:noun[1]])
    floor = windows.sentence_start(mention.start, reach=200)
    before = windows.before(mention.start, floor, limit=1)
    if before and before[0][2].lower() == "of":
        head = _left_head(text, windows, mention.start)
        if head:
            return head
    return _complement(text, windows, mention.end, "of") or _left_head(text, windows, mention.start)


def _growth_after(text: str, windows: TokenWindows, end: int) -> str | None:
    """``a 25.7% rise in tax revenues``."""
    tokens = windows.after(end, limit=6)
    cues = compiled().cues
    first = tokens[0][2].lower() if tokens else ""
    if first not in cues.growth_up_after and first not in cues.growth_down_after:
        return None
    complement = _complement(text, windows, tokens[0][1], "in")
    return f"{tokens[0][2]} in {complement}" if complement else tokens[0][2]


def _sentence_partner(text: str, windows: TokenWindows, mention: Mention, earlier: list[Mention]) -> str | None:
    """``was 1.6 billion dlrs in January, up 24.4 pct``: the change of that amount."""
    floor = windows.sentence_start(mention.start)
    partner = next((m for m in reversed(earlier) if m.end > floor and m.measure and m.unit != "%"), None)
    return f"{partner.measure} growth" if partner else None


def _complement(text: str, windows: TokenWindows, end: int, preposition: str) -> str | None:
    """The noun phrase of ``in ...`` or ``of ...`` right after an amount."""
    cues = compiled().cues
    tokens = windows.after(end, limit=MAX_WORDS + 4)
    if not tokens or tokens[0][2].lower() != preposition:
        return None
    words: list[str] = []
    for _s, _e, tok in tokens[1:]:
        lower = tok.lower()
        if not words and lower in ("the", "its", "their", "his", "her", "our", "this", "these", "a", "an", "all"):
            continue
        if tok.startswith("("):
            if words:
                words.append(tok)
            continue
        if not tok[0].isalpha() or lower in cues.stopwords and lower not in ("and",):
            break
        if not words and (lower in cues.time_words or preposition == "in" and tok[0].isupper()):
            return None
        words.append(tok)
        if len(words) >= MAX_WORDS:
            break
    while words and words[-1].lower() in ("and", "or"):
        words.pop()
    return _clean(" ".join(words)) if words else None


def _nominalised_verb(text: str, windows: TokenWindows, start: int) -> str | None:
    """``invested over 30 million yuan`` measures an investment."""
    before = windows.before(start, max(0, start - 40), limit=1)
    if not before:
        return None
    return compiled().cues.nominalisations.get(before[0][2].lower())


def _left_head(text: str, windows: TokenWindows, start: int, linked_only: bool = False) -> str | None:
    """The noun phrase that owns an amount, leftwards across linking words.

    With ``linked_only``, only an owner joined by a linking word counts
    (``output value of``, ``sales reached``), not the subject of a
    transitive verb (``the fund manages ... in assets`` names assets).

    ``the national output of bearings was nearly`` gives ``national output of
    bearings``; ``valued at`` turns the owner into a value; a generic head
    (``a new high of``) defers to the owner before it. Leading proper names
    are dropped when two or more common words remain (``Luoyang
    Xinqianglian's business revenue`` -> ``business revenue``).
    """
    cues = compiled().cues
    floor = windows.sentence_start(start)
    tokens = windows.before(start, floor, limit=MAX_OWNER_WORDS + 16)
    index = 0
    valued = False
    for _attempt in range(2):
        skipped_from = index
        index, skipped_valued = _skip_links(tokens, index)
        valued = valued or skipped_valued
        if linked_only and index == skipped_from:
            return None
        index = _skip_time_phrase(tokens, _skip_time_phrase(tokens, index))  # "in the first half of 2020"
        apposition = [tok.lower() for _s, _e, tok in tokens[skipped_from:index]] in (["up"], ["down"])
        apposition = apposition and index < len(tokens) and tokens[index][2] == ","
        if apposition:
            index += 1  # "Exports, up 8 pct year-on-year, reached ...": the subject before the comma
        words, index, first_at = _owner_phrase(tokens, index)
        if not words or (apposition and index < len(tokens)):
            return None  # after a comma only the subject that opens the sentence owns the change
        phrase = " ".join(words)
        if phrase.lower() not in cues.generic_heads:
            break
        while index < len(tokens) and tokens[index][2].lower() in ("a", "an", "the"):
            index += 1
    else:
        return None
    if len(words) > 5 and "of" in words[1:]:
        words = words[: words.index("of", 1)]
    capitalised = 0
    while capitalised < len(words) and words[capitalised][0].isupper():
        capitalised += 1
    sentence_initial = not text[floor:first_at].strip(" \t\n\"“'(")
    if 0 < capitalised and len(words) - capitalised >= 2 and not (capitalised == 1 and sentence_initial):
        words = words[capitalised:]
    phrase = " ".join(words)
    return _clean(f"{phrase} value" if valued and not phrase.lower().endswith("value") else phrase)


def _skip_time_phrase(tokens: list[tuple[int, int, str]], index: int) -> int:
    """Step left over a time phrase between an owner and its verb.

    ``Net income for the year climbed``, ``Sales in May 2019 rose``, ``Sales
    last year rose``: the run holds a time noun (``year``, ``May``, ``2019``)
    and either opens with a preposition or starts on ``last``, ``this``,
    ``next`` or ``past``.
    """
    cues = compiled().cues
    at = index
    has_head = False
    while at < len(tokens):
        lower = tokens[at][2].lower()
        is_year = len(lower) == 4 and lower.isdigit()
        if not (lower in cues.time_words or is_year):
            break
        has_head = has_head or is_year or lower in cues.time_heads
        at += 1
    if not has_head:
        return index
    if at < len(tokens) and tokens[at][2].lower() in _TIME_PREPOSITIONS:
        return at + 1
    return at if tokens[at - 1][2].lower() in ("last", "this", "next", "past") else index


def _skip_links(tokens: list[tuple[int, int, str]], index: int) -> tuple[int, bool]:
    """Step left over verbs and prepositions between an amount and its owner."""
    cues = compiled().cues
    valued = False
    first = index
    while index < len(tokens):
        lower = tokens[index][2].lower()
        if lower == "from" and index == first and index + 1 < len(tokens) and tokens[index + 1][2].lower() in cues.link_words:
            index += 1  # "widened from 20% to 25%": the start level belongs to the owner of the change
            continue
        if lower in cues.noun_verbs and index + 1 < len(tokens):
            previous = tokens[index + 1][2].lower()
            plural_subject = previous[:1].isalpha() and previous.endswith("s") and previous not in cues.stopwords
            if plural_subject or previous in cues.link_words:
                index += 1
                continue
            break
        if lower not in cues.link_words:
            break
        valued = valued or lower == "valued"
        index += 1
    return index, valued


def _is_unit_word(word: str) -> bool:
    return scale_of(word) is not None or " ".join(word.lower().split()) in compiled().words_by_surface


def _owner_phrase(tokens: list[tuple[int, int, str]], index: int) -> tuple[list[str], int, int]:
    """Collect a noun phrase leftwards from ``index``.

    Returns its words in text order, the index after it and the offset of its
    first word (-1 when empty).
    """
    cues = compiled().cues
    picked: list[tuple[int, str]] = []

    def take() -> None:
        picked.insert(0, (tokens[index][0], tokens[index][2]))

    while index < len(tokens) and len(picked) < MAX_OWNER_WORDS:
        tok = tokens[index][2]
        lower = tok.lower()
        following = tokens[index + 1][2] if index + 1 < len(tokens) else ""
        if tok.startswith("(") and len(tok) > 1:
            index += 1
            continue
        if not tok[0].isalpha():
            break
        if picked and lower in _DETERMINERS and following.lower() in _INNER_PREPOSITIONS:
            take()  # "annual output of the workshop", "throughput at the port"
        elif picked and lower in _INNER_PREPOSITIONS:
            next_word = following.lower()
            if not following[:1].isalpha() or next_word in cues.stopwords or next_word in cues.link_words:
                break
            take()
        elif lower == "and":
            if not (picked and following[:1].isalpha() and following.lower() not in cues.stopwords):
                break
            take()
        elif lower in cues.stopwords or lower in cues.link_words:
            break
        else:
            take()
        index += 1
    while picked and (picked[0][1].lower() in _PHRASE_EDGES or picked[0][1].lower() in cues.name_prepositions):
        picked.pop(0)
    if picked and all(_is_unit_word(word) for _start, word in picked):
        picked = []  # "300 million yuan to ...": the unit of an earlier amount owns nothing
    return [word for _start, word in picked], index, picked[0][0] if picked else -1
