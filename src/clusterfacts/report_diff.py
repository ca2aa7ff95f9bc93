"""The release diff as one self-contained HTML page.

A changed number is judged in its sentence, so every fact that changed,
moved, appeared or disappeared is shown with its old and new value and the
sentence each version stood in, marked as on the report's document pages.
The sentences come from the fact records themselves, so the page needs
neither release's documents on disk.
"""

from __future__ import annotations

from html import escape

from .diff import DiffResult, DocumentDiff, FactDiff, FactStatus
from .models import Fact
from .releases import ReleaseInfo
from .report import PANEL, describe, escape_attr, html_lang, filter_bar, page, plain_number, sentence_view, table_head

STATUS_ORDER = ("changed", "added", "removed", "moved")

DIFF_STYLE = """
.status{font-weight:700;font-size:.8em;text-transform:uppercase;padding:0 .4em;border-radius:.3em}
.s-changed{background:#ffe08a}.s-added{background:#b7f0c0}.s-removed{background:#ffc2c2}.s-moved{background:#cfe6ff}
.s-modified{background:#ffe08a}.s-unchanged{background:#eee}
del{background:#ffd7d7;text-decoration:line-through}ins{background:#d4f7d9;text-decoration:none}
.context div{margin:.15em 0;line-height:2.1}
.context .side{display:inline-block;width:2.6em;color:#666;font-size:.8em}
.fields{color:#666;font-size:.85em}
.context .old mark.claim{box-shadow:inset 0 -3px 0 #e57373}.context .new mark.claim{box-shadow:inset 0 -3px 0 #43a047}
.docs td,.docs th{font-size:.9em}
"""


def _release(info: ReleaseInfo) -> str:
    made = f", {info.created:%Y-%m-%d %H:%M}" if info.created else ""
    by = f", {info.extractor}" if info.extractor else ""
    return f"<b>{escape(info.name)}</b> ({escape(info.kind)}: {escape(info.source)}{escape(made)}{escape(by)})"


def _counts_row(label: str, counts, names: tuple[str, ...]) -> str:
    cells = "".join(f'<td data-count="{name}">{getattr(counts, name)}</td>' for name in names)
    return f"<tr><th>{label}</th>{cells}</tr>"


def _value(fact_diff: FactDiff) -> str:
    old, new = fact_diff.old, fact_diff.new
    if old is not None and new is not None and fact_diff.status is FactStatus.changed:
        return f"<del>{escape(describe(old.quantity))}</del> → <ins>{escape(describe(new.quantity))}</ins>"
    fact = new or old
    return escape(describe(fact.quantity))


def _measure(fact_diff: FactDiff) -> str:
    old, new = fact_diff.old, fact_diff.new
    if old is not None and new is not None and "measure" in fact_diff.changed:
        return f"<del>{escape(old.measure or '')}</del> → <ins>{escape(new.measure or '')}</ins>"
    return escape((new or old).measure or "")


def _context(fact_diff: FactDiff, lang: str, row: int) -> str:
    """The sentence of each version, the claim marked: old above new when both exist."""
    sides: list[tuple[str, Fact]] = []
    if fact_diff.old is not None:
        sides.append(("old", fact_diff.old))
    if fact_diff.new is not None:
        sides.append(("new", fact_diff.new))
    if fact_diff.status is FactStatus.moved and fact_diff.old.sentence.text == fact_diff.new.sentence.text:
        sides = [("new", fact_diff.new)]
    return "".join(
        f'<div class="{side}" lang="{escape_attr(lang)}"><span class="side">{side}</span>'
        f'{sentence_view(fact, element_id=f"d{row}-{side}")}</div>'
        for side, fact in sides
    )


