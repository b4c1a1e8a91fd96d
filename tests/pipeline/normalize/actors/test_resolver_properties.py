"""The actor normaliser over generated sentences: never an exception, always valid rows.

Spans are exact and disjoint, and every span makes a valid `actor_mentions` row, resolved or
not.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.coding.event_coder import actor_mention_row
from pipeline.normalize.actors import ArticleActors, default_actor_resolver
from pipeline.reference.actors import load_actor_reference

EXAMPLES = 100


def _surface_forms() -> list[str]:
    """A spread of the names, titles and bodies of the reference tables, plus near misses."""
    reference = load_actor_reference()
    forms: list[str] = []
    for country in reference.countries[::9]:
        forms += [country.name, *country.demonyms[:1], *country.capitals[:1]]
    forms += [igo.name for igo in reference.igos[::7]]
    forms += [leader.name for leader in reference.leaders[::11]]
    forms += [role.title for role in reference.roles[::5]]
    forms += [institution.pattern for institution in reference.institutions[::5]]
    # Possessives, lower case, glued punctuation and typographic variants of the same names.
    forms += ["Russia's", "russian", "U.S.", "U. S.", "Côte d’Ivoire", "the Kremlin,", "Mr"]
    return sorted(set(forms))


WORDS = [*_surface_forms(), "and", "with", "the", "met", "said", "of", "'s", ",", ".", "(", ")"]
sentences = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join),
    st.text(max_size=80),
)
publication_dates = st.dates(dt.date(1945, 1, 1), dt.date(2030, 12, 31))


@st.composite
def person_spans(draw: st.DrawFn, text: str) -> list[tuple[int, int]]:
    """Disjoint spans within the text, as an NER model would mark PERSON entities."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=4, unique=True)))
    return [(a, b) for a, b in itertools.pairwise(cuts) if a < b][::2]


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data(), article=st.lists(sentences, min_size=1, max_size=4), when=publication_dates)
def test_every_span_is_exact_disjoint_and_a_valid_actor_mention(
    data: st.DataObject, article: list[str], when: dt.date
) -> None:
    resolver = default_actor_resolver()
    memory = ArticleActors()  # shared by the article's sentences, as in the coder
    for index, sentence in enumerate(article):
        spans = resolver.find(
            sentence, when=when, memory=memory, person_spans=data.draw(person_spans(sentence))
        )
        end = 0
        for span in spans:
            assert end <= span.char_start < span.char_end <= len(sentence)
            assert sentence[span.char_start : span.char_end] == span.text
            end = span.char_end
            # The row the coder writes for it validates: known country codes and sectors.
            actor_mention_row("a", index, 0, span)
