"""``regex`` patterns compiled once per machine and kept in the per-user cache.

The ``regex`` module parses a pattern in Python: the Chinese recogniser's
seventy patterns take about 40 ms to compile, before the first document. A
compiled pattern pickles as its compiled code (the module's own pickling,
with which ``multiprocessing`` sends patterns to workers) and unpickles
without being parsed again, all seventy in about a millisecond. So the first
process compiles a set of patterns and later ones read it back. The file is
named by a hash of the sources, their flags and the Python and regex
versions: a changed table or a changed pattern is another set, compiled anew.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Hashable, Mapping
from typing import TypeVar

import regex

from clusterfacts.cache import cached

Key = TypeVar("Key", bound=Hashable)


def compile_all(sources: Mapping[Key, str], flags: int = 0) -> dict[Key, regex.Pattern]:
    """``{key: regex.compile(source, flags)}`` for each of ``sources``, from the cache when compiled before."""
    keys, texts = list(sources), list(sources.values())
    identity = repr((sys.implementation.cache_tag, regex.__version__, str(regex.DEFAULT_VERSION), int(flags), texts))
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    patterns = cached(f"regex-{regex.__version__}-{digest}.pickle", list, lambda: [regex.compile(text, flags) for text in texts])
    if [pattern.pattern for pattern in patterns] != texts:  # another set under the same name: never trusted
        patterns = [regex.compile(text, flags) for text in texts]
    return dict(zip(keys, patterns))
