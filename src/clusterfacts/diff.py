"""What appeared, disappeared or changed between two releases.

Documents are paired by id and compared by sha256. Facts are paired by what
they claim, never by offsets, so editing one number is one changed fact and
inserting a paragraph only moves the facts below it:

1. facts that claim exactly the same thing (kind, unit, normalised measure,
   value or range, qualifier) are aligned in reading order, as ``diff`` aligns
   lines; these pairs are the anchors;
2. identical claims left over are paired in order of occurrence (a paragraph
   that moved);
3. facts with the same kind, unit and normalised measure are paired in order
   of occurrence, first between the same two anchors (a number that was
   edited), then anywhere (a paragraph that moved and was edited); a fact
   without a measure is too vague for this and waits for step 4;
4. what is still unpaired between two anchors is paired with the nearest
   remaining fact of the same kind whose sentence lies where the old sentence
   would now be, same unit and measure first (an edited number without a
   measure, a reworded measure or unit); the rest is added or removed.

The two releases are merged one document at a time, so memory is bounded by
the largest document, not by the corpus.
"""

from __future__ import annotations

import gc
import re
import sys
import types
import unicodedata
from bisect import bisect_right
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from enum import Enum
from functools import lru_cache
from pathlib import Path

from .models import DocumentRef, DocumentResult, ErrorRecord, Fact, Frozen
from .releases import Release, ReleaseInfo, open_release
from .store import Item, ReleaseError, item_key


class DocumentStatus(str, Enum):
    added = "added"
    removed = "removed"
    modified = "modified"
    unchanged = "unchanged"


class FactStatus(str, Enum):
    unchanged = "unchanged"
    moved = "moved"
    changed = "changed"
    added = "added"
    removed = "removed"


class FactDiff(Frozen):
    """One fact's fate: ``changed`` names the quantity fields that differ between old and new."""

    status: FactStatus
    old: Fact | None = None
    new: Fact | None = None
    changed: tuple[str, ...] = ()


class FactCounts(Frozen):
    unchanged: int = 0
    moved: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0

    @property
    def differs(self) -> bool:
        return bool(self.moved or self.changed or self.added or self.removed)

    def __add__(self, other: "FactCounts") -> "FactCounts":
        return FactCounts(**{name: getattr(self, name) + getattr(other, name) for name in FactCounts.model_fields})


class DocumentCounts(Frozen):
    unchanged: int = 0
    modified: int = 0
    added: int = 0
    removed: int = 0


class DocumentDiff(Frozen):
    """One document paired across releases; ``facts`` lists every fact that is not unchanged."""

    id: str
    status: DocumentStatus
    old: DocumentRef | None = None
    new: DocumentRef | None = None
    old_error: ErrorRecord | None = None
    new_error: ErrorRecord | None = None
    facts: tuple[FactDiff, ...] = ()
    counts: FactCounts = FactCounts()

    @property
    def differs(self) -> bool:
        return self.status is not DocumentStatus.unchanged or self.counts.differs


class DiffSummary(Frozen):
    documents: DocumentCounts = DocumentCounts()
    facts: FactCounts = FactCounts()

    @property
    def differs(self) -> bool:
        documents = self.documents
        return bool(documents.modified or documents.added or documents.removed or self.facts.differs)


class DiffResult(Frozen):
    """The diff of two releases: the documents that differ, and counts over all documents."""

    old: ReleaseInfo
    new: ReleaseInfo
    documents: tuple[DocumentDiff, ...] = ()
    summary: DiffSummary = DiffSummary()

    @property
    def differs(self) -> bool:
        return self.summary.differs


# pairing facts

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65_536)
def normalise_measure(measure: str | None) -> str:
    """Compare measures by meaning of the letters, not by script, width, case or spacing."""
    if not measure:
        return ""
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", measure)).strip().casefold()
    if any("\u3400" <= char <= "\u9fff" for char in text):
        text = _to_simplified().convert(text)
    return text


def _group(fact: Fact) -> tuple:
    quantity = fact.quantity
    return (quantity.kind, quantity.unit, normalise_measure(fact.measure))


def _identity(fact: Fact) -> tuple:
    quantity = fact.quantity
    return (*_group(fact), quantity.value, quantity.low, quantity.high, quantity.qualifier)


def _changed_fields(old: Fact, new: Fact) -> tuple[str, ...]:
    before, after = old.quantity, new.quantity
    changed = [name for name in ("value", "low", "high", "unit", "qualifier") if getattr(before, name) != getattr(after, name)]
    if normalise_measure(old.measure) != normalise_measure(new.measure):
        changed.append("measure")
    return tuple(changed)


