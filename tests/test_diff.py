"""Diffs of real release pairs: the seed corpus against edited copies of itself.

Each scenario copies the seed texts, makes one edit a user would make, extracts
both folders and pins the exact diff. ``toy_extract`` (tests/factories.py)
gives stable facts; the last tests run the real extractor and locate facts by
their span text, since the recognisers improve independently.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import clusterfacts
from clusterfacts.diff import DiffResult, DocumentStatus, FactStatus, diff, diff_documents, pair_facts
from clusterfacts.releases import write_release_folder
from clusterfacts.store import record_release
from conftest import SEEDS
from factories import doc_ref, fact_at, toy_extract, toy_release

DOC_EN = "000_2cfaeb60bfe6921a"
DOC_ZH = "001_731f6a6bd558a88d"
DOC_LAST = "004_eb0ec6d74c0020a8"
LANGS = {DOC_ZH: "zh-Hant"}
PARAGRAPH_ANCHOR = "Guanxian County, known as a prominent bearing forging hub"
NEW_PARAGRAPH = "A new forging plant with 3 lines opened in Qingshui this year.\n"


def copy_seeds(folder: Path) -> Path:
    folder.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


def edit(folder: Path, doc_id: str, change) -> None:
    path = folder / f"{doc_id}.txt"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def to_simplified(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def insert_paragraph(text: str) -> str:
    return text.replace(PARAGRAPH_ANCHOR, NEW_PARAGRAPH + PARAGRAPH_ANCHOR, 1)


@pytest.fixture
def pair(tmp_path):
    """Two copies of the seed corpus; the test edits ``new`` and diffs the toy-extracted releases."""
    old, new = copy_seeds(tmp_path / "old"), copy_seeds(tmp_path / "new")

    def run(**langs) -> DiffResult:
        write_release_folder(tmp_path / "v1", "v1", toy_release(old, langs=LANGS), root=old)
        write_release_folder(tmp_path / "v2", "v2", toy_release(new, langs={**LANGS, **langs}), root=new)
        return diff(tmp_path / "v1", tmp_path / "v2")

    return old, new, run


def facts_of(result: DiffResult, doc_id: str) -> list[tuple[str, str | None, str | None, tuple[str, ...]]]:
    """A document's differing facts as (status, old span text, new span text, changed fields)."""
    document = next(d for d in result.documents if d.id == doc_id)
    return [
        (f.status.value, f.old and f.old.span.text, f.new and f.new.span.text, f.changed) for f in document.facts
    ]


def statuses(result: DiffResult) -> dict[str, str]:
    return {document.id: document.status.value for document in result.documents}


def test_identical_releases_do_not_differ(pair):
    _old, _new, run = pair
    result = run()
    assert not result.differs
    assert result.documents == ()
    assert result.summary.documents.unchanged == 5
    assert result.summary.facts.unchanged == sum(len(d.facts) for d in toy_release(SEEDS, langs=LANGS))


def test_an_edited_number_is_one_changed_fact(pair):
    _old, new, run = pair
    edit(new, DOC_EN, lambda text: text.replace("528 bearing", "560 bearing"))
    result = run()
    assert statuses(result) == {DOC_EN: "modified"}
    assert facts_of(result, DOC_EN) == [("changed", "528", "560", ("value",))]
    change = result.documents[0].facts[0]
    assert (change.old.quantity.value, change.new.quantity.value) == (Decimal(528), Decimal(560))
    facts = result.summary.facts
    assert (facts.changed, facts.added, facts.removed, facts.moved) == (1, 0, 0, 0)


def test_an_inserted_paragraph_adds_its_fact_and_moves_the_ones_below(pair):
    old, new, run = pair
    edit(new, DOC_EN, insert_paragraph)
    result = run()
    original = toy_extract(DOC_EN, (old / f"{DOC_EN}.txt").read_text(encoding="utf-8"))
    cut = (old / f"{DOC_EN}.txt").read_text(encoding="utf-8").index(PARAGRAPH_ANCHOR)
    below = [fact.span.text for fact in original.facts if fact.span.start >= cut]
    assert below, "the paragraph goes above some facts"
    assert statuses(result) == {DOC_EN: "modified"}
    assert facts_of(result, DOC_EN) == [("added", None, "3", ())] + [("moved", text, text, ()) for text in below]
    moved = [f for f in result.documents[0].facts if f.status is FactStatus.moved]
    assert all(f.new.span.start - f.old.span.start == len(NEW_PARAGRAPH) for f in moved)


