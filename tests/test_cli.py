"""The command line, driven the way a user drives it."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from clusterfacts.cli import app
from conftest import SEEDS

runner = CliRunner()


@pytest.mark.parametrize("command", [[], ["extract"], ["eval"], ["schema"], ["show"], ["report"]])
def test_every_command_has_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_extract_writes_valid_fact_records(tmp_path):
    out = tmp_path / "facts.jsonl"
    result = runner.invoke(app, ["extract", str(SEEDS), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows, "the seed corpus yields facts"
    for row in rows:
        original = (SEEDS / (row["doc"]["id"] + ".txt")).read_text(encoding="utf-8")
        assert original[row["span"]["start"]:row["span"]["end"]] == row["span"]["text"]
        assert original[row["sentence"]["start"]:row["sentence"]["end"]] == row["sentence"]["text"]


def test_a_batch_with_bad_files_extracts_the_rest_and_exits_1(tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(SEEDS, batch)
    (batch / "gold.jsonl").unlink()
    (batch / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 20)
    (batch / "empty.txt").write_bytes(b"")
    (batch / "gbk.txt").write_bytes("冠县签约项目金额达到一百亿元，共有十五个重点项目。".encode("gb18030"))
    (batch / "big5.txt").write_bytes("冠縣簽約項目金額達到一百億元，共有十五個重點項目。".encode("big5"))
    out = tmp_path / "out" / "facts.jsonl"
    result = runner.invoke(app, ["extract", str(batch), "-o", str(out)])
    assert result.exit_code == 1
    assert "binary.txt: CF202" in result.output and "empty.txt: CF203" in result.output
    errors = [json.loads(line) for line in (tmp_path / "out" / "facts.errors.jsonl").read_text().splitlines()]
    assert sorted(e["code"] for e in errors) == ["CF202", "CF203"]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_doc = {row["doc"]["id"]: row for row in rows}
    assert {"gbk", "big5"} <= set(by_doc)
    assert by_doc["gbk"]["doc"]["encoding"] == "gb18030" and by_doc["big5"]["doc"]["encoding"] == "big5"
    assert len({row["doc"]["id"] for row in rows}) == 7


def test_csv_output_and_parallel_jobs_give_the_same_facts(tmp_path):
    one = runner.invoke(app, ["extract", str(SEEDS), "--quiet"])
    two = runner.invoke(app, ["extract", str(SEEDS), "--quiet", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    csv_out = runner.invoke(app, ["extract", str(SEEDS), "--quiet", "--format", "csv"])
    assert csv_out.stdout.splitlines()[0].startswith("id,doc_id,doc_path,lang,start,end,text,value")


def test_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["extract", str(tmp_path / "nothing-here")]).exit_code == 1
    assert runner.invoke(app, ["extract", "--format", "xml", str(SEEDS)]).exit_code == 2
    assert runner.invoke(app, ["eval", str(SEEDS / "gold.jsonl")]).exit_code == 2
    empty = tmp_path / "empty-dir"
    empty.mkdir()
    assert runner.invoke(app, ["extract", str(empty)]).exit_code == 2


def test_eval_on_the_seed_folder_prints_scores_by_language():
    result = runner.invoke(app, ["eval", str(SEEDS), "--no-errors"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[-1].startswith("F1 ")
    assert any(line.startswith("en ") for line in lines) and any(line.startswith("zh-Hant") for line in lines)


def test_schema_prints_the_fact_schema():
    result = runner.invoke(app, ["schema"])
    assert json.loads(result.output)["title"] == "Fact"


def test_show_renders_a_document(tmp_path):
    result = runner.invoke(app, ["show", str(SEEDS / "000_2cfaeb60bfe6921a.txt")])
    assert result.exit_code == 0
    assert "528" in result.output


def test_extract_records_a_release_and_diff_shows_an_edited_number(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus / "seeds")
    (corpus / "seeds" / "gold.jsonl").unlink()
    store = tmp_path / "facts.db"
    assert runner.invoke(app, ["extract", str(corpus), "--release", "v1", "--store", str(store), "-q"]).exit_code == 0
    refused = runner.invoke(app, ["extract", str(corpus), "--release", "v1", "--store", str(store), "-q"])
    assert refused.exit_code == 2 and "already exists" in refused.output
    path = corpus / "seeds" / "000_2cfaeb60bfe6921a.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("528 bearing", "560 bearing"), encoding="utf-8")
    folder = tmp_path / "v2"
    result = runner.invoke(app, ["extract", str(corpus), "--release", "v2", "--store", str(store), "-o", f"{folder}/", "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["errors.jsonl", "facts.jsonl", "manifest.json"]
    for old, new in (("v1", "v2"), ("v1", str(folder))):
        diff = runner.invoke(app, ["diff", old, new, "--store", str(store), "--format", "json", "--exit-code"])
        assert diff.exit_code == 1
        report = json.loads(diff.stdout)
        assert report["summary"]["facts"]["changed"] == 1, report["summary"]


def test_eval_names_the_bad_line_of_a_damaged_predictions_file(tmp_path):
    damaged = tmp_path / "facts.jsonl"
    damaged.write_text('{"doc": {"path": "a.txt"}, "span": {"start": 1, "end": 3}}\n{"doc": "x", broken\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(SEEDS / "gold.jsonl"), str(damaged)])
    assert result.exit_code == 2
    assert f"{damaged}:2: not valid JSON" in result.output
