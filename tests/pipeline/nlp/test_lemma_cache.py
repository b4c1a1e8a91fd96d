"""Memoised rule lemmas equal spaCy's own, token for token, on real-looking news text."""

from __future__ import annotations

from pathlib import Path

import spacy

from pipeline.nlp.lemma_cache import ArrayRuleLemmas, MemoisedRuleLemmas, memoise_rule_lemmas
from pipeline.nlp.model import DEFAULT_MODEL, check_model_installed

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples" / "raw"


def test_lemmas_are_spacys_own() -> None:
    module = check_model_installed(DEFAULT_MODEL)
    plain = spacy.load(module, exclude=["ner", "senter"])
    memoised = spacy.load(module, exclude=["ner", "senter"])
    memoise_rule_lemmas(memoised)
    assert isinstance(memoised.get_pipe("lemmatizer").lemmatize, MemoisedRuleLemmas)
    # `nlp.pipe` goes through the array path, `nlp(text)` through the component's own call.
    assert isinstance(memoised.get_pipe("lemmatizer").pipe, ArrayRuleLemmas)
    # Twice over, so the second pass is answered from memory.
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.rglob("*.txt"))] * 2
    for expected, got in zip(plain.pipe(texts), memoised.pipe(texts), strict=True):
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]


def test_a_pipeline_without_a_rule_lemmatizer_is_left_alone() -> None:
    blank = spacy.blank("en")
    memoise_rule_lemmas(blank)
    assert blank.pipe_names == []


def test_lemmas_set_before_the_lemmatizer_are_kept() -> None:
    module = check_model_installed(DEFAULT_MODEL)
    plain = spacy.load(module, exclude=["ner", "senter"])
    memoised = spacy.load(module, exclude=["ner", "senter"])
    memoise_rule_lemmas(memoised)
    # The attribute ruler gives "n't" and "gon" their lemmas; the lemmatizer must not redo them.
    texts = ["They ain't gonna sign it, and the envoys weren't told.", ""] * 2
    for expected, got in zip(plain.pipe(texts), memoised.pipe(texts), strict=True):
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
    assert [t.lemma_ for t in memoised("They weren't told.")] == ["they", "be", "not", "tell", "."]