def _classify(old: Fact, new: Fact) -> tuple[FactStatus, tuple[str, ...]]:
    changed = _changed_fields(old, new)
    if changed:
        return FactStatus.changed, changed
    if (old.span.start, old.span.end) != (new.span.start, new.span.end):
        return FactStatus.moved, ()
    return FactStatus.unchanged, ()


def _reading_order(facts: Sequence[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda fact: (fact.span.start, fact.span.end))


class _Pairing:
    """Pairs old and new facts of one document (both in reading order) by index."""

    def __init__(self, old: list[Fact], new: list[Fact]):
        self.old, self.new = old, new
        self.to_new: dict[int, int] = {}
        self.to_old: dict[int, int] = {}
        old_ids = [_identity(fact) for fact in old]
        new_ids = [_identity(fact) for fact in new]
        if old_ids == new_ids:
            self.anchors = [(i, i) for i in range(len(old))]
        else:
            matcher = SequenceMatcher(None, old_ids, new_ids, autojunk=False)
            self.anchors = [(a + k, b + k) for a, b, size in matcher.get_matching_blocks() for k in range(size)]
        for i, j in self.anchors:
            self._pair(i, j)
        if len(self.to_new) == len(old) or len(self.to_old) == len(new):
            return
        self._by_occurrence(lambda i: old_ids[i], lambda j: new_ids[j])
        self._anchor_old = [i for i, _ in self.anchors]
        self._anchor_new = [j for _, j in self.anchors]
        self._by_occurrence(
            lambda i: (self._gap_old(i), _group(old[i])) if old[i].measure else None,
            lambda j: (self._gap_new(j), _group(new[j])) if new[j].measure else None,
        )
        self._by_occurrence(
            lambda i: _group(old[i]) if old[i].measure else None, lambda j: _group(new[j]) if new[j].measure else None
        )
        self._nearest()

    def _pair(self, i: int, j: int) -> None:
        self.to_new[i] = j
        self.to_old[j] = i

    def _gap_old(self, i: int) -> int:
        return bisect_right(self._anchor_old, i)

    def _gap_new(self, j: int) -> int:
        return bisect_right(self._anchor_new, j)

    def _by_occurrence(self, old_key, new_key) -> None:
        """Pair unpaired facts with equal keys in order of occurrence; a None key never pairs."""
        waiting: dict[object, deque[int]] = defaultdict(deque)
        for j in range(len(self.new)):
            if j not in self.to_old and (key := new_key(j)) is not None:
                waiting[key].append(j)
        for i in range(len(self.old)):
            if i not in self.to_new and (key := old_key(i)) is not None and waiting.get(key):
                self._pair(i, waiting[key].popleft())

    def _shifts(self, gap: int) -> list[int]:
        """How far text moved at the anchors around a gap; 0 before the first anchor."""
        shifts = []
        if gap == 0:
            shifts.append(0)
        for index in (gap - 1, gap):
            if 0 <= index < len(self.anchors):
                i, j = self.anchors[index]
                shifts.append(self.new[j].span.start - self.old[i].span.start)
        return shifts

    def _nearest(self) -> None:
        """Pair leftovers of the same kind within a gap whose sentences overlap once shifted.

        Candidates with the same unit and measure go first, then the nearest.
        """
        new_by_gap: dict[int, list[int]] = defaultdict(list)
        for j in range(len(self.new)):
            if j not in self.to_old:
                new_by_gap[self._gap_new(j)].append(j)
        candidates = []
        for i, before in enumerate(self.old):
            if i in self.to_new:
                continue
            gap = self._gap_old(i)
            shifts = self._shifts(gap)
            for j in new_by_gap.get(gap, ()):
                after = self.new[j]
                if before.quantity.kind != after.quantity.kind:
                    continue
                overlapping = [
                    abs(before.span.start + shift - after.span.start)
                    for shift in shifts
                    if before.sentence.start + shift < after.sentence.end
                    and after.sentence.start < before.sentence.end + shift
                ]
                if overlapping:
                    alike = before.quantity.unit == after.quantity.unit and normalise_measure(
                        before.measure
                    ) == normalise_measure(after.measure)
                    candidates.append((not alike, min(overlapping), i, j))
        for _unlike, _distance, i, j in sorted(candidates):
            if i not in self.to_new and j not in self.to_old:
                self._pair(i, j)


def _fact_diffs(
    old_facts: Sequence[Fact], new_facts: Sequence[Fact]
) -> Iterator[tuple[FactStatus, Fact | None, Fact | None, tuple[str, ...]]]:
    old, new = _reading_order(old_facts), _reading_order(new_facts)
    pairing = _Pairing(old, new)
    for j, after in enumerate(new):
        i = pairing.to_old.get(j)
        if i is None:
            yield FactStatus.added, None, after, ()
        else:
            status, changed = _classify(old[i], after)
            yield status, old[i], after, changed
    for i, before in enumerate(old):
        if i not in pairing.to_new:
            yield FactStatus.removed, before, None, ()


def pair_facts(old: Sequence[Fact], new: Sequence[Fact]) -> list[FactDiff]:
    """Every fact of one document's two versions, paired and classified (unchanged ones included)."""
    return [FactDiff(status=status, old=a, new=b, changed=changed) for status, a, b, changed in _fact_diffs(old, new)]


# pairing documents


def _position(fact_diff: FactDiff) -> tuple[int, int]:
    fact = fact_diff.new or fact_diff.old
    return fact.span.start, fact.span.end


def diff_documents(key: str, old: Item | None, new: Item | None) -> DocumentDiff:
    """Compare one document's two versions (either may be missing or a failure)."""
    old_facts = old.facts if isinstance(old, DocumentResult) else ()
    new_facts = new.facts if isinstance(new, DocumentResult) else ()
    if old is None:
        status = DocumentStatus.added
    elif new is None:
        status = DocumentStatus.removed
    elif _fingerprint(old) == _fingerprint(new):
        status = DocumentStatus.unchanged
    else:
        status = DocumentStatus.modified
    counts = dict.fromkeys(FactStatus, 0)
    listed = []
    for fact_status, before, after, changed in _fact_diffs(old_facts, new_facts):
        counts[fact_status] += 1
        if fact_status is not FactStatus.unchanged:
            listed.append(FactDiff(status=fact_status, old=before, new=after, changed=changed))
    listed.sort(key=_position)
    return DocumentDiff(
        id=key,
        status=status,
        old=old.doc if isinstance(old, DocumentResult) else None,
        new=new.doc if isinstance(new, DocumentResult) else None,
        old_error=old if isinstance(old, ErrorRecord) else None,
        new_error=new if isinstance(new, ErrorRecord) else None,
        facts=tuple(listed),
        counts=FactCounts(**{status.value: count for status, count in counts.items()}),
    )


def _fingerprint(item: Item) -> tuple:
    if isinstance(item, DocumentResult):
        return ("document", item.doc.sha256)
    return ("error", item.code, item.message)


def _sorted_items(release: Release) -> Iterator[tuple[str, Item]]:
    previous: str | None = None
    for item in release.documents():
        key = item_key(item)
        if previous is not None and key <= previous:
            raise ReleaseError(f"{release.info.source}: documents are not in id order at {key!r}")
        previous = key
        yield key, item


def iter_diff(old: Release, new: Release) -> Iterator[DocumentDiff]:
    """Merge two releases by document id and diff each document, unchanged ones included."""
    old_items, new_items = _sorted_items(old), _sorted_items(new)
    a, b = next(old_items, None), next(new_items, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            yield diff_documents(a[0], a[1], None)
            a = next(old_items, None)
        elif a is None or b[0] < a[0]:
            yield diff_documents(b[0], None, b[1])
            b = next(new_items, None)
        else:
            yield diff_documents(a[0], a[1], b[1])
            a, b = next(old_items, None), next(new_items, None)


def diff(old: Release | str | Path, new: Release | str | Path, *, store: str | Path | None = None) -> DiffResult:
    """Diff two releases given as Release objects, JSONL files, release folders or names in ``store``.

    The result keeps only the documents that differ, so its size follows the
    size of the change, not of the corpus.
    """
    opened = []
    collecting = gc.isenabled()
    # Millions of short-lived, acyclic records: refcounting frees them, and the
    # cyclic collector would otherwise spend half the run rescanning them.
    gc.disable()
    try:
        releases = []
        for side in (old, new):
            if not isinstance(side, Release):
                side = open_release(side, store=store)
                opened.append(side)
            releases.append(side)
        documents = dict.fromkeys(DocumentStatus, 0)
        facts = FactCounts()
        differing = []
        for document in iter_diff(*releases):
            documents[document.status] += 1
            facts = facts + document.counts
            if document.differs:
                differing.append(document)
        return DiffResult(
            old=releases[0].info,
            new=releases[1].info,
            documents=tuple(differing),
            summary=DiffSummary(
                documents=DocumentCounts(**{status.value: count for status, count in documents.items()}),
                facts=facts,
            ),
        )
    finally:
        if collecting:
            gc.enable()
        for release in opened:
            release.close()


class _CallableModule(types.ModuleType):
    """``clusterfacts.diff(old, new)`` keeps working after ``import clusterfacts.diff``.

    Importing the submodule binds the package attribute ``diff`` to this module,
    shadowing the lazily exported function; calling the module calls the function.
    """

    def __call__(self, old: Release | str | Path, new: Release | str | Path, *, store: str | Path | None = None) -> DiffResult:
        return diff(old, new, store=store)


sys.modules[__name__].__class__ = _CallableModule
