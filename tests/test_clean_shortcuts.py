"""The cleaner's fast paths find exactly what the plain scans find.

Each shortcut (a pattern tried only where a match can begin, a scan skipped
when its characters are absent) is checked against the plain computation on
the seed documents and on generated text full of what the cleaner removes:
furniture lines, entities, URLs, pinyin glosses, full-width text, NBSP,
control characters and mixed scripts, including characters that match a
letter only case-insensitively (ſ, K, İ).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from clusterfacts import clean
from clusterfacts.langs import load_table
from conftest import SEEDS

REAL = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
FURNITURE = load_table("common", "cleaning")["furniture"]
EXAMPLES = [example for kind in ("line", "inline", "link_lists") for item in FURNITURE[kind] for example in item["examples"]]
PIECES = [
    *EXAMPLES,
    "\n", "\n\n", " ", "  ", "\t", "\r", "\r\n", "\u00a0", "\u3000", "\u2028", "\x0b", "\x1c", "\x00", "\u200b", "\ufeff",
    "Skip to main content", "SHARE", "ſhare", "İ agree", "\u212aink: x", "link:", "Print:", "follow us on X",
    "Related", "related news:", "<b>Related</b>:", "- Exports rose 12%", "see also", "相關新聞：", "更多",
    "source: Xinhua", "来源：新华社", "privacy policy", "we use cookies you agree", "© 2024", "©\n2024",
    "中國(guó)", "產（chǎn）業", "(forging)", "（鍛造）", "(", "（", ")", "）", "ā",
    "http://x.org/a", "HTTPS://Y.COM", "ftp://f", "://", "wWw.example.com", "www.", "a@b.org",
    "&nbsp;", "&amp", "&#2;", "&#x4e2d;", "<p>", "</div>", "<script>x</script>", "[link](http://z)", "**", "***", "__", "# ", "#", "####### ",
    "１２．７％", "（ＡＢＣ）", "\u2212", "〇", "ﾃｽﾄ", "プレスリリース", "テスト", "한국어", "轴承", "軸承", "15个", "growth 9.8%",
    "》三大法人", "《書名》", "記者王小明／攝影",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _spans(matches) -> list[tuple[int, int]]:
    return [match.span() for match in matches]


def _furniture_items():
    rules = clean._rules()
    return [*rules.furniture_lines, *rules.furniture_inline, *rules.link_lists]


def _check_furniture(text: str) -> None:
    lowered = text.lower()
    page = clean._page(text)
    for item in _furniture_items():
        runs = not item.triggers or any(trigger in lowered for trigger in item.triggers)
        assert clean._runs_on(item, page) == runs, (item.triggers, text)
        plain = _spans(item.pattern.finditer(text)) if runs else []
        assert _spans(clean._furniture_matches(item, page)) == plain, (item.pattern.pattern, text)


def _check_scans(text: str) -> None:
    assert _spans(clean.matches_at(clean._URL, text, clean._url_starts(text))) == _spans(clean._URL.finditer(text))
    parentheses = sorted(i for i, char in enumerate(text) if char in "(（")
    assert _spans(clean.matches_at(clean._GLOSS, text, parentheses)) == _spans(clean._GLOSS.finditer(text))
    assert _spans(clean._glosses(text)) == _spans(clean._GLOSS.finditer(text))
    marks = clean.matches_at(clean._MD_MARKS, text, clean._markdown_mark_starts(text))
    assert _spans(marks) == _spans(clean._MD_MARKS.finditer(text))
    assert clean._has_control(text) == (clean._CONTROL.search(text) is not None)
    assert clean.fold(text) == text.translate(str.maketrans(clean._FOLD))


def test_shortcuts_on_the_seed_documents() -> None:
    for text in REAL:
        _check_furniture(text)
        _check_scans(text)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_shortcuts_on_generated_text(text: str) -> None:
    _check_furniture(text)
    _check_scans(text)


def test_line_anchored_patterns_are_told_apart() -> None:
    assert clean.starts_lines(r"^\s*(?:a|b)\s*$")
    assert clean.starts_lines(r"^[|(]x")
    assert clean.starts_lines(r"^[]|]x")
    assert not clean.starts_lines(r"^a|b")
    assert not clean.starts_lines(r"^\(|x")
    assert not clean.starts_lines(r"^?a")
    assert not clean.starts_lines(r"a^")
    rules = clean._rules()
    # every line and link-list pattern of the table that opens with ^ is tried only at line starts
    assert all(item.at_line_starts == item.pattern.pattern.startswith("^") for item in (*rules.furniture_lines, *rules.link_lists))


def test_the_control_scan_knows_every_wide_control_character() -> None:
    everything = "".join(map(chr, range(0x80, 0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    assert "".join(clean._CONTROL.findall(everything)) == clean._CONTROL_WIDE