def test_a_removed_document_removes_its_facts(pair):
    old, new, run = pair
    (new / f"{DOC_LAST}.txt").unlink()
    result = run()
    removed = toy_extract(DOC_LAST, (old / f"{DOC_LAST}.txt").read_text(encoding="utf-8"))
    assert statuses(result) == {DOC_LAST: "removed"}
    assert facts_of(result, DOC_LAST) == [("removed", fact.span.text, None, ()) for fact in removed.facts]
    assert result.summary.documents.removed == 1 and result.summary.documents.unchanged == 4


def test_an_added_document_adds_its_facts(pair):
    _old, new, run = pair
    (new / "005_new.txt").write_text("The park hosts 42 firms and 3,100 workers.\n", encoding="utf-8")
    result = run()
    assert statuses(result) == {"005_new": "added"}
    assert facts_of(result, "005_new") == [("added", None, "42", ()), ("added", None, "3,100", ())]


def test_switching_traditional_to_simplified_changes_the_document_not_its_facts(pair):
    _old, new, run = pair
    edit(new, DOC_ZH, to_simplified)
    result = run(**{DOC_ZH: "zh-Hans"})
    assert statuses(result) == {DOC_ZH: "modified"}
    document = result.documents[0]
    assert (document.old.lang, document.new.lang) == ("zh-Hant", "zh-Hans")
    assert document.facts == () and not document.counts.differs
    assert document.counts.unchanged == 10


def test_a_store_release_diffs_like_a_folder(tmp_path, pair):
    old, new, _run = pair
    edit(new, DOC_EN, lambda text: text.replace("528 bearing", "560 bearing"))
    store = tmp_path / "clusterfacts.db"
    record_release(store, "v1", toy_release(old, langs=LANGS), root=old)
    record_release(store, "v2", toy_release(new, langs=LANGS), root=new)
    result = clusterfacts.diff("v1", "v2", store=store)
    assert facts_of(result, DOC_EN) == [("changed", "528", "560", ("value",))]
    assert result.old.kind == "store" and result.new.name == "v2"


# pairing rules, one document at a time

TEXT = "The county has 15 parks.\nIt has 528 firms and 528 firms.\nExports grew 12 percent.\n"


def facts(text: str, *specs):
    doc = doc_ref("d", text)
    return [fact_at(doc, text, *spec[:2], **spec[2]) for spec in specs]


def outcome(old, new):
    return [(f.status.value, f.old and f.old.span.start, f.new and f.new.span.start, f.changed) for f in pair_facts(old, new)]


def test_facts_pair_by_claim_not_by_offset():
    old = facts(TEXT, ("15", 15, {"measure": "parks"}), ("12", 12, {"unit": "%", "kind": "growth", "measure": "exports"}))
    reordered = "Exports grew 12 percent.\nThe county has 15 parks.\n"
    new = facts(reordered, ("12", 12, {"unit": "%", "kind": "growth", "measure": "exports"}), ("15", 15, {"measure": "parks"}))
    assert sorted(outcome(old, new)) == [("moved", 15, 40, ()), ("moved", 70, 13, ())]


def test_removing_one_of_two_identical_claims_removes_the_last():
    old = facts(TEXT, ("528", 528, {"measure": "firms"}), ("528", 528, {"measure": "firms", "nth": 1}))
    new = facts(TEXT, ("528", 528, {"measure": "firms"}))
    assert outcome(old, new) == [("unchanged", 32, 32, ()), ("removed", 46, None, ())]


def test_a_reworded_measure_and_qualifier_is_one_change():
    old = facts(TEXT, ("528", 528, {"measure": "firms"}))
    new = facts(TEXT, ("528", 528, {"measure": "companies", "qualifier": "gt"}))
    assert outcome(old, new) == [("changed", 32, 32, ("qualifier", "measure"))]


