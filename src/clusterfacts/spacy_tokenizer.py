"""spaCy's English tokens, as ``spacy.blank("en").tokenizer`` makes them, without spaCy's start-up cost.

English sentences are cut where spaCy's sentencizer cuts, which needs spaCy's
tokens (the full stop of "Nov." or "U.S." stays in the word) and which of
them are punctuation. Importing spaCy takes 0.5-1 s, because it imports its
command line, thinc and its config schemas, and the blank pipeline 0.2 s
more: most of the time to the first English document. The tokenizer itself
only reads tables: the special cases, the prefix, suffix and infix patterns
and the URL pattern, all of them ``re`` patterns. This module has spaCy
export them once per machine into the cache folder (``cache.py``), with the
sentencizer's punctuation characters, and repeats the tokenizer's algorithm
(``spacy/tokenizer.pyx``) on them: cut the text at white space; take each
chunk whole if it is a special case, else split prefixes and suffixes off
until a special case or nothing more is found and the rest at its infixes;
then match the special cases again over the token sequence.
tests/test_spacy_tokenizer.py checks the tokens against spaCy's.
"""

from __future__ import annotations

import importlib.metadata
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from clusterfacts.cache import cached

# bump when the pickled tables change shape
_FORMAT = 1
# spaCy keeps at most this many chunks' tokens; so does this module, to bound its memory
_MAX_CACHED_CHUNKS = 10_000
# the key that marks a complete special case in the matcher's trie (no token text is None)
_COMPLETE = None

Pattern = tuple[str, int]  # an ``re`` pattern as its source and flags


@dataclass(frozen=True)
class Tables:
    """What spaCy's blank English tokenizer and sentencizer read."""

    rules: dict[str, tuple[str, ...]]  # special case -> the texts of its tokens
    #: the token texts, as affixes alone split them, of the special cases spaCy matches
    #: again after tokenising (those with a prefix, suffix, infix or space)
    rematched: tuple[tuple[str, ...], ...]
    prefix: Pattern | None
    suffix: Pattern | None
    infix: Pattern | None
    url: Pattern | None
    token_match: Pattern | None
    punct_chars: frozenset[str]  # the sentencizer's sentence-ending characters


def cache_name() -> str:
    """The cache file's name for this spaCy version: another spaCy builds its own."""
    return f"spacy-{importlib.metadata.version('spacy')}-en-tokenizer-v{_FORMAT}.pickle"


def _pattern(method: Callable | None, name: str) -> Pattern | None:
    """The ``re`` pattern behind one of the tokenizer's callables (``pattern.search`` and the like)."""
    if method is None:
        return None
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, re.Pattern) or method.__name__ != name:
        raise TypeError(f"the tokenizer's {name} is {method!r}, not the {name} method of an re pattern")
    return owner.pattern, owner.flags


def build_tables() -> Tables:
    """Read the tables from spaCy itself (about 1 s: spaCy is imported)."""
    import spacy
    from spacy.attrs import ORTH, intify_attrs
    from spacy.tokenizer import Tokenizer as SpacyTokenizer

    nlp = spacy.blank("en")
    tokenizer = nlp.tokenizer
    affixes_only = SpacyTokenizer(
        nlp.vocab, rules={}, prefix_search=tokenizer.prefix_search, suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer, token_match=tokenizer.token_match, url_match=tokenizer.url_match,
    )
    rules = {
        string: tuple(intify_attrs(piece, _do_deprecated=True)[ORTH] for piece in pieces)
        for string, pieces in tokenizer.rules.items()
    }
    # the condition of spaCy's Tokenizer.add_special_case for adding a case to its special matcher
    rematched = tuple(
        tuple(token.text for token in affixes_only(string))
        for string in sorted(rules)
        if not tokenizer.faster_heuristics or tokenizer.find_prefix(string) or tokenizer.find_infix(string)
        or tokenizer.find_suffix(string) or " " in string
    )
    return Tables(
        rules=rules,
        rematched=rematched,
        prefix=_pattern(tokenizer.prefix_search, "search"),
        suffix=_pattern(tokenizer.suffix_search, "search"),
        infix=_pattern(tokenizer.infix_finditer, "finditer"),
        url=_pattern(tokenizer.url_match, "match"),
        token_match=_pattern(tokenizer.token_match, "match"),
        punct_chars=frozenset(nlp.add_pipe("sentencizer").punct_chars),
    )


@lru_cache(maxsize=1)
def tables() -> Tables:
    """spaCy's English tokenizer tables: from the cache, or read from spaCy and cached."""
    return cached(cache_name(), Tables, build_tables)


def is_punct(text: str) -> bool:
    """spaCy's ``is_punct`` lexeme attribute: every character is Unicode punctuation (category P*)."""
    return all(unicodedata.category(char).startswith("P") for char in text)


def _compiled(pattern: Pattern | None, method: str) -> Callable | None:
    return None if pattern is None else getattr(re.compile(*pattern), method)


