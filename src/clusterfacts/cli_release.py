"""The release commands: ``releases``, ``export`` and ``diff``, registered onto the main app.

Heavy modules load inside the commands so ``clusterfacts --help`` stays fast.
Exit codes: 0 success (and no difference under --exit-code), 1 a difference
under --exit-code, 2 a usage error or an unreadable release.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

StoreOption = Annotated[
    Path,
    typer.Option(
        "--store",
        envvar="CLUSTERFACTS_STORE",
        help="Release store (SQLite) that release names refer to.",
    ),
]
DEFAULT_STORE = Path("clusterfacts.db")


class ListFormat(str, Enum):
    table = "table"
    json = "json"


class ExportChoice(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class DiffChoice(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def releases(
    store: StoreOption = DEFAULT_STORE,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help="table for people, json for scripts.")] = ListFormat.table,
) -> None:
    """List the releases in a store, oldest first.

    Example:

      clusterfacts releases --store clusterfacts.db
    """
    from .store import ReleaseError, Store

    try:
        with Store(store) as opened:
            found = opened.releases()
    except ReleaseError as exc:
        raise _fail(str(exc)) from None
    if fmt is ListFormat.json:
        typer.echo("[" + ",\n ".join(summary.model_dump_json() for summary in found) + "]")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(found)} releases in {store}", title_justify="left")
    for column in ("release", "created", "extractor", "documents", "facts", "errors", "root"):
        table.add_column(column)
    for summary in found:
        counts = summary.counts
        table.add_row(
            summary.release, summary.created.isoformat(timespec="seconds"), summary.extractor,
            str(counts.documents), str(counts.facts), str(counts.errors), summary.root or "",
        )
    Console(highlight=False).print(table)


def export(
    release: Annotated[str, typer.Argument(help="Release name in the store, a JSONL file or a release folder.")],
    fmt: Annotated[ExportChoice, typer.Option("--format", "-f", help="jsonl (manifest, facts, errors), csv or parquet (facts).")] = ExportChoice.jsonl,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: standard output; required for parquet).")] = None,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Write a release out as JSONL, CSV or Parquet (Parquet needs pip install 'clusterfacts[parquet]').

    Examples:

      clusterfacts export v2 --format csv -o v2.csv

      clusterfacts export v2 --format parquet -o v2.parquet
    """
    from .releases import export_release, open_release
    from .store import ReleaseError

    if fmt is ExportChoice.parquet and output is None:
        raise _fail("parquet is binary: give a file with --output")
    try:
        with open_release(release, store=store) as opened:
            if output is None:
                export_release(opened, fmt.value, sys.stdout)
            else:
                output.parent.mkdir(parents=True, exist_ok=True)
                export_release(opened, fmt.value, output)
    except ReleaseError as exc:
        raise _fail(str(exc)) from None


def diff(
    old: Annotated[str, typer.Argument(help="Old release: a name in the store, a JSONL file or a release folder.")],
    new: Annotated[str, typer.Argument(help="New release: a name in the store, a JSONL file or a release folder.")],
    fmt: Annotated[DiffChoice, typer.Option("--format", "-f", help="table for a terminal; json, markdown or csv for machines and pull requests.")] = DiffChoice.table,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when anything differs, as git diff --exit-code does.")] = False,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Show which documents and facts were added, removed, changed or moved between two releases.

    Examples:

      clusterfacts diff v1 v2

      clusterfacts diff v1 out/facts.jsonl --format markdown > diff.md

      clusterfacts diff v1 v2 --exit-code --format json > diff.json
    """
    from .diff import diff as diff_releases
    from .diff_render import render
    from .store import ReleaseError

    try:
        result = diff_releases(old, new, store=store)
    except ReleaseError as exc:
        raise _fail(str(exc)) from None
    render(result, fmt.value, sys.stdout)
    if exit_code and result.differs:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``releases``, ``export`` and ``diff`` to the main app."""
    app.command("releases")(releases)
    app.command("export")(export)
    app.command("diff")(diff)
