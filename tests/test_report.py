"""The HTML report and diff page, read back with an HTML parser (no browser needed)."""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
from collections import defaultdict
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from clusterfacts.cli import app
from clusterfacts.cli_report import register
from clusterfacts.models import DocumentRef, DocumentResult, ErrorRecord, Fact, Provenance, Quantity, TextSpan
from clusterfacts.report import KIND_COLOURS, ReportDocument, highlight, render_report
from clusterfacts.vocabulary import Kind
from conftest import SEEDS
from report_samples import changed_release, hand_built, pipeline_ready, seed_documents, write_release

if not any(command.name == "report" for command in app.registered_commands):
    register(app)
runner = CliRunner()


class Marks(HTMLParser):
    """Collects, per fact id, the text inside its marks and their data attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: dict[str, str] = defaultdict(str)
        self.attrs: dict[str, dict[str, str]] = {}
        self.open: list[str | None] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "mark":
            fact = attributes["data-fact"]
            self.attrs.setdefault(fact, attributes)
            self.open.append(fact)
            self.text[fact] += ""
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data):
        for fact in set(self.open):
            self.text[fact] += data


def marks(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    parser.close()
    assert not parser.open, "every mark is closed"
    return parser


def text_of(fragment: str) -> str:
    """What a browser's textContent gives: the text without tags, entities resolved."""
    return html_module.unescape(re.sub(r"<[^>]+>", "", fragment))


def make_fact(text: str, start: int, end: int, *, kind="count", unit="count", value="5", measure=None, doc_id="d", lang="en") -> Fact:
    ref = DocumentRef(id=doc_id, path=f"{doc_id}.txt", sha256="0" * 64, lang=lang)
    return Fact(
        id=f"{doc_id}-{start}-{end}",
        doc=ref,
        span=TextSpan(start=start, end=end, text=text[start:end]),
        sentence=TextSpan(start=0, end=len(text), text=text),
        quantity=Quantity(value=Decimal(value), unit=unit, kind=kind),
        measure=measure,
        provenance=Provenance(rule="test.rule", extractor="tests", normalized_text=text[start:end]),
    )


@pytest.fixture(scope="module")
def seeds():
    return seed_documents()


@pytest.fixture(scope="module")
def seed_report(seeds):
    return render_report([ReportDocument(result, text) for result, text in seeds])


def test_every_fact_is_marked_on_exactly_its_span_text(seeds, seed_report):
    found = marks(seed_report)
    facts = [fact for result, _ in seeds for fact in result.facts]
    assert facts, "the seed corpus has facts"
    for fact in facts:
        assert found.text[fact.id] == fact.span.text
        data = found.attrs[fact.id]
        assert data["data-kind"] == fact.quantity.kind.value
        assert data["data-unit"] == fact.quantity.unit
        assert data["data-rule"] == fact.provenance.rule
        assert data["data-measure"] == (fact.measure or "")


def test_the_document_text_is_kept_whole(seeds, seed_report):
    """Removing the marks gives back each original text, character for character."""
    sections = re.findall(r'<div class="doctext"[^>]*>(.*?)</div>', seed_report, flags=re.S)
    assert len(sections) == len(seeds)
    for section, (_, text) in zip(sections, seeds):
        parser = Marks()
        chunks: list[str] = []
        parser.handle_data = chunks.append
        parser.feed(section)
        assert "".join(chunks) == text


def test_traditional_chinese_is_shown_as_written(seeds, seed_report):
    chinese = next(text for result, text in seeds if result.doc.lang == "zh-Hant")
    assert "冠縣" in chinese
    page = re.search(r'<section class="page doc"[^>]*data-lang="zh-Hant".*?</section>', seed_report, flags=re.S).group(0)
    assert 'lang="zh-Hant"' in page, "the browser is told to pick traditional glyphs"
    assert "冠縣" in page and "102.2億元</mark>" in page
    assert "冠县" not in page.split('<div class="doctext"')[1]


def test_markup_in_text_and_fields_is_escaped():
    text = 'Prices <script>alert("x")</script> & 5 < 6 "quoted"'
    start = text.index("5")
    fact = make_fact(text, start, start + 1, measure='<b onmouseover="x">tools</b> & co')
    result = DocumentResult(doc=fact.doc, facts=(fact,))
    html = render_report([ReportDocument(result, text)], title="<Report> & co")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; " in html or "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; " in html
    assert "&lt;Report&gt; &amp; co" in html
    assert '<b onmouseover' not in html
    found = marks(html)
    assert found.text[fact.id] == "5"
    assert found.attrs[fact.id]["data-measure"] == '<b onmouseover="x">tools</b> & co'
    assert html.count("<script>") == 1, "the page's own script only"


