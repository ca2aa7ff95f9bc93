"""The ``report`` command: the HTML review views, registered onto the main app.

It gathers what the pure renderers need (results, original texts, a diff)
and writes one file. A release stores facts, not texts, so a release's
documents are read back from their recorded paths; a file that has moved or
changed since (its sha256 differs) is shown sentence by sentence instead.
Exit codes: 0 written, 1 written but some documents could not be read, 2 a
usage error (nothing to read, an unknown release, a bad option).
"""

from __future__ import annotations

import glob
import hashlib
import sys
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_release import DEFAULT_STORE, StoreOption

class LangChoice(str, Enum):
    auto = "auto"
    en = "en"
    zh = "zh"


HELP = """Write a self-contained HTML page to review facts in their sentences, or a release diff.

PATHS are documents (files, folders, glob patterns) to extract now, or one
release: a name in the store, a JSONL file or a release folder. The page has
each document's original text with every claim highlighted by kind, a side
panel with the fact's record, a sortable and filterable table of all facts
and counts by kind and language. It loads nothing from the network.

With --diff OLD NEW it writes the diff of two releases instead: every fact
that changed, moved, appeared or disappeared, old to new, in its sentence.

Examples:

  clusterfacts report corpus -o report.html

  clusterfacts report v2 --store clusterfacts.db -o v2.html

  clusterfacts report out/facts.jsonl -o report.html

  clusterfacts report --diff v1 v2 -o diff.html
"""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def original_text(path: str, doc_id: str, sha256: str) -> tuple[str | None, str | None]:
    """The text a document's offsets point into, read back from ``path``, or None and the reason."""
    from .errors import DocumentError
    from .ingest import Source, from_bytes, read_bytes

    source = Source(path, doc_id)
    try:
        data = read_bytes(source)
    except DocumentError as error:
        return None, f"The original at {path} cannot be read ({error.message})."
    if hashlib.sha256(data).hexdigest() != sha256:
        return None, f"The file at {path} has changed since these facts were extracted."
    try:
        return from_bytes(source, data).text, None
    except DocumentError as error:
        return None, f"The original at {path} cannot be decoded ({error.message})."


def _report_documents(items: Iterable) -> Iterator:
    """Pair each result with its original text; pass error records through."""
    from .models import DocumentResult
    from .report import ReportDocument, text_matches

    for item in items:
        if not isinstance(item, DocumentResult):
            yield item
            continue
        text, note = original_text(item.doc.path, item.doc.id, item.doc.sha256)
        if text is not None and not text_matches(text, item.facts):
            text, note = None, f"The text read from {item.doc.path} does not match the facts' offsets."
        yield ReportDocument(item, text, note)


def _release_spec(paths: list[str], store: Path) -> bool:
    """Whether PATHS name one release (JSONL, release folder or, not being a path, a stored name)."""
    from .releases import FACTS_FILE

    if len(paths) != 1:
        return False
    path = Path(paths[0])
    if path.is_dir():
        return (path / FACTS_FILE).is_file()
    if path.is_file():
        return path.suffix.lower() == ".jsonl"
    return not glob.has_magic(paths[0])


def _write(output: Path, html: str) -> None:
    if str(output) == "-":
        sys.stdout.write(html)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)


def report(
    paths: Annotated[Optional[list[str]], typer.Argument(help="Documents (files, folders, globs) or one release (name, JSONL file, release folder).", metavar="PATHS", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="HTML file to write, - for standard output (default: report.html, or diff.html with --diff).")] = None,
    diff: Annotated[Optional[tuple[str, str]], typer.Option("--diff", help="Two releases, OLD NEW: write their diff page instead.", metavar="OLD NEW", show_default=False)] = None,
    store: StoreOption = DEFAULT_STORE,
    lang: Annotated[LangChoice, typer.Option("--lang", help="auto detects per document and paragraph; for documents extracted now.")] = LangChoice.auto,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for documents extracted now.")] = 1,
    root: Annotated[Optional[Path], typer.Option("--root", help="Folder document ids are relative to (default: the folder given).")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Page title (default: what the page shows).")] = None,
) -> None:
    from .store import ReleaseError

    if diff is not None:
        if paths:
            raise _fail("give either PATHS or --diff OLD NEW, not both")
        from .diff import diff as diff_releases
        from .report_diff import render_diff

        try:
            result = diff_releases(diff[0], diff[1], store=store)
        except ReleaseError as exc:
            raise _fail(str(exc)) from None
        _write(output or Path("diff.html"), render_diff(result, title=title or f"clusterfacts diff: {diff[0]} → {diff[1]}"))
        return
    if not paths:
        raise _fail("give documents or a release to report on (see --help)")
    if "-" in paths:
        raise _fail("the report reads documents from files, not standard input")

    from .models import ErrorRecord
    from .report import ReportDocument, render_report

    try:
        if _release_spec(paths, store):
            from .releases import open_release

            try:
                release = open_release(paths[0], store=store)
            except ReleaseError as exc:
                raise _fail(f"{paths[0]} is no file, folder or release: {exc}") from None
            with release:
                items = list(_report_documents(release.documents()))
                subtitle = f"Release {release.info.name} ({release.info.kind}: {release.info.source})"
        else:
            from . import api, ingest

            sources = list(ingest.expand(paths, root=str(root) if root else None))
            if not sources:
                raise _fail(f"nothing to read in {' '.join(paths)}")
            items = list(_report_documents(api.iter_sources(sources, jobs=jobs, lang=lang.value)))
            subtitle = f"Extracted now from {' '.join(paths)}"
    except ReleaseError as exc:
        raise _fail(str(exc)) from None
    documents = [item for item in items if isinstance(item, ReportDocument)]
    failures = [item for item in items if isinstance(item, ErrorRecord)]
    for failure in failures:
        typer.echo(f"error: {failure.path}: {failure.code} {failure.message}", err=True)
    html = render_report(documents, errors=failures, title=title or "clusterfacts report", subtitle=subtitle)
    _write(output or Path("report.html"), html)
    raise typer.Exit(1 if failures else 0)


def register(app: typer.Typer) -> None:
    """Add ``report`` to the main app."""
    app.command("report", help=HELP)(report)
