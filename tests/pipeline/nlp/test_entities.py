"""Places and dates by gazetteer and rule: what the coder needs of entities, without the NER."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.nlp.entities import GazetteerEntities
from pipeline.nlp.model import load_nlp
from pipeline.normalize.places import default_place_resolver


def _entities(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Israeli tanks shelled Jericho and Tel Aviv overnight.", ["Jericho", "Tel Aviv"]),
        ("Talks resumed in New Delhi after the envoy left Islamabad.", ["New Delhi", "Islamabad"]),
        (
            "Envoys from Bosnia and Herzegovina and the Democratic Republic of Congo met.",
            ["Bosnia and Herzegovina", "Democratic Republic of Congo"],
        ),
        ("The ministers met in The Hague.", ["Hague"]),
        ("The US and Russia agreed to resume talks.", ["US", "Russia"]),
        ("Ministers met in Kabul Thursday.", ["Kabul"]),  # a weekday ends the name
        # A place name inside a longer run of names belongs to that name.
        ("Prime Minister Ehud Barak met President Obama.", []),
        ("The Washington Post reported that the West Bank was sealed.", []),
        ("Troops patrolled the Horn of Africa.", []),
    ],
)
def test_places_are_whole_runs_of_proper_nouns_that_name_a_country_or_city(
    nlp: Language, text: str, places: list[str]
) -> None:
    assert [name for name, label in _entities(nlp, text) if label == "GPE"] == places


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("The union called off the strike on Monday.", ["Monday"]),
        ("The talks ended in March 1999.", ["March", "1999"]),
        ("Officials said last week that they would meet in the coming months.", ["week", "months"]),
        ("The envoy arrived yesterday and leaves in two days.", ["yesterday", "days"]),
        # The modal and the verb are not months; a bare time noun is not a date.
        ("They may march to the capital; a day of protest was planned.", []),
    ],
)
def test_dates_are_the_words_that_make_a_phrase_a_date(
    nlp: Language, text: str, dates: list[str]
) -> None:
    assert [name for name, label in _entities(nlp, text) if label == "DATE"] == dates


def test_a_place_never_overlaps_a_date(nlp: Language) -> None:
    # "Independence" is a town, "March" a month: the place is found, the month stays a date.
    doc = nlp("Protesters marched in Lusaka on March 3, 2024.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Lusaka", "GPE"),
        ("March", "DATE"),
        ("2024", "DATE"),
    ]


def test_a_capitalised_day_word_is_a_date_and_still_part_of_a_name(nlp: Language) -> None:
    # "Today" in a paper's name is a word of that name, so "Kenya" is no place of its own;
    # as a day word it is also a date (what a word is, is remembered by its form and tag).
    for _ in range(2):
        assert _entities(nlp, "The newspaper Kenya Today reported the talks.") == [
            ("Today", "DATE")
        ]


def test_the_component_only_needs_a_place_predicate() -> None:
    nlp = load_nlp(entities="model")
    tagged = nlp("Ministers from Ruritania met in Zenda.", disable=["ner"])
    component = GazetteerEntities(lambda name: name in {"Ruritania", "Zenda"})
    assert [(e.text, e.label_) for e in component(tagged).ents] == [
        ("Ruritania", "GPE"),
        ("Zenda", "GPE"),
    ]


def test_gazetteer_places_agree_with_the_statistical_ner_on_real_news(
    nlp: Language, shared_dir: Path
) -> None:
    """On the dev articles, nearly every resolvable place the NER finds is found, and few others."""
    statistical = load_nlp(entities="model")
    resolver = default_place_resolver()
    texts = [
        paragraph
        for path in sorted((shared_dir / "corpus" / "dev" / "raw").glob("*.txt"))
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")[1:]
    ]
    found = agreed = expected = 0
    for ours, theirs in zip(nlp.pipe(texts), statistical.pipe(texts), strict=True):
        mine = {(e.start, e.end) for e in ours.ents if e.label_ == "GPE"}
        gold = {
            (e.start, e.end)
            for e in theirs.ents
            if e.label_ in ("GPE", "LOC") and resolver.names_place(e.text)
        }
        found += len(mine)
        expected += len(gold)
        agreed += len(mine & gold)
    assert expected > 50
    # Measured: 60 of the NER's 61 places found, 60 of 69 found agreed with it.
    assert agreed / expected >= 0.9
    assert agreed / found >= 0.8
