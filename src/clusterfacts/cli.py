"""The command line: a thin typer layer over the library API.

Commands parse arguments, call :mod:`clusterfacts.api` (and friends), write
records to sinks and print human summaries on stderr. Exit codes: 0 all
good, 1 some documents failed (or a diff differs with --exit-code), 2 a
usage error.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .version import __version__

app = typer.Typer(
    help=(
        "Extract validated numeric facts from English and Chinese press texts.\n\n"
        "Examples:\n\n"
        "  clusterfacts extract corpus -o out/facts.jsonl\n\n"
        "  clusterfacts eval corpus/seeds\n\n"
        "  clusterfacts show corpus/seeds/001_731f6a6bd558a88d.txt\n\n"
        "  clusterfacts report corpus -o report.html"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class LangChoice(str, Enum):
    auto = "auto"
    en = "en"
    zh = "zh"


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clusterfacts {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None,
) -> None:
    """Extract validated numeric facts from English and Chinese press texts."""


def _open_output(output: Optional[Path]):
    """The stream facts go to; an output that cannot be written is a usage error, before any work."""
    if output is None or str(output) == "-":
        return sys.stdout, None
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        return open(output, "w", encoding="utf-8", newline=""), output
    except OSError as error:
        _err(f"error: cannot write {output}: {error.strerror or error}")
        raise typer.Exit(2)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive), glob patterns, or - for standard input.", show_default=False)],
    output_arg: Annotated[Optional[str], typer.Option("--output", "-o", help="Where facts go: a file, a folder ending in / (a release folder: facts.jsonl, errors.jsonl, manifest.json), or - (default: standard output).")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="jsonl (one fact record a line) or csv (flat columns).")] = OutputFormat.jsonl,
    lang: Annotated[LangChoice, typer.Option("--lang", help="auto detects per document and per paragraph.")] = LangChoice.auto,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 means one per core.")] = 1,
    root: Annotated[Optional[Path], typer.Option("--root", help="Folder document ids are relative to (default: the folder given).")] = None,
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Error records file (default: beside the output as *.errors.jsonl).")] = None,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
    engine: Annotated[Engine, typer.Option("--engine", help="local processes, or dask (pip install 'clusterfacts[dask]'): paths may then be fsspec URLs.")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster of --jobs workers).")] = None,
    release: Annotated[Optional[str], typer.Option("--release", help="Also record the extraction as this named release in the store.")] = None,
    store: Annotated[Optional[Path], typer.Option("--store", help="The release store (default: clusterfacts.db beside the corpus).")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace a release of the same name instead of refusing.")] = False,
) -> None:
    """Extract facts from documents.

    Examples:

      clusterfacts extract corpus -o out/facts.jsonl

      clusterfacts extract 'news/**/*.txt' --jobs 2 --format csv -o facts.csv

      cat article.txt | clusterfacts extract - --lang zh

      clusterfacts extract corpus --release 2024-06 --store releases.db

      clusterfacts extract corpus -o out/v1/          (a release folder: facts, errors, manifest)

      clusterfacts extract s3://bucket/press/ --engine dask --scheduler tcp://scheduler:8786 -o facts.jsonl
    """
    import os

    from . import api, ingest
    from .models import ErrorRecord
    from .sinks import make_sink, write_errors
    from .stats import BatchStats

    jobs = jobs or os.cpu_count() or 1
    root_name = str(root) if root else (paths[0] if len(paths) == 1 and os.path.isdir(paths[0]) else None)
    if engine is Engine.dask:
        from . import dask as dask_engine

        sources = dask_engine.sources(paths, root=root_name)
        results = dask_engine.iter_results(paths, scheduler=scheduler, workers=jobs, root=root_name, lang=lang.value)
    else:
        sources = list(ingest.expand(paths, root=root_name))
        results = api.iter_sources(sources, jobs=jobs, lang=lang.value)
    if not sources:
        _err("error: no documents found in " + ", ".join(paths))
        raise typer.Exit(2)
    # a Path would drop the trailing slash that asks for a folder, so the option is read as text
    output = Path(output_arg) if output_arg else None
    folder = output is not None and (output.is_dir() or output_arg.endswith(("/", "\\")))
    if folder and fmt is not OutputFormat.jsonl:
        _err("error: a release folder (-o DIR/) is written as JSON Lines; use --format jsonl or an output file")
        raise typer.Exit(2)
    store_path = None
    if release:
        from .store import default_store_path

        store_path = store or default_store_path(root_name or paths[0])
    stats = BatchStats()
    failures: list[ErrorRecord] = []
    show_progress = sys.stderr.isatty() if progress is None else progress
    # with --release and no -o the facts go to the store only
    store_only = release is not None and output is None
    stream, out_path = (None, None) if folder or store_only else _open_output(output)
    errors_path = errors or (out_path.with_name(out_path.name.rsplit(".", 1)[0] + ".errors.jsonl") if out_path else None)
    sink = make_sink(fmt.value, stream) if stream is not None else None
    observed = _observe(results, sink, stats, failures, total=len(sources) if show_progress else None)
    try:
        if release:
            from .releases import StoreRelease, write_release_folder
            from .store import ReleaseError, record_release

            try:
                manifest = record_release(store_path, release, observed, root=root_name, replace=replace)
            except ReleaseError as error:
                _err(f"error: {error}")
                raise typer.Exit(2)
            if folder:
                with StoreRelease(store_path, release) as recorded:
                    write_release_folder(output, release, recorded.documents(), root=root_name)
            if not quiet:
                _err(f"release {release!r} recorded in {store_path}: {manifest.counts.documents} documents, "
                     f"{manifest.counts.facts} facts, {manifest.counts.errors} errors")
        elif folder:
            from .releases import write_release_folder

            write_release_folder(output, output.resolve().name, observed, root=root_name)
        else:
            for _item in observed:
                pass
    finally:
        if out_path:
            stream.close()
        elif stream is not None:
            stream.flush()
    if errors_path and (failures or errors):
        errors_path.parent.mkdir(parents=True, exist_ok=True)
        with open(errors_path, "w", encoding="utf-8") as handle:
            write_errors(failures, handle)
    if not quiet:
        _print_summary(stats, failures, output if folder else out_path, errors_path if failures else None)
    raise typer.Exit(1 if failures else 0)


def _observe(results, sink, stats, failures, total: int | None):
    """Pass every result on, after writing its facts to the sink, counting it and reporting failures."""
    from .models import ErrorRecord

    progress = None
    if total is not None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
        progress.start()
        task = progress.add_task("extract", total=total)
    try:
        for result in results:
            if isinstance(result, ErrorRecord):
                failures.append(result)
                _err(f"error: {result.path}: {result.code} {result.message}")
            elif sink is not None:
                for fact in result.facts:
                    sink.write(fact)
            stats.add(result)
            if progress is not None:
                progress.advance(task)
            yield result
    finally:
        if progress is not None:
            progress.stop()


def _print_summary(stats, failures, out_path, errors_path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True)
    table = Table(title="clusterfacts extract", show_header=True, header_style="bold")
    table.add_column("language")
    table.add_column("documents", justify="right")
    table.add_column("facts", justify="right")
    for lang in sorted(stats.docs_by_lang):
        table.add_row(lang, str(stats.docs_by_lang[lang]), str(stats.facts_by_lang[lang]))
    table.add_row("failed", str(stats.failed), "-")
    table.add_row("total", str(stats.documents), str(stats.facts), style="bold")
    console.print(table)
    kinds = ", ".join(f"{kind} {count}" for kind, count in stats.facts_by_kind.most_common())
    console.print(f"by kind: {kinds or 'none'}")
    where = f" -> {out_path}" if out_path else ""
    console.print(f"{stats.facts} facts from {stats.documents - stats.failed} of {stats.documents} documents "
                  f"in {stats.seconds:.2f} s{where}", markup=False, highlight=False)
    if stats.failed:
        codes = ", ".join(f"{code} {count}" for code, count in sorted(stats.errors_by_code.items()))
        where = f", error records in {errors_path}" if errors_path else ""
        console.print(f"{stats.failed} failed ({codes}){where}", markup=False, highlight=False)


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL, or a corpus folder holding gold.jsonl.", exists=True)],
    predictions: Annotated[Optional[Path], typer.Argument(help="Predicted facts JSONL (omit to extract the corpus folder now).", exists=True, dir_okay=False)] = None,
    show_errors: Annotated[bool, typer.Option("--show-errors/--no-errors", help="List misses and spurious facts.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Score facts against gold claims, as shared/spec/score.py does, with a breakdown by language.

    Examples:

      clusterfacts eval corpus/seeds

      clusterfacts eval gold.jsonl out/facts.jsonl --json
    """
    from . import evaluate as scoring

    languages: dict[str, str] = {}
    if gold.is_dir():
        gold_file = gold / "gold.jsonl"
        if not gold_file.exists():
            _err(f"error: {gold} has no gold.jsonl")
            raise typer.Exit(2)
    elif predictions is None:
        _err("error: give a predictions file, or a corpus folder holding gold.jsonl")
        raise typer.Exit(2)
    else:
        gold_file = gold
    try:
        if predictions is None:
            from . import api

            rows = []
            for result in api.iter_documents([str(gold)]):
                if hasattr(result, "facts"):
                    languages[scoring.doc_key({"doc": result.doc.path})] = result.doc.lang
                    rows.extend(fact.model_dump(mode="json") for fact in result.facts)
                else:
                    _err(f"error: {result.path}: {result.code} {result.message}")
        else:
            rows = scoring.read_jsonl(str(predictions))
        overall, by_lang = scoring.score(scoring.read_jsonl(str(gold_file)), rows, languages)
    except (ValueError, KeyError, TypeError) as error:
        _err(f"error: cannot score: {error}")
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps({"overall": overall.as_dict(), "by_language": {k: v.as_dict() for k, v in by_lang.items()}}))
        return
    if show_errors:
        for error in overall.errors:
            typer.echo("\t".join(str(x) for x in error))
    for name, result in [*by_lang.items(), ("all", overall)]:
        typer.echo(f"{name:8} tp {result.tp} fp {result.fp} fn {result.fn}  P {result.precision:.3f} R {result.recall:.3f}"
                   f"  F1 {result.f1:.4f}  qualifier {result.qualifier_acc:.3f} measure {result.measure_acc:.3f}")
    typer.echo(f"F1 {overall.f1:.4f}")


