"""Places and dates found by gazetteer and rule, in place of the model's statistical NER.

The coder asks three things of named entities: which proper nouns are places (an event's
location, "shelled Juba" standing for its state), which preposition objects are dates ("called
off the strike on Monday" is not "called off ... on"), and where personal names end. In the
small English model the `ner` component carries its own embedding and convolution layers,
separate from the `tok2vec` the tagger and parser share, and it costs more than the rest of the
model together: well over half of the parse. This component answers the first two questions
from the tagger's output and the place index, for a fraction of that time:

- **GPE**: a whole run of proper nouns (NNP/NNPS) that `PlaceResolver.names_place` accepts, a
  country, its acronym or a city's own name ("Tel Aviv", "Bosnia and Herzegovina"). A place
  name inside a longer run of proper nouns is part of another name ("Ehud Barak", "Washington
  Post", "West Bank", "President Obama") and is not a place.
- **DATE**: weekdays, capitalised month names, "today" and its kin, years, and a time noun
  with a temporal modifier or a number ("last week", "two days", "the coming months").

Personal names are left to the actor gazetteer's own name rules (`ActorResolver.find` without
`person_spans`). The statistical NER can still be chosen (`--entities model`); README
"Performance" gives both modes' scores and speeds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Literal

from spacy.attrs import ORTH, TAG
from spacy.language import Language
from spacy.lexeme import Lexeme
from spacy.tokens import Doc, Span, Token

from pipeline.normalize.dates import MONTH_WORDS, WEEKDAY_WORDS
from pipeline.normalize.places import default_place_resolver

#: Name under which the component's factory is registered with spaCy.
FACTORY = "attache_gazetteer_entities"

#: Where named entities come from: this module's rules, or the model's own `ner` component.
EntitySource = Literal["gazetteer", "model"]
ENTITY_SOURCES: tuple[EntitySource, ...] = ("gazetteer", "model")

PROPER_NOUN_TAGS = frozenset({"NNP", "NNPS"})
#: Longest place name tried, in tokens ("Saint Vincent and the Grenadines" is six).
MAX_PLACE_TOKENS = 7
#: Words that may join the proper nouns of one place name ("Bosnia and Herzegovina").
PLACE_NAME_JOINERS = frozenset({"of", "and", "the", "-", "&"})

DAY_WORDS = frozenset({"today", "yesterday", "tomorrow", "tonight", "overnight"})
#: Nouns that are a date or a stretch of time when a temporal word or a number modifies them.
TIME_NOUNS = frozenset(
    {
        "day",
        "days",
        "week",
        "weeks",
        "weekend",
        "weekends",
        "fortnight",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
        "morning",
        "afternoon",
        "evening",
        "night",
        "hour",
        "hours",
        "minute",
        "minutes",
        "quarter",
        "season",
        "spring",
        "summer",
        "autumn",
        "winter",
        "period",
        "era",
    }
)
TEMPORAL_MODIFIERS = frozenset(
    {
        "last",
        "next",
        "this",
        "past",
        "coming",
        "previous",
        "following",
        "same",
        "early",
        "late",
        "recent",
        "earlier",
        "later",
        "few",
        "several",
        "each",
        "every",
        "that",
        "current",
        "upcoming",
    }
)
YEAR = re.compile(r"^(1[5-9]|20)\d\d'?s?$")


#: What a word may be to this component, as bit flags of its form and tag (see `_word_kind`):
#: a word of a proper name, a date word, a time noun (a date when modified in time).
_NAME, _DATE, _TIME_NOUN = 1, 2, 4
#: Distinct (form, tag) pairs whose kind is remembered before the memo starts over.
KNOWN_WORDS_LIMIT = 200_000


class GazetteerEntities:
    """Sets `doc.ents` to the places and dates of a tagged and parsed doc (module docstring)."""

    def __init__(self, names_place: Callable[[str], bool]) -> None:
        """Find places with `names_place`, which tells whether words name a place."""
        self._names_place = functools.lru_cache(maxsize=100_000)(names_place)
        # A word's kind depends on its form and tag only, and news repeats both endlessly:
        # reading one array per doc and this memo spares a `Token` object per token.
        self._kinds: dict[tuple[int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        """Replace the doc's entities by the places and dates found in it."""
        kinds = self._word_kinds(doc)
        places = list(self._places(doc, kinds))
        inside = {i for span in places for i in range(span.start, span.end)}
        dates = [span for span in _dates(doc, kinds) if span.start not in inside]
        doc.set_ents(sorted([*places, *dates], key=lambda span: span.start), default="outside")
        return doc

    def _word_kinds(self, doc: Doc) -> list[int]:
        known, strings = self._kinds, doc.vocab.strings
        kinds = []
        for orth, tag in doc.to_array([ORTH, TAG]).tolist():
            kind = known.get((orth, tag))
            if kind is None:
                kind = _word_kind(doc.vocab[orth], strings[tag])
                if len(known) >= KNOWN_WORDS_LIMIT:
                    known.clear()
                known[(orth, tag)] = kind
            kinds.append(kind)
        return kinds

    def _places(self, doc: Doc, kinds: list[int]) -> Iterator[Span]:
        """Spans labelled GPE: whole proper-noun runs that name a country or a city."""
        index = 0
        count = len(doc)
        while index < count:
            if not kinds[index] & _NAME:
                index += 1
                continue
            end = index
            while end < count and kinds[end] & _NAME:
                end += 1
            # No part of a run is tried on its own: a place name inside a longer name belongs
            # to that name ("Washington Post"), so a run that is no place is skipped whole.
            found = self._longest_place(doc, kinds, index, end)
            if found is not None:
                yield Span(doc, index, found, label="GPE")
                index = found
            else:
                index = end

    def _longest_place(self, doc: Doc, kinds: list[int], start: int, run_end: int) -> int | None:
        """End of the place name that starts at `start` and covers its whole run, or None."""
        count = len(doc)
        end = run_end
        best: int | None = None
        while end <= min(count, start + MAX_PLACE_TOKENS):
            if self._names_place(doc[start:end].text):
                best = end
            # Joined names continue over "of", "and", hyphens, then another run of names.
            if end >= count or doc[end].lower_ not in PLACE_NAME_JOINERS:
                break
            joined = end + 1
            while joined < count and doc[joined].lower_ in PLACE_NAME_JOINERS:
                joined += 1
            if joined >= count or not kinds[joined] & _NAME:
                break
            if best == end and "of" in {t.lower_ for t in doc[end:joined]}:
                # "Horn of Africa", "Gulf of Aden", "Bank of England": the words just before
                # "of" head a longer name and are no place of their own.
                best = None
            end = joined
            while end < count and kinds[end] & _NAME:
                end += 1
        return best


