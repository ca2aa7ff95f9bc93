"""Scoring extracted facts against gold claims, exactly as shared/spec/score.py does.

CLAIMS.md defines the matching: spans overlap, values equal within a
relative 1e-6 after unit equivalences, each gold claim matched at most once,
optional gold neither rewarded nor punished. This module keeps that
algorithm step for step (a test runs both on the same files) and adds a
breakdown by language.
"""

from __future__ import annotations

import json
import math
import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

_UNIT_ALIASES = {
    "rmb": "CNY", "yuan": "CNY", "元": "CNY", "cny": "CNY", "usd": "USD", "$": "USD",
    "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "percent": "%", "pct": "%",
    "years": "year", "yr": "year", "a": "year",
}

_CONVERT = {
    "%": ("ratio", 0.01),
    "kg": ("t", 0.001), "kt": ("t", 1e3), "mt": ("t", 1e6),
    "w": ("kW", 0.001), "mw": ("kW", 1e3), "gw": ("kW", 1e6),
    "wh": ("kWh", 0.001), "mwh": ("kWh", 1e3), "gwh": ("kWh", 1e6), "twh": ("kWh", 1e9),
    "km2": ("m2", 1e6), "ha": ("m2", 1e4), "hectare": ("m2", 1e4), "mu": ("m2", 10000 / 15),
    "km": ("m", 1e3), "l": ("m3", 0.001),
}

_QUALIFIER_CLASS = {"gte": "gt", "lte": "lt"}


def _get(record: dict, *paths: str) -> Any:
    for path in paths:
        current: Any = record
        for key in path.split("."):
            if isinstance(current, dict) and key in current:
                current = current[key]
            else:
                current = None
                break
        if current is not None:
            return current
    return None


def _number(x: Any) -> float | None:
    if x is None:
        return None
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def canon(unit: Any, value: float | None) -> tuple[Any, float | None]:
    """Fold unit aliases and convert to the canonical unit of the dimension."""
    if unit is None:
        return None, value
    u = str(unit).strip()
    u = _UNIT_ALIASES.get(u.lower(), _UNIT_ALIASES.get(u, u))
    if u.lower() in _CONVERT:
        base, factor = _CONVERT[u.lower()]
        return base, None if value is None else value * factor
    if u.lower() in ("kw", "kwh", "m2", "m3", "t"):
        return {"kw": "kW", "kwh": "kWh"}.get(u.lower(), u.lower()), value
    return u, value


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


def doc_key(record: dict) -> str:
    """The document a record belongs to: its file name without .txt."""
    d = _get(record, "doc.path", "doc.source", "source", "path", "doc.id", "doc_id", "doc")
    if isinstance(d, dict):
        d = d.get("path") or d.get("id")
    name = os.path.basename(str(d))
    return name[:-4] if name.endswith(".txt") else name


def prediction_view(record: dict) -> dict:
    """The fields scoring reads, from a fact record or a flat record."""
    return {
        "doc": doc_key(record),
        "start": int(_get(record, "span.start", "start")),
        "end": int(_get(record, "span.end", "end")),
        "unit": _get(record, "quantity.unit", "unit"),
        "value": _number(_get(record, "quantity.value", "value")),
        "low": _number(_get(record, "quantity.low", "low")),
        "high": _number(_get(record, "quantity.high", "high")),
        "qualifier": _get(record, "quantity.qualifier", "qualifier"),
        "measure": _get(record, "measure.text", "measure"),
        "text": _get(record, "span.text", "text"),
        "lang": _get(record, "doc.lang", "lang"),
    }


def same_quantity(gold: dict, pred: dict) -> bool:
    gold_unit, gold_value = canon(gold["unit"], _number(gold["value"]))
    pred_unit, pred_value = canon(pred["unit"], pred["value"])
    if gold_unit != pred_unit:
        return False
    if gold.get("low") is not None or gold.get("high") is not None:
        _, gold_low = canon(gold["unit"], _number(gold["low"]))
        _, gold_high = canon(gold["unit"], _number(gold["high"]))
        _, pred_low = canon(pred["unit"], pred["low"])
        _, pred_high = canon(pred["unit"], pred["high"])
        return _close(gold_low, pred_low) and _close(gold_high, pred_high)
    return _close(gold_value, pred_value)


