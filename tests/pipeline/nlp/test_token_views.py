"""A doc's tokens and span texts made once: the same values as spaCy's own, kept per doc."""

from __future__ import annotations

import spacy

from pipeline.nlp.token_views import doc_tokens, span_text, span_tokens


def test_span_tokens_are_the_spans_tokens_and_are_made_once() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Kenya and Uganda signed a trade pact in Kampala on Monday.")
    for span in (doc[:], doc[2:5], doc[0:0], doc[len(doc) - 1 :]):
        assert span_tokens(span) == list(span)
        assert [t.i for t in span_tokens(span)] == list(range(span.start, span.end))
    # The same objects at every call, not new views of the same tokens.
    assert span_tokens(doc[1:4])[0] is span_tokens(doc[:])[1]
    assert doc_tokens(doc) is doc_tokens(doc)


def test_kept_tokens_read_annotations_set_after_they_were_made() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Envoys met in Doha.")
    first = span_tokens(doc[:])[3]
    doc.set_ents([doc.char_span(14, 18, label="GPE")])
    assert first.ent_type_ == "GPE"


def test_a_retokenised_doc_gets_its_tokens_made_again() -> None:
    nlp = spacy.blank("en")
    doc = nlp("The talks resume in New York today.")
    assert len(doc_tokens(doc)) == 8
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[4:6])
    assert [t.text for t in doc_tokens(doc)] == [t.text for t in doc]


def test_span_text_is_spacys_text_without_the_trailing_space() -> None:
    nlp = spacy.blank("en")
    doc = nlp("First sentence here.  Second one follows ")
    for span in (doc[:], doc[0:3], doc[3:], doc[4:6], doc[2:2]):
        assert span_text(span) == span.text
        assert span_text(span) == span.text  # answered from the doc's memo