@app.command()
def schema(
    write: Annotated[Optional[Path], typer.Option("--write", help="Write fact.schema.json and error.schema.json into this folder.")] = None,
) -> None:
    """Print the JSON Schema of the fact record (or write all schemas to a folder)."""
    from .schemas import all_schemas

    schemas = all_schemas()
    if write is None:
        typer.echo(json.dumps(schemas["fact"], indent=2, ensure_ascii=False))
        return
    write.mkdir(parents=True, exist_ok=True)
    for name, body in schemas.items():
        (write / f"{name}.schema.json").write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _err(f"wrote {write / f'{name}.schema.json'}")


@app.command()
def show(
    path: Annotated[Path, typer.Argument(help="A document to render with its claims highlighted.", exists=True, dir_okay=False)],
    lang: Annotated[LangChoice, typer.Option("--lang")] = LangChoice.auto,
) -> None:
    """Render a document in the terminal with every claim highlighted, then list the facts."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from . import api
    from .errors import DocumentError
    from .ingest import expand, load

    try:
        document = load(next(expand([str(path)])))
    except DocumentError as error:
        _err(f"error: {path}: {error.code} {error.message}")
        raise typer.Exit(1)
    result = api.process(document, lang=lang.value)
    console = Console()
    styles = {"money": "bold green", "count": "bold cyan", "share": "bold magenta", "growth": "bold yellow",
              "rank": "bold blue", "duration": "bold white on grey23", "age": "bold white on grey23"}
    text = Text(document.text)
    for fact in result.facts:
        text.stylize(styles.get(fact.quantity.kind.value, "bold red"), fact.span.start, fact.span.end)
    console.print(text)
    table = Table(title=f"{len(result.facts)} facts, {result.doc.lang}")
    for column in ("span", "value", "unit", "kind", "qualifier", "measure", "rule"):
        table.add_column(column)
    for fact in result.facts:
        q = fact.quantity
        value = str(q.value) if q.value is not None else f"{q.low}..{q.high}"
        table.add_row(fact.span.text.replace("\n", " "), value, q.unit, q.kind.value, q.qualifier.value, fact.measure or "", fact.provenance.rule)
    console.print(table)


def _register_command_groups() -> None:
    """Commands that live in their own modules: releases and diffs, HTML reports."""
    from . import cli_release, cli_report

    cli_release.register(app)
    cli_report.register(app)


_register_command_groups()


def main() -> None:
    """Console entry point."""
    app()