def test_nested_and_crossing_claims_keep_their_exact_text():
    text = "between 3-5 years and 10 days"
    whole = make_fact(text, 8, 17, value="4")  # "3-5 years"
    inner = make_fact(text, 8, 9, value="3")  # "3", inside
    crossing = make_fact(text, 14, 24, value="7")  # "ears and 1", crosses "3-5 years"
    empty = make_fact(text, 3, 3, value="1")
    html = highlight(text, [whole, inner, crossing, empty])
    found = marks(html)
    for fact in (whole, inner, crossing, empty):
        assert found.text[fact.id] == fact.span.text
    assert 'class="claim k-count cont' in html, "the crossing claim is split in parts"


def test_a_fact_outside_its_text_is_refused():
    fact = make_fact("short text", 0, 5)
    with pytest.raises(ValueError, match="outside the text"):
        highlight("tiny", [fact])


def test_without_the_original_each_fact_is_shown_in_its_sentence():
    result, _ = hand_built()[0]
    html = render_report([ReportDocument(result, None, "The file has moved.")])
    assert "The file has moved." in html and '<ol class="sentences">' in html
    found = marks(html)
    for fact in result.facts:
        assert found.text[fact.id] == fact.span.text


def test_counts_by_kind_and_language(seeds, seed_report):
    table = re.search(r'<table id="counts".*?</table>', seed_report, flags=re.S).group(0)
    facts = [fact for result, _ in seeds for fact in result.facts]
    for kind in {fact.quantity.kind.value for fact in facts}:
        row = re.search(rf'<tr data-kind="{kind}">.*?</tr>', table).group(0)
        assert re.findall(r"<td>(\d+)</td>", row)[-1] == str(sum(f.quantity.kind.value == kind for f in facts))
    assert f'<b id="n-facts">{len(facts)}</b>' in seed_report
    assert seed_report.count('<tr data-kind="', seed_report.index('id="facts"')) == len(facts)


def test_the_page_is_self_contained(seed_report):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", seed_report)
    assert "<link" not in seed_report and "@import" not in seed_report and "url(" not in seed_report
    assert seed_report.count("<style>") == 1 and seed_report.count("<script>") == 1
    assert "default-src 'none'" in seed_report


def test_every_kind_has_a_colour():
    assert set(KIND_COLOURS) == {kind.value for kind in Kind}


# the command


