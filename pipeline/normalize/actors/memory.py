"""Coreference: one article's memory of the persons and countries mentioned so far."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from pipeline.normalize.actors.model import Actor
from pipeline.reference.actors import surface_tokens


class ArticleActors:
    """Per-article memory of the persons and countries mentioned so far.

    After "Russian President Vladimir Putin", later "Putin", "President Putin" and "Mr Putin"
    resolve to the same actor with resolution "coreference". Use one instance per article, fed
    sentence by sentence in reading order.
    """

    def __init__(self) -> None:
        self._names: dict[tuple[str, ...], Actor] = {}
        self._first_tokens: set[str] = set()
        self._max_key = 0
        self._persons: list[Actor] = []
        self._countries: OrderedDict[str, None] = OrderedDict()

    def remember(self, actor: Actor, names: Iterable[str] = ()) -> None:
        """Record an actor: its country for `recent_countries`, and a person under its names.

        Args:
            actor: The resolved actor.
            names: Full names the person goes by (the mention, canonical name, table aliases).
                The last word of each full name is remembered too, unless another person of
                this article already has it ("Jill Biden" does not take "Biden" from Joe).
        """
        if actor.country is not None and actor.country != "IGO" and not actor.is_news_source:
            self._countries[actor.country] = None
            self._countries.move_to_end(actor.country, last=False)
        if actor.person is None:
            return
        stored = replace(actor, resolution="coreference")
        self._persons.append(stored)
        for name in {actor.person, *names}:
            key = surface_tokens(name)
            if not key:
                continue
            self._store(key, stored, overwrite=True)
            surname = _surname(key)
            if surname is not None:
                self._store(surname, stored, overwrite=False)
            family_name = _family_name_first(key, actor.country)
            if family_name is not None:
                self._store(family_name, stored, overwrite=False)

    def _store(self, key: tuple[str, ...], actor: Actor, *, overwrite: bool) -> None:
        if not overwrite and key in self._names:
            return
        self._names[key] = actor
        self._first_tokens.add(key[0])
        self._max_key = max(self._max_key, len(key))

    def lookup(self, name: str) -> Actor | None:
        """Return the remembered person this name refers to, if any.

        Args:
            name: A full name or a surname as written ("Putin", "Vladimir Putin").

        Returns:
            The person's actor with resolution "coreference", or None.
        """
        return self._names.get(surface_tokens(name))

    def lookup_tokens(self, key: tuple[str, ...]) -> Actor | None:
        """Like `lookup`, for a name already split by `surface_tokens`.

        Args:
            key: The name's tokens.

        Returns:
            The person's actor with resolution "coreference", or None.
        """
        return self._names.get(key)

    def match_at(self, tokens: Sequence[str], index: int) -> tuple[int, Actor] | None:
        """Find the longest remembered name starting at a token.

        Args:
            tokens: A sentence's tokens.
            index: Where the name would start.

        Returns:
            (index after the name, the person's actor), or None.
        """
        if tokens[index] not in self._first_tokens:
            return None
        for length in range(min(self._max_key, len(tokens) - index), 0, -1):
            actor = self._names.get(tuple(tokens[index : index + length]))
            if actor is not None:
                return index + length, actor
        return None

    def latest_person(self, role: str, country: str | None, org: str | None) -> Actor | None:
        """Return the most recent person with this role (and country or org, when given).

        Args:
            role: Role label to match ("head_of_state").
            country: Required country, or None for any.
            org: Required organisation, or None for any.

        Returns:
            The person's actor, or None.
        """
        for actor in reversed(self._persons):
            if actor.role != role:
                continue
            if country is not None and actor.country != country:
                continue
            if org is not None and actor.org != org:
                continue
            return actor
        return None

    def recent_countries(self) -> list[str]:
        """The distinct states of the persons and countries seen so far, most recent first.

        The caller resolves plural references with it ("the two leaders", "both countries").

        Returns:
            Alpha-3 codes, never "IGO".
        """
        return list(self._countries)


#: States whose people are named family name first in English news: "Kim Jong Un" is
#: "Kim" on second mention, "Tsai Ing-wen" is "Tsai", "Hun Manet" is "Hun".
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "KHM"})


def _family_name_first(key: tuple[str, ...], country: str | None) -> tuple[str, ...] | None:
    """The first word of a multi-word name from a state that puts the family name first."""
    words = [token for token in key if token[:1].isalpha()]
    if country not in FAMILY_NAME_FIRST or len(words) < 2 or not words[0][:1].isupper():
        return None
    return (words[0],)


def _surname(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """The last word of a multi-word name, when it is a plausible stand-alone reference."""
    words = [token for token in key if token[:1].isalpha()]
    if len(words) < 2:
        return None
    last = words[-1]
    if len(last) < 3 or not last[:1].isupper():
        return None
    # Hyphenated surnames are remembered whole ("Jean-Pierre", "Amir-Abdollahian").
    if len(key) >= 3 and key[-2] == "-":
        return key[-3:]
    return (last,)
