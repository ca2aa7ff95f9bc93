"""The library API: strings, files and batches, and the offset invariant under noise."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

import clusterfacts
from clusterfacts import api
from conftest import SEEDS

BASE_ZH = "冠县15个轴承产业重点项目现场签约,签约项目金额102.2亿元。全县共有528家轴承加工企业。"
BASE_EN = "The county has 528 bearing processing enterprises and over 20,000 employees."
NOISE = ["\u00a0", "１２", "(guó)", "(chǎn)", "國", "產", "\u3000", "&nbsp;"]


def test_importing_the_package_loads_no_heavy_dependency():
    code = "import sys, clusterfacts; print(sorted(m for m in ('spacy','jieba','opencc','pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_extract_text_returns_validated_facts():
    facts = clusterfacts.extract_text(BASE_EN)
    assert [(f.span.text, int(f.quantity.value)) for f in facts] == [("528", 528), ("over 20,000", 20000)]
    assert facts[1].quantity.qualifier.value == "gt"
    assert facts[0].sentence.text == BASE_EN


def test_extract_file_and_paths_agree():
    path = SEEDS / "002_e82685cb10df071e.txt"
    from_file = clusterfacts.extract_file(str(path))
    from_paths = [f for f in clusterfacts.extract_paths([str(path)])]
    assert from_file == from_paths and from_file


@st.composite
def noisy(draw, base):
    """Insert noise at random places outside the numbers of ``base``."""
    text = base
    for _ in range(draw(st.integers(0, 6))):
        positions = [i for i in range(len(text) + 1)
                     if not (i > 0 and text[i - 1].isdigit()) and not (i < len(text) and text[i].isdigit())]
        position = draw(st.sampled_from(positions))
        text = text[:position] + draw(st.sampled_from(NOISE)) + text[position:]
    return text


@settings(max_examples=60, deadline=None)
@given(st.one_of(noisy(BASE_ZH), noisy(BASE_EN)))
def test_offsets_point_into_the_original_whatever_the_noise(text):
    for fact in clusterfacts.extract_text(text):
        assert text[fact.span.start:fact.span.end] == fact.span.text
        assert text[fact.sentence.start:fact.sentence.end] == fact.sentence.text
        assert fact.sentence.start <= fact.span.start and fact.span.end <= fact.sentence.end


def _quantities(text):
    # the locale is fixed: a traditional-script text would otherwise read a bare 元 as Taiwan dollars
    facts = clusterfacts.extract_text(text, locale="CN")
    return [(f.quantity.value, f.quantity.low, f.quantity.high, f.quantity.unit) for f in facts]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_pinyin_glosses_full_width_digits_and_traditional_script_change_no_value(data):
    text = BASE_ZH
    han = [i + 1 for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
    for position in sorted(data.draw(st.lists(st.sampled_from(han), max_size=5, unique=True)), reverse=True):
        text = text[:position] + data.draw(st.sampled_from(["(gè)", "(guó)", "(xiàng)", "(zhì)"])) + text[position:]
    if data.draw(st.booleans()):
        text = text.translate({ord(d): chr(ord(d) + 0xFEE0) for d in "0123456789"})
    if data.draw(st.booleans()):
        import opencc

        text = opencc.OpenCC("s2t").convert(text)
    assert _quantities(text) == _quantities(BASE_ZH)


def test_an_entity_between_a_number_and_its_scale_keeps_the_scale():
    """Cleaning turns &nbsp; into one space; 8.6 万台 still reads 86,000, not 万台."""
    facts = clusterfacts.extract_text("去年該品牌售出8.6&nbsp;萬台冷氣機。")
    assert [(f.span.text, f.quantity.value) for f in facts] == [("8.6&nbsp;萬台", 86000)]


def test_a_stock_widget_link_list_yields_nothing_but_a_title_keeps_its_count():
    widget = clusterfacts.extract_text("加權指數收盤走高。\n》三大法人 》十大熱門\n")
    assert widget == []
    titled = clusterfacts.extract_text("新書《產業觀察》三大亮點搶先看。")
    assert [(f.span.text, f.quantity.value) for f in titled] == [("三大", 3)]


_FIND_IN_WORKER = api._find_in_worker


def _batch(tmp_path, count: int) -> list[str]:
    for index in range(count):
        (tmp_path / f"doc{index}.txt").write_text(f"The plant employs {100 + index} workers.", encoding="utf-8")
    return [str(tmp_path)]


def test_parallel_batches_give_what_one_process_gives(tmp_path):
    paths = _batch(tmp_path, 12)
    assert list(clusterfacts.iter_documents(paths, jobs=2)) == list(clusterfacts.iter_documents(paths, jobs=1))


def _find_or_die_on_doc5(args):
    """A worker's part of a document, except that doc5 kills the worker (pickled by name, so module level)."""
    if args[0].doc_id == "doc5":
        os._exit(1)
    return _FIND_IN_WORKER(args)


def test_a_worker_that_dies_costs_error_records_not_the_batch(tmp_path, monkeypatch):
    """A worker killed mid-batch (out of memory, a crash in C) leaves an error record for each lost document."""
    monkeypatch.setattr(api, "_find_in_worker", _find_or_die_on_doc5)
    results = list(clusterfacts.iter_documents(_batch(tmp_path, 8), jobs=2))
    assert [r.doc.id if hasattr(r, "doc") else r.doc_id for r in results] == [f"doc{i}" for i in range(8)]
    lost = [r for r in results if isinstance(r, clusterfacts.ErrorRecord)]
    assert "doc5" in [r.doc_id for r in lost]
    assert {(r.code, r.message.split(" (")[0]) for r in lost} == {("CF500", "a worker process died")}
    assert results[0].facts  # the documents done before the death keep their facts


def test_a_consumer_may_stop_a_parallel_batch_early(tmp_path):
    results = clusterfacts.iter_documents(_batch(tmp_path, 40), jobs=2)
    first = [next(results) for _ in range(3)]
    results.close()  # returns once the chunks already running are done; the rest are cancelled
    assert [r.doc.id for r in first] == ["doc0", "doc1", "doc10"]
