"""The English cases run straight through ``recognise`` + ``attribute``, without the pipeline.

The same YAML files feed tests/test_cases.py through ``extract_text``; this
runner pins the English stages on their own so a failure points at them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import clusterfacts
from clusterfacts.attribute.en import attribute
from clusterfacts.recognise.en import compiled, recognise
from clusterfacts.recognise.types import Context, Mention

CASES = Path(clusterfacts.__file__).parent / "langs" / "en" / "cases"


def _cases():
    positive, negative = [], []
    for path in sorted(CASES.glob("*.yaml")):
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, case in enumerate(table.get("positive") or [], 1):
            positive.append(pytest.param(case, id=f"{table['rule_set']}+{number}"))
        for number, text in enumerate(table.get("negative") or [], 1):
            negative.append(pytest.param(text, id=f"{table['rule_set']}-{number}"))
    return positive, negative


POSITIVE, NEGATIVE = _cases()


def _run(text: str, locale: str | None = None) -> list[Mention]:
    ctx = Context("en", locale)
    return attribute(text, recognise(text, ctx), ctx)


def _same(expected, actual) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    return abs(Decimal(str(expected)) - actual) <= abs(Decimal(str(expected))) * Decimal("1e-9")


def _describe(text: str, mentions: list[Mention]) -> str:
    return "; ".join(f"{text[m.start:m.end]!r} {m.value} {m.low}-{m.high} {m.unit} {m.kind} {m.qualifier} "
                     f"[{m.measure}] ({m.rule})" for m in mentions)


@pytest.mark.parametrize("case", POSITIVE)
def test_positive(case):
    text = case["text"]
    mentions = _run(text, case.get("locale"))
    assert len(mentions) == len(case["expect"]), _describe(text, mentions)
    for want in case["expect"]:
        found = [m for m in mentions if text[m.start:m.end] == want["span"]]
        assert found, _describe(text, mentions)
        m = found[0]
        if "low" in want or "high" in want:
            assert _same(want.get("low"), m.low) and _same(want.get("high"), m.high), _describe(text, [m])
            assert m.value is None
        else:
            assert _same(want["value"], m.value), _describe(text, [m])
        assert (m.unit, m.kind, m.qualifier) == (want["unit"], want["kind"], want.get("qualifier", "exact"))
        if want.get("measure"):
            gold, ours = want["measure"].lower(), (m.measure or "").lower()
            assert ours and (gold.split()[-1] in ours or ours in gold or gold in ours), _describe(text, [m])


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(text):
    mentions = _run(text)
    assert not mentions, _describe(text, mentions)


def test_mentions_are_sorted_disjoint_and_rule_named():
    text = " ".join(case.values[0]["text"] for case in POSITIVE)
    mentions = _run(text)
    assert mentions
    for left, right in zip(mentions, mentions[1:]):
        assert left.end <= right.start
    assert all(m.rule.startswith("en.") and m.rule.count(".") >= 2 for m in mentions)


def test_values_are_never_floats():
    for m in _run("Output rose 3.2% to 1.6 billion tons worth $4.69 million over 3-5 years."):
        for number in (m.value, m.low, m.high):
            assert number is None or isinstance(number, Decimal)


def test_offsets_survive_newlines_inside_a_claim():
    text = "The county holds over\n1/4 of the market share and 1.6\nbillion dlrs in reserves."
    spans = [text[m.start:m.end] for m in _run(text)]
    assert spans == ["over\n1/4", "1.6\nbillion dlrs"]


def test_tables_compile_once():
    assert compiled() is compiled()


def _case_texts() -> str:
    return "\n".join([case.values[0]["text"] for case in POSITIVE] + [case.values[0] for case in NEGATIVE])


def test_number_scan_only_where_a_number_can_start():
    """The start pattern must find every place the number and ordinal grammars match (numbers.yaml may grow)."""
    from clusterfacts.recognise.en import _matches_at, number_starts

    g = compiled()
    text = _case_texts() + " twenty-first, A Half, an eighth, a dozen, 1/4, three-quarters, Seventy five, ninetieth"
    starts = number_starts(text)
    for pattern in (g.number, g.ordinal):
        assert [m.span() for m in _matches_at(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]


def test_patterns_ending_at_a_number_match_as_forward_searches():
    """Searching backwards (REVERSE) must find what a forward search of the window finds."""
    import regex

    g = compiled()
    text = _case_texts()
    for pattern in (g.left_context, g.fall_before, g.change_before, g.parallel_before, g.qualifier_before,
                    g.fraction_change_before):
        forward = regex.compile(pattern.pattern, pattern.flags & ~regex.REVERSE)
        for pos in range(0, len(text), 3):
            ours, theirs = pattern.search(text, max(0, pos - 40), pos), forward.search(text, max(0, pos - 40), pos)
            assert (ours and ours.span()) == (theirs and theirs.span()), text[max(0, pos - 40):pos]


@pytest.mark.parametrize("text", ["a value of 80 ourselves", "said 80 of them", "3 are enough", "merge 4369523 hv/doc-fixes",
                                  "merge 12 XSLT_FUNC_COPY"])
def test_no_counted_noun_on_function_words_or_code(text):
    from clusterfacts.recognise.en import TokenWindows, counted_noun_phrase

    number = next(compiled().number.finditer(text))
    assert counted_noun_phrase(TokenWindows(text), number.end()) is None


_RISE_FORMS = [f"{stem}{ending}" for stem, endings in {
    "climb": ("s", "ed", "ing"), "jump": ("s", "ed", "ing"), "surge": ("s", "d"), "gain": ("s", "ed", "ing"),
    "advance": ("s", "d"), "expand": ("s", "ed", "ing"), "widen": ("s", "ed", "ing"), "soar": ("s", "ed", "ing"),
    "increase": ("s", "d"), "rise": ("s",), "grow": ("s", "ing"),
}.items() for ending in ("", *endings)] + ["rose", "risen", "rising", "grew", "grown", "surging", "advancing",
                                           "increasing", "edged up"]


@pytest.mark.parametrize("verb", sorted(compiled().cues.fall_verbs - {"down"}) + ["edged down", "fell back"])
def test_every_fall_verb_signs_a_percentage_and_an_amount(verb):
    """A fall verb in any inflection makes the change after it negative (CLAIMS.md sign rule)."""
    text = f"Output {verb} 4 pct in May. Output {verb} 300 tonnes in June."
    values = [m.value for m in _run(text)]
    assert values == [Decimal(-4), Decimal(-300)], _describe(text, _run(text))


@pytest.mark.parametrize("verb", _RISE_FORMS)
def test_every_rise_verb_makes_a_positive_growth(verb):
    text = f"Output {verb} 4 pct in May."
    assert [(m.value, m.kind) for m in _run(text)] == [(Decimal(4), "growth")], _describe(text, _run(text))


@pytest.mark.parametrize("phrase", ["7", "2019", ")", " (3) ", "--"])
def test_a_measure_without_a_word_is_none(phrase):
    from clusterfacts.attribute.en import _clean

    assert _clean(phrase) is None


def test_measures_of_the_cases_always_hold_a_word():
    for mention in _run(_case_texts()):
        assert mention.measure is None or any(ch.isalpha() for ch in mention.measure), mention


def test_token_windows_give_what_the_plain_functions_give():
    from clusterfacts.recognise.en import TokenWindows, sentence_start, words_after, words_before

    text = ("Output rose 5% to 3.2 billion yuan (US$450 million) in 2023, the firm said. Its 12 plants, "
            "in Jiangsu and Zhejiang, employ about 8,000 workers; Dr. Li expects 10 more by Jan. 2025.")
    windows = TokenWindows(text)
    for pos in range(len(text) + 1):
        for limit in (1, 16, 2, 12, 40):  # a shorter window after a longer one, and a longer after a shorter
            assert windows.after(pos, limit) == words_after(text, pos, limit)
            for floor in (0, pos - 30, pos):
                assert windows.before(pos, max(0, floor), limit) == words_before(text, pos, max(0, floor), limit)
        for reach in (200, 400):
            assert windows.sentence_start(pos, reach) == sentence_start(text, pos, reach)
