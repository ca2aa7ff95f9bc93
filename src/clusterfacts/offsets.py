"""An exact map from positions in cleaned text back to the original document.

Cleaning deletes and replaces pieces of the original (tags, entities, glosses,
furniture). Each piece of the cleaned text is either copied one-for-one from
the original or stands for a whole original range; mapping a span therefore
needs only a bisect over the pieces, never a per-character table.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, NamedTuple


class Edit(NamedTuple):
    """Replace original[start:end] by ``replacement`` (which may be empty).

    A named tuple: cleaning proposes hundreds on a page of glosses, and a
    tuple is made in half the time of a frozen dataclass.
    """

    start: int
    end: int
    replacement: str


class OffsetMap:
    """Cleaned-text positions to original-text positions.

    ``pieces`` are (clean_start, orig_start, orig_end, linear): a linear piece
    maps character by character; a replacement piece maps every one of its
    characters to the whole original range it replaced.
    """

    __slots__ = ("_clean_starts", "_pieces", "clean_length", "original_length")

    def __init__(self, pieces: list[tuple[int, int, int, bool]], clean_length: int, original_length: int):
        self._pieces = pieces
        self._clean_starts = [piece[0] for piece in pieces]
        self.clean_length = clean_length
        self.original_length = original_length

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        return cls([(0, 0, length, True)] if length else [], length, length)

    def _piece(self, position: int) -> tuple[int, int, int, bool]:
        index = bisect_right(self._clean_starts, position) - 1
        return self._pieces[index]

    def start_of(self, position: int) -> int:
        """Original position where the cleaned character at ``position`` begins."""
        clean_start, orig_start, _orig_end, linear = self._piece(position)
        return orig_start + (position - clean_start) if linear else orig_start

    def end_of(self, position: int) -> int:
        """Original position just after the cleaned character at ``position``."""
        clean_start, orig_start, orig_end, linear = self._piece(position)
        return orig_start + (position - clean_start) + 1 if linear else orig_end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the half-open cleaned span [start, end) to the original: ``(start_of(start), end_of(end - 1))``.

        One bisect finds the first piece; the last is looked up only when
        the span runs past it (most spans of a fact lie in one piece).
        """
        if not 0 <= start < end <= self.clean_length:
            raise ValueError(f"span [{start}, {end}) outside cleaned text of length {self.clean_length}")
        starts, pieces = self._clean_starts, self._pieces
        index = bisect_right(starts, start) - 1
        clean_start, orig_start, orig_end, linear = pieces[index]
        first = orig_start + (start - clean_start) if linear else orig_start
        last = end - 1
        if index + 1 < len(starts) and starts[index + 1] <= last:
            clean_start, orig_start, orig_end, linear = pieces[bisect_right(starts, last, index + 1) - 1]
        return first, orig_start + (last - clean_start) + 1 if linear else orig_end


def apply_edits(original: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """Apply non-overlapping edits (sorted by start) and return the text with its map."""
    parts: list[str] = []
    pieces: list[tuple[int, int, int, bool]] = []
    cursor = 0
    clean_length = 0
    for start, end, replacement in edits:
        if start > cursor:
            pieces.append((clean_length, cursor, start, True))
            parts.append(original[cursor:start])
            clean_length += start - cursor
        if replacement:
            pieces.append((clean_length, start, end, False))
            parts.append(replacement)
            clean_length += len(replacement)
        cursor = end
    if cursor < len(original):
        pieces.append((clean_length, cursor, len(original), True))
        parts.append(original[cursor:])
        clean_length += len(original) - cursor
    return "".join(parts), OffsetMap(pieces, clean_length, len(original))
