"""The leaders table: who held which office on a date, found by name, alias or name words.

Full names and aliases go into the gazetteer (`forms`); after a title, a person's name words
alone can name a leader ("President Xi"), gated by the date and the phrase's country.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pipeline.normalize.actors.model import Actor
from pipeline.normalize.actors.names import NAME_PARTICLES, name_words
from pipeline.reference.actors import ActorReference, Country, Igo, Leader, surface_tokens
from schemas.types import Sector


class LeaderTable:
    """The leaders table indexed by full name, by name word and by person.

    Args:
        reference: The validated actor tables.
    """

    def __init__(self, reference: ActorReference) -> None:
        self._reference = reference
        self._ranks = reference.role_ranks
        self._by_name: dict[str, tuple[Leader, ...]] = {}
        self._by_token: dict[str, list[Leader]] = {}
        self._by_person: dict[str, list[Leader]] = {}
        self._words: dict[str, frozenset[str]] = {}
        by_form: dict[tuple[str, ...], list[Leader]] = {}
        words: dict[str, set[str]] = {}
        for leader in reference.leaders:
            self._by_person.setdefault(leader.name, []).append(leader)
            for form in {leader.name, *leader.aliases}:
                by_form.setdefault(surface_tokens(form), []).append(leader)
                words.setdefault(leader.name, set()).update(name_words(surface_tokens(form)))
        for leader in reference.leaders:
            self._words[leader.name] = frozenset(words[leader.name])
        for name, rows in self._by_person.items():
            for token in words[name]:
                if len(token) >= 2:
                    self._by_token.setdefault(token, []).extend(rows)
        # Every full name and alias as surface tokens, with the rows that bear it: the
        # gazetteer's leader entries.
        self.forms: dict[tuple[str, ...], tuple[Leader, ...]] = {}
        for key, rows in by_form.items():
            self.forms[key] = tuple(rows)
            self._by_name[" ".join(key)] = tuple(rows)

    def by_name(self, key: tuple[str, ...]) -> tuple[Leader, ...] | None:
        """The rows whose full name or alias is exactly these tokens, if any."""
        return self._by_name.get(" ".join(key))

    def words_of(self, rows: Sequence[Leader]) -> set[str]:
        """All name words of the persons of these rows, as `name_words` gives them."""
        words: set[str] = set()
        for row in rows:
            words |= self._words[row.name]
        return words

    def gated(
        self,
        key: tuple[str, ...],
        country: Country | None,
        igo: Igo | None,
        role: str,
        when: dt.date,
    ) -> tuple[Leader, ...] | None:
        """Match "President Xi" or "King Salman": name words of one leader, after a title.

        Words compare without case and without particles ("Omar El Bashir" is "Omar al-Bashir",
        "Zia-Ul-Haq" is "Zia-ul-Haq"). A leader in office on the date is preferred; when none
        is, the holders of the name at any time qualify if they all belong to one state or
        organisation, and the one whose term is nearest the date is chosen ("President Bush"
        in 2000). A country word in the phrase narrows the candidates ("Somali President
        Mohamud").

        Args:
            key: The name's tokens.
            country: The phrase's country, or None.
            igo: The phrase's organisation, or None.
            role: The title's role, preferred when several persons qualify.
            when: The publication date.

        Returns:
            All rows of the one person chosen, or None.
        """
        words = name_words(key)
        if not words:
            return None
        last = next(
            token.lower()
            for token in reversed(key)
            if token[:1].isalpha() and token.lower() not in NAME_PARTICLES
        )
        candidates = [
            leader
            for leader in self._by_token.get(last, ())
            if words <= self._words[leader.name]
            and (country is None or leader.country == country.alpha3)
            and (
                igo is None
                or (
                    leader.org is not None
                    and self._reference.igo_root(leader.org) == self._reference.igo_root(igo.org)
                )
            )
        ]
        current = [leader for leader in candidates if leader.in_office_on(when)]
        if current:
            chosen = _one_person(current, role)
        else:
            pool = [leader for leader in candidates if leader.role == role] or candidates
            owners = {
                (leader.country, self._reference.igo_root(leader.org) if leader.org else None)
                for leader in pool
            }
            chosen = (
                min(pool, key=lambda leader: _distance(leader, when)).name
                if len(owners) == 1
                else None
            )
        if chosen is None:
            return None
        return tuple(self._by_person[chosen])

    def actor(
        self,
        rows: tuple[Leader, ...],
        country: Country | None,
        when: dt.date,
        former: bool,
    ) -> Actor | None:
        """Pick the office a leader held on the date, or the last one held before it.

        Args:
            rows: The leader's rows (one per office and term).
            country: The phrase's country, which narrows the rows when some match it.
            when: The publication date.
            former: Whether the phrase says "former".

        Returns:
            The person as an actor with resolution "leader_table".
        """
        if country is not None:
            local = tuple(row for row in rows if row.country == country.alpha3)
            if local:
                rows = local
        current = [row for row in rows if row.in_office_on(when)]
        past = [row for row in rows if row.term_end is not None and row.term_end <= when]
        if current and not former:
            row = min(current, key=lambda r: (self._ranks.get(r.role, 5), r.term_start))
            role: str | None = row.role
            sector: Sector | None = row.sector
        elif past:
            row = max(past, key=lambda r: (r.term_end or dt.date.max, -self._ranks.get(r.role, 5)))
            role, sector = f"former_{row.role}", None
        elif current:
            row = min(current, key=lambda r: self._ranks.get(r.role, 5))
            role, sector = f"former_{row.role}", None
        else:
            # Mentioned before taking office: the person, not yet the office.
            row = min(rows, key=lambda r: r.term_start)
            role, sector = None, None
        if row.country == "IGO" and sector is not None:
            sector = "IGO"
        return Actor(
            name=row.name,
            country=row.country,
            org=self._reference.igo_root(row.org) if row.org is not None else None,
            sector=sector,
            role=role,
            person=row.name,
            resolution="leader_table",
        )


def _one_person(leaders: Sequence[Leader], role: str) -> str | None:
    """The one person among these rows, preferring those holding `role` when several do."""
    people: dict[str, list[Leader]] = {}
    for leader in leaders:
        people.setdefault(leader.name, []).append(leader)
    if len(people) > 1:
        people = {name: rows for name, rows in people.items() if any(r.role == role for r in rows)}
    return next(iter(people)) if len(people) == 1 else None


def _distance(leader: Leader, when: dt.date) -> int:
    """Days between a term and a date, 0 when the term covers it."""
    if when < leader.term_start:
        return (leader.term_start - when).days
    if leader.term_end is not None and when >= leader.term_end:
        return (when - leader.term_end).days + 1
    return 0
