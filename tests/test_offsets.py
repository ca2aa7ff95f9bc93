"""The offset map: cleaned positions always lead back to the original text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clusterfacts.offsets import Edit, OffsetMap, apply_edits


def test_deleted_gloss_stays_outside_a_span_that_ends_before_it():
    original = "15個(gè)軸承"
    text, offsets = apply_edits(original, [Edit(3, 7, "")])
    assert text == "15個軸承"
    start, end = offsets.span(0, 3)
    assert original[start:end] == "15個"


def test_replacement_maps_to_the_whole_range_it_replaced():
    original = "a &ldquo;b&rdquo; c"
    text, offsets = apply_edits(original, [Edit(2, 9, "\u201c"), Edit(10, 17, "\u201d")])
    assert text == "a \u201cb\u201d c"
    assert offsets.span(2, 5) == (2, 17)


def test_identity_map():
    offsets = OffsetMap.identity(5)
    assert offsets.span(1, 4) == (1, 4)


@st.composite
def edited_texts(draw):
    original = draw(st.text(min_size=1, max_size=80))
    cuts = sorted(draw(st.lists(st.integers(0, len(original)), max_size=10)))
    edits, cursor = [], 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a >= cursor and b > a:
            edits.append(Edit(a, b, draw(st.text(max_size=3))))
            cursor = b
    return original, edits


def _drawn_span(text: str, data) -> tuple[int, int]:
    """A non-empty span [start, end) of the cleaned text."""
    start = data.draw(st.integers(0, len(text) - 1))
    return start, data.draw(st.integers(start + 1, len(text)))


@given(edited_texts(), st.data())
def test_any_cleaned_span_maps_inside_the_original(case, data):
    original, edits = case
    text, offsets = apply_edits(original, edits)
    if not text:
        return
    start, end = _drawn_span(text, data)
    a, b = offsets.span(start, end)
    assert 0 <= a < b <= len(original)
    # characters copied one for one are the same characters
    copied = [i for i in range(start, end) if offsets.end_of(i) - offsets.start_of(i) == 1]
    for i in copied:
        if text[i] == original[offsets.start_of(i)]:
            continue
        # a one-character replacement may stand for one original character
        assert any(e.start == offsets.start_of(i) and e.end == offsets.end_of(i) for e in edits)


@given(edited_texts(), st.data())
def test_span_is_the_start_and_end_of_its_characters(case, data):
    original, edits = case
    text, offsets = apply_edits(original, edits)
    if not text:
        return
    start, end = _drawn_span(text, data)
    assert offsets.span(start, end) == (offsets.start_of(start), offsets.end_of(end - 1))
