"""The spaCy pipelines whose sentence cuts clusterfacts repeats, for the tests to compare with.

Production code never builds them: segment.py cuts English sentences with
spacy_tokenizer.py over spaCy's own tables, and Chinese sentences with a
compiled rule.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import spacy


@lru_cache(maxsize=None)
def sentencizer(family: str) -> spacy.language.Language:
    """A blank spaCy pipeline with a sentencizer for "en" or "zh" (jieba tokens), built once per test run."""
    if family == "zh":
        import jieba

        jieba.setLogLevel(logging.WARNING)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    else:
        nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
