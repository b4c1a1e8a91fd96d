"""Memoised rule lemmas equal spaCy's own, token for token, on real-looking news text."""

from __future__ import annotations

import pickle
from pathlib import Path

import spacy
from spacy.lookups import Lookups

from pipeline.nlp.lemma_cache import (
    ArrayRuleLemmas,
    KnownWords,
    MemoisedRuleLemmas,
    index_known_words,
    memoise_rule_lemmas,
)
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


def test_new_word_forms_get_spacys_own_lemmas() -> None:
    # Forms no sample has, through the lemma index's known-word sets: rule candidates that are
    # known words, others that are not, hyphenated and capitalised forms, a made-up name.
    module = check_model_installed(DEFAULT_MODEL)
    plain = spacy.load(module, exclude=["ner", "senter"])
    memoised = spacy.load(module, exclude=["ner", "senter"])
    memoise_rule_lemmas(memoised)
    texts = [
        "The envoys' counter-sanctions were re-tabled as the Xylandian ministries dithered.",
        "Mediators reconvened, outmanoeuvring the hardliners who had stonewalled the parleys.",
        "She criticises the blockades, whose wharves and ferries lay idle for fortnights.",
    ]
    for expected, got in zip(plain.pipe(texts), memoised.pipe(texts), strict=True):
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]


def test_known_words_answer_from_a_set_and_stay_the_same_list() -> None:
    lookups = Lookups()
    lookups.add_table("lemma_index", {"noun": ["talk", "envoy", "truce"], "verb": ["meet"]})
    before = lookups.to_bytes()
    lemmatizer = type("Lemmatizer", (), {"lookups": lookups})()
    index_known_words(lemmatizer)
    nouns = lookups.get_table("lemma_index")["noun"]
    assert isinstance(nouns, KnownWords)
    assert nouns == ["talk", "envoy", "truce"]  # the same list, in its order
    assert "envoy" in nouns
    assert "envoys" not in nouns
    assert lookups.to_bytes() == before  # serialised as it was
    copied = pickle.loads(pickle.dumps(nouns))
    assert isinstance(copied, KnownWords)
    assert "truce" in copied
    assert copied == nouns
