"""jieba's part-of-speech tags, ``jieba.posseg.cut(text, HMM=False)``, without jieba's start-up cost.

jieba spends about a second before its first tag: importing ``jieba`` imports
``pkg_resources``, ``jieba.initialize()`` loads the prefix dictionary from a
marshal file, and importing ``jieba.posseg`` parses the 350,000 lines of the
dictionary again, in Python, for the word tags (its module-level
``POSTokenizer``, which no argument can skip). The tagger reads only three
tables: the word frequencies with every word prefix (``Tokenizer.FREQ``),
their total, and the word tags (``POSTokenizer.word_tag_tab``). This module
has jieba build them once from its default dictionary with its own parsers,
keeps them in a pickle in the user's cache folder (``cache.py``), and
repeats jieba's dictionary-only tagging on them: the words the dictionary knows at each
position, the most probable route through them, and single ASCII letters and
digits joined into ``eng`` words. Warm, it never imports jieba, and the route
is computed in one pass instead of jieba's DAG dict and generator per
position. tests/test_jieba_tagger.py checks the tags against jieba.posseg's.

Unpickling the half million words and prefixes takes a quarter of a second,
while the attribution tags a few thousand characters in a whole corpus. So
the words are kept in groups by their first character, each group pickled on
its own, and a tagger unpickles a group when a text first has its character.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from math import log
from pathlib import Path

from clusterfacts.cache import cached

# jieba.posseg's patterns: runs it segments with the dictionary, and the white space
# (CRLF whole) it tags "x" one by one between them, like every other character there
_DICTIONARY_RUN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_OTHER = re.compile("\r\n|\\s|.", re.DOTALL)
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
# bump when the pickled tables change shape
_FORMAT = 5


@dataclass(frozen=True)
class Tables:
    """jieba's default dictionary as its tagger reads it.

    The word frequencies, with every prefix of a word (0 if not a word
    itself), are jieba's ``FREQ``; the tags, ``word_tag_tab``. A word and its
    prefixes share their first character: ``groups`` keeps the frequencies
    and tags of each first character pickled apart, to be read only if needed.
    """

    groups: dict[str, bytes]  # first character -> pickled (frequencies, tags) of the words it starts
    total: int  # sum of the word frequencies

    def group(self, first: str) -> tuple[dict[str, int], dict[str, str]]:
        """The frequencies and the tags of the words and prefixes that start with ``first``."""
        found = self.groups.get(first)
        return ({}, {}) if found is None else pickle.loads(found)

    @classmethod
    def of(cls, freq: dict[str, int], total: int, tags: dict[str, str]) -> Tables:
        """jieba's frequencies, their total and its tags, grouped."""
        groups: dict[str, tuple[dict[str, int], dict[str, str]]] = {}
        for word, count in freq.items():
            groups.setdefault(word[0], ({}, {}))[0][word] = count
        for word, tag in tags.items():
            groups.setdefault(word[0], ({}, {}))[1][word] = tag
        return cls({first: pickle.dumps(group, protocol=5) for first, group in groups.items()}, total)


def dictionary_path() -> Path:
    """jieba's default dictionary (``dict.txt`` in its package), found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jieba is not installed")
    return Path(spec.origin).parent / "dict.txt"


def cache_name() -> str:
    """The cache file's name for this jieba version and dictionary file: another jieba or dictionary gets a new one."""
    stat = dictionary_path().stat()
    version = importlib.metadata.version("jieba")
    return f"jieba-{version}-dict-{stat.st_size}-{stat.st_mtime_ns}-v{_FORMAT}.pickle"


def build_tables() -> Tables:
    """Parse jieba's default dictionary with jieba's own functions (about 2 s)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.Tokenizer().get_dict_file())
    tags = jieba.posseg.POSTokenizer(jieba.Tokenizer()).word_tag_tab
    return Tables.of(freq, total, tags)


@lru_cache(maxsize=1)
def tables() -> Tables:
    """jieba's dictionary tables: from the cache, or built by jieba and cached."""
    return cached(cache_name(), Tables, build_tables)


class Tagger:
    """Words and tags exactly as ``jieba.posseg.cut(text, HMM=False)`` gives them, from ``Tables``."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        # the groups of the characters in ``known``, read as texts bring them
        self.freq: dict[str, int] = {}
        self.tags: dict[str, str] = {}
        self.known: set[str] = set()
        self.log_total = log(tables.total)

    def __call__(self, text: str) -> tuple[tuple[str, str], ...]:
        tagged: list[tuple[str, str]] = []
        for index, piece in enumerate(_DICTIONARY_RUN.split(text)):
            if index % 2:
                self._segment(piece, tagged)
            elif len(piece) == 1:
                tagged.append((piece, "x"))
            elif piece:  # between two runs, or at either end, the piece is mostly empty
                tagged.extend((other, "x") for other in _OTHER.findall(piece))
        return tuple(tagged)

    def _segment(self, run: str, tagged: list[tuple[str, str]]) -> None:
        """jieba's ``__cut_DAG_NO_HMM``: the most probable route through the dictionary words of ``run``."""
        if not self.known.issuperset(run):
            for first in set(run).difference(self.known):
                freq, tags = self.tables.group(first)
                self.freq.update(freq)
                self.tags.update(tags)
            self.known.update(run)  # after the groups, for a tagger shared by threads
        lookup, log_total = self.freq.get, self.log_total
        size = len(run)
        score = [0.0] * (size + 1)
        end = list(range(1, size + 1))
        for start in range(size - 1, -1, -1):
            # the words the dictionary has at ``start`` (jieba's DAG), scored as jieba's
            # ``calc``: log frequency minus log total plus the rest of the route; on a
            # tie the longer word wins, as max() over (score, end) tuples gives
            best = None
            stop = start + 1
            frequency = lookup(run[start])
            while frequency is not None:
                if frequency:
                    candidate = log(frequency) - log_total + score[stop]
                    if best is None or candidate >= best:
                        best = candidate
                        end[start] = stop
                if stop == size:
                    break
                stop += 1
                frequency = lookup(run[start:stop])
            score[start] = -log_total + score[start + 1] if best is None else best
        tags = self.tags
        letters = ""
        start = 0
        while start < size:
            word = run[start : end[start]]
            start = end[start]
            if word in _ASCII_ALNUM:
                letters += word
                continue
            if letters:
                tagged.append((letters, "eng"))
                letters = ""
            tagged.append((word, tags.get(word, "x")))
        if letters:
            tagged.append((letters, "eng"))


@lru_cache(maxsize=1)
def tagger() -> Tagger:
    """The tagger over jieba's default dictionary, loaded once per process."""
    return Tagger(tables())
