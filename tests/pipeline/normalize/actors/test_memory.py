"""Coreference: an article's memory of persons and countries across its sentences."""

from __future__ import annotations

from pipeline.normalize.actors import ArticleActors
from tests.pipeline.normalize.actors.cases import D2023, D2024, Find, Summarise


def test_coreference_across_sentences(find: Find) -> None:
    memory = ArticleActors()
    first = find("Indian Prime Minister Narendra Modi landed in Moscow.", D2024, memory)
    assert first[0].actor.person == "Narendra Modi"
    later = [
        "PM Modi held talks.",  # title + surname
        "Modi thanked his hosts.",  # bare surname
        "Mr Modi left on Wednesday.",  # honorific + surname
    ]
    for sentence in later:
        spans = find(sentence, D2024, memory)
        assert spans[0].actor.resolution == "coreference", sentence
        assert (spans[0].actor.country, spans[0].actor.sector) == ("IND", "GOV")
        assert spans[0].actor.role == "head_of_government"
    assert memory.lookup("Modi") is not None


def test_coreference_of_new_person(find: Find, summarise: Summarise) -> None:
    memory = ArticleActors()
    find("Ghanaian foreign minister Kwame Asante arrived in Lome.", D2024, memory)
    spans = find("Asante said the visit went well.", D2024, memory)
    assert summarise(spans) == [("Asante", "GHA", None, "GOV", "foreign_minister")]
    assert spans[0].actor.person == "Kwame Asante"
    assert spans[0].actor.resolution == "coreference"


def test_definite_title_refers_back(find: Find) -> None:
    memory = ArticleActors()
    find("President William Ruto arrived in Maputo.", D2023, memory)
    spans = find("The Kenyan president then met traders.", D2023, memory)
    assert spans[0].actor.person == "William Ruto"
    assert spans[0].actor.resolution == "coreference"


def test_family_name_first_is_the_second_mention(find: Find) -> None:
    # Korean and Chinese names put the family name first: "Choi" after "Choi Sung Ho"
    memory = ArticleActors()
    find("South Korean foreign minister Choi Sung Ho arrived in Hanoi.", D2024, memory)
    spans = find("Choi said the visit went well.", D2024, memory)
    assert (spans[0].actor.person, spans[0].actor.country) == ("Choi Sung Ho", "KOR")
    assert spans[0].actor.resolution == "coreference"


def test_relative_does_not_take_surname(find: Find) -> None:
    memory = ArticleActors()
    find("President Joe Biden hosted the dinner.", D2023, memory)
    spans = find("First Lady Jill Biden greeted the guests.", D2023, memory)
    assert spans[0].actor.person == "Jill Biden"
    assert spans[0].actor.role == "first_lady"
    later = find("Biden then gave a toast.", D2023, memory)
    assert later[0].actor.person == "Joe Biden"


def test_recent_countries_most_recent_first(find: Find) -> None:
    memory = ArticleActors()
    find("Japan and Kenya signed a pact, NATO said.", D2024, memory)
    find("Turkish President Recep Tayyip Erdogan welcomed it.", D2024, memory)
    assert memory.recent_countries() == ["TUR", "KEN", "JPN"]
