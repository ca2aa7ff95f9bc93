"""spaCy's English tokenizer repeated over its cached tables: the same tokens as spaCy's, without importing spaCy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterfacts import spacy_tokenizer
from clusterfacts.spacy_tokenizer import Tables, Tokenizer
from conftest import CORPUS, ROOT
from spacy_pipelines import sentencizer

spacy = pytest.importorskip("spacy")
from spacy.attrs import IS_PUNCT  # noqa: E402


def spacy_tokens(text: str) -> list[tuple[int, str]]:
    return [(token.idx, token.text) for token in sentencizer("en").tokenizer(text)]


def test_tables_are_spacys_own() -> None:
    nlp = sentencizer("en")
    tables = spacy_tokenizer.tables()
    assert set(tables.rules) == set(nlp.tokenizer.rules)
    assert tables.rules["don't"] == ("do", "n't") and tables.rules["Nov."] == ("Nov.",)
    assert tables.prefix == (nlp.tokenizer.prefix_search.__self__.pattern, nlp.tokenizer.prefix_search.__self__.flags)
    assert tables.punct_chars == frozenset(nlp.get_pipe("sentencizer").punct_chars)


def test_tokens_are_spacys_on_every_bundled_document() -> None:
    tokenize = spacy_tokenizer.tokenizer()
    paths = sorted(CORPUS.glob("*/*.txt"))
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert tokenize(text) == spacy_tokens(text), path.name


@pytest.mark.parametrize("text, tokens", [
    ("Nov. 14, the U.S. economy didn't grow.", ["Nov.", "14", ",", "the", "U.S.", "economy", "did", "n't", "grow", "."]),
    ("(Co.) rose 3.5%-4%...", ["(", "Co.", ")", "rose", "3.5%-4", "%", "..."]),
    ("see https://example.com/a.b, then", ["see", "https://example.com/a.b", ",", "then"]),
    ("a  b\n\nc ", ["a", " ", "b", "\n\n", "c"]),
])
def test_abbreviations_contractions_urls_and_white_space(text: str, tokens: list[str]) -> None:
    assert [piece for _, piece in spacy_tokenizer.tokenizer()(text)] == tokens
    assert spacy_tokenizer.tokenizer()(text) == spacy_tokens(text)


# pieces that exercise each step: special cases with and without affixes, affixes, infixes,
# URLs, emoticons, and every kind of white space spaCy tells apart
PIECES = ["Co", "Co.", "Inc.", "U.S.", "'s", "n't", "don't", "a.m.", "e.g.", "No.", ":)", "<3", "--", "...", "’",
          "http://x.com/a", "www.a.org", "3.5", "1,000", "$", "%", "US$5", "km²", "5km", "A-1", "well-known",
          *"abcXYZ019.,;:!?'\"()[]{}-–—/\\&@#*+=<>…“”‘’", " ", " ", "  ", "\n", "\t", "\xa0", "\u3000"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join))
def test_tokens_are_spacys_on_generated_text(text: str) -> None:
    assert spacy_tokenizer.tokenizer()(text) == spacy_tokens(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_tokens_are_spacys_on_any_text(text: str) -> None:
    assert spacy_tokenizer.tokenizer()(text) == spacy_tokens(text)


def test_is_punct_is_spacys_lexeme_attribute_for_every_character() -> None:
    getter = sentencizer("en").vocab.lex_attr_getters[IS_PUNCT]
    characters = [chr(code) for code in range(sys.maxunicode + 1)]
    assert [spacy_tokenizer.is_punct(c) for c in characters] == [getter(c) for c in characters]
    assert spacy_tokenizer.is_punct("?!…") and not spacy_tokenizer.is_punct(".5")


def test_first_use_builds_the_cache_and_later_processes_reuse_it(cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tables = spacy_tokenizer.tables()
    path = cache_folder / spacy_tokenizer.cache_name()
    assert path.is_file() and f"spacy-{spacy.__version__}-" in path.name

    spacy_tokenizer.tables.cache_clear()  # as a new process would start
    monkeypatch.setattr(spacy_tokenizer, "build_tables", lambda: pytest.fail("the cached tables were not read"))
    assert spacy_tokenizer.tables() == tables


def test_english_extraction_does_not_import_spacy_once_the_tables_are_cached() -> None:
    spacy_tokenizer.tables()  # the default cache folder, as the child process uses it
    code = (
        "import sys; from clusterfacts import extract_text; "
        "facts = extract_text('Revenue rose 9.8% to $1.2 billion in Nov. 2023. It employs over 20,000 people.'); "
        "print(len(facts), 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["3", "False"]


def test_a_tokenizer_over_tiny_tables() -> None:
    """The algorithm alone: a special case, a prefix and suffix, an infix, and a special case matched again."""
    tables = Tables(
        rules={"Co.": ("Co.",), "x-y": ("x", "-y")},
        rematched=(("Co", "."), ("x", "-", "y")),
        prefix=(r"^\(", 0), suffix=(r"(?:\.|\))$", 0), infix=(r"-", 0), url=None, token_match=None,
        punct_chars=frozenset("."),
    )
    tokenize = Tokenizer(tables)
    assert tokenize("(Co.) a-b x-y.") == [(0, "("), (1, "Co."), (4, ")"), (6, "a"), (7, "-"), (8, "b"),
                                          (10, "x"), (11, "-y"), (13, ".")]
