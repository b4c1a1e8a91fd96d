"""Event families the PLOVER codebook records showed missing (issue 17), one invented sentence each.

Pinned here: domestic groups placed by "in <country>" and sentence-initial plurals ("Rebels in
Mali ..."), peacekeepers arriving as a deployment rather than a visit, stopping or breaking up a
gathering and blowing up property (COERCE), refusing by not accepting (REJECT), crowds that
protest or march (PROTEST), a promise gone back on, and the content of a reported demand ("said
Russia must withdraw"), which is demanded, not done. The sentences are written for this project,
with the trained spaCy model, because the patterns are dependency-parse patterns.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schemas.records import EventMention

CodeBody = Callable[[str], list[EventMention]]


def tuples(events: list[EventMention]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source_country, e.target_country, e.cameo_code) for e in events}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a capitalised plural opening the sentence is still a located group, placed by "in"
        ("Rebels in Mali blocked transport into Bamako.", {("MLI", "MLI", "144")}),
        # an opposition group placed by "in" demands of its own president
        (
            "Opposition groups in Togo are demanding that President Faure Gnassingbe step down.",
            {("TGO", "TGO", "100")},
        ),
        # a strike organised by opposition parties is against their own government
        (
            "Five opposition parties in Kenya have organized a general strike.",
            {("KEN", "KEN", "143")},
        ),
        # a ceasefire declared by a placed rebel group names no other party
        ("Rebels in Colombia declared a unilateral ceasefire on Friday.", {("COL", None, "0871")}),
        # a people named by where it lives belongs to that state
        (
            "The Hungarians of northern Serbia are demanding autonomy from Serbian authorities.",
            {("SRB", "SRB", "100")},
        ),
    ],
)
def test_domestic_groups_code_domestic_events(
    code_body: CodeBody, body: str, expected: set[tuple[str | None, ...]]
) -> None:
    assert tuples(code_body(body)) == expected


def test_peacekeepers_arriving_are_a_deployment_received_by_the_host(code_body: CodeBody) -> None:
    # PETRARCH2 codes peacekeepers arriving 074 (sender) and 0861 (host), not a visit (042)
    events = code_body("The first contingent of Fijian peacekeepers arrived in Lebanon on Monday.")
    assert tuples(events) == {("FJI", "LBN", "074"), ("LBN", "FJI", "0861")}


def test_a_minister_arriving_is_still_a_visit(code_body: CodeBody) -> None:
    events = code_body("The Indian foreign minister arrived in Dhaka on Monday.")
    assert tuples(events) == {("IND", "BGD", "042")}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # preventing a demonstration restricts political freedom, falling on the own people
        (
            "Kenyan police prevented a demonstration organised by students in Nairobi.",
            ("KEN", "KEN", "1721"),
        ),
        # breaking up a protest is repression, like dispersing it
        ("Egyptian police broke up a protest by students in Cairo.", ("EGY", "EGY", "175")),
        # property blown up near a capital is that state's
        ("Colombian guerillas blew up two oil pipelines near Bogota.", ("COL", "COL", "1712")),
    ],
)
def test_coercion_of_gatherings_and_property(
    code_body: CodeBody, body: str, expected: tuple[str, ...]
) -> None:
    assert expected in tuples(code_body(body))


def test_a_suicide_bomber_blowing_himself_up_attacks_the_place(code_body: CodeBody) -> None:
    events = code_body("Two Syrian suicide bombers blew themselves up in Beirut on Sunday.")
    assert tuples(events) == {("SYR", "LBN", "1831")}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # not accepting a proposal is rejecting the plan, not a denied agreement
        ("Hungary will not accept the Austrian proposal.", {("HUN", "AUT", "127")}),
        # turning refugees away is a refusal that needs no addressee
        ("Hungary says it will not accept any more refugees.", {("HUN", None, "120")}),
    ],
)
def test_not_accepting_is_rejecting(
    code_body: CodeBody, body: str, expected: set[tuple[str | None, ...]]
) -> None:
    events = code_body(body)
    assert tuples(events) == expected
    assert {e.modality for e in events} == {"occurred"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # students protesting a law demonstrate (141) against their own government
        ("Thousands of students protested the new tax law in Accra.", ("GHA", "GHA", "141")),
        # a march by a crowd is a protest; its purpose clause is part of it
        (
            "Hundreds of students marched in Dakar to protest the arrest of their leaders.",
            ("SEN", "SEN", "141"),
        ),
    ],
)
def test_crowds_that_protest_or_march_demonstrate(
    code_body: CodeBody, body: str, expected: tuple[str, ...]
) -> None:
    assert tuples(code_body(body)) == {expected}


def test_a_state_protesting_a_visit_is_still_a_complaint(code_body: CodeBody) -> None:
    events = code_body("China protested the visit of the Taiwanese president to Paraguay.")
    assert {e.cameo_code[:2] for e in events} == {"11"}


def test_troops_marching_are_no_protest(code_body: CodeBody) -> None:
    assert code_body("Russian troops marched into the town.") == []


def test_a_commitment_gone_back_on_is_no_new_commitment(code_body: CodeBody) -> None:
    events = code_body(
        "The Malawian president has reneged on his commitment to the Malawian people."
    )
    assert "030" not in {e.cameo_code for e in events}


@pytest.mark.parametrize(
    "body",
    [
        "Germany said Russia must withdraw its troops from Moldova.",
        "France said Iran must release the detained French nationals.",
    ],
)
def test_what_a_demand_says_must_happen_is_not_coded_as_done(
    code_body: CodeBody, body: str
) -> None:
    events = code_body(body)
    assert {e.cameo_code for e in events} == {"100"}