def test_facts_without_a_measure_pair_only_within_their_sentence():
    old = facts(TEXT, ("15", 15, {}))
    new = facts(TEXT, ("528", 528, {}))
    assert outcome(old, new) == [("added", None, 32, ()), ("removed", 15, None, ())]
    edited = TEXT.replace("15 parks", "17 parks")
    assert outcome(old, facts(edited, ("17", 17, {}))) == [("changed", 15, 15, ("value",))]


def test_measures_compare_without_script_case_or_spacing():
    doc = doc_ref("d", "共有528家企業")
    old = [fact_at(doc, "共有528家企業", "528", 528, measure="企業 ")]
    new = [fact_at(doc, "共有528家企業", "528", 528, measure="企业")]
    assert outcome(old, new) == [("unchanged", 2, 2, ())]


def test_a_failed_document_that_now_reads_is_modified():
    from clusterfacts.models import ErrorRecord

    fixed = toy_extract("d", "It has 528 firms.")
    failed = ErrorRecord(path="corpus/d.txt", code="CF201", message="undecodable", doc_id="d")
    document = diff_documents("d", failed, fixed)
    assert document.status is DocumentStatus.modified
    assert [f.status for f in document.facts] == [FactStatus.added]


def test_the_package_function_works_after_importing_the_module(tmp_path):
    import clusterfacts.diff  # noqa: F401  (binds the package attribute to the module)

    items = [toy_extract("d", "It has 528 firms.")]
    write_release_folder(tmp_path / "a", "a", items, root=None)
    assert not clusterfacts.diff(tmp_path / "a", tmp_path / "a").differs


# the real extractor: facts located by their span text


def real_release(folder: Path):
    from clusterfacts.api import iter_documents

    items = list(iter_documents([str(folder)], root=str(folder)))
    failures = [item for item in items if not hasattr(item, "facts")]
    if failures:
        pytest.skip(f"the extractor cannot run yet: {failures[0].message}")
    return items


def real_diff(tmp_path, old: Path, new: Path) -> DiffResult:
    write_release_folder(tmp_path / "r1", "r1", real_release(old), root=old)
    write_release_folder(tmp_path / "r2", "r2", real_release(new), root=new)
    return diff(tmp_path / "r1", tmp_path / "r2")


def test_real_extraction_of_an_edited_number(tmp_path):
    old, new = copy_seeds(tmp_path / "old"), copy_seeds(tmp_path / "new")
    edit(new, DOC_EN, lambda text: text.replace("528 bearing", "560 bearing"))
    result = real_diff(tmp_path, old, new)
    assert statuses(result) == {DOC_EN: "modified"}
    [change] = [f for f in result.documents[0].facts if f.old and "528" in f.old.span.text]
    assert change.status is FactStatus.changed and "560" in change.new.span.text and "value" in change.changed
    assert result.summary.facts.added == result.summary.facts.removed == 0


def test_real_extraction_of_a_paragraph_a_script_switch_and_documents_in_and_out(tmp_path):
    old, new = copy_seeds(tmp_path / "old"), copy_seeds(tmp_path / "new")
    edit(new, DOC_EN, insert_paragraph)
    edit(new, DOC_ZH, to_simplified)
    (new / f"{DOC_LAST}.txt").unlink()
    (new / "005_new.txt").write_text("The park hosts 42 firms and 3,100 workers.\n", encoding="utf-8")
    result = real_diff(tmp_path, old, new)
    assert statuses(result) == {DOC_EN: "modified", DOC_ZH: "modified", DOC_LAST: "removed", "005_new": "added"}
    en = next(d for d in result.documents if d.id == DOC_EN)
    assert {f.status for f in en.facts} <= {FactStatus.moved, FactStatus.added}
    assert any(f.status is FactStatus.moved and "528" in f.old.span.text for f in en.facts)
    new_text = (new / f"{DOC_EN}.txt").read_text(encoding="utf-8")
    start = new_text.index(NEW_PARAGRAPH)
    for fact in en.facts:
        if fact.status is FactStatus.added:
            assert start <= fact.new.span.start < start + len(NEW_PARAGRAPH)
        else:
            assert fact.new.span.start - fact.old.span.start == len(NEW_PARAGRAPH)
    zh = next(d for d in result.documents if d.id == DOC_ZH)
    assert (zh.old.lang, zh.new.lang) == ("zh-Hant", "zh-Hans")
    assert zh.counts.added == zh.counts.removed == 0
    gone = next(d for d in result.documents if d.id == DOC_LAST)
    assert gone.facts and all(f.status is FactStatus.removed for f in gone.facts)
    arrived = next(d for d in result.documents if d.id == "005_new")
    texts = [f.new.span.text for f in arrived.facts]
    assert any("42" in text for text in texts) and any("3,100" in text for text in texts)
    assert all(f.status is FactStatus.added for f in arrived.facts)


