"""Regression sentences for the event coder: one invented sentence per pattern it must handle.

These pin behaviour on text written for this project (never the dev corpus), with the trained
spaCy model, because the patterns are dependency-parse patterns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from schemas.records import EventMention

CodeBody = Callable[[str], list[EventMention]]

PUBLISHED = dt.date(2024, 11, 20)  # a Wednesday


def tuples(events: list[EventMention]) -> set[tuple[str | None, str | None, str, str]]:
    return {(e.source_country, e.target_country, e.cameo_code, e.modality) for e in events}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # raising verb: the subject of "expected" is the visitor; a planned visit is 036
        (
            "Chinese President Xi Jinping is expected to visit Brazil next year.",
            {("CHN", "BRA", "036", "planned")},
        ),
        # object control, and the absorbed visit is not coded twice
        (
            "Indian Prime Minister Narendra Modi invited Putin to visit New Delhi.",
            {("IND", "RUS", "036", "intent")},
        ),
        # reported speech: "it" is the ministry that said it
        (
            "Norway's foreign ministry said on Friday it had summoned the Iranian envoy.",
            {("NOR", "IRN", "114", "occurred")},
        ),
        # coordinated subjects of a joint act give both directions
        (
            "Japan and South Korea signed a defence agreement on Monday.",
            {("JPN", "KOR", "057", "occurred"), ("KOR", "JPN", "057", "occurred")},
        ),
        # light verb with an event noun; target through "on"
        ("Britain imposed sanctions on Iranian officials.", {("GBR", "IRN", "163", "occurred")}),
        # negation
        ("Germany did not criticize Israel.", {("DEU", "ISR", "111", "denied")}),
        # conditional cooperation stays hypothetical
        (
            "Japan would send aid to Sudan if the fighting stops.",
            {("JPN", "SDN", "070", "hypothetical")},
        ),
        # a punitive act promised on a condition is a threat made now
        (
            "Washington would impose sanctions on Caracas if the vote is rigged.",
            {("USA", "VEN", "1312", "occurred")},
        ),
        # ... toward the party the condition names
        (
            "Nigeria will withdraw its peacekeeping force from Chad unless Chad holds elections.",
            {("NGA", "TCD", "136", "occurred")},
        ),
        # host receives a visitor: 043 and the visit itself 042
        (
            "Tanzanian President Samia Suluhu Hassan welcomed Kenyan President William Ruto.",
            {("TZA", "KEN", "043", "occurred"), ("KEN", "TZA", "042", "occurred")},
        ),
        # offer to mediate between two parties: one event toward each
        (
            "Turkey offered to mediate between Russia and Ukraine.",
            {("TUR", "RUS", "039", "intent"), ("TUR", "UKR", "039", "intent")},
        ),
        # a news agency that reports is never an actor
        (
            "Venezuela expelled Colombian diplomats, Reuters reported.",
            {("VEN", "COL", "161", "occurred")},
        ),
        # refinement by the object: threatened tariffs
        (
            "The United States threatened to impose tariffs on Mexico.",
            {("USA", "MEX", "1312", "occurred")},
        ),
        # passive with agent
        (
            "The Chinese ambassador was summoned by the Australian government.",
            {("AUS", "CHN", "114", "occurred")},
        ),
    ],
)
def test_sentence_patterns(code_body: CodeBody, body: str, expected: set[tuple[str, ...]]) -> None:
    assert tuples(code_body(body)) == expected


def test_dates_resolve_against_publication(code_body: CodeBody) -> None:
    events = code_body("Indonesia's foreign minister met his Malaysian counterpart on Monday.")
    assert {e.event_date for e in events} == {dt.date(2024, 11, 18)}
    assert {e.event_date_precision for e in events} == {"day"}
    assert {e.event_date_source for e in events} == {"text"}


def test_place_is_disambiguated_by_actors(code_body: CodeBody) -> None:
    events = code_body(
        "Indonesia's foreign minister met his Russian counterpart in Kazan on Thursday."
    )
    assert {(e.source_country, e.target_country) for e in events} == {
        ("IDN", "RUS"),
        ("RUS", "IDN"),
    }
    # GeoNames knows a Kazan in Russia and one in Türkiye; the actors decide
    assert {(e.location_name, e.location_country) for e in events} == {("Kazan", "RUS")}


def test_undated_sentence_falls_back_to_publication(code_body: CodeBody) -> None:
    events = code_body("Egypt condemned Israel.")
    assert [(e.event_date, e.event_date_source) for e in events] == [(PUBLISHED, "publication")]


def test_sports_report_codes_no_events(code_body: CodeBody) -> None:
    body = (
        "India attacked Pakistan from the first over of the final on Sunday.\n\n"
        "The captain scored a century and the bowlers took six wickets as India won the "
        "tournament, the coach said after the match at the stadium."
    )
    assert code_body(body) == []


def test_undated_sentence_inherits_its_paragraphs_date(code_body: CodeBody) -> None:
    body = (
        "Egypt's foreign minister met his Jordanian counterpart in Amman on Monday. "
        "Egypt later praised Jordan for its mediation."
    )
    praise = [e for e in code_body(body) if e.cameo_root == "05"]
    assert [(e.event_date, e.event_date_source) for e in praise] == [
        (dt.date(2024, 11, 18), "context")
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an announced punitive act is a threat (CAMEO practice), made now
        (
            "Algeria's president said he will impose a curfew on Oran.",
            {("DZA", "DZA", "1323", "occurred")},
        ),
        # a threat's addressee can be the party its condition names
        (
            "Iran threatened to launch a new offensive unless Iraq accepted its conditions.",
            {("IRN", "IRQ", "138", "occurred")},
        ),
    ],
)
def test_announced_punishment_is_a_threat(
    code_body: CodeBody, body: str, expected: set[tuple[str | None, ...]]
) -> None:
    assert tuples(code_body(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a city shelled stands for its state (GeoNames places Juba in South Sudan)
        (
            "Sudanese troops shelled Juba on Sunday.",
            {("SDN", "SSD", "194", "occurred")},
        ),
        # an unnamed group acts for the one country its sentence names
        (
            "Thousands of students demonstrated in Indonesia on Saturday.",
            {("IDN", "IDN", "141", "occurred")},
        ),
    ],
)
def test_places_stand_in_for_states(
    code_body: CodeBody, body: str, expected: set[tuple[str | None, ...]]
) -> None:
    assert tuples(code_body(body)) == expected


def test_an_article_that_fails_to_code_is_reported_not_fatal(
    nlp: object,
    reference: object,
    make_article: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipeline.coding import event_coder

    real = event_coder.code_article

    def flaky(article, sentences, ref, **options):  # type: ignore[no-untyped-def]
        if article.source_file == "bad.txt":
            raise RuntimeError("parser surprise")
        return real(article, sentences, ref, **options)

    monkeypatch.setattr(event_coder, "code_article", flaky)
    good = make_article("Egypt condemned Israel.", name="good.txt")
    bad = make_article("Egypt condemned Israel.", name="bad.txt")
    coded = event_coder.code_articles(nlp, [bad, good], reference)  # type: ignore[arg-type]
    assert [(f.source_file, f.error) for f in coded.failures] == [
        ("bad.txt", "RuntimeError('parser surprise')")
    ]
    assert {e.source_file for e in coded.event_mentions} == {"good.txt"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # names before an event noun that is the subject are its parties
        (
            "US-China trade talks resumed in Geneva on Monday.",
            {("USA", "CHN", "040", "occurred"), ("CHN", "USA", "040", "occurred")},
        ),
        # ... but a named document referred to in passing is no event
        ("The tariffs will supersede the US-Mexico-Canada agreement, Trump said.", set()),
    ],
)
def test_names_before_an_event_noun(
    code_body: CodeBody, body: str, expected: set[tuple[str | None, ...]]
) -> None:
    assert tuples(code_body(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the possessor does not hide a named modifier
        (
            "Greece demanded that its European Union partners refuse to recognize Macedonia.",
            {("GRC", "IGO", "100", "occurred")},
        ),
        # a demand noun is made of the subject of its that-clause
        (
            "The African Union repeated its demand that Sudan end the fighting.",
            {("IGO", "SDN", "100", "occurred")},
        ),
    ],
)
def test_demands_name_whoever_must_act(
    code_body: CodeBody, body: str, expected: set[tuple[str | None, ...]]
) -> None:
    assert tuples(code_body(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # forces named by the place they are in act for that state
        (
            "Police in Kenya detained two Ugandan journalists.",
            {("KEN", "UGA", "173", "occurred")},
        ),
        # a passive subject that is no actor still names its party inside
        (
            "A convoy of Sudanese refugees was attacked by Chadian soldiers.",
            {("TCD", "SDN", "190", "occurred")},
        ),
    ],
)
def test_parties_inside_phrases(
    code_body: CodeBody, body: str, expected: set[tuple[str | None, ...]]
) -> None:
    assert tuples(code_body(body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a bare promise, demand or offer with no addressee says nothing usable: dropped
        ("The Kenyan president promised to unite the country.", set()),
        ("The Kenyan president offered a speech at the ceremony.", set()),
        # a specific act needs no addressee: an offer to mediate, a withdrawal, a refusal
        ("Kenya expressed its readiness to mediate.", {("KEN", None, "039", "intent")}),
        ("Kenyan forces completed their withdrawal.", {("KEN", None, "087", "occurred")}),
        ("Kenya says it will not accept any more refugees.", {("KEN", None, "120", "occurred")}),
    ],
)
def test_an_event_without_target_must_say_what_was_done(
    code_body: CodeBody, body: str, expected: set[tuple[str, ...]]
) -> None:
    assert tuples(code_body(body)) == expected