def _fact_row(document: DocumentDiff, fact_diff: FactDiff, row: int) -> str:
    fact = fact_diff.new or fact_diff.old
    ref = document.new or document.old
    lang = html_lang(ref.lang) if ref else "und"
    status = fact_diff.status.value
    moved = ""
    if fact_diff.old is not None and fact_diff.new is not None and fact_diff.old.span.start != fact_diff.new.span.start:
        moved = f'<br><span class="fields">@{fact_diff.old.span.start} → @{fact_diff.new.span.start}</span>'
    fields = f'<br><span class="fields">{escape(", ".join(fact_diff.changed))}</span>' if fact_diff.changed else ""
    return (
        f'<tr data-status="{status}" data-kind="{fact.quantity.kind.value}" data-fact="{escape_attr(fact.id)}">'
        f"<td>{escape(document.id)}</td><td><span class=\"status s-{status}\">{status}</span>{fields}{moved}</td>"
        f'<td><span class="chip k-{fact.quantity.kind.value}">{fact.quantity.kind.value}</span></td>'
        f'<td class="num" data-sort="{escape_attr(plain_number(fact.quantity.value if fact.quantity.value is not None else fact.quantity.low))}">'
        f"{_value(fact_diff)}</td>"
        f'<td lang="{escape_attr(lang)}">{_measure(fact_diff)}</td>'
        f'<td class="context">{_context(fact_diff, lang, row)}</td></tr>'
    )


def _document_row(document: DocumentDiff) -> str:
    status = document.status.value
    notes = []
    if document.old and document.new and document.old.sha256 != document.new.sha256:
        notes.append(f"sha256 {document.old.sha256[:8]} → {document.new.sha256[:8]}")
    for side, error in (("old", document.old_error), ("new", document.new_error)):
        if error is not None:
            notes.append(f"{side}: {error.code} {error.message}")
    counts = document.counts
    return (
        f'<tr data-doc="{escape_attr(document.id)}"><td>{escape(document.id)}</td>'
        f'<td><span class="status s-{status}">{status}</span></td>'
        + "".join(f"<td>{getattr(counts, name)}</td>" for name in (*STATUS_ORDER, "unchanged"))
        + f"<td>{escape('; '.join(notes))}</td></tr>"
    )


def render_diff(result: DiffResult, *, title: str = "clusterfacts diff") -> str:
    """The diff page: both releases, counts, the documents that differ and every fact that is not unchanged."""
    summary = result.summary
    document_names = ("added", "removed", "modified", "unchanged")
    fact_names = (*STATUS_ORDER, "unchanged")
    counts = (
        '<table id="diff-counts" class="counts"><thead><tr><th></th>'
        + "".join(f"<th>{name}</th>" for name in document_names)
        + "</tr></thead><tbody>"
        + _counts_row("documents", summary.documents, document_names)
        + "</tbody></table>"
        + '<table id="fact-counts" class="counts"><thead><tr><th></th>'
        + "".join(f"<th>{name}</th>" for name in fact_names)
        + "</tr></thead><tbody>"
        + _counts_row("facts", summary.facts, fact_names)
        + "</tbody></table>"
    )
    rows = []
    kinds: set[str] = set()
    for document in result.documents:
        for fact_diff in document.facts:
            kinds.add((fact_diff.new or fact_diff.old).quantity.kind.value)
            rows.append(_fact_row(document, fact_diff, len(rows)))
    documents = (
        '<table id="documents" class="docs"><thead><tr><th>document</th><th>status</th>'
        + "".join(f"<th>{name}</th>" for name in fact_names)
        + "<th>notes</th></tr></thead><tbody>"
        + "".join(_document_row(document) for document in result.documents)
        + "</tbody></table>"
    )
    verdict = "The releases differ." if result.differs else "No differences."
    filters = filter_bar(
        "Filter: any text",
        [("filter-status", "status", "all changes", list(STATUS_ORDER)), ("filter-kind", "kind", "all kinds", sorted(kinds))],
        len(rows),
        "facts",
    )
    columns = [("document", "text"), ("status", "text"), ("kind", "text"), ("old → new", "num"),
               ("measure", "text"), ("in context", "text")]
    body = (
        f"<header><h1>{escape(title)}</h1></header><main>"
        f'<section class="page" id="overview"><p>old {_release(result.old)}<br>new {_release(result.new)}</p>'
        f'<p class="summary">{verdict}</p>{counts}'
        f'<h2>Documents that differ ({len(result.documents)})</h2>{documents}'
        f'<h2>Facts that differ</h2>{filters}<table id="facts" class="facts">{table_head(columns)}<tbody>{"".join(rows)}</tbody></table>'
        f"</section></main>{PANEL}"
    )
    return page(title, body, extra_style=DIFF_STYLE)
