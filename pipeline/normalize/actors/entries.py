"""Gazetteer entries: what a run of tokens names, and a hit of one in a sentence."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.normalize.actors.model import CountryVia
from pipeline.reference.actors import Country, Igo, Institution, Leader, NewsAgency, Role


@dataclass(frozen=True, slots=True)
class CountryForm:
    """A country's name, demonym, capital or metonym."""

    country: Country
    via: CountryVia


@dataclass(frozen=True, slots=True)
class IgoForm:
    """A name of an international organisation or one of its organs."""

    igo: Igo


@dataclass(frozen=True, slots=True)
class AgencyForm:
    """A news agency's name."""

    agency: NewsAgency


@dataclass(frozen=True, slots=True)
class LeaderForm:
    """A leader's full name or alias; several rows when offices or people share it."""

    rows: tuple[Leader, ...]


@dataclass(frozen=True, slots=True)
class InstitutionForm:
    """The head noun of an institution or group ("foreign ministry", "rebels")."""

    institution: Institution


@dataclass(frozen=True, slots=True)
class TitleForm:
    """A person's title ("President", "Sheikh")."""

    role: Role


@dataclass(frozen=True, slots=True)
class StopForm:
    """A phrase that is never an actor ("Indian Ocean"): it only blocks shorter matches."""

    phrase: str


Entry = CountryForm | IgoForm | AgencyForm | LeaderForm | InstitutionForm | TitleForm
AnyEntry = Entry | StopForm


@dataclass(frozen=True, slots=True)
class Atom:
    """A gazetteer hit: tokens [first, last) name `entry`."""

    first: int
    last: int
    entry: Entry
