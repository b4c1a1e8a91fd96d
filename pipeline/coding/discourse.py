"""What an article has said so far: the actors a pronoun or "the two leaders" can refer to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.normalize.actors import Actor

#: Resolutions that name one human being, even without a name ("Algeria's president").
INDIVIDUAL_RESOLUTIONS = frozenset({"title", "person", "leader_table"})


def is_individual(actor: Actor) -> bool:
    """Whether "he" or "she" can refer to this actor."""
    return actor.person is not None or actor.resolution in INDIVIDUAL_RESOLUTIONS


#: What makes two actors the same participant (see `actor_identity`).
Identity = tuple[str | None, str | None, str | None]


def actor_identity(actor: Actor) -> Identity:
    """Actors are the same participant when state, organisation and person agree."""
    return (actor.country, actor.org, actor.person or actor.name)


@dataclass
class ArticleDiscourse:
    """Actors mentioned in an article, most recent last, for pronouns and plural references."""

    mentions: list[tuple[Actor, str]] = field(default_factory=list)
    sources: list[tuple[Actor, str]] = field(default_factory=list)
    """Who has led each sentence's events so far, in reading order."""
    participants: list[tuple[Actor, str]] = field(default_factory=list)
    """The source of every coded event so far, in reading order."""

    def add(self, actor: Actor, text: str) -> None:
        """Record an actor mention in reading order."""
        if not actor.is_news_source and actor.country is not None:
            self.mentions.append((actor, text))

    def acted(self, actor: Actor, text: str) -> None:
        """Record the source of an event coded in the article."""
        if actor.country is not None:
            self.sources.append((actor, text))

    def took_part(self, actor: Actor, text: str) -> None:
        """Record the source of any event coded in the article."""
        if actor.country is not None:
            self.participants.append((actor, text))

    def protagonist(self, exclude: Iterable[Identity] = ()) -> tuple[Actor, str] | None:
        """Who the story is about so far, other than the excluded actors.

        The actor that led the most sentences' events (see `acted`); ties go to the latest.
        """
        excluded = set(exclude)
        counts: Counter[Identity] = Counter()
        latest: dict[Identity, tuple[int, Actor, str]] = {}
        for order, (actor, text) in enumerate(self.sources):
            identity = actor_identity(actor)
            if identity not in excluded:
                counts[identity] += 1
                latest[identity] = (order, actor, text)
        if not counts:
            return None
        best = max(counts, key=lambda identity: (counts[identity], latest[identity][0]))
        _, actor, text = latest[best]
        return actor, text

    def last_person(self) -> tuple[Actor, str] | None:
        """The most recently mentioned person (for "he", "she")."""
        for actor, text in reversed(self.mentions):
            if is_individual(actor):
                return actor, text
        return None

    def last_leading_person(self) -> tuple[Actor, str] | None:
        """The person who last led a sentence's events, if that was a person."""
        if self.sources and is_individual(self.sources[-1][0]):
            return self.sources[-1]
        return None

    def last_collective(self) -> tuple[Actor, str] | None:
        """The most recently mentioned state, government or organisation (for "it", "they")."""
        for actor, text in reversed(self.mentions):
            if not is_individual(actor):
                return actor, text
        return None

    def last_with_role(self, role: str) -> Actor | None:
        """The latest actor with this role ("the ambassador" after "the Chinese ambassador").

        A bare head noun also matches its specific kinds: "the ministry" is the latest
        `foreign_ministry` or `information_ministry` when no plain `ministry` came before.
        """
        for actor, _ in reversed(self.mentions):
            if actor.role == role:
                return actor
        for actor, _ in reversed(self.mentions):
            if actor.role and actor.role.endswith(f"_{role}"):
                return actor
        return None

    def last_country(self, exclude: Iterable[str | None] = ()) -> tuple[Actor, str] | None:
        """The state of the latest mention whose state is not excluded ("the island nation")."""
        excluded = set(exclude)
        for actor, text in reversed(self.mentions):
            if actor.country not in excluded and actor.country != "IGO":
                return Actor.of_state(actor.country or text, actor.country, "coreference"), text
        return None

    def last_two_actors(self) -> list[tuple[Actor, str]]:
        """The two latest sources of coded events of different states or organisations.

        "their talks" are those of who has been acting in the story, not of the last two
        states merely mentioned ("a club of mediators for Russia and Ukraine").
        """
        return _last_two(self.participants)

    def last_two_parties(self) -> list[tuple[Actor, str]]:
        """The two most recent actors of different countries or organisations ("both sides")."""
        return _last_two(self.mentions)


def _last_two(actors: list[tuple[Actor, str]]) -> list[tuple[Actor, str]]:
    """The two latest actors of different states or organisations, in reading order."""
    found: list[tuple[Actor, str]] = []
    parties: set[tuple[str | None, str | None]] = set()
    for actor, text in reversed(actors):
        party = (actor.country, actor.org)
        if party in parties:
            continue
        parties.add(party)
        found.append((actor, text))
        if len(found) == 2:
            return list(reversed(found))
    return []
