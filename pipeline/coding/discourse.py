"""What an article has said so far: the actors a pronoun or "the two leaders" can refer to."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.normalize.actors import Actor

#: Resolutions that name one human being, even without a name ("Algeria's president").
INDIVIDUAL_RESOLUTIONS = frozenset({"title", "person", "leader_table"})


def is_individual(actor: Actor) -> bool:
    """Whether "he" or "she" can refer to this actor."""
    return actor.person is not None or actor.resolution in INDIVIDUAL_RESOLUTIONS


def actor_identity(actor: Actor) -> tuple[str | None, str | None, str | None]:
    """Actors are the same participant when state, organisation and person agree."""
    return (actor.country, actor.org, actor.person or actor.name)


@dataclass
class ArticleDiscourse:
    """Actors mentioned in an article, most recent last, for pronouns and plural references."""

    mentions: list[tuple[Actor, str]] = field(default_factory=list)

    def add(self, actor: Actor, text: str) -> None:
        """Record an actor mention in reading order."""
        if not actor.is_news_source and actor.country is not None:
            self.mentions.append((actor, text))

    def last_person(self) -> tuple[Actor, str] | None:
        """The most recently mentioned person (for "he", "she")."""
        for actor, text in reversed(self.mentions):
            if is_individual(actor):
                return actor, text
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

    def last_two_parties(self) -> list[tuple[Actor, str]]:
        """The two most recent actors of different countries or organisations ("both sides")."""
        found: list[tuple[Actor, str]] = []
        parties: set[tuple[str | None, str | None]] = set()
        for actor, text in reversed(self.mentions):
            party = (actor.country, actor.org)
            if party in parties:
                continue
            parties.add(party)
            found.append((actor, text))
            if len(found) == 2:
                return list(reversed(found))
        return []