class Tokenizer:
    """``spacy.blank("en").tokenizer``'s tokens, as (offset, text) pairs, from ``Tables``."""

    def __init__(self, tables: Tables) -> None:
        self.rules = tables.rules
        self.prefix_search = _compiled(tables.prefix, "search")
        self.suffix_search = _compiled(tables.suffix, "search")
        self.infix_finditer = _compiled(tables.infix, "finditer")
        self.url_match = _compiled(tables.url, "match")
        self.token_match = _compiled(tables.token_match, "match")
        self.trie: dict = {}
        for texts in tables.rematched:
            node = self.trie
            for text in texts:
                node = node.setdefault(text, {})
            node[_COMPLETE] = True
        self._chunks: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> list[tuple[int, str]]:
        """The tokens of ``text``: each white space run but a single space after a word is a token too."""
        tokens: list[tuple[int, str]] = []
        if not text:
            return tokens
        start = 0
        in_space = text[0].isspace()
        for index, char in enumerate(text):
            if char.isspace() != in_space:
                if start < index:
                    self._add_chunk(text, start, index, tokens)
                # a single space after a word belongs to the word
                start = index + 1 if char == " " else index
                in_space = not in_space
        if start < len(text):
            self._add_chunk(text, start, len(text), tokens)
        return self._rematch_special_cases(text, tokens)

    def _add_chunk(self, text: str, start: int, end: int, tokens: list[tuple[int, str]]) -> None:
        chunk = text[start:end]
        pieces = self._chunks.get(chunk)
        if pieces is None:
            pieces = self.rules.get(chunk) or self._split(chunk)
            if len(self._chunks) < _MAX_CACHED_CHUNKS:
                self._chunks[chunk] = pieces
        for piece in pieces:
            tokens.append((start, piece))
            start += len(piece)

    def _split(self, string: str) -> tuple[str, ...]:
        """spaCy's ``_split_affixes`` then ``_attach_tokens`` on one chunk that is no special case."""
        prefixes: list[str] = []
        suffixes: list[str] = []
        rules = self.rules
        last_size = 0
        while string and len(string) != last_size:
            if self.token_match and self.token_match(string) or string in rules:
                break
            last_size = len(string)
            prefix_len = self._affix_len(self.prefix_search, string)
            if prefix_len:
                prefix, minus_prefix = string[:prefix_len], string[prefix_len:]
                if minus_prefix and minus_prefix in rules:
                    string = minus_prefix
                    prefixes.append(prefix)
                    break
            suffix_len = self._affix_len(self.suffix_search, string[prefix_len:])
            if suffix_len:
                suffix, minus_suffix = string[-suffix_len:], string[:-suffix_len]
                if minus_suffix and minus_suffix in rules:
                    string = minus_suffix
                    suffixes.append(suffix)
                    break
            if prefix_len and suffix_len and prefix_len + suffix_len <= len(string):
                string = string[prefix_len:-suffix_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif prefix_len:
                string = minus_prefix
                prefixes.append(prefix)
            elif suffix_len:
                string = minus_suffix
                suffixes.append(suffix)
        pieces = prefixes
        if string:
            pieces.extend(self._middle(string))
        pieces.extend(reversed(suffixes))
        return tuple(pieces)

    @staticmethod
    def _affix_len(search: Callable | None, string: str) -> int:
        match = search(string) if search else None
        return match.end() - match.start() if match else 0

    def _middle(self, string: str) -> list[str]:
        """What is left of a chunk once its affixes are off: a special case, a URL, or pieces between infixes."""
        if string in self.rules:
            return list(self.rules[string])
        if self.token_match and self.token_match(string) or self.url_match and self.url_match(string):
            return [string]
        pieces = []
        start = 0
        for match in self.infix_finditer(string) if self.infix_finditer else ():
            if match.start() == 0:
                continue
            if match.start() != start:
                pieces.append(string[start : match.start()])
            if match.start() != match.end():
                pieces.append(match.group())
            start = match.end()
        if start < len(string):
            pieces.append(string[start:])
        return pieces

    def _rematch_special_cases(self, text: str, tokens: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """spaCy's ``_apply_special_cases``: special cases over the token sequence, longest and leftmost first.

        A match is kept unless its first or last token lies in a match tried
        before it (kept or not); a kept match whose text is a special case
        becomes that case's tokens.
        """
        trie = self.trie
        matches = []
        for first in range(len(tokens)):
            node = trie.get(tokens[first][1])
            stop = first + 1
            while node is not None:
                if _COMPLETE in node:
                    matches.append((first, stop))
                if stop == len(tokens):
                    break
                node = node.get(tokens[stop][1])
                stop += 1
        if not matches:
            return tokens
        matches.sort(key=lambda match: (match[0] - match[1], match[0]))
        seen: set[int] = set()
        kept = []
        for first, stop in matches:
            if first not in seen and stop - 1 not in seen:
                kept.append((first, stop))
            seen.update(range(first, stop))
        kept.sort()
        result: list[tuple[int, str]] = []
        done = 0
        for first, stop in kept:
            result.extend(tokens[done:first])
            start = tokens[first][0]
            last_start, last_text = tokens[stop - 1]
            pieces = self.rules.get(text[start : last_start + len(last_text)])
            if pieces is None:
                result.extend(tokens[first:stop])
            else:
                for piece in pieces:
                    result.append((start, piece))
                    start += len(piece)
            done = stop
        result.extend(tokens[done:])
        return result


@lru_cache(maxsize=1)
def tokenizer() -> Tokenizer:
    """The tokenizer over spaCy's English tables, loaded once per process."""
    return Tokenizer(tables())
