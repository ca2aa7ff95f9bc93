"""Every rule's examples, run through the whole pipeline (Duckling's rules-plus-corpus pattern).

The cases live beside the rules in src/clusterfacts/langs/<lang>/cases/*.yaml:
positive examples list the facts a text must give (and no others), negative
examples must give none. Adding a case means adding a YAML entry.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import clusterfacts

LANGS = Path(clusterfacts.__file__).parent / "langs"


def _load_cases():
    positive, negative = [], []
    for path in sorted(LANGS.glob("*/cases/*.yaml")):
        lang = path.parent.parent.name
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        rule_set = table.get("rule_set", path.stem)
        for number, case in enumerate(table.get("positive") or [], 1):
            positive.append(pytest.param(lang, case, id=f"{rule_set}+{number}:{case['text'][:40]}"))
        for number, text in enumerate(table.get("negative") or [], 1):
            negative.append(pytest.param(lang, text, id=f"{rule_set}-{number}:{text[:40]}"))
    return positive, negative


POSITIVE, NEGATIVE = _load_cases()


def _extract(lang: str, text: str, locale: str | None):
    return clusterfacts.extract_text(text, lang="en" if lang == "en" else None, locale=locale)


def _same_number(expected, actual) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    return abs(Decimal(str(expected)) - actual) <= abs(Decimal(str(expected))) * Decimal("1e-9")


def _measure_ok(expected: str, actual: str | None) -> bool:
    gm, pm = expected.lower(), (actual or "").lower()
    return bool(pm) and (gm.split()[-1] in pm or pm in gm or gm in pm)


def _describe(facts) -> str:
    return "; ".join(
        f"{f.span.text!r} {f.quantity.value or (f.quantity.low, f.quantity.high)} {f.quantity.unit} "
        f"{f.quantity.kind.value} {f.quantity.qualifier.value} [{f.measure}] ({f.provenance.rule})"
        for f in facts
    )


@pytest.mark.parametrize("lang, case", POSITIVE)
def test_positive_case(lang, case):
    facts = _extract(lang, case["text"], case.get("locale"))
    expected = case["expect"]
    assert len(facts) == len(expected), f"expected {len(expected)} facts, got: {_describe(facts)}"
    for want in expected:
        matches = [f for f in facts if f.span.text == want["span"]]
        assert matches, f"no fact spans {want['span']!r}; got: {_describe(facts)}"
        fact = matches[0]
        q = fact.quantity
        if "low" in want or "high" in want:
            assert _same_number(want.get("low"), q.low) and _same_number(want.get("high"), q.high), _describe([fact])
        else:
            assert _same_number(want.get("value"), q.value), _describe([fact])
        assert q.unit == want["unit"], _describe([fact])
        assert q.kind.value == want["kind"], _describe([fact])
        assert q.qualifier.value == want.get("qualifier", "exact"), _describe([fact])
        if want.get("measure"):
            assert _measure_ok(want["measure"], fact.measure), _describe([fact])


@pytest.mark.parametrize("lang, text", NEGATIVE)
def test_negative_case(lang, text):
    facts = _extract(lang, text, None)
    assert not facts, f"expected no facts, got: {_describe(facts)}"


def test_the_example_corpus_is_large_enough():
    assert len(POSITIVE) >= 300 and len(NEGATIVE) >= 100, (len(POSITIVE), len(NEGATIVE))


def _corpus_texts() -> list[str]:
    from clusterfacts.clean import to_simplified
    from conftest import SEEDS, SHARED

    paths = sorted(SEEDS.glob("*.txt")) + sorted((SHARED / "corpus" / "dev").glob("*.txt"))
    return [to_simplified(path.read_text(encoding="utf-8")) for path in paths]


def test_cases_are_written_anew_not_copied_from_the_corpus():
    """No case shares a long run of text with a seed or development document."""
    from clusterfacts.clean import to_simplified

    documents = _corpus_texts()
    copied = []
    for param in POSITIVE + NEGATIVE:
        _lang, case = param.values
        text = to_simplified(case["text"] if isinstance(case, dict) else case)
        width = 24 if any("\u4e00" <= ch <= "\u9fff" for ch in text) else 40
        if any(text[i:i + width] in document for i in range(max(1, len(text) - width + 1)) for document in documents
               if len(text[i:i + width]) == width):
            copied.append(text)
    assert not copied, copied
