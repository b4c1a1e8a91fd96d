"""Giving a target to events that name none: a shared or earlier addressee, or the domestic one."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from pipeline.coding.arguments import Participant
from pipeline.coding.coded_event import CodedEvent, DatedCodedEvent
from pipeline.coding.confidence import confidence
from pipeline.coding.discourse import actor_identity
from pipeline.normalize.actors import Actor
from pipeline.reference.triggers import Trigger
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
    implied = Actor.of_state(name.format(country), country, "country", sector=sector)
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
        answered = _answered_event(event, [r.event for r in resolved])
        if sibling is None and answered is not None:
            # "Kim invited Putin ... Putin accepted the invitation": the answer goes to its
            # author.
            sibling = replace(answered, target=answered.source)
        if sibling is None and not _names_a_place_or_recipient(event.trigger, event.trigger_entry):
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


#: Nouns for a proposal someone answers, with the words that make the proposal itself.
ANSWERED_NOUNS: dict[str, frozenset[str]] = {
    "invitation": frozenset({"invite", "invitation"}),
    "offer": frozenset({"offer"}),
    "proposal": frozenset({"propose", "proposal"}),
    "request": frozenset({"request", "ask"}),
    "demand": frozenset({"demand"}),
    "ultimatum": frozenset({"ultimatum"}),
    "plan": frozenset({"propose", "proposal", "plan"}),
}


def answered_proposal(trigger: Token) -> frozenset[str]:
    """Lemmas of the proposal a trigger answers by a definite object ("accepted the offer").

    Empty when the trigger answers none, or names it indefinitely ("rejected an offer").
    """
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    makers: frozenset[str] = frozenset()
    for noun in objects:
        definite = any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that"))
            for c in noun.children
        )
        if definite:
            makers = makers | ANSWERED_NOUNS.get(noun.lemma_.lower(), frozenset())
    return makers


def _answered_event(event: CodedEvent, earlier: list[CodedEvent]) -> CodedEvent | None:
    """The earlier proposal that an answer to "the invitation", "the offer" refers back to.

    Only a definite object ("the offer", "this proposal", "its invitation") refers back; the
    proposal is the latest one made by another party than the one answering.
    """
    makers = answered_proposal(event.trigger)
    if not makers:
        return None
    own = actor_identity(event.source.actor)[:2]
    return next(
        (
            other
            for other in reversed(earlier)
            if other.trigger.lemma_.lower() in makers
            and other.trigger is not event.trigger
            and actor_identity(other.source.actor)[:2] != own
        ),
        None,
    )


def _names_a_place_or_recipient(trigger: Token, entry: Trigger) -> bool:
    """Whether the trigger's own phrase names a place or a recipient that is no state.

    By a proper noun ("aid to Africa"), or by the object the entry takes for its addressee
    ("invited the opposition to talks", not "recalled its ambassador").
    """
    return any(
        token.dep_ == "pobj" and token.head.dep_ == "prep" and token.pos_ == "PROPN"
        for token in trigger.subtree
    ) or any(
        c.dep_ in ("dobj", "dative") and c.dep_ in entry.targets and c.pos_ in ("NOUN", "PROPN")
        for c in trigger.children
    )
