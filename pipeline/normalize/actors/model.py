"""The actor model: what a resolved actor mention is, and how it was resolved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from schemas.types import Sector

Resolution = Literal[
    "country",
    "demonym",
    "capital",
    "metonym",
    "igo",
    "institution",
    "title",
    "person",
    "leader_table",
    "coreference",
]
"""How a mention was resolved; `capital` lets the coder treat "in Moscow" as a place."""

CountryVia = Literal["country", "demonym", "capital", "metonym"]
"""Which kind of country word named the country."""


@dataclass(frozen=True)
class Actor:
    """A resolved political actor.

    Attributes:
        name: Canonical display name ("Vladimir Putin", "Government of India", "Russia").
        country: Alpha-3 code, "IGO" for an international organisation, or None when unknown.
        org: Top-level organisation code when country is IGO ("UN", "EU", "NATO").
        sector: PLOVER sector, None when the mention does not say (a bare country name) or the
            person is out of office.
        role: Office or body label ("head_of_state", "foreign_ministry", "former_head_of_state").
        person: The person's name when the actor is a person.
        resolution: How the mention was resolved.
        is_news_source: True for news agencies, which are never event actors.
    """

    name: str
    country: str | None
    org: str | None
    sector: Sector | None
    role: str | None
    person: str | None
    resolution: Resolution
    is_news_source: bool = False

    @classmethod
    def of_state(
        cls,
        name: str,
        country: str | None,
        resolution: Resolution,
        sector: Sector | None = None,
    ) -> Actor:
        """A state (or a body or people of it) known only by its country code."""
        return cls(
            name=name,
            country=country,
            org=None,
            sector=sector,
            role=None,
            person=None,
            resolution=resolution,
        )


@dataclass(frozen=True)
class ActorSpan:
    """One actor mention: character offsets into the text given to `find`, and its actor.

    Attributes:
        char_start: Offset of the first character.
        char_end: Offset after the last character.
        text: The mention as written.
        actor: What it resolves to.
    """

    char_start: int
    char_end: int
    text: str
    actor: Actor