def _overlap(a: dict, b: dict) -> bool:
    return not (a["end"] <= b["start"] or a["start"] >= b["end"])


@dataclass
class Score:
    """Counts and ratios of one comparison, with every miss and spurious fact."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    qualifier_ok: int = 0
    measure_ok: int = 0
    errors: list[tuple] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def qualifier_acc(self) -> float:
        return self.qualifier_ok / self.tp if self.tp else 0.0

    @property
    def measure_acc(self) -> float:
        return self.measure_ok / self.tp if self.tp else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1, "qualifier_acc": self.qualifier_acc,
                "measure_acc": self.measure_acc}


def _measure_matches(gold: dict, pred: dict) -> bool:
    gm, pm = (gold.get("measure") or "").lower(), (pred.get("measure") or "").lower()
    return bool(gm and pm and (gm.split()[-1] in pm or pm in gm or gm in pm))


def _score_document(doc: str, golds: list[dict], preds: list[dict], score: Score) -> None:
    used: set[int] = set()
    for gold in golds:
        hit = None
        for index, pred in enumerate(preds):
            if index in used or not _overlap(gold, pred):
                continue
            if same_quantity(gold, pred):
                hit = index
                break
        if hit is None:
            if not gold.get("optional"):
                score.fn += 1
                score.errors.append(("miss", doc, gold["text"], gold["start"],
                                     gold["value"] or (gold["low"], gold["high"]), gold["unit"]))
            continue
        used.add(hit)
        if gold.get("optional"):
            continue
        score.tp += 1
        pred = preds[hit]
        if _QUALIFIER_CLASS.get(pred["qualifier"], pred["qualifier"]) == _QUALIFIER_CLASS.get(gold["qualifier"], gold["qualifier"]):
            score.qualifier_ok += 1
        if _measure_matches(gold, pred):
            score.measure_ok += 1
    for index, pred in enumerate(preds):
        if index in used:
            continue
        if any(gold.get("optional") and _overlap(gold, pred) for gold in golds):
            continue
        score.fp += 1
        score.errors.append(("spurious", doc, pred["text"], pred["start"],
                             pred["value"] if pred["value"] is not None else (pred["low"], pred["high"]), pred["unit"]))


def score(gold_rows: Iterable[dict], pred_rows: Iterable[dict], languages: dict[str, str] | None = None) -> tuple[Score, dict[str, Score]]:
    """Score predictions against gold overall and per language.

    ``languages`` maps document keys to a language; by default each
    document's language is read from its predicted facts (``doc.lang``).
    """
    gold: dict[str, list[dict]] = defaultdict(list)
    for row in gold_rows:
        gold[doc_key(row)].append(row)
    preds: dict[str, list[dict]] = defaultdict(list)
    doc_lang: dict[str, str] = dict(languages or {})
    for row in pred_rows:
        view = prediction_view(row)
        preds[view["doc"]].append(view)
        if view["lang"] and view["doc"] not in doc_lang:
            doc_lang[view["doc"]] = view["lang"]
    overall = Score()
    by_lang: dict[str, Score] = defaultdict(Score)
    for doc in sorted(set(gold) | set(preds)):
        golds, predictions = gold.get(doc, []), preds.get(doc, [])
        _score_document(doc, golds, predictions, overall)
        _score_document(doc, golds, predictions, by_lang[doc_lang.get(doc, "unknown")])
    return overall, dict(sorted(by_lang.items()))


def read_jsonl(path: str) -> list[dict]:
    """Every JSON object of a JSONL file; a bad line is an error naming file and line."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not valid JSON ({error.msg})") from error
    return rows
