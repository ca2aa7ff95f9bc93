"""A diff as a terminal table, JSON, Markdown (pull requests) or CSV.

Renderers return strings or write to the stream they are given; they never
print, so the library stays quiet and the CLI decides where output goes.
"""

from __future__ import annotations

import csv
import io
from typing import Literal, TextIO

from .diff import DiffResult, DocumentDiff, FactDiff, FactStatus
from .models import Fact
from .vocabulary import Qualifier


DiffFormat = Literal["table", "json", "markdown", "csv"]

_QUALIFIER_SIGN = {
    Qualifier.exact: "",
    Qualifier.approx: "~",
    Qualifier.gt: ">",
    Qualifier.gte: "≥",
    Qualifier.lt: "<",
    Qualifier.lte: "≤",
}
_STYLE = {
    FactStatus.changed: "yellow",
    FactStatus.moved: "cyan",
    FactStatus.added: "green",
    FactStatus.removed: "red",
    FactStatus.unchanged: "",
}
_DOC_STYLE = {"added": "green", "removed": "red", "modified": "yellow", "unchanged": "dim"}


def _plain(number) -> str:
    return format(number, "f")


def quantity_text(fact: Fact) -> str:
    """The claim in short: '>20000 count · employees'."""
    quantity = fact.quantity
    number = _plain(quantity.value) if quantity.value is not None else f"{_plain(quantity.low)}–{_plain(quantity.high)}"
    text = f"{_QUALIFIER_SIGN[quantity.qualifier]}{number} {quantity.unit}"
    return f"{text} · {fact.measure}" if fact.measure else text


def fact_text(fact: Fact | None) -> str:
    """Where and what: '"528" @1258  528 count · enterprises'."""
    if fact is None:
        return ""
    return f"{fact.span.text!r} @{fact.span.start}  {quantity_text(fact)}".replace("\n", " ")


def new_side_text(fact: FactDiff) -> str:
    """The new side of a row; a move shows only where the same claim went."""
    if fact.status is FactStatus.moved:
        return f"@{fact.new.span.start} ({fact.new.span.start - fact.old.span.start:+d})"
    return fact_text(fact.new)


def _counts_text(counts, names: tuple[str, ...]) -> str:
    parts = [f"{getattr(counts, name)} {name}" for name in names if getattr(counts, name)]
    return ", ".join(parts) or "none"


def summary_line(result: DiffResult) -> str:
    """One line with every count: the last line of each format meant for people."""
    summary = result.summary
    verdict = "differences" if result.differs else "no differences"
    documents = _counts_text(summary.documents, ("added", "removed", "modified", "unchanged"))
    facts = _counts_text(summary.facts, ("added", "removed", "changed", "moved", "unchanged"))
    return f"{verdict}: documents {documents}; facts {facts}"


def _document_heading(document: DocumentDiff) -> str:
    heading = f"{document.id} ({document.status.value})"
    if document.old and document.new and document.old.sha256 != document.new.sha256:
        heading += f" sha256 {document.old.sha256[:8]}→{document.new.sha256[:8]}"
    for side, error in (("old", document.old_error), ("new", document.new_error)):
        if error is not None:
            heading += f"; {side}: {error.code} {error.message}"
    return heading


def render_json(result: DiffResult) -> str:
    return result.model_dump_json(indent=2) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: DiffResult) -> str:
    lines = [f"## clusterfacts diff: `{result.old.name}` → `{result.new.name}`", "", summary_line(result), ""]
    for document in result.documents:
        lines += [f"### {_cell(_document_heading(document))}", ""]
        if document.facts:
            lines += ["| fact | old | new | changed |", "| --- | --- | --- | --- |"]
            for fact in document.facts:
                old, new = _cell(fact_text(fact.old)), _cell(new_side_text(fact))
                lines.append(f"| {fact.status.value} | {old} | {new} | {', '.join(fact.changed)} |")
            lines.append("")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "doc_id", "doc_status", "fact_status", "changed",
    "old_fact_id", "new_fact_id", "old_start", "new_start", "old_end", "new_end", "old_text", "new_text",
    "old_value", "new_value", "old_low", "new_low", "old_high", "new_high", "old_unit", "new_unit",
    "old_qualifier", "new_qualifier", "old_measure", "new_measure",
)


def _fact_columns(prefix: str, fact: Fact | None) -> dict[str, object]:
    if fact is None:
        return {}
    quantity = fact.quantity

    def number(value):
        return "" if value is None else _plain(value)

    return {
        f"{prefix}_fact_id": fact.id,
        f"{prefix}_start": fact.span.start,
        f"{prefix}_end": fact.span.end,
        f"{prefix}_text": fact.span.text,
        f"{prefix}_value": number(quantity.value),
        f"{prefix}_low": number(quantity.low),
        f"{prefix}_high": number(quantity.high),
        f"{prefix}_unit": quantity.unit,
        f"{prefix}_qualifier": quantity.qualifier.value,
        f"{prefix}_measure": fact.measure or "",
    }


def render_csv(result: DiffResult) -> str:
    """One row per fact that is not unchanged; a document with none gets one row of its own."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for document in result.documents:
        base = {"doc_id": document.id, "doc_status": document.status.value}
        if not document.facts:
            writer.writerow(base)
        for fact in document.facts:
            writer.writerow(
                {
                    **base,
                    "fact_status": fact.status.value,
                    "changed": " ".join(fact.changed),
                    **_fact_columns("old", fact.old),
                    **_fact_columns("new", fact.new),
                }
            )
    return buffer.getvalue()


def _fact_row(fact: FactDiff) -> tuple[str, str, str, str]:
    style = _STYLE[fact.status]
    return (
        f"[{style}]{fact.status.value}[/]",
        fact_text(fact.old),
        new_side_text(fact),
        ", ".join(fact.changed),
    )


def write_table(result: DiffResult, file: TextIO, *, color: bool | None = None, width: int | None = None) -> None:
    """A rich table per differing document, then the summary line; colour follows the terminal unless forced."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=file, force_terminal=color, no_color=color is False, width=width, highlight=False)
    console.print(f"[bold]{escape(result.old.source)}[/] → [bold]{escape(result.new.source)}[/]")
    for document in result.documents:
        style = _DOC_STYLE[document.status.value]
        title = f"[{style}]{escape(_document_heading(document))}[/]"
        if not document.facts:
            console.print(title)
            continue
        table = Table(title=title, title_justify="left", show_lines=False, expand=False)
        for column in ("fact", "old", "new", "changed"):
            table.add_column(column, overflow="fold")
        for fact in document.facts:
            status, old, new, changed = _fact_row(fact)
            table.add_row(status, escape(old), escape(new), escape(changed))
        console.print(table)
    console.print(escape(summary_line(result)), soft_wrap=True)


def render(result: DiffResult, fmt: DiffFormat, file: TextIO, *, color: bool | None = None) -> None:
    """Write ``result`` to ``file`` in ``fmt``."""
    if fmt == "table":
        write_table(result, file, color=color)
        return
    renderer = {"json": render_json, "markdown": render_markdown, "csv": render_csv}[fmt]
    file.write(renderer(result))
