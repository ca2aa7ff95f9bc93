"""Counting a batch as it streams: documents, failures, facts by language and kind, time."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from .models import DocumentResult, ErrorRecord


@dataclass
class BatchStats:
    documents: int = 0
    failed: int = 0
    facts: int = 0
    docs_by_lang: Counter = field(default_factory=Counter)
    facts_by_lang: Counter = field(default_factory=Counter)
    facts_by_kind: Counter = field(default_factory=Counter)
    errors_by_code: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)

    def add(self, result: DocumentResult | ErrorRecord) -> None:
        self.documents += 1
        if isinstance(result, ErrorRecord):
            self.failed += 1
            self.errors_by_code[result.code] += 1
            return
        self.docs_by_lang[result.doc.lang] += 1
        self.facts += len(result.facts)
        self.facts_by_lang[result.doc.lang] += len(result.facts)
        for fact in result.facts:
            self.facts_by_kind[fact.quantity.kind.value] += 1

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started
