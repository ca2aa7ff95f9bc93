"""Releases from every source read back alike; exports; and the release commands."""

from __future__ import annotations

import csv
import io
import json
import random
import sys

import pytest
import typer
from typer.testing import CliRunner

from clusterfacts.cli_release import register
from clusterfacts.models import DocumentResult
from clusterfacts.releases import (
    JsonlRelease,
    export_release,
    open_release,
    write_jsonl,
    write_release_folder,
)
from clusterfacts.store import ReleaseError, ReleaseNotFound, item_key, record_release
from conftest import SEEDS
from factories import EMPTY, FAILED, toy_extract, toy_release

ITEMS = sorted([*toy_release(SEEDS), FAILED, EMPTY], key=item_key)

app = typer.Typer()
register(app)
runner = CliRunner()


def read_all(spec, **kwargs):
    with open_release(spec, **kwargs) as release:
        return list(release.documents())


def test_a_release_folder_reads_back_exactly(tmp_path):
    manifest = write_release_folder(tmp_path / "v1", "v1", ITEMS, root=SEEDS)
    assert sorted(p.name for p in (tmp_path / "v1").iterdir()) == ["errors.jsonl", "facts.jsonl", "manifest.json"]
    assert read_all(tmp_path / "v1") == ITEMS
    with open_release(tmp_path / "v1") as release:
        assert release.manifest() == manifest
        assert (release.info.kind, release.info.name) == ("folder", "v1")


