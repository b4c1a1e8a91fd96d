"""Resolution: turn a parsed phrase into an actor, and say which names to remember it by.

A named person comes from the article's memory, the leaders table or, after a title, as a new
person; otherwise the phrase's titles and institutions give an office or body of its country or
organisation, and a bare country word the country itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from pipeline.normalize.actors.entries import (
    Atom,
    CountryForm,
    IgoForm,
    InstitutionForm,
    LeaderForm,
    TitleForm,
)
from pipeline.normalize.actors.leaders import LeaderTable
from pipeline.normalize.actors.memory import ArticleActors
from pipeline.normalize.actors.model import Actor, CountryVia, Resolution
from pipeline.normalize.actors.names import join_name
from pipeline.normalize.actors.phrases import Phrase
from pipeline.reference.actors import ActorReference, Country, Igo, Institution, Leader, Role
from schemas.types import Sector


class PhraseResolver:
    """Resolves parsed phrases to actors.

    Args:
        reference: The validated actor tables.
        leaders: The leaders table over the same reference.
    """

    def __init__(self, reference: ActorReference, leaders: LeaderTable) -> None:
        self._reference = reference
        self._leaders = leaders

    def resolve(
        self,
        phrase: Phrase,
        mod: Atom | None,
        when: dt.date,
        memory: ArticleActors,
        *,
        name_allowed: bool = True,
    ) -> tuple[Actor | None, tuple[str, ...]]:
        """Turn parsed parts into an actor (or None) and the names to remember it by.

        Args:
            phrase: The parsed phrase.
            mod: The country or IGO word to resolve the phrase for (one of `phrase.mods`), or
                None.
            when: The publication date.
            memory: The article's memory.
            name_allowed: False for a coordinated country word that only shares the head
                ("Hungarian" in "Hungarian and Romanian officials"), not the person.

        Returns:
            The actor or None, and the person's names (empty for anything but a person).
        """
        country: Country | None = None
        igo: Igo | None = None
        via: CountryVia | None = None
        if mod is not None and isinstance(mod.entry, CountryForm):
            country, via = mod.entry.country, mod.entry.via
        elif mod is not None and isinstance(mod.entry, IgoForm):
            igo = mod.entry.igo
        elif phrase.postmodifier is not None:
            country, via = phrase.postmodifier, "country"
        institutions = [
            h.entry.institution for h in phrase.heads if isinstance(h.entry, InstitutionForm)
        ]
        titles = [
            h.entry.role
            for h in phrase.heads
            if isinstance(h.entry, TitleForm) and not h.entry.role.is_honorific
        ]
        if country is None and igo is None:
            fixed = next((i.country for i in institutions if i.country is not None), None)
            if fixed is not None:
                country, via = self._reference.country(fixed), "country"
        title_role = titles[-1].role if titles else None

        if name_allowed and phrase.body is not None and phrase.body_state is not None:
            return self._body_of_leader(phrase.body, phrase.body_state), ()
        if name_allowed and phrase.name is not None:
            person = self._resolve_person(
                phrase,
                country=country,
                igo=igo,
                titles=titles,
                institutions=institutions,
                when=when,
                memory=memory,
            )
            if person is not None:
                return person
        elif name_allowed and phrase.definite and titles and not institutions:
            org = self._reference.igo_root(igo.org) if igo is not None else None
            code = country.alpha3 if country is not None else ("IGO" if igo else None)
            known = memory.latest_person(titles[-1].role, code, org)
            if known is not None and not phrase.former:
                return known, ()

        sector: Sector | None
        role: str | None
        if institutions or titles:
            sector = institutions[0].sector if institutions else titles[-1].sector
            role = title_role if title_role is not None else institutions[-1].role
            resolution: Resolution = "title" if _last_is_title(phrase) else "institution"
        elif igo is not None:
            sector, role, resolution = "IGO", None, "igo"
        elif via is not None:
            sector, role, resolution = ("GOV" if via == "metonym" else None), None, via
        else:
            return None, ()
        if igo is not None:
            sector = "IGO"
        elif country is None and not (phrase.definite or _has_fixed_body(institutions)):
            # A bare "officials" or "General" says nothing of whom; "the army" may, in context.
            return None, ()
        if phrase.former and role is not None:
            role, sector = f"former_{role}", None
        return (
            Actor(
                name=_display_name(country, igo, role if (institutions or titles) else None),
                country=_code(country, igo),
                org=self._reference.igo_root(igo.org) if igo is not None else None,
                sector=sector,
                role=role,
                person=None,
                resolution=resolution,
            ),
            (),
        )

    def _body_of_leader(self, body: Atom, alpha3: str) -> Actor | None:
        """The government a named leader heads: "the Bush administration" is the US government."""
        if not isinstance(body.entry, InstitutionForm):
            return None
        state = self._reference.country(alpha3)
        institution = body.entry.institution
        return Actor(
            name=_display_name(state, None, institution.role),
            country=state.alpha3,
            org=None,
            sector=institution.sector,
            role=institution.role,
            person=None,
            resolution="institution",
        )

    def _resolve_person(
        self,
        phrase: Phrase,
        *,
        country: Country | None,
        igo: Igo | None,
        titles: list[Role],
        institutions: list[Institution],
        when: dt.date,
        memory: ArticleActors,
    ) -> tuple[Actor, tuple[str, ...]] | None:
        key = phrase.name_key
        name_text = join_name(key)
        remembered = memory.lookup_tokens(key)
        if remembered is not None and not phrase.former:
            return remembered, (name_text,)
        rows: tuple[Leader, ...] | None = None
        if phrase.leader_atom is not None and isinstance(phrase.leader_atom.entry, LeaderForm):
            rows = phrase.leader_atom.entry.rows
        if rows is None:
            rows = self._leaders.by_name(key)
        if rows is None and titles:
            rows = self._leaders.gated(key, country, igo, titles[-1].role, when)
        if rows:
            leader_actor = self._leaders.actor(rows, country, when, phrase.former)
            if leader_actor is not None and leader_actor.role is None and titles:
                # Named with a title before the table's term starts: the text wins over a
                # table that may lag a few days behind an appointment.
                leader_actor = replace(leader_actor, role=titles[-1].role, sector=titles[-1].sector)
            if leader_actor is not None:
                person = leader_actor.person or name_text
                aliases = tuple(a for row in rows if row.name == person for a in row.aliases)
                return leader_actor, (name_text, person, *aliases)
        if not phrase.mods and not titles and not institutions:
            # A bare capitalised name that is neither a leader nor remembered is not an actor.
            return None
        sector: Sector | None = None
        role: str | None = None
        if titles:
            role = titles[-1].role
            sector = institutions[0].sector if institutions else titles[-1].sector
        elif institutions:
            sector = institutions[0].sector
        if igo is not None and sector is not None:
            sector = "IGO"
        if phrase.former:
            role, sector = (f"former_{role}" if role else "former_official"), None
        actor = Actor(
            name=name_text,
            country=_code(country, igo),
            org=self._reference.igo_root(igo.org) if igo is not None else None,
            sector=sector,
            role=role,
            person=name_text,
            resolution="person",
        )
        return actor, (name_text,)


def _last_is_title(phrase: Phrase) -> bool:
    for head in reversed(phrase.heads):
        if isinstance(head.entry, TitleForm):
            if head.entry.role.is_honorific:
                continue
            return True
        return False
    return False


def _has_fixed_body(institutions: Sequence[Institution]) -> bool:
    return any(institution.country is not None for institution in institutions)


def _code(country: Country | None, igo: Igo | None) -> str | None:
    if igo is not None:
        return "IGO"
    return country.alpha3 if country is not None else None


def _display_name(country: Country | None, igo: Igo | None, role: str | None) -> str:
    owner = igo.name if igo is not None else (country.name if country is not None else None)
    if role is None:
        return owner or ""
    label = role.replace("_", " ").title()
    if role == "government" and country is not None:
        return f"Government of {country.name}"
    return f"{label} of {owner}" if owner else label
