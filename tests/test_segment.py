"""Sentence bounds: the compiled Chinese rule cuts where spaCy's sentencizer over jieba tokens cuts."""

from __future__ import annotations

import pytest

from clusterfacts.clean import clean
from clusterfacts.segment import Sentences, chinese_sentences
from conftest import SEEDS
from spacy_pipelines import sentencizer

CHINESE = [
    "2010年,我国对欧盟出口玩具达25.6亿美元,同比增速达到26%。台电提出的预计备转容量率,7月只有3.4%,8月只有4%!",
    "他说:“今年营收增长13.5%。”明年呢?还要看市场。",
    "库存量升至907.6万吨,比前一日增加9.6万吨;增幅达10.11%……创下纪录。下一句",
]


@pytest.mark.parametrize("text", [*CHINESE, clean((SEEDS / "001_731f6a6bd558a88d.txt").read_text(encoding="utf-8")).text])
def test_chinese_rule_agrees_with_the_jieba_sentencizer(text):
    spacy_cuts = [(s.start_char, s.end_char) for s in sentencizer("zh")(text).sents]
    rule_cuts = chinese_sentences(text, 0, len(text))
    assert [text[a:b].strip() for a, b in rule_cuts if text[a:b].strip()] == [
        text[a:b].strip() for a, b in spacy_cuts if text[a:b].strip()]


def test_english_sentence_keeps_abbreviations_whole():
    text = "On Nov. 14, the U.S. trade gap rose 3.5 pct. It was 15.7 billion dlrs in\n1986."
    sentences = Sentences(text)
    start = text.index("3.5")
    a, b = sentences.around(start, start + 3, "en")
    assert text[a:b] == "On Nov. 14, the U.S. trade gap rose 3.5 pct."


def test_a_span_across_a_line_break_gets_its_whole_sentence():
    text = "It was 15.7 billion dlrs in\n1986. Then it fell."
    a, b = Sentences(text).around(7, 24, "en")
    assert text[a:b] == "It was 15.7 billion dlrs in\n1986."
