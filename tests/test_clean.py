"""Cleaning: what the recognisers see, and that every example in the cleaning table works."""

from __future__ import annotations

import pytest

from clusterfacts.clean import clean
from clusterfacts.langs import load_table


@pytest.mark.parametrize(
    "original, cleaned",
    [
        ("中國(guó)軸承", "中国轴承"),
        ("產(chǎn)業(yè)", "产业"),
        ("軸承(鍛造)產業", "轴承(锻造)产业"),  # a real parenthetical stays
        ("bearing (forging) parks", "bearing (forging) parks"),
        ("over 30 million yuan ($4.69 million)", "over 30 million yuan ($4.69 million)"),
        ("庫存量達２０１５萬噸，", "库存量达2015万吨,"),
        ("1\u00a0000 tons", "1 000 tons"),
        ("<P>增长10%</P>", "\n增长10%\n"),
        ("102.2<b>億</b>元", "102.2亿元"),
        ("&ldquo;三年&rdquo;", "\u201c三年\u201d"),
        ("明細 &nbsp  》", "明细    》"),
        ("<TEXT>&#2;\nbody&#3;</TEXT>", "\n\nbody\n"),
        ("see https://example.com/a?id=443293 now", "see   now"),
        ("mail [email protected] or a.b@example.org", "mail [email protected] or  "),
        ("![](https://x.org/a.png) text", " text"),
        ("[网址](https://x.org) 文", "网址 文"),
        ("**25%** 关税", "25% 关税"),
    ],
)
def test_cleaned_text(original, cleaned):
    assert clean(original).text == cleaned


def test_wire_metadata_elements_vanish_with_their_content():
    original = "<DATE>29-APR-1987 04:39:06.29</DATE>\n<BODY>Reserves rose.</BODY>"
    assert "1987" not in clean(original).text
    assert "Reserves rose." in clean(original).text


FURNITURE = load_table("common", "cleaning")["furniture"]


@pytest.mark.parametrize(
    "example",
    [example for kind in ("line", "inline", "link_lists") for item in FURNITURE[kind] for example in item["examples"]],
)
def test_furniture_examples_are_removed(example):
    # a blank line ends a link list, as it ends one on a page
    cleaned = clean(f"Intro line.\n{example}\n\nLast line.").text
    assert example not in cleaned
    assert "Intro line." in cleaned and "Last line." in cleaned


def test_spans_of_cleaned_text_map_back_to_the_original():
    original = "冠縣15個(gè)軸承項目,簽約金額102.2億元。"
    cleaned = clean(original)
    start = cleaned.text.index("15个")
    a, b = cleaned.offsets.span(start, start + 3)
    assert original[a:b] == "15個"
    start = cleaned.text.index("102.2亿元")
    a, b = cleaned.offsets.span(start, start + 7)
    assert original[a:b] == "102.2億元"


def test_a_link_list_ends_at_the_blank_line_and_the_story_goes_on():
    original = "Output rose 9%.\n\nRelated:\n- Exports rose 12% in May\n- Top 10 producers\n\nSales hit 5 mln dlrs.\n"
    cleaned = clean(original).text
    assert "12%" not in cleaned and "Top 10" not in cleaned
    assert "Output rose 9%." in cleaned and "Sales hit 5 mln dlrs." in cleaned


def test_a_sentence_that_merely_mentions_related_news_stays():
    original = "Related companies in the park employ 3,000 people, a report said.\n"
    assert clean(original).text == original
