"""The review report: one self-contained HTML page per batch or release.

Analysts trust a number once they have seen it in its sentence, so each
document is shown as its ORIGINAL text with every claim marked where its
offsets say it is, in the manner of displaCy's entity view. A table of every
fact can be sorted and filtered in the browser. The page embeds its only
style sheet and script and loads nothing, so it opens offline and can be
mailed as one file.

Everything here builds strings and touches no file: the command line
(:mod:`clusterfacts.cli_report`) finds the texts and writes the page.
Every piece of document text and every field is escaped; data reach the
script through ``data-*`` attributes, never through inline JSON.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from .models import DocumentResult, ErrorRecord, Fact, Quantity
from .vocabulary import Kind

#: One background colour per kind, light enough for black text (displaCy's palette spirit).
KIND_COLOURS: dict[str, str] = {
    "count": "#aa9cfc",
    "money": "#7aecec",
    "mass": "#bfe1d9",
    "area": "#e4e7d2",
    "energy": "#feca74",
    "power": "#ffeb80",
    "length": "#c887fb",
    "volume": "#9cc9cc",
    "share": "#ff9561",
    "growth": "#bfeeb7",
    "rank": "#ddd4f4",
    "duration": "#f0d0ff",
    "age": "#e4c1b4",
    "rate": "#ffd1dc",
    "ratio": "#c6e2ff",
}

QUALIFIER_SIGNS = {"exact": "", "approx": "≈ ", "gt": "> ", "gte": "≥ ", "lt": "< ", "lte": "≤ "}


@dataclass(frozen=True)
class ReportDocument:
    """A document to show: its facts and the original text their offsets point into.

    ``text`` is None when the original could not be read back (a release whose
    files moved or changed); the page then shows each fact in its stored
    sentence and says why, in ``note``.
    """

    result: DocumentResult
    text: str | None
    note: str | None = None


# formatting


def plain_number(number: Decimal | None) -> str:
    """Exact, without exponent: what data attributes and sort keys carry."""
    if number is None:
        return ""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def readable_number(number: Decimal) -> str:
    """Exact, with thousands separators: what people read."""
    text = format(number, ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def describe(quantity: Quantity) -> str:
    """A quantity in one short line: ``> 20,000 count``, ``3–5 year``."""
    sign = QUALIFIER_SIGNS[quantity.qualifier.value]
    if quantity.value is not None:
        amount = readable_number(quantity.value)
    else:
        amount = f"{readable_number(quantity.low)}–{readable_number(quantity.high)}"
    return f"{sign}{amount} {quantity.unit}"


def escape_attr(value: object) -> str:
    """Any value as the text of a double-quoted attribute."""
    return escape("" if value is None else str(value), quote=True)


def fact_attributes(fact: Fact) -> str:
    """The data attributes a mark carries: everything the side panel shows."""
    q = fact.quantity
    fields = {
        "data-fact": fact.id,
        "data-kind": q.kind.value,
        "data-value": plain_number(q.value),
        "data-low": plain_number(q.low),
        "data-high": plain_number(q.high),
        "data-unit": q.unit,
        "data-qualifier": q.qualifier.value,
        "data-measure": fact.measure or "",
        "data-rule": fact.provenance.rule,
        "data-start": fact.span.start,
        "data-end": fact.span.end,
        "data-says": describe(q),
    }
    tip = f"{describe(q)} · {q.kind.value}" + (f"\n{fact.measure}" if fact.measure else "")
    return " ".join(f'{name}="{escape_attr(value)}"' for name, value in fields.items()) + f' title="{escape_attr(tip)}"'


# highlighting


def highlight(text: str, facts: Sequence[Fact], *, base: int = 0, ids: Sequence[str] | None = None) -> str:
    """``text`` as escaped HTML with a ``<mark>`` around every fact's span.

    ``base`` is the offset of ``text`` in the original (a sentence's start),
    ``ids`` optional element ids for the marks. Nested claims nest; a claim
    that crosses another is split into parts that share ``data-fact``, so the
    parts of one fact, read in order, are exactly its span text.
    """
    spans = [(fact.span.start - base, fact.span.end - base) for fact in facts]
    for (start, end), fact in zip(spans, facts):
        if not (0 <= start <= end <= len(text)):
            raise ValueError(f"fact {fact.id} [{fact.span.start}, {fact.span.end}) lies outside the text")
    tokens = _tokens(text, spans)
    parts = Counter(token[1] for token in tokens if token[0] == "open")
    seen: Counter[int] = Counter()
    attributes = [fact_attributes(fact) for fact in facts]
    out = []
    for token in tokens:
        if token[0] == "text":
            out.append(escape(token[1], quote=False))
        elif token[0] == "close":
            out.append("</mark>")
        else:
            index = token[1]
            seen[index] += 1
            classes = ["claim", f"k-{facts[index].quantity.kind.value}"]
            if seen[index] > 1:
                classes.append("cont")
            if seen[index] == parts[index]:
                classes.append("last")
            element_id = f' id="{escape_attr(ids[index])}"' if ids is not None and seen[index] == 1 else ""
            out.append(f'<mark{element_id} class="{" ".join(classes)}" tabindex="0" {attributes[index]}>')
    return "".join(out)


def _tokens(text: str, spans: list[tuple[int, int]]) -> list[tuple]:
    """Text, open and close tokens with properly nested marks, splitting crossing ones."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1], i))
    starting: dict[int, list[int]] = {}
    for index in order:
        starting.setdefault(spans[index][0], []).append(index)
    boundaries = sorted({0, len(text)} | {edge for span in spans for edge in span})
    tokens: list[tuple] = []
    stack: list[int] = []
    position = 0
    for boundary in boundaries:
        if boundary > position:
            tokens.append(("text", text[position:boundary]))
            position = boundary
        ending = {index for index in stack if spans[index][1] == boundary}
        reopen: list[int] = []
        while ending:
            index = stack.pop()
            tokens.append(("close", index))
            if index in ending:
                ending.discard(index)
            else:
                reopen.append(index)
        for index in reversed(reopen):
            tokens.append(("open", index))
            stack.append(index)
        for index in starting.get(boundary, ()):
            tokens.append(("open", index))
            if spans[index][1] == boundary:
                tokens.append(("close", index))
            else:
                stack.append(index)
    return tokens


def sentence_view(fact: Fact, *, element_id: str | None = None) -> str:
    """One fact marked inside its stored sentence: the context when the original is not at hand."""
    return highlight(fact.sentence.text, [fact], base=fact.sentence.start, ids=None if element_id is None else [element_id])


def text_matches(text: str, facts: Iterable[Fact]) -> bool:
    """Whether every span of ``facts`` reads the same in ``text`` (it is the text they were found in)."""
    return all(text[fact.span.start : fact.span.end] == fact.span.text for fact in facts)


# the page


def render_report(
    documents: Iterable[ReportDocument],
    *,
    errors: Iterable[ErrorRecord] = (),
    title: str = "clusterfacts report",
    subtitle: str = "",
) -> str:
    """The whole report page: overview with counts, the fact table, and a page per document."""
    docs = list(documents)
    failures = list(errors)
    mark_ids: dict[tuple[int, int], str] = {}
    sections = [_document_section(number, doc, mark_ids) for number, doc in enumerate(docs)]
    overview = _overview(docs, failures, mark_ids, subtitle)
    nav = "".join(
        f'<li><a href="#doc-{number}" lang="{escape_attr(html_lang(doc.result.doc.lang))}">{escape(doc.result.doc.id)}</a>'
        f' <span class="n">{len(doc.result.facts)}</span></li>'
        for number, doc in enumerate(docs)
    )
    body = (
        f'<header><h1>{escape(title)}</h1><nav><a href="#overview">Overview &amp; facts</a>'
        f'<details id="doc-menu"><summary>Documents ({len(docs)})</summary><ol class="doclist">{nav}</ol></details></nav></header>'
        f'<main>{overview}{"".join(sections)}</main>{PANEL}'
    )
    return page(title, body)


def page(title: str, body: str, *, extra_style: str = "") -> str:
    """A complete HTML document around ``body`` with the embedded style and script."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{STYLE}{extra_style}</style></head>\n"
        f"<body>{body}<script>{SCRIPT}</script></body></html>\n"
    )


def html_lang(lang: str) -> str:
    """The BCP 47 tag browsers use to pick glyphs: traditional text wants a traditional font."""
    return {"other": "und"}.get(lang, lang)


def _legend(kinds: Iterable[str]) -> str:
    return "".join(f'<span class="chip k-{kind}">{kind}</span>' for kind in kinds)


def _document_section(number: int, doc: ReportDocument, mark_ids: dict[tuple[int, int], str]) -> str:
    ref = doc.result.doc
    facts = list(doc.result.facts)
    ids = [f"m{number}-{index}" for index in range(len(facts))]
    for index, element_id in enumerate(ids):
        mark_ids[(number, index)] = element_id
    lang = html_lang(ref.lang)
    kinds = sorted({fact.quantity.kind.value for fact in facts})
    meta = (
        f'<dl class="meta"><dt>path</dt><dd>{escape(ref.path)}</dd><dt>language</dt><dd>{escape(ref.lang)}</dd>'
        f'<dt>facts</dt><dd>{len(facts)}</dd><dt>sha256</dt><dd><code>{escape(ref.sha256[:16])}…</code></dd>'
        f"<dt>type</dt><dd>{escape(ref.content_type)}</dd></dl>"
    )
    if doc.text is not None:
        content = f'<div class="doctext" lang="{escape_attr(lang)}">{highlight(doc.text, facts, ids=ids)}</div>'
    else:
        note = f'<p class="note">{escape(doc.note or "The original text is not available.")} Each fact is shown in its stored sentence.</p>'
        items = "".join(
            f'<li lang="{escape_attr(lang)}">{sentence_view(fact, element_id=element_id)}</li>'
            for fact, element_id in zip(facts, ids)
        )
        content = f'{note}<ol class="sentences">{items}</ol>'
    return (
        f'<section class="page doc" id="doc-{number}" data-doc="{escape_attr(ref.id)}" data-lang="{escape_attr(ref.lang)}">'
        f'<h2 lang="{escape_attr(lang)}">{escape(ref.id)}</h2>{meta}<p class="legend">{_legend(kinds)}</p>{content}</section>'
    )


def _overview(docs: list[ReportDocument], failures: list[ErrorRecord], mark_ids: dict, subtitle: str) -> str:
    facts_by = Counter()
    docs_by_lang = Counter()
    for doc in docs:
        docs_by_lang[doc.result.doc.lang] += 1
        for fact in doc.result.facts:
            facts_by[(fact.quantity.kind.value, doc.result.doc.lang)] += 1
    langs = sorted(docs_by_lang)
    kinds = [kind.value for kind in Kind if any(facts_by[(kind.value, lang)] for lang in langs)]
    total = sum(facts_by.values())
    head = "".join(f"<th>{escape(lang)}</th>" for lang in langs)
    rows = "".join(
        f'<tr data-kind="{kind}"><th><span class="chip k-{kind}">{kind}</span></th>'
        + "".join(f"<td>{facts_by[(kind, lang)]}</td>" for lang in langs)
        + f"<td>{sum(facts_by[(kind, lang)] for lang in langs)}</td></tr>"
        for kind in kinds
    )
    lang_totals = "".join(f"<td>{sum(facts_by[(kind, lang)] for kind in kinds)}</td>" for lang in langs)
    doc_totals = "".join(f"<td>{docs_by_lang[lang]}</td>" for lang in langs)
    counts = (
        f'<table id="counts" class="counts"><thead><tr><th>facts by kind</th>{head}<th>all</th></tr></thead>'
        f"<tbody>{rows}</tbody><tfoot><tr><th>facts</th>{lang_totals}<td>{total}</td></tr>"
        f"<tr><th>documents</th>{doc_totals}<td>{len(docs)}</td></tr></tfoot></table>"
    )
    summary = (
        f'<p class="summary"><b id="n-docs">{len(docs)}</b> documents, <b id="n-facts">{total}</b> facts'
        + (f', <b id="n-failed">{len(failures)}</b> could not be read' if failures else "")
        + "</p>"
    )
    failed = ""
    if failures:
        items = "".join(
            f"<li><code>{escape(error.code)}</code> {escape(error.path)}: {escape(error.message)}</li>" for error in failures
        )
        failed = f'<details class="failed"><summary>Documents that failed</summary><ul>{items}</ul></details>'
    return (
        f'<section class="page" id="overview"><h2>Overview</h2>'
        + (f'<p class="subtitle">{escape(subtitle)}</p>' if subtitle else "")
        + f"{summary}{counts}{failed}<h2>Facts</h2>{_fact_table(docs, mark_ids, langs, kinds)}</section>"
    )


def _fact_table(docs: list[ReportDocument], mark_ids: dict, langs: list[str], kinds: list[str]) -> str:
    rows = []
    for number, doc in enumerate(docs):
        ref = doc.result.doc
        lang = html_lang(ref.lang)
        for index, fact in enumerate(doc.result.facts):
            q = fact.quantity
            sort_value = plain_number(q.value if q.value is not None else q.low)
            rows.append(
                f'<tr data-kind="{q.kind.value}" data-lang="{escape_attr(ref.lang)}" data-fact="{escape_attr(fact.id)}">'
                f'<td><a href="#doc-{number}">{escape(ref.id)}</a></td><td>{escape(ref.lang)}</td>'
                f'<td><span class="chip k-{q.kind.value}">{q.kind.value}</span></td>'
                f'<td lang="{escape_attr(lang)}"><a href="#{mark_ids[(number, index)]}">{escape(fact.span.text)}</a></td>'
                f'<td class="num" data-sort="{escape_attr(sort_value)}">{escape(describe(q))}</td>'
                f"<td>{escape(q.unit)}</td><td>{escape(q.qualifier.value)}</td>"
                f'<td lang="{escape_attr(lang)}">{escape(fact.measure or "")}</td></tr>'
            )
    filters = filter_bar(
        "Filter: any text, e.g. employees or 億元",
        [("filter-kind", "kind", "all kinds", kinds), ("filter-lang", "lang", "all languages", langs)],
        len(rows),
        "facts",
    )
    columns = [("document", "text"), ("language", "text"), ("kind", "text"), ("claim", "text"),
               ("value", "num"), ("unit", "text"), ("qualifier", "text"), ("measure", "text")]
    return f'{filters}<table id="facts" class="facts">{table_head(columns)}<tbody>{"".join(rows)}</tbody></table>'


def filter_bar(placeholder: str, selects: list[tuple[str, str, str, list[str]]], total: int, noun: str) -> str:
    """A text box and drop-downs that filter ``table#facts``; each select matches a row's ``data-<attr>``."""
    parts = [f'<input id="filter-text" type="search" placeholder="{escape_attr(placeholder)}" aria-label="Filter by text">']
    for element_id, attribute, everything, values in selects:
        options = "".join(f'<option value="{escape_attr(value)}">{escape(value)}</option>' for value in values)
        parts.append(
            f'<select id="{element_id}" class="filter" data-attr="{attribute}" aria-label="{attribute}">'
            f'<option value="">{escape(everything)}</option>{options}</select>'
        )
    parts.append(f'<span><b id="fact-count">{total}</b> of {total} {noun}</span>')
    return f'<div class="filters">{"".join(parts)}</div>'


def table_head(columns: list[tuple[str, str]]) -> str:
    """Sortable column headers: ``num`` columns sort on their cells' ``data-sort``, the rest as text."""
    cells = "".join(
        f'<th data-type="{kind}" aria-sort="none"><button type="button">{escape(name)}</button></th>' for name, kind in columns
    )
    return f"<thead><tr>{cells}</tr></thead>"


PANEL = (
    '<aside id="panel" aria-live="polite"><p class="hint">Point at or focus a highlighted claim to see its record.</p>'
    '<dl hidden><dt>claim</dt><dd data-field="text"></dd><dt>says</dt><dd data-field="says"></dd>'
    '<dt>kind</dt><dd data-field="kind"></dd><dt>value</dt><dd data-field="value"></dd>'
    '<dt>range</dt><dd data-field="range"></dd><dt>unit</dt><dd data-field="unit"></dd>'
    '<dt>qualifier</dt><dd data-field="qualifier"></dd><dt>measure</dt><dd data-field="measure"></dd>'
    '<dt>rule</dt><dd data-field="rule"></dd><dt>offsets</dt><dd data-field="offsets"></dd>'
    '<dt>fact id</dt><dd data-field="fact"></dd></dl></aside>'
)

_KIND_CSS = "".join(f".k-{kind}{{background:{colour}}}" for kind, colour in KIND_COLOURS.items())

STYLE = (
    """
:root{--ink:#1d1d1f;--muted:#666;--line:#ddd;--panel:300px}
*{box-sizing:border-box}
[hidden]{display:none!important}
.page,mark.claim,tr{scroll-margin-top:5em}
body{margin:0;color:var(--ink);background:#fafafa;font:15px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC",sans-serif}
:lang(zh-Hant){font-family:system-ui,"Noto Sans CJK TC","Noto Sans TC","WenQuanYi Zen Hei","Microsoft JhengHei","PingFang TC",sans-serif}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);padding:.4em 1em;display:flex;gap:2em;align-items:baseline;flex-wrap:wrap}
header h1{font-size:1.15em;margin:0}
header nav{display:flex;gap:1.5em;align-items:baseline;flex-wrap:wrap}
header details{position:relative}
.doclist{position:absolute;z-index:3;background:#fff;border:1px solid var(--line);margin:0;padding:.5em 1em .5em 2.5em;max-height:60vh;overflow:auto;min-width:24em}
details:not([open]) .doclist{display:none}
.n{color:var(--muted);font-size:.85em}
main{padding:1em calc(var(--panel) + 2em) 3em 1.5em;max-width:calc(72em + var(--panel))}
h2{font-size:1.1em;margin:1.2em 0 .4em;word-break:break-all}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:0 1em;font-size:.85em;color:var(--muted);margin:0 0 .6em}
.meta dd{margin:0;word-break:break-all}
.doctext{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid var(--line);padding:1em 1.2em;line-height:2.3}
.sentences li{background:#fff;border:1px solid var(--line);padding:.4em .8em;margin:.4em 0;line-height:2.2}
.note{color:#8a4b00}
mark.claim{color:inherit;padding:.12em .3em;margin:0 .05em;border-radius:.35em;cursor:pointer;box-decoration-break:clone;-webkit-box-decoration-break:clone}
mark.claim mark.claim{padding:.02em .15em;outline:1px solid rgba(0,0,0,.25)}
mark.claim.cont{border-top-left-radius:0;border-bottom-left-radius:0;margin-left:0}
mark.claim.last::after{content:attr(data-kind);font-size:.62em;font-weight:700;text-transform:uppercase;letter-spacing:.03em;
margin-left:.45em;vertical-align:middle;opacity:.75;font-family:system-ui,sans-serif}
mark.claim:focus,mark.claim.on{outline:2px solid #222;outline-offset:1px}
mark.claim.flash{animation:flash 1.6s}
@keyframes flash{0%,60%{box-shadow:0 0 0 4px #ff0}100%{box-shadow:none}}
.chip{display:inline-block;padding:0 .45em;border-radius:.3em;font-size:.8em;margin-right:.3em}
.legend{margin:.2em 0 .6em}
table{border-collapse:collapse;background:#fff}
th,td{border:1px solid var(--line);padding:.2em .55em;text-align:left;vertical-align:top}
td.num,.counts td{text-align:right;font-variant-numeric:tabular-nums}
td.num{white-space:nowrap}
.facts{width:100%;font-size:.9em}
.facts th{position:sticky;top:2.6em;background:#f0f0f0}
.facts th button{all:unset;cursor:pointer;font-weight:700}
.facts th[aria-sort=ascending] button::after{content:" ▲"}
.facts th[aria-sort=descending] button::after{content:" ▼"}
.filters{display:flex;gap:.6em;align-items:center;margin:.4em 0 .6em;flex-wrap:wrap}
.filters input{flex:1;min-width:14em;padding:.3em .5em;font:inherit}
.filters select{padding:.3em;font:inherit}
#panel{position:fixed;right:1em;top:4em;width:var(--panel);max-height:calc(100vh - 5em);overflow:auto;background:#fff;
border:1px solid var(--line);border-radius:.4em;padding:.6em .9em;font-size:.88em;box-shadow:0 2px 8px rgba(0,0,0,.08)}
#panel dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em .8em;margin:0}
#panel dt{color:var(--muted)}
#panel dd{margin:0;word-break:break-word}
.hint{color:var(--muted);margin:0}
.failed{margin:1em 0}
@media (max-width:900px){main{padding-right:1.5em}#panel{position:static;width:auto;margin:1em}}
"""
    + _KIND_CSS
)

SCRIPT = """
(function () {
  "use strict";
  var pages = Array.prototype.slice.call(document.querySelectorAll(".page"));
  function show() {
    var id = decodeURIComponent(location.hash.slice(1)) || "overview";
    var target = document.getElementById(id);
    var page = target ? target.closest(".page") : null;
    if (!page) { page = pages[0]; target = null; }
    if (!page) { return; }
    pages.forEach(function (p) { p.hidden = p !== page; });
    var menu = document.getElementById("doc-menu");
    if (menu) { menu.open = false; }
    if (target && target !== page) {
      target.scrollIntoView({block: "center"});
      target.classList.add("flash");
      setTimeout(function () { target.classList.remove("flash"); }, 1700);
      if (target.matches("mark.claim")) { fill(target); }
    } else {
      window.scrollTo(0, 0);
    }
  }
  window.addEventListener("hashchange", show);

  var panel = document.getElementById("panel");
  if (!panel) { show(); return; }
  var fields = {};
  Array.prototype.forEach.call(panel.querySelectorAll("[data-field]"), function (dd) { fields[dd.dataset.field] = dd; });
  var lit = [];
  function fill(mark) {
    var d = mark.dataset;
    var parts = Array.prototype.filter.call(document.querySelectorAll("mark.claim"), function (m) { return m.dataset.fact === d.fact; });
    lit.forEach(function (m) { m.classList.remove("on"); });
    parts.forEach(function (m) { m.classList.add("on"); });
    lit = parts;
    var text = "";
    parts.forEach(function (m) { text += m.textContent; });
    fields.text.textContent = text.length > 80 ? text.slice(0, 80) + "…" : text;
    fields.says.textContent = d.says;
    fields.kind.textContent = d.kind;
    fields.value.textContent = d.value || "—";
    fields.range.textContent = d.low ? d.low + " – " + d.high : "—";
    fields.unit.textContent = d.unit;
    fields.qualifier.textContent = d.qualifier;
    fields.measure.textContent = d.measure || "—";
    fields.rule.textContent = d.rule;
    fields.offsets.textContent = d.start + "–" + d.end;
    fields.fact.textContent = d.fact;
    panel.querySelector("dl").hidden = false;
    panel.querySelector(".hint").hidden = true;
  }
  ["mouseover", "focusin", "click"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var mark = event.target.closest && event.target.closest("mark.claim");
      if (mark) { fill(mark); }
    });
  });

  var table = document.getElementById("facts");
  if (!table) { show(); return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var query = document.getElementById("filter-text");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select.filter"));
  var count = document.getElementById("fact-count");
  function filter() {
    var words = query.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row, i) {
      var ok = selects.every(function (s) { return !s.value || row.dataset[s.dataset.attr] === s.value; }) &&
        words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown;
  }
  query.addEventListener("input", filter);
  selects.forEach(function (s) { s.addEventListener("change", filter); });

  var collator = new Intl.Collator(undefined, {numeric: true});
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    th.querySelector("button").addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.dataset.type === "num";
      var order = rows.map(function (row, i) { return i; });
      order.sort(function (a, b) {
        var x = rows[a].cells[column], y = rows[b].cells[column], r;
        if (numeric) {
          var p = parseFloat(x.dataset.sort), q = parseFloat(y.dataset.sort);
          r = (isNaN(p) ? -Infinity : p) - (isNaN(q) ? -Infinity : q);
        } else {
          r = collator.compare(x.textContent, y.textContent);
        }
        return (ascending ? r : -r) || a - b;
      });
      rows = order.map(function (i) { return rows[i]; });
      texts = order.map(function (i) { return texts[i]; });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });

  filter();
  show();
})();
"""
