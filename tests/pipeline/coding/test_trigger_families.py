"""Trigger families for unseen news: one invented sentence per pattern (issue 17).

Pinned here: recall and expulsion idioms, countermeasures, movement verbs as visits,
characterising verbs ("called the plan a provocation"), "call" + a person as a phone call,
evaluations whose negation is the act ("cannot be trusted"), and event nouns of easing. The
sentences are written for this project, with the trained spaCy model, because the patterns are
dependency-parse patterns.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from pipeline.coding.sentence_filter import EventSentenceFilter
from pipeline.coding.triggers import has_predicate, predicate_lemmas
from pipeline.reference.triggers import load_trigger_lexicon
from schemas.records import EventMention

CodeBody = Callable[[str], list[EventMention]]


def tuples(events: list[EventMention]) -> set[tuple[str | None, str | None, str, str]]:
    return {(e.source_country, e.target_country, e.cameo_code, e.modality) for e in events}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # "call back" with the particle tagged as an adverb is a recall, not an appeal
        (
            "Peru called back its ambassador from Mexico.",
            {("PER", "MEX", "161", "occurred")},
        ),
        # the post the envoy holds names the target: "its ambassador to Spain"
        (
            "Algeria recalled its ambassador to Spain for consultations.",
            {("DZA", "ESP", "161", "occurred")},
        ),
        # a recall that names no country takes the party its source last acted against
        (
            "Ecuador expelled the Mexican ambassador. Ecuador also recalled its ambassador.",
            {("ECU", "MEX", "161", "occurred")},
        ),
        # an expulsion by deadline
        (
            "Lithuania gave the Russian ambassador 72 hours to leave the country.",
            {("LTU", "RUS", "161", "occurred")},
        ),
        # countermeasures imposed are sanctions, announced ones threats of sanctions
        (
            "China imposed countermeasures on nine American companies.",
            {("CHN", "USA", "163", "occurred")},
        ),
        (
            "China will impose countermeasures against Lithuania.",
            {("CHN", "LTU", "1312", "occurred")},
        ),
    ],
)
def test_recall_expulsion_and_countermeasures(
    code_body: CodeBody, body: str, expected: set[tuple[str, ...]]
) -> None:
    assert tuples(code_body(body)) == expected


def test_called_home_for_consultations_is_no_appeal(code_body: CodeBody) -> None:
    # "for consultations" after a recall is its purpose, not a call for talks (020)
    codes = {e.cameo_code for e in code_body("Peru called home its ambassador for consultations.")}
    assert codes == {"161"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Indian Prime Minister Narendra Modi left for Japan on Monday.", ("IND", "JPN")),
        ("Malaysian Prime Minister Anwar Ibrahim headed to Indonesia.", ("MYS", "IDN")),
        ("The Kenyan president departed for Ethiopia on Sunday.", ("KEN", "ETH")),
        ("Chilean President Gabriel Boric went to Buenos Aires on Friday.", ("CHL", "ARG")),
    ],
)
def test_movement_toward_a_state_is_a_visit(
    code_body: CodeBody, body: str, expected: tuple[str, str]
) -> None:
    assert (*expected, "042", "occurred") in tuples(code_body(body))


def test_movement_without_a_state_is_no_visit(code_body: CodeBody) -> None:
    assert code_body("The delegates headed for the exit. The contract went to a bank.") == []


def test_a_host_escorting_a_visitor_receives_him(code_body: CodeBody) -> None:
    body = (
        "Mongolian President Ukhnaagiin Khurelsukh was escorted by Kazakh President "
        "Kassym-Jomart Tokayev to the palace."
    )
    assert tuples(code_body(body)) == {
        ("KAZ", "MNG", "043", "occurred"),
        ("MNG", "KAZ", "042", "occurred"),
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # object predicate
        ("Poland called the Belarusian plan a provocation.", ("POL", "BLR", "111")),
        # "as" phrase
        ("Japan described the Chinese drills as a threat to peace.", ("JPN", "CHN", "111")),
        # small clause: the party is the subject of the predicate
        ("Vietnam branded the Chinese move illegal.", ("VNM", "CHN", "111")),
        ("Egypt considers the Ethiopian dam a threat to its security.", ("EGY", "ETH", "111")),
        # the predicate refines the code: calling an act a crime is an accusation
        ("Iran called the American sanctions a crime against humanity.", ("IRN", "USA", "1121")),
        # the act's owner or author is the target: "the arrival of", "remarks by"
        (
            "Cuba described the planned visit of a Dutch frigate to its waters as a provocation.",
            ("CUB", "NLD", "111"),
        ),
        ("Russia called the remarks by the German chancellor absurd.", ("RUS", "DEU", "111")),
        # a long object with the adjective hung after it by the parser
        (
            'China on Monday called comments by the Japanese prime minister on Taiwan "extremely '
            'irresponsible."',
            ("CHN", "JPN", "111"),
        ),
    ],
)
def test_characterising_an_act_is_criticism(
    code_body: CodeBody, body: str, expected: tuple[str, str, str]
) -> None:
    assert tuples(code_body(body)) == {(*expected, "occurred")}


@pytest.mark.parametrize(
    "body",
    [
        # praise or neutral words are no criticism, and no phone call either
        "The Chinese foreign ministry called the visit a success.",
        # calling claims baseless is a denial (root 01), not coded
        "Algeria called the Moroccan claims baseless.",
    ],
)
def test_characterisations_that_code_nothing(code_body: CodeBody, body: str) -> None:
    assert code_body(body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the parser takes the person for an object predicate ("called him Bob")
        ("Macron called Scholz on Tuesday.", ("FRA", "DEU")),
        ("Putin called Erdogan on Tuesday.", ("RUS", "TUR")),
        # a topic in the purpose clause does not make the call a characterisation
        (
            "Russian Foreign Minister Sergei Lavrov called his Turkish counterpart to discuss "
            "the threat of escalation.",
            ("RUS", "TUR"),
        ),
    ],
)
def test_calling_a_person_is_a_phone_call_by_the_caller(
    code_body: CodeBody, body: str, expected: tuple[str, str]
) -> None:
    # the caller is stated, so one direction only
    assert tuples(code_body(body)) == {(*expected, "041", "occurred")}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Norwegian Foreign Minister Anniken Huitfeldt said the Danish government cannot be "
            "trusted.",
            {("NOR", "DNK", "111", "occurred")},
        ),
        (
            "Iran will not tolerate Israeli aggression, the Iranian foreign minister said.",
            {("IRN", "ISR", "130", "occurred")},
        ),
        # without the negation there is no event
        ("Chile trusts Argentina.", set()),
        # an ordinary negated act stays denied
        ("Russia did not criticize Israel.", {("RUS", "ISR", "111", "denied")}),
    ],
)
def test_evaluations_whose_negation_is_the_act(
    code_body: CodeBody, body: str, expected: set[tuple[str, ...]]
) -> None:
    assert tuples(code_body(body)) == expected


def test_event_noun_of_easing_without_a_light_verb(code_body: CodeBody) -> None:
    body = "The lifting of sanctions on Iran by Japan was announced on Monday."
    assert tuples(code_body(body)) == {("JPN", "IRN", "085", "occurred")}


@pytest.mark.parametrize(
    ("sentence", "predicated"),
    [
        ("Poland called the Belarusian plan a provocation.", True),
        ("Japan described the drills as a threat.", True),
        ("Macron called Scholz on Tuesday.", False),
        ("Lavrov called his counterpart to discuss the threat.", False),
    ],
)
def test_what_a_verb_predicates_of_its_object(
    nlp: Language, sentence: str, predicated: bool
) -> None:
    verb = next(t for t in nlp(sentence) if t.pos_ == "VERB")
    assert has_predicate(verb) is predicated
    assert ("threat" in predicate_lemmas(verb) or "provocation" in predicate_lemmas(verb)) is (
        predicated
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Peru called back its ambassador from Mexico.",
        "Japan described the Chinese drills as a threat.",
        "Norway said the Danish government cannot be trusted.",
        "Modi left for Japan on Monday.",
        "China imposed countermeasures on nine American companies.",
    ],
)
def test_the_pre_filter_lets_the_new_triggers_through(nlp: Language, sentence: str) -> None:
    sentence_filter = EventSentenceFilter.for_pipeline(nlp, load_trigger_lexicon())
    assert sentence_filter is not None
    doc = nlp.make_doc(sentence)
    assert sentence_filter.may_hold_event(doc[:])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # kept from travelling: no trip is made; the ban and the recall still count
        (
            "Kuwait banned its citizens from travelling to Lebanon and recalled its ambassador "
            "from Beirut.",
            {("KWT", "LBN", "161", "occurred")},
        ),
        ("Oman prevented its ministers from visiting Qatar.", set()),
    ],
)
def test_an_act_someone_is_kept_from_does_not_happen(
    code_body: CodeBody, body: str, expected: set[tuple[str, ...]]
) -> None:
    assert tuples(code_body(body)) == expected


def test_the_agent_inside_an_object_phrase_is_no_target(code_body: CodeBody) -> None:
    body = "Canada sanctioned Zeta Cloud, a provider already sanctioned by the United States."
    assert ("CAN", "USA") not in {(e.source_country, e.target_country) for e in code_body(body)}


@pytest.mark.parametrize(
    "body",
    [
        # where the diplomat was summoned to names the summoner
        "The Nepalese envoy was summoned to the Indian foreign ministry.",
        # else the state the diplomat is posted in
        "Nepal's high commissioner in India was summoned on Monday.",
    ],
)
def test_an_agentless_summons_is_by_the_host_state(code_body: CodeBody, body: str) -> None:
    assert ("IND", "NPL", "114", "occurred") in tuples(code_body(body))


def test_accepting_an_invitation_is_a_stated_intent_to_meet(code_body: CodeBody) -> None:
    body = "Kenya's president accepted the invitation from Uganda's president."
    assert tuples(code_body(body)) == {("KEN", "UGA", "036", "intent")}


@pytest.mark.parametrize(
    "body",
    [
        "Kenya complained to the United Nations over Uganda's incursions.",
        "Kenya lodged a complaint with the United Nations over Uganda's incursions.",
    ],
)
def test_a_grievance_taken_to_an_international_body_is_an_appeal_to_it(
    code_body: CodeBody, body: str
) -> None:
    # the conventions: an appeal to an IGO to take up an issue is 020
    coded = {
        (e.source_country, e.target_country, e.target_org, e.cameo_code) for e in code_body(body)
    }
    assert coded == {("KEN", "IGO", "UN", "020")}


def test_alleging_is_accusing_the_subject_of_the_claim(code_body: CodeBody) -> None:
    # what is alleged did not necessarily happen: it is absorbed into the accusation
    body = "Kenya alleged that Ugandan troops attacked a village."
    assert tuples(code_body(body)) == {("KEN", "UGA", "112", "occurred")}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # agreeing to another's proposal is accepting it, toward its author
        ("Kenya agreed to Norwegian mediation.", {("KEN", "NOR", "038", "occurred")}),
        ("Kenya agreed to Uganda's demands.", {("KEN", "UGA", "083", "occurred")}),
    ],
)
def test_agreeing_to_a_proposal_accepts_it_from_its_author(
    code_body: CodeBody, body: str, expected: set[tuple[str, ...]]
) -> None:
    assert tuples(code_body(body)) == expected


def test_the_subject_of_an_alleged_clause_hung_on_its_auxiliary(code_body: CodeBody) -> None:
    body = (
        'Ruto, in his address on January 20, alleged that Uganda was effectively "operating" '
        "the border post."
    )
    assert ("KEN", "UGA", "112", "occurred") in tuples(code_body(body))
