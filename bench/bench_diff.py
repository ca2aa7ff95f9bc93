"""`make bench`: diff two releases of 1,000,000 facts each; print time and peak memory.

The releases are JSONL files as ``extract`` writes them, built from the gold
facts of the seed corpus (real spans, sentences, units and measures) spread
over synthetic documents, then edited the ways a corpus changes: numbers
edited, paragraphs inserted, sentences deleted, documents removed and added.
The diff runs in a fresh process so its peak RSS is its own; the counts it
finds are checked against the edits made. Figures go to stdout and to
bench/results/diff.json. Targets: under 60 s and 500 MB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEEDS = ROOT / "corpus" / "seeds"
DATA = HERE / "corpus" / "diff"
RESULTS = HERE / "results"
TARGET_SECONDS = 60
TARGET_MB = 500
SHIFT = 200  # characters an inserted paragraph adds


def gold_templates() -> list[dict]:
    """The gold facts of the seed corpus as fact records, each with the line around it as its sentence."""
    templates = []
    for line in (SEEDS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        text = (SEEDS / gold["doc"]).read_text(encoding="utf-8")
        start, end = gold["start"], gold["end"]
        sentence_start = text.rfind("\n", 0, start) + 1
        sentence_end = text.find("\n", end)
        sentence_end = len(text) if sentence_end < 0 else sentence_end
        templates.append(
            {
                "span": {"start": start - sentence_start, "end": end - sentence_start, "text": text[start:end]},
                "sentence": text[sentence_start:sentence_end],
                "quantity": {key: gold[key] for key in ("value", "low", "high", "unit", "kind", "qualifier")},
                "measure": gold["measure"],
            }
        )
    return templates


class Builder:
    """Writes documents of ``per_doc`` facts, one sentence every 400 characters."""

    def __init__(self, templates: list[dict], per_doc: int, extractor: str):
        self.templates = templates
        self.per_doc = per_doc
        self.extractor = extractor

    def facts(self, doc_number: int, edits: dict) -> list[str]:
        """Fact lines of one document; ``edits`` may change, insert or delete facts (keys are slot numbers)."""
        doc_id = f"press/{doc_number:07d}"
        sha = hashlib.sha256(f"{doc_number}{sorted(edits.items())}".encode()).hexdigest()
        doc = {"id": doc_id, "path": f"corpus/{doc_id}.txt", "sha256": sha, "lang": "en", "encoding": "utf-8", "content_type": "text"}
        slots = list(range(self.per_doc))
        if "delete" in edits:
            slots.remove(edits["delete"])
        if "insert" in edits:
            slots[edits["insert"]:edits["insert"]] = [-1, -2]
        lines = []
        for k in slots:
            if k < 0:  # the inserted paragraph: two new claims
                template = self.templates[-k]
                sentence_start = edits["insert"] * 400 + (-k - 1) * (SHIFT // 2)
                quantity = _bump(template["quantity"], 100_000 * -k)
            else:
                template = self.templates[(doc_number * 7 + k) % len(self.templates)]
                sentence_start = k * 400
                sentence_start += SHIFT if k >= edits.get("insert", self.per_doc) else 0
                sentence_start -= 400 if k > edits.get("delete", self.per_doc) else 0
                quantity = _bump(template["quantity"], k % 50 + (1000 if edits.get("change") == k else 0))
            span = template["span"]
            fact = {
                "id": hashlib.sha256(f"{doc_id}{k}{quantity}".encode()).hexdigest()[:20],
                "doc": doc,
                "span": {"start": sentence_start + span["start"], "end": sentence_start + span["end"], "text": span["text"]},
                "sentence": {"start": sentence_start, "end": sentence_start + len(template["sentence"]), "text": template["sentence"]},
                "quantity": quantity,
                "measure": template["measure"],
                "provenance": {"rule": "bench", "extractor": self.extractor, "normalized_text": span["text"]},
            }
            lines.append(json.dumps(fact, ensure_ascii=False, separators=(",", ":")))
        return lines


def _bump(quantity: dict, amount: int) -> dict:
    """The same claim with a different number: value, or both ends of a range."""
    bumped = dict(quantity)
    for key in ("value", "low", "high"):
        if bumped[key] is not None:
            bumped[key] += amount
    return bumped


def build(facts: int, per_doc: int, folder: Path) -> dict:
    """Write old.jsonl and new.jsonl (unless present for these sizes); return the diff the edits must give."""
    stamp = folder / "stamp.json"
    documents = facts // per_doc
    rng = random.Random(20231114)
    plan = {}
    for number in range(documents):
        roll = rng.random()
        if roll < 0.01:
            plan[number] = {"change": rng.randrange(per_doc)}
        elif roll < 0.02:
            plan[number] = {"insert": rng.randrange(1, per_doc)}
        elif roll < 0.03:
            plan[number] = {"delete": rng.randrange(per_doc - 1)}
        elif roll < 0.035:
            plan[number] = {"remove": True}
    added = [documents + n for n in range(sum(1 for edits in plan.values() if "remove" in edits))]
    expected = {
        "documents": {
            "removed": sum("remove" in e for e in plan.values()),
            "added": len(added),
            "modified": sum("remove" not in e for e in plan.values()),
        },
        "facts": {
            "changed": sum("change" in e for e in plan.values()),
            "added": 2 * sum("insert" in e for e in plan.values()) + per_doc * len(added),
            "removed": sum("delete" in e for e in plan.values()) + per_doc * sum("remove" in e for e in plan.values()),
            "moved": sum(per_doc - e["insert"] for e in plan.values() if "insert" in e)
            + sum(per_doc - 1 - e["delete"] for e in plan.values() if "delete" in e),
        },
    }
    wanted = {"facts": facts, "per_doc": per_doc, "version": 2}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return expected
    folder.mkdir(parents=True, exist_ok=True)
    templates = gold_templates()
    old_builder = Builder(templates, per_doc, "clusterfacts 0.1.0")
    new_builder = Builder(templates, per_doc, "clusterfacts 0.2.0")
    with (folder / "old.jsonl").open("w", encoding="utf-8") as old, (folder / "new.jsonl").open("w", encoding="utf-8") as new:
        for number in range(documents):
            old.write("\n".join(old_builder.facts(number, {})) + "\n")
            edits = plan.get(number, {})
            if "remove" not in edits:
                new.write("\n".join(new_builder.facts(number, edits)) + "\n")
        for number in added:
            new.write("\n".join(new_builder.facts(number, {})) + "\n")
    stamp.write_text(json.dumps(wanted))
    return expected


def run_diff(old: str, new: str) -> None:
    """The measured part, in its own process: print the summary and the seconds as JSON."""
    sys.path.insert(0, str(ROOT / "src"))
    from clusterfacts.diff import diff

    started = time.perf_counter()
    result = diff(old, new)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "summary": result.summary.model_dump(), "differing": len(result.documents)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000, help="facts in the old release")
    parser.add_argument("--per-doc", type=int, default=100, help="facts per document")
    parser.add_argument("--run", nargs=2, metavar=("OLD", "NEW"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_diff(*args.run)
        return
    started = time.perf_counter()
    expected = build(args.facts, args.per_doc, DATA)
    print(f"releases ready in {DATA} ({time.perf_counter() - started:.1f} s)")
    child = subprocess.run(
        [sys.executable, __file__, "--run", str(DATA / "old.jsonl"), str(DATA / "new.jsonl")],
        capture_output=True, text=True, check=True,
    )
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    measured = json.loads(child.stdout)
    summary = measured["summary"]
    found = {
        "documents": {key: summary["documents"][key] for key in expected["documents"]},
        "facts": {key: summary["facts"][key] for key in expected["facts"]},
    }
    figures = {
        "facts_old": args.facts,
        "facts_per_document": args.per_doc,
        "seconds": round(measured["seconds"], 2),
        "peak_rss_mb": round(peak_mb, 1),
        "target_seconds": TARGET_SECONDS,
        "target_mb": TARGET_MB,
        "summary": summary,
        "expected": expected,
        "correct": found == expected,
    }
    print(f"diff of {args.facts:,} facts against {args.facts:,}: {figures['seconds']} s (target {TARGET_SECONDS} s)")
    print(f"diff peak RSS: {figures['peak_rss_mb']} MB (target {TARGET_MB} MB)")
    print(f"diff found: {json.dumps(found)}")
    print(f"diff matches the edits made: {figures['correct']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "diff.json").write_text(json.dumps(figures, indent=2) + "\n")
    if not figures["correct"]:
        sys.exit(f"the diff does not match the edits: expected {json.dumps(expected)}")


if __name__ == "__main__":
    main()
