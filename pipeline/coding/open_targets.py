"""Giving a target to events that name none: a shared or earlier addressee, or the domestic one."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from pipeline.coding.arguments import Participant
from pipeline.coding.coded_event import DatedCodedEvent
from pipeline.coding.confidence import confidence
from pipeline.coding.discourse import actor_identity
from pipeline.normalize.actors import Actor
from schemas.types import Sector

#: Roots of conflictual acts, whose unnamed target is the adversary already named in the article.
CONFLICT_ROOTS = frozenset({f"{r:02d}" for r in range(9, 21)})


#: Protests with no stated target are against the protesters' own government, and curfews,
#: crackdowns or emergency rule with none fall on the authority's own people (CAMEO practice).
PROTEST_ROOTS = frozenset({"14"})
#: Calling off a strike or protest yields to whom the protest was against.
DISSENT_EASING_CODES = frozenset({"082"})
DOMESTIC_COERCION_CODES = ("17", "132", "137", "081")
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "IGO"})


def _is_state(actor: Actor) -> bool:
    """A state or its organs ("China", "the Kremlin", "the army"), not its people."""
    if actor.sector in STATE_SECTORS:
        return True
    return actor.sector is None and actor.resolution in ("country", "capital", "metonym")


def _own_country(source: Participant, name: str, sector: Sector) -> Participant | None:
    country = source.actor.country
    if country is None or country == "IGO":
        return None
    implied = Actor(
        name=name.format(country),
        country=country,
        org=None,
        sector=sector,
        role=None,
        person=None,
        resolution="country",
    )
    return Participant(implied, implied.name, "implied")


def resolve_open_targets(events: list[DatedCodedEvent]) -> list[DatedCodedEvent]:
    """Give a target to events that name none, where the article makes it plain.

    Two coordinated acts of one kind in a sentence share their addressee ("called on the army
    to stop and appealed for calm"). An act without an addressee ("his latest offer to mediate",
    "a warning", "the aid flight") is aimed at the party its source last acted toward in the
    article, unless its own phrase names where or to whom it goes in words that are no actor
    ("aid to Africa", "peace in Ukraine"): that addressee is named, just not a state.
    """
    resolved: list[DatedCodedEvent] = []
    for index, dated in enumerate(events):
        event = dated.event
        if event.target is not None:
            resolved.append(dated)
            continue
        source = actor_identity(event.source.actor)[:2]
        sibling = next(
            (
                other.event
                for other in events
                if other.event.target is not None
                and other.event.trigger.sent == event.trigger.sent
                and actor_identity(other.event.source.actor)[:2] == source
                and other.event.code[:2] == event.code[:2]
            ),
            None,
        )
        if sibling is None and not _names_a_place_or_recipient(event.trigger):
            sibling = next(
                (
                    other.event
                    for other in reversed(resolved[:index])
                    if other.event.target is not None
                    and actor_identity(other.event.source.actor)[:2] == source
                ),
                None,
            )
        borrowed: Participant | None = None
        if sibling is not None and sibling.target is not None:
            borrowed = Participant(sibling.target.actor, sibling.target.text, "anaphora")
        elif (
            event.code[:2] in PROTEST_ROOTS or event.code in DISSENT_EASING_CODES
        ) and not _is_state(event.source.actor):
            borrowed = _own_country(event.source, "Government of {}", "GOV")
        elif event.code.startswith(DOMESTIC_COERCION_CODES):
            borrowed = _own_country(event.source, "People of {}", "CVL")
        if borrowed is not None:
            event = replace(
                event,
                target=borrowed,
                confidence=confidence(
                    event.source, borrowed, event.trigger, event.modality, event.code
                ),
            )
        resolved.append(DatedCodedEvent(event, dated.date, dated.date_source))
    return resolved


def _names_a_place_or_recipient(trigger: Token) -> bool:
    """Whether the trigger's own phrase names a place or a recipient by a proper noun."""
    return any(
        token.dep_ == "pobj" and token.head.dep_ == "prep" and token.pos_ == "PROPN"
        for token in trigger.subtree
    )
