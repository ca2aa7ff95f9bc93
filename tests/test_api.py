"""The library API: strings, files and batches, and the offset invariant under noise."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

import clusterfacts
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