def test_an_exported_jsonl_file_carries_its_manifest_and_reads_back_exactly(tmp_path):
    record_release(tmp_path / "s.db", "v1", ITEMS, root=SEEDS)
    with open_release("v1", store=tmp_path / "s.db") as release:
        export_release(release, "jsonl", tmp_path / "v1.jsonl")
    first = json.loads((tmp_path / "v1.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert (first["kind"], first["release"], first["counts"]["documents"]) == ("manifest", "v1", len(ITEMS))
    assert read_all(tmp_path / "v1.jsonl") == ITEMS


def test_plain_fact_lines_in_any_order_come_out_sorted_by_document(tmp_path):
    buffer = io.StringIO()
    write_jsonl(ITEMS, buffer)
    lines = buffer.getvalue().splitlines()
    random.Random(4).shuffle(lines)
    (tmp_path / "facts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_all(tmp_path / "facts.jsonl")
    assert [item_key(item) for item in read] == [item_key(item) for item in ITEMS if item is not EMPTY]
    for got, expected in zip(read, ITEMS):
        assert set(getattr(got, "facts", ())) == set(getattr(expected, "facts", ()))


def test_extract_output_finds_its_error_file_beside_it(tmp_path):
    with (tmp_path / "facts.jsonl").open("w", encoding="utf-8") as out:
        write_jsonl([toy_extract("a", "It has 528 firms.")], out)
    (tmp_path / "facts.errors.jsonl").write_text(FAILED.model_dump_json() + "\n", encoding="utf-8")
    assert [item_key(item) for item in read_all(tmp_path / "facts.jsonl")] == ["a", "broken"]


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda line: line[: len(line) // 2], r"facts.jsonl:3: corrupt or truncated JSON line"),
        (lambda line: line.replace('"unit":"count"', '"unit":"furlong"'), r"facts.jsonl:3: invalid fact \(quantity.unit"),
        (lambda line: "[1, 2]", r"facts.jsonl:3: expected a JSON object"),
        (lambda line: '{"kind": "summary"}', r"facts.jsonl:3: neither a fact, an error record nor a manifest"),
    ],
)
def test_a_damaged_line_is_reported_with_file_line_and_cause(tmp_path, damage, message):
    buffer = io.StringIO()
    write_jsonl(toy_release(SEEDS), buffer)
    lines = buffer.getvalue().splitlines()
    lines[2] = damage(lines[2])
    (tmp_path / "facts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match=message):
        read_all(tmp_path / "facts.jsonl")


def test_a_name_that_is_neither_a_path_nor_a_release_is_reported(tmp_path):
    record_release(tmp_path / "s.db", "v1", [EMPTY], root=None)
    with pytest.raises(ReleaseNotFound, match="no release named 'v2'"):
        open_release("v2", store=tmp_path / "s.db")
    with pytest.raises(ReleaseError, match="no such file or folder"):
        open_release(tmp_path / "missing.jsonl")


def test_csv_export_has_one_row_per_fact(tmp_path):
    write_release_folder(tmp_path / "v1", "v1", ITEMS, root=None)
    buffer = io.StringIO()
    with open_release(tmp_path / "v1") as release:
        export_release(release, "csv", buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert len(rows) == sum(len(item.facts) for item in ITEMS if isinstance(item, DocumentResult))
    assert {"doc_id", "value", "unit", "measure"} <= set(rows[0])


def test_parquet_export_round_trips_the_values(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    write_release_folder(tmp_path / "v1", "v1", ITEMS, root=None)
    with open_release(tmp_path / "v1") as release:
        export_release(release, "parquet", tmp_path / "v1.parquet")
    table = pq.read_table(tmp_path / "v1.parquet")
    expected = [float(f.quantity.value) for item in ITEMS if isinstance(item, DocumentResult) for f in item.facts]
    assert table.column("value").to_pylist() == expected


def test_parquet_without_pyarrow_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    write_release_folder(tmp_path / "v1", "v1", ITEMS, root=None)
    with open_release(tmp_path / "v1") as release, pytest.raises(ReleaseError, match=r"clusterfacts\[parquet\]"):
        export_release(release, "parquet", tmp_path / "v1.parquet")


def test_the_folder_writer_leaves_nothing_when_interrupted(tmp_path):
    def interrupted():
        yield ITEMS[0]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_release_folder(tmp_path / "v1", "v1", interrupted(), root=None)
    assert list((tmp_path / "v1").iterdir()) == []


def test_a_jsonl_release_indexes_without_parsing_every_line(tmp_path):
    """The fast path recognises fact lines as clusterfacts writes them; odd ones are parsed."""
    with (tmp_path / "facts.jsonl").open("w", encoding="utf-8") as out:
        write_jsonl(toy_release(SEEDS), out)
    release = JsonlRelease([tmp_path / "facts.jsonl"], info_kind="jsonl", source=tmp_path / "facts.jsonl")
    assert len(release._runs) == 5 and all(len(runs) == 1 for runs in release._runs.values())


# the commands


def test_releases_lists_what_the_store_holds(tmp_path):
    store = tmp_path / "s.db"
    record_release(store, "v1", ITEMS, root=SEEDS)
    result = runner.invoke(app, ["releases", "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    [listed] = json.loads(result.stdout)
    assert (listed["release"], listed["counts"]["errors"]) == ("v1", 1)
    table = runner.invoke(app, ["releases", "--store", str(store)])
    assert "v1" in table.stdout


def test_export_writes_csv_to_standard_output(tmp_path):
    store = tmp_path / "s.db"
    record_release(store, "v1", ITEMS, root=SEEDS)
    result = runner.invoke(app, ["export", "v1", "--format", "csv", "--store", str(store)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("id,doc_id")


@pytest.mark.parametrize(
    "args, message",
    [
        (["releases"], "no release store here"),
        (["export", "missing.jsonl"], "missing.jsonl: no such file or folder, and no release store at"),
        (["export", "v9"], "no release named 'v9'"),
        (["export", "v1", "--format", "parquet"], "give a file with --output"),
    ],
)
def test_command_failures_exit_2_with_the_cause_on_stderr(tmp_path, args, message):
    store = tmp_path / "s.db"
    if args[0] != "releases" and "missing" not in args[1]:
        record_release(store, "v1", [EMPTY], root=None)
    result = runner.invoke(app, [*args, "--store", str(store)])
    assert result.exit_code == 2
    assert message in result.stderr and result.stdout == ""