def _word_kind(word: Lexeme, tag: str) -> int:
    """The `_NAME`, `_DATE` and `_TIME_NOUN` flags of a word with this tag."""
    text, lower = word.orth_, word.lower_
    capitalised = text[:1].isupper()
    calendar = lower in WEEKDAY_WORDS or lower in MONTH_WORDS
    # A proper name's word: tagged as one, capitalised, and not a weekday or month.
    kind = _NAME if tag in PROPER_NOUN_TAGS and capitalised and not calendar else 0
    if lower in WEEKDAY_WORDS or lower in DAY_WORDS:
        return kind | _DATE
    if lower in MONTH_WORDS:
        # "may" and "march" are also a modal and a verb; the month is written with a capital.
        return kind | (_DATE if capitalised and tag in PROPER_NOUN_TAGS else 0)
    if word.like_num:
        return kind | (_DATE if YEAR.match(text) is not None else 0)
    return kind | (_TIME_NOUN if lower in TIME_NOUNS else 0)


def _dates(doc: Doc, kinds: list[int]) -> Iterator[Span]:
    """One-token DATE spans: the words that make a phrase a date (module docstring)."""
    for position, kind in enumerate(kinds):
        if kind & _DATE or (kind & _TIME_NOUN and _modified_in_time(doc[position])):
            yield Span(doc, position, position + 1, label="DATE")


def _modified_in_time(token: Token) -> bool:
    return any(c.lower_ in TEMPORAL_MODIFIERS or c.like_num for c in token.children)


@Language.factory(FACTORY)
def _make_gazetteer_entities(nlp: Language, name: str) -> GazetteerEntities:
    return GazetteerEntities(default_place_resolver().names_place)


def use_gazetteer_entities(nlp: Language) -> None:
    """Put the gazetteer component in place of `nlp`'s statistical NER (added last)."""
    if "ner" in nlp.pipe_names:
        nlp.remove_pipe("ner")
    if FACTORY not in nlp.pipe_names:
        nlp.add_pipe(FACTORY, last=True)