# output and the command


@pytest.fixture
def edited_releases(pair, tmp_path):
    """Store releases v1 and v2: 528 -> 560 in one document, one document removed."""
    old, new, _run = pair
    edit(new, DOC_EN, lambda text: text.replace("528 bearing", "560 bearing"))
    (new / f"{DOC_LAST}.txt").unlink()
    store = tmp_path / "clusterfacts.db"
    record_release(store, "v1", toy_release(old, langs=LANGS), root=old)
    record_release(store, "v2", toy_release(new, langs=LANGS), root=new)
    return store


def run_cli(*args):
    import typer
    from typer.testing import CliRunner

    from clusterfacts.cli_release import register

    app = typer.Typer()
    register(app)
    return CliRunner().invoke(app, [str(arg) for arg in args])


def test_json_output_is_the_typed_result(edited_releases):
    result = run_cli("diff", "v1", "v2", "--store", edited_releases, "--format", "json")
    assert result.exit_code == 0, result.stderr
    parsed = DiffResult.model_validate_json(result.stdout)
    assert statuses(parsed) == {DOC_EN: "modified", DOC_LAST: "removed"}


def test_markdown_output_is_a_table_per_document_and_a_summary(edited_releases):
    result = run_cli("diff", "v1", "v2", "--store", edited_releases, "--format", "markdown")
    assert f"### {DOC_EN} (modified)" in result.stdout
    assert "| changed | '528' @1258  528 count · bearing | '560' @1258  560 count · bearing | value |" in result.stdout
    assert "documents 1 removed, 1 modified, 3 unchanged" in result.stdout


def test_csv_output_has_a_row_per_differing_fact(edited_releases):
    import csv
    import io

    result = run_cli("diff", "v1", "v2", "--store", edited_releases, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    changed = [row for row in rows if row["fact_status"] == "changed"]
    assert [(row["old_value"], row["new_value"], row["changed"]) for row in changed] == [("528", "560", "value")]
    assert {row["doc_id"] for row in rows} == {DOC_EN, DOC_LAST}


def test_the_table_groups_by_document_and_ends_with_the_summary(edited_releases):
    result = run_cli("diff", "v1", "v2", "--store", edited_releases)
    assert result.exit_code == 0
    assert f"{DOC_EN} (modified)" in result.stdout and f"{DOC_LAST} (removed)" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("differences: documents 1 removed, 1 modified")


def test_exit_code_1_when_releases_differ_and_0_when_not(edited_releases):
    assert run_cli("diff", "v1", "v2", "--store", edited_releases, "--exit-code").exit_code == 1
    same = run_cli("diff", "v1", "v1", "--store", edited_releases, "--exit-code")
    assert same.exit_code == 0 and "no differences" in same.stdout


def test_a_missing_release_or_a_damaged_file_exits_2_naming_the_cause(edited_releases, tmp_path):
    missing = run_cli("diff", "v1", "v3", "--store", edited_releases)
    assert missing.exit_code == 2 and "no release named 'v3' (releases: v1, v2)" in missing.stderr
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text('{"id":"x","doc":{"id":"a"\n', encoding="utf-8")
    result = run_cli("diff", "v1", damaged, "--store", edited_releases)
    assert result.exit_code == 2 and "damaged.jsonl:1: corrupt or truncated JSON line" in result.stderr
