"""An actor taking part in an event, and the list of them with each actor once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.coding.discourse import actor_identity
from pipeline.normalize.actors import Actor


@dataclass(frozen=True)
class Participant:
    """An actor taking part in an event, with the words that name it and how it was found."""

    actor: Actor
    text: str
    via: str
    """direct, coordination, pronoun, plural, controller, light_verb, speaker or modifier."""


def unique(participants: Iterable[Participant]) -> list[Participant]:
    """Participants with each actor once, first mention kept."""
    seen: set[tuple[str | None, str | None, str | None]] = set()
    found: list[Participant] = []
    for participant in participants:
        identity = actor_identity(participant.actor)
        if identity not in seen:
            seen.add(identity)
            found.append(participant)
    return found
