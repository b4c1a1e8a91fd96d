"""What pronouns, "the two leaders" and bare roles can refer to, from the article so far."""

from __future__ import annotations

from pipeline.coding.discourse import ArticleDiscourse
from pipeline.normalize.actors import Actor


def actor(name: str, country: str, role: str | None = None, person: str | None = None) -> Actor:
    return Actor(
        name=name,
        country=country,
        org=None,
        sector="GOV",
        role=role,
        person=person,
        resolution="person" if person else "country",
    )


PUTIN = actor("Vladimir Putin", "RUS", "head_of_state", "Vladimir Putin")
MODI = actor("Narendra Modi", "IND", "head_of_government", "Narendra Modi")
KREMLIN = actor("Kremlin", "RUS")
FRENCH_MINISTRY = actor("Foreign Ministry of France", "FRA", "foreign_ministry")
CHINESE_ENVOY = actor("Ambassador of China", "CHN", "ambassador")


def discourse(*actors: Actor) -> ArticleDiscourse:
    memory = ArticleDiscourse()
    for item in actors:
        memory.add(item, item.name)
    return memory


def test_last_person_and_last_collective() -> None:
    memory = discourse(PUTIN, KREMLIN, MODI)
    assert memory.last_person() == (MODI, "Narendra Modi")
    assert memory.last_collective() == (KREMLIN, "Kremlin")


def test_two_parties_are_of_different_countries() -> None:
    # Putin and the Kremlin are one party; "the two leaders" are Putin (RUS) and Modi (IND)
    memory = discourse(MODI, PUTIN, KREMLIN)
    assert [a.country for a, _ in memory.last_two_parties()] == ["IND", "RUS"]
    assert discourse(PUTIN, KREMLIN).last_two_parties() == []


def test_roles_refer_back_exactly_then_by_kind() -> None:
    memory = discourse(FRENCH_MINISTRY, CHINESE_ENVOY)
    assert memory.last_with_role("ambassador") == CHINESE_ENVOY
    # "the ministry" is the French foreign ministry named before
    assert memory.last_with_role("ministry") == FRENCH_MINISTRY
    assert memory.last_with_role("defence_ministry") is None


def test_news_sources_and_countryless_actors_are_not_remembered() -> None:
    agency = Actor("Reuters", None, None, "MED", None, None, "institution", is_news_source=True)
    memory = discourse(agency)
    assert memory.mentions == []
