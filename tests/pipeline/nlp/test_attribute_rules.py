"""The compiled attribute ruler annotates exactly as spaCy's stock component does."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from pipeline.benchmark.corpus_generator import article_rng, generate_article
from pipeline.nlp.attribute_rules import CompiledAttributeRuler, compile_attribute_ruler
from pipeline.nlp.model import DEFAULT_MODEL, load_nlp, load_stock_nlp

# Words the model's own exception patterns are about, beside ordinary news prose.
TRICKY = [
    "I ain't gonna sign it, y'all, and they gotta know that.",
    "Let's go. C'mon, there's a vote and there are no excuses; it's 5 p.m.",
    "He 's   the   minister .\n\nShe said:  \u201cWe won't.\u201d",
]


@pytest.fixture(scope="module")
def stock() -> Language:
    return load_stock_nlp(DEFAULT_MODEL)


def _annotations(nlp: Language, texts: list[str]) -> list[tuple[str, ...]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_)
        for doc in nlp.pipe(texts, disable=["ner"])
        for t in doc
    ]


def test_the_compiled_ruler_matches_the_stock_one_token_for_token(
    stock: Language, nlp: Language, shared_dir: Path
) -> None:
    texts = [p.read_text() for p in sorted((shared_dir / "corpus" / "dev" / "raw").glob("*.txt"))]
    texts += [generate_article(article_rng(7, i), i) for i in range(40)]
    texts += TRICKY
    assert isinstance(stock.get_pipe("attribute_ruler"), AttributeRuler)
    assert isinstance(nlp.get_pipe("attribute_ruler"), CompiledAttributeRuler)
    expected = _annotations(stock, texts)
    assert len(expected) > 20_000
    assert _annotations(nlp, texts) == expected


def test_later_patterns_override_earlier_ones() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "talks"}]], {"POS": "NOUN"})
    ruler.add([[{"LOWER": {"IN": ["talks", "meets"]}}]], {"POS": "VERB"})
    ruler.add([[{"LOWER": "peace"}, {"LOWER": "talks"}]], {"LEMMA": "talk"}, index=1)
    stock_doc = nlp("peace talks")
    compile_attribute_ruler(nlp)
    doc = nlp("peace talks")
    assert [(t.pos_, t.lemma_) for t in doc] == [(t.pos_, t.lemma_) for t in stock_doc]
    assert doc[1].pos_ == "VERB"
    assert doc[1].lemma_ == "talk"


def test_a_pipeline_without_the_stock_ruler_is_left_alone() -> None:
    nlp = spacy.blank("en")
    compile_attribute_ruler(nlp)
    assert nlp.pipe_names == []


def test_the_loaded_model_uses_the_compiled_ruler() -> None:
    assert isinstance(load_nlp().get_pipe("attribute_ruler"), CompiledAttributeRuler)
