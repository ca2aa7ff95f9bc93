"""`clusterfacts eval` agrees with the reference scorer, figure for figure."""

from __future__ import annotations

import json
import random
import subprocess
import sys

from clusterfacts.evaluate import read_jsonl, score
from conftest import SEEDS, shared_path


def _perturbed_predictions(gold_rows, seed):
    """Predictions built from gold with misses, wrong values, shifted spans and spurious rows."""
    rng = random.Random(seed)
    rows = []
    for row in gold_rows:
        roll = rng.random()
        if roll < 0.15:
            continue
        pred = {"doc": {"path": row["doc"], "lang": "en" if row["doc"].startswith(("000", "002", "003", "004", "en")) else "zh-Hans"},
                "span": {"start": row["start"] + rng.choice([0, 0, 1, -1]), "end": row["end"], "text": row["text"]},
                "quantity": {"value": row["value"], "low": row["low"], "high": row["high"], "unit": row["unit"],
                             "qualifier": rng.choice([row["qualifier"], "exact", "approx"])},
                "measure": rng.choice([row["measure"], "something else", None])}
        if roll < 0.25 and row["value"] is not None:
            pred["quantity"]["value"] = row["value"] * 10
        if row["unit"] == "%" and rng.random() < 0.5:
            pred["quantity"] = {**pred["quantity"], "unit": "ratio", "value": row["value"] / 100 if row["value"] else None}
        rows.append(pred)
        if rng.random() < 0.1:
            rows.append({**pred, "span": {"start": row["end"] + 5, "end": row["end"] + 8, "text": "xxx"}})
    return rows


def test_eval_matches_the_reference_scorer(tmp_path):
    scorer = shared_path("spec", "score.py")
    gold_rows = read_jsonl(str(SEEDS / "gold.jsonl"))
    dev_gold = shared_path("gold", "dev.jsonl")
    for gold_file, rows in ((SEEDS / "gold.jsonl", gold_rows), (dev_gold, read_jsonl(str(dev_gold)))):
        for seed in range(5):
            preds = _perturbed_predictions(rows, seed)
            pred_file = tmp_path / f"pred{seed}.jsonl"
            pred_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
            reference = json.loads(subprocess.run(
                [sys.executable, str(scorer), str(gold_file), str(pred_file), "--json"],
                capture_output=True, text=True, check=True).stdout.splitlines()[0])
            ours, _ = score(rows, preds)
            assert ours.as_dict() == reference