def test_report_command_on_a_corpus_folder(tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count('class="page doc"') == 5
    assert "wrote" in result.output


def test_report_command_lists_failed_documents_and_exits_1(tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(SEEDS, batch)
    (batch / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(batch), "-o", str(out)])
    assert result.exit_code == 1
    html = out.read_text(encoding="utf-8")
    assert "Documents that failed" in html and "broken.txt" in html


def test_report_command_on_a_jsonl_release_reads_the_originals_back(tmp_path):
    documents = [result for result, _ in hand_built()]
    release = tmp_path / "v1.jsonl"
    write_release(release, documents)
    out = tmp_path / "v1.html"
    result = runner.invoke(app, ["report", str(release), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count('<div class="doctext"') == len(documents)
    assert "Release v1" in html


def test_a_release_whose_files_are_gone_is_shown_by_sentence(tmp_path):
    result_, _ = hand_built()[0]
    moved = result_.doc.model_copy(update={"path": str(tmp_path / "gone.txt")})
    facts = tuple(fact.model_copy(update={"doc": moved}) for fact in result_.facts)
    release = tmp_path / "old.jsonl"
    write_release(release, [DocumentResult(doc=moved, facts=facts)])
    out = tmp_path / "old.html"
    result = runner.invoke(app, ["report", str(release), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "cannot be read" in html and '<ol class="sentences">' in html


@pytest.mark.parametrize(
    "arguments",
    [["report"], ["report", "corpus", "--diff", "a", "b"], ["report", "no-such-release-or-file"], ["report", "-"]],
)
def test_usage_errors_exit_2(arguments, tmp_path):
    result = runner.invoke(app, [*arguments, "-o", str(tmp_path / "x.html"), "--store", str(tmp_path / "none.db")])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "x.html").exists()


def test_report_help_has_examples():
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    assert "clusterfacts report --diff v1 v2 -o diff.html" in result.output


# the diff page


def test_diff_page_shows_changed_values_old_to_new_in_their_sentence(tmp_path):
    from clusterfacts.diff import diff
    from clusterfacts.report_diff import render_diff

    old_docs = [result for result, _ in hand_built()]
    new_docs, edited_old, edited_new, dropped = changed_release(old_docs)
    write_release(tmp_path / "old.jsonl", old_docs)
    write_release(tmp_path / "new.jsonl", new_docs)
    html = render_diff(diff(tmp_path / "old.jsonl", tmp_path / "new.jsonl"))
    row = re.search(r'<tr data-status="changed".*?</tr>', html, flags=re.S).group(0)
    old_value = f"{edited_old.quantity.value:,f}".rstrip("0").rstrip(".")
    new_value = f"{edited_new.quantity.value:,f}".rstrip("0").rstrip(".")
    assert f"<del>{old_value} " in row and f"<ins>{new_value} " in row
    for side in ("old", "new"):
        sentence = re.search(rf'<div class="{side}".*?</div>', row, flags=re.S).group(0)
        assert marks(sentence).text[edited_old.id] == edited_old.span.text
        assert text_of(sentence) == side + edited_old.sentence.text
    assert re.search(r'<tr data-status="removed"[^>]*data-fact="' + dropped.id, html)
    assert '<td data-count="changed">1</td>' in html and '<td data-count="removed">1</td>' in html


def test_report_diff_command(tmp_path):
    old_docs = [result for result, _ in hand_built()]
    new_docs, *_ = changed_release(old_docs)
    write_release(tmp_path / "old.jsonl", old_docs)
    write_release(tmp_path / "new.jsonl", new_docs)
    out = tmp_path / "diff.html"
    result = runner.invoke(app, ["report", "--diff", str(tmp_path / "old.jsonl"), str(tmp_path / "new.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "The releases differ." in html and html.count('data-status="changed"') == 1


def test_report_diff_of_an_unknown_release_exits_2(tmp_path):
    result = runner.invoke(app, ["report", "--diff", "v1", "v2", "--store", str(tmp_path / "none.db"), "-o", str(tmp_path / "d.html")])
    assert result.exit_code == 2
    assert "error:" in result.output


def test_report_accepts_json_error_records_in_a_release(tmp_path):
    documents = [result for result, _ in hand_built()]
    release = tmp_path / "v1.jsonl"
    write_release(release, documents)
    error = ErrorRecord(path="corpus/broken.txt", code="CF202", message="binary", doc_id="broken")
    with release.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(error.model_dump(mode="json")) + "\n")
    out = tmp_path / "v1.html"
    result = runner.invoke(app, ["report", str(release), "-o", str(out)])
    assert result.exit_code == 1
    assert "CF202" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(not pipeline_ready(), reason="the recognisers have not landed yet, so nothing can be extracted")
def test_an_edited_number_shows_old_to_new_in_its_sentence(tmp_path):
    """End to end: extract a corpus, edit one number, extract again, report the diff."""
    old_corpus, new_corpus = tmp_path / "old", tmp_path / "new"
    shutil.copytree(SEEDS, old_corpus)
    shutil.copytree(SEEDS, new_corpus)
    edited = new_corpus / "000_2cfaeb60bfe6921a.txt"
    text = edited.read_text(encoding="utf-8")
    assert "With 528 bearing" in text
    edited.write_text(text.replace("With 528 bearing", "With 530 bearing"), encoding="utf-8")
    for corpus in (old_corpus, new_corpus):
        result = runner.invoke(app, ["extract", str(corpus), "-o", str(tmp_path / f"{corpus.name}.jsonl"), "--quiet"])
        assert result.exit_code == 0, result.output
    out = tmp_path / "diff.html"
    result = runner.invoke(app, ["report", "--diff", str(tmp_path / "old.jsonl"), str(tmp_path / "new.jsonl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    row = re.search(r'<tr data-status="changed".*?</tr>', out.read_text(encoding="utf-8"), flags=re.S).group(0)
    assert "<del>528 count</del> → <ins>530 count</ins>" in row
    assert "With 528 bearing" in text_of(row) and "With 530 bearing" in text_of(row)


def test_report_and_diff_of_releases_in_a_store(tmp_path):
    from clusterfacts.store import record_release

    old = [result for result, _ in hand_built()]
    new, *_ = changed_release(old)
    store = tmp_path / "clusterfacts.db"
    record_release(store, "v1", old, root=str(SEEDS))
    record_release(store, "v2", new, root=str(SEEDS))
    out = tmp_path / "v1.html"
    result = runner.invoke(app, ["report", "v1", "--store", str(store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Release v1 (store" in html and html.count('<div class="doctext"') == len(old)
    result = runner.invoke(app, ["report", "--diff", "v1", "v2", "--store", str(store), "-o", str(tmp_path / "d.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "d.html").read_text(encoding="utf-8").count('data-status="changed"') == 1
