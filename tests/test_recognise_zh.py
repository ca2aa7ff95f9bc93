"""The Chinese case files run straight through recognise + attribute.

The shared runner (tests/test_cases.py) sends the same cases through the whole
pipeline; this one pins the Chinese rules without the cleaner, so a case
written in traditional script is converted here character by character
(OpenCC t2s keeps length, as the cleaner does).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from clusterfacts.attribute.zh import attribute
from clusterfacts.recognise.types import Context
from clusterfacts.recognise.zh import recognise

CASES = Path(__file__).resolve().parents[1] / "src" / "clusterfacts" / "langs" / "zh" / "cases"


@pytest.fixture(scope="module")
def to_simplified():
    opencc = pytest.importorskip("opencc")
    converter = opencc.OpenCC("t2s")

    def convert(text: str) -> str:
        out = []
        for char in text:
            simplified = converter.convert(char)
            out.append(simplified if len(simplified) == 1 else char)
        return "".join(out)

    return convert


def _load():
    positive, negative = [], []
    for path in sorted(CASES.glob("*.yaml")):
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, case in enumerate(table.get("positive") or [], 1):
            positive.append(pytest.param(case, id=f"{path.stem}+{number}"))
        for number, text in enumerate(table.get("negative") or [], 1):
            negative.append(pytest.param(text, id=f"{path.stem}-{number}"))
    return positive, negative


POSITIVE, NEGATIVE = _load()


def _extract(text: str, locale: str | None, convert):
    simplified = convert(text)
    lang = "zh-Hans" if simplified == text else "zh-Hant"
    ctx = Context(lang=lang, locale=locale or "CN")
    return simplified, attribute(simplified, recognise(simplified, ctx), ctx)


def _same(expected, actual) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    return abs(Decimal(str(expected)) - actual) <= abs(Decimal(str(expected))) * Decimal("1e-9")


def _describe(text, mentions) -> str:
    return "; ".join(
        f"{text[m.start:m.end]!r} {m.value if m.value is not None else (m.low, m.high)} {m.unit} {m.kind} "
        f"{m.qualifier} [{m.measure}] ({m.rule})"
        for m in mentions
    )


@pytest.mark.parametrize("case", POSITIVE)
def test_positive(case, to_simplified):
    text, mentions = _extract(case["text"], case.get("locale"), to_simplified)
    assert len(mentions) == len(case["expect"]), _describe(text, mentions)
    for want in case["expect"]:
        span = to_simplified(want["span"])
        found = [m for m in mentions if text[m.start : m.end] == span]
        assert found, f"no mention spans {span!r}: {_describe(text, mentions)}"
        got = found[0]
        if "low" in want or "high" in want:
            assert _same(want.get("low"), got.low) and _same(want.get("high"), got.high), _describe(text, found)
        else:
            assert _same(want["value"], got.value), _describe(text, found)
        assert (got.unit, got.kind, got.qualifier) == (want["unit"], want["kind"], want.get("qualifier", "exact")), _describe(text, found)
        if want.get("measure"):
            measure = (got.measure or "").lower()
            gold = want["measure"].lower()
            assert measure and (measure in gold or gold in measure), _describe(text, found)


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(text, to_simplified):
    simplified, mentions = _extract(text, None, to_simplified)
    assert not mentions, _describe(simplified, mentions)


def test_offsets_are_sorted_and_disjoint(to_simplified):
    text = to_simplified("投資120億元建設15個項目,其中3個超過10億元,佔總數兩成。")
    mentions = recognise(text, Context(lang="zh-Hant", locale="TW"))
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_enough_cases():
    assert len(POSITIVE) >= 170 and len(NEGATIVE) >= 60, (len(POSITIVE), len(NEGATIVE))


def test_a_moved_rate_changes_by_the_product_of_the_signs():
    """降幅收窄 is a rise, 增幅回落 a fall: the rule is the two sign tables of cues.yaml, for every pair."""
    from clusterfacts.langs import load_table

    cues = load_table("zh", "cues")
    for rate, rate_sign in cues["signed_rates"].items():
        for mover, mover_sign in cues["rate_movers"].items():
            text = f"出口{rate}{mover}1.5个百分点。"
            (mention,) = recognise(text, Context(lang="zh-Hans", locale="CN"))
            assert (mention.kind, mention.value) == ("growth", Decimal("1.5") * rate_sign * mover_sign), text


def test_no_measure_is_junk():
    """Over the seed and development documents a measure is never digits, punctuation or a year, and a
    single character only names the noun counted after a classifier (3口井)."""
    from conftest import SEEDS, SHARED

    from clusterfacts.attribute.zh import JUNK
    from clusterfacts.clean import to_simplified

    paths = sorted(SEEDS.glob("*.txt")) + sorted((SHARED / "corpus" / "dev").glob("zh*.txt"))
    for path in paths:
        text = to_simplified(path.read_text(encoding="utf-8"))
        ctx = Context(lang="zh-Hans", locale="CN")
        for mention in attribute(text, recognise(text, ctx), ctx):
            measure = mention.measure
            if measure is None:
                continue
            assert not JUNK.fullmatch(measure), (path.name, measure)
            assert len(measure) > 1 or mention.rule == "zh.count.classifier", (path.name, measure, mention.rule)
