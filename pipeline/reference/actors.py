"""Load and validate the actor reference tables (countries, IGOs, institutions, roles, leaders)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast, get_args

from pydantic_core import PydanticCustomError

from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir
from schemas.types import Sector, check_actor_country

COUNTRIES_FILE = "countries.csv"
IGOS_FILE = "igos.csv"
INSTITUTIONS_FILE = "institutions.csv"
ROLES_FILE = "roles.csv"
LEADERS_FILE = "leaders.csv"
NEWS_AGENCIES_FILE = "news_agencies.csv"
STOP_PHRASES_FILE = "stop_phrases.csv"

# Words, single punctuation marks: the unit both the loader's uniqueness check and the resolver's
# gazetteer work in, so two forms that tokenise alike ("U.S." and "U. S.") count as one.
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
# Typographic variants that news sites mix freely inside names ("Côte d’Ivoire", "Jean‐Yves").
_CHAR_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-"})
_SECTORS: frozenset[str] = frozenset(get_args(Sector))
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ROLE_RE = re.compile(r"^[a-z][a-z_]*[a-z]$")
_LIST_SEPARATOR = "|"

StopKind = Literal["phrase", "next_word"]
_STOP_KINDS: frozenset[str] = frozenset(get_args(StopKind))


def iter_surface_tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Split text into gazetteer tokens with their character offsets.

    Folding maps one character to one character, so offsets into the folded text are offsets
    into `text`.

    Args:
        text: A surface form from a reference file or a stretch of article text.

    Yields:
        (token, start, end) for each word or punctuation mark, apostrophes and dashes folded.
    """
    for match in _TOKEN_RE.finditer(text.translate(_CHAR_FOLD)):
        yield match.group(), match.start(), match.end()


def surface_tokens(text: str) -> tuple[str, ...]:
    """Split a name into the tokens the gazetteer compares, apostrophes and dashes folded.

    Args:
        text: A surface form from a reference file or a stretch of article text.

    Returns:
        Word and punctuation tokens, e.g. `("U", ".", "S", ".")` for "U.S.".
    """
    return tuple(token for token, _, _ in iter_surface_tokens(text))


def is_case_insensitive(pattern: str) -> bool:
    """Tell whether an institution pattern or title matches in any case.

    Patterns written all in lower case match "Foreign Ministry" and "foreign ministry" alike; a
    capital letter pins the case, so "PM" does not match the "pm" of "5 pm".

    Args:
        pattern: A `pattern` of institutions.csv or a `title` of roles.csv.

    Returns:
        True when the pattern has no upper-case letter.
    """
    return pattern == pattern.lower()


@dataclass(frozen=True)
class Country:
    """A state an actor can belong to, with every way the news names it.

    Attributes:
        alpha3: ISO 3166 alpha-3 code, or XKX for Kosovo.
        name: Common English short name, used as display name ("South Korea").
        aliases: Other names and abbreviations ("ROK", "Republic of Korea").
        demonyms: Adjectives and nouns of nationality ("South Korean", "South Koreans").
        capitals: Seats of government used as metonyms or places ("Seoul").
        metonyms: Buildings or places standing for the government ("Blue House").
    """

    alpha3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    metonyms: tuple[str, ...]


@dataclass(frozen=True)
class Igo:
    """An international organisation or one of its organs.

    Attributes:
        org: Unique code; without "_" it is also a surface form ("NATO").
        name: Display name ("United Nations Security Council").
        aliases: Other surface forms ("Security Council").
        parent: Code of the body this one belongs to, or None at the top.
    """

    org: str
    name: str
    aliases: tuple[str, ...]
    parent: str | None

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """The name, the aliases and, unless it is an internal code, the org code."""
        forms = (self.name, *self.aliases)
        return forms if "_" in self.org or self.org in forms else (self.org, *forms)


@dataclass(frozen=True)
class Institution:
    """A body below the state that heads an actor phrase ("foreign ministry", "Pentagon").

    Attributes:
        pattern: Surface form; all lower case means any case matches.
        sector: PLOVER sector the body gives the actor.
        country: Fixed alpha-3 when the name is unique to one state, else None.
        role: Snake-case label of the body ("foreign_ministry").
    """

    pattern: str
    sector: Sector
    country: str | None
    role: str


@dataclass(frozen=True)
class Role:
    """A title that heads an actor phrase or precedes a name ("president", "Gen.").

    Attributes:
        title: Surface form; all lower case means any case matches.
        role: Snake-case label written as actor_role ("head_of_state"), "honorific" for Mr/Dr.
        sector: PLOVER sector the title implies, None for honorifics.
        rank: Seniority, 1 highest, 9 for honorifics.
    """

    title: str
    role: str
    sector: Sector | None
    rank: int

    @property
    def is_honorific(self) -> bool:
        """Whether the title only marks a name (Mr, Dr) without saying anything of the office."""
        return self.role == "honorific"


@dataclass(frozen=True)
class Leader:
    """One term of one office held by a named person.

    Attributes:
        name: Canonical display name ("Vladimir Putin").
        aliases: Other ways the news writes the person ("Putin").
        country: Alpha-3 code, or IGO for an organisation's officeholder.
        role: Snake-case office label ("head_of_state", "secretary_general").
        sector: PLOVER sector while in office.
        term_start: First day in office.
        term_end: First day out of office, or None while in office.
        org: For country IGO, the organisation's code in igos.csv.
    """

    name: str
    aliases: tuple[str, ...]
    country: str
    role: str
    sector: Sector
    term_start: dt.date
    term_end: dt.date | None
    org: str | None

    def in_office_on(self, day: dt.date) -> bool:
        """Tell whether the term covers `day` (start inclusive, end exclusive).

        Args:
            day: The date to test, usually the article's publication date.

        Returns:
            True when the person held this office on that day.
        """
        return self.term_start <= day and (self.term_end is None or day < self.term_end)


@dataclass(frozen=True)
class NewsAgency:
    """A news agency or outlet: quoted as a source, never an event actor.

    Attributes:
        name: Display name ("Agence France-Presse").
        aliases: Other surface forms ("AFP").
    """

    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class StopPhrase:
    """A phrase in which a country word does not name an actor.

    Attributes:
        phrase: The phrase ("Indian Ocean") or, for next_word, the following word ("rupee").
        kind: `phrase` blocks every span inside it; `next_word` cancels a country, demonym or
            capital directly followed by the word.
        note: Why the entry exists, for the analyst.
    """

    phrase: str
    kind: StopKind
    note: str


@dataclass(frozen=True)
class ActorReference:
    """All actor reference tables, validated and cross-checked.

    Attributes:
        countries: One entry per state.
        igos: International organisations and their organs.
        institutions: Sub-state bodies with sectors.
        roles: Titles with roles, sectors and ranks.
        leaders: Officeholders with terms.
        news_agencies: Outlets that are never actors.
        stop_phrases: Phrases where country words are not actors.
    """

    countries: tuple[Country, ...]
    igos: tuple[Igo, ...]
    institutions: tuple[Institution, ...]
    roles: tuple[Role, ...]
    leaders: tuple[Leader, ...]
    news_agencies: tuple[NewsAgency, ...]
    stop_phrases: tuple[StopPhrase, ...]

    @functools.cached_property
    def _countries_by_code(self) -> dict[str, Country]:
        return {country.alpha3: country for country in self.countries}

    @functools.cached_property
    def _igos_by_code(self) -> dict[str, Igo]:
        return {igo.org: igo for igo in self.igos}

    @functools.cached_property
    def role_ranks(self) -> dict[str, int]:
        """The best (lowest) rank of each role label, for choosing between offices."""
        ranks: dict[str, int] = {}
        for role in self.roles:
            ranks[role.role] = min(role.rank, ranks.get(role.role, role.rank))
        return ranks

    def country(self, alpha3: str) -> Country:
        """Return the country with this code.

        Args:
            alpha3: An alpha-3 code present in countries.csv.

        Returns:
            The country.

        Raises:
            KeyError: When the code is not in the table.
        """
        return self._countries_by_code[alpha3]

    def igo(self, org: str) -> Igo:
        """Return the organisation or organ with this code.

        Args:
            org: A code present in igos.csv.

        Returns:
            The organisation.

        Raises:
            KeyError: When the code is not in the table.
        """
        return self._igos_by_code[org]

    def igo_root(self, org: str) -> str:
        """Return the top-level organisation an organ belongs to (UNSC -> UN, UN -> UN).

        Args:
            org: A code present in igos.csv.

        Returns:
            The code at the top of the parent chain.
        """
        igo = self._igos_by_code[org]
        while igo.parent is not None:
            igo = self._igos_by_code[igo.parent]
        return igo.org


@functools.cache
def load_actor_reference(directory: Path | None = None) -> ActorReference:
    """Load, validate and cross-check every actor reference file, once per directory.

    Args:
        directory: Folder holding the seven CSV files; the shipped `data/reference` by default.

    Returns:
        The validated tables.

    Raises:
        ReferenceDataError: On any malformed file, naming the file, the line and the problem:
            wrong header, missing field, duplicate key or surface form, unknown country, org or
            sector code, malformed or inverted date.
    """
    folder = reference_dir() if directory is None else directory
    forms = _SurfaceForms()
    countries = _load_countries(folder / COUNTRIES_FILE, forms)
    igos = _load_igos(folder / IGOS_FILE, forms)
    agencies = _load_news_agencies(folder / NEWS_AGENCIES_FILE, forms)
    heads = _HeadPatterns()
    institutions = _load_institutions(folder / INSTITUTIONS_FILE, heads)
    roles = _load_roles(folder / ROLES_FILE, heads)
    leaders = _load_leaders(folder / LEADERS_FILE, forms, {igo.org for igo in igos})
    stop_phrases = _load_stop_phrases(folder / STOP_PHRASES_FILE)
    return ActorReference(
        countries=countries,
        igos=igos,
        institutions=institutions,
        roles=roles,
        leaders=leaders,
        news_agencies=agencies,
        stop_phrases=stop_phrases,
    )


class _SurfaceForms:
    """Registry that makes every case-sensitive surface form name one thing only."""

    def __init__(self) -> None:
        self._owners: dict[tuple[str, ...], tuple[str, Path, int]] = {}

    def claim(self, form: str, owner: str, path: Path, line: int) -> None:
        key = surface_tokens(form)
        if not key:
            raise ReferenceDataError(path, line, f"empty surface form for {owner}")
        previous = self._owners.get(key)
        if previous is not None and previous[0] != owner:
            other_owner, other_path, other_line = previous
            raise ReferenceDataError(
                path,
                line,
                f"duplicate surface form {form!r}: already names {other_owner} "
                f"({other_path.name}, line {other_line})",
            )
        self._owners.setdefault(key, (owner, path, line))


class _HeadPatterns:
    """Registry that keeps institution patterns and titles distinct once case is folded."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, ...], tuple[Path, int]] = {}

    def claim(self, pattern: str, path: Path, line: int) -> None:
        key = tuple(token.lower() for token in surface_tokens(pattern))
        if not key:
            raise ReferenceDataError(path, line, "empty pattern")
        previous = self._seen.get(key)
        if previous is not None:
            raise ReferenceDataError(
                path,
                line,
                f"duplicate pattern {pattern!r} (case folded): already at "
                f"{previous[0].name}, line {previous[1]}",
            )
        self._seen[key] = (path, line)


def _rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data line, skipping '#' comments and blank lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReferenceDataError(path, None, f"cannot read: {error}") from error
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = next(csv.reader([line]))
        if not header_seen:
            if fields != list(columns):
                raise ReferenceDataError(
                    path, number, f"header must be {','.join(columns)}, found {','.join(fields)}"
                )
            header_seen = True
            continue
        if len(fields) != len(columns):
            raise ReferenceDataError(
                path, number, f"expected {len(columns)} fields, found {len(fields)}"
            )
        yield number, {column: value.strip() for column, value in zip(columns, fields, strict=True)}
    if not header_seen:
        raise ReferenceDataError(path, None, "no header line")


def _required(row: dict[str, str], column: str, path: Path, line: int) -> str:
    value = row[column]
    if not value:
        raise ReferenceDataError(path, line, f"empty {column}")
    return value


def _split(row: dict[str, str], column: str, path: Path, line: int) -> tuple[str, ...]:
    if not row[column]:
        return ()
    items = tuple(item.strip() for item in row[column].split(_LIST_SEPARATOR))
    if any(not item for item in items):
        raise ReferenceDataError(path, line, f"empty item in {column} list {row[column]!r}")
    if len(set(items)) != len(items):
        raise ReferenceDataError(path, line, f"repeated item in {column} list {row[column]!r}")
    for item in items:
        if item.startswith("the "):
            raise ReferenceDataError(
                path, line, f"{column} item {item!r} starts with 'the': leave determiners out"
            )
    return items


def _country_code(code: str, path: Path, line: int, *, allow_igo: bool) -> str:
    if code == "IGO" and not allow_igo:
        raise ReferenceDataError(path, line, "country code IGO is not allowed here")
    try:
        return check_actor_country(code)
    except PydanticCustomError as error:
        raise ReferenceDataError(path, line, f"unknown country code {code!r}") from error


def _sector(value: str, path: Path, line: int) -> Sector:
    if value not in _SECTORS:
        raise ReferenceDataError(
            path, line, f"unknown sector code {value!r} (expected one of {sorted(_SECTORS)})"
        )
    return cast(Sector, value)


def _date(value: str, column: str, path: Path, line: int) -> dt.date:
    if not _ISO_DATE_RE.match(value):
        raise ReferenceDataError(path, line, f"malformed {column} {value!r}: expected YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ReferenceDataError(path, line, f"malformed {column} {value!r}: {error}") from error


def _load_countries(path: Path, forms: _SurfaceForms) -> tuple[Country, ...]:
    columns = ("alpha3", "name", "aliases", "demonyms", "capitals", "metonyms")
    countries: list[Country] = []
    seen: dict[str, int] = {}
    for line, row in _rows(path, columns):
        code = _country_code(_required(row, "alpha3", path, line), path, line, allow_igo=False)
        if code in seen:
            raise ReferenceDataError(
                path, line, f"duplicate alpha3 {code!r} (first at line {seen[code]})"
            )
        seen[code] = line
        country = Country(
            alpha3=code,
            name=_required(row, "name", path, line),
            aliases=_split(row, "aliases", path, line),
            demonyms=_split(row, "demonyms", path, line),
            capitals=_split(row, "capitals", path, line),
            metonyms=_split(row, "metonyms", path, line),
        )
        for form in (
            country.name,
            *country.aliases,
            *country.demonyms,
            *country.capitals,
            *country.metonyms,
        ):
            forms.claim(form, f"country {code}", path, line)
        countries.append(country)
    return tuple(countries)


def _load_igos(path: Path, forms: _SurfaceForms) -> tuple[Igo, ...]:
    igos: list[Igo] = []
    lines: dict[str, int] = {}
    for line, row in _rows(path, ("org", "name", "aliases", "parent")):
        org = _required(row, "org", path, line)
        if org in lines:
            raise ReferenceDataError(
                path, line, f"duplicate org {org!r} (first at line {lines[org]})"
            )
        lines[org] = line
        igo = Igo(
            org=org,
            name=_required(row, "name", path, line),
            aliases=_split(row, "aliases", path, line),
            parent=row["parent"] or None,
        )
        for form in igo.surface_forms:
            forms.claim(form, f"IGO {org}", path, line)
        igos.append(igo)
    parents = {igo.org: igo.parent for igo in igos}
    for igo in igos:
        chain = {igo.org}
        parent = igo.parent
        while parent is not None:
            if parent not in parents:
                raise ReferenceDataError(
                    path, lines[igo.org], f"unknown parent org {parent!r} of {igo.org!r}"
                )
            if parent in chain:
                raise ReferenceDataError(
                    path, lines[igo.org], f"parent chain of {igo.org!r} loops at {parent!r}"
                )
            chain.add(parent)
            parent = parents[parent]
    return tuple(igos)


def _load_news_agencies(path: Path, forms: _SurfaceForms) -> tuple[NewsAgency, ...]:
    agencies: list[NewsAgency] = []
    for line, row in _rows(path, ("name", "aliases")):
        agency = NewsAgency(
            name=_required(row, "name", path, line), aliases=_split(row, "aliases", path, line)
        )
        for form in (agency.name, *agency.aliases):
            forms.claim(form, f"news agency {agency.name!r}", path, line)
        agencies.append(agency)
    return tuple(agencies)


def _load_institutions(path: Path, heads: _HeadPatterns) -> tuple[Institution, ...]:
    institutions: list[Institution] = []
    for line, row in _rows(path, ("pattern", "sector", "country", "role")):
        pattern = _required(row, "pattern", path, line)
        heads.claim(pattern, path, line)
        role = _required(row, "role", path, line)
        if not _ROLE_RE.match(role):
            raise ReferenceDataError(path, line, f"role {role!r} is not a snake_case label")
        country = row["country"]
        institutions.append(
            Institution(
                pattern=pattern,
                sector=_sector(_required(row, "sector", path, line), path, line),
                country=_country_code(country, path, line, allow_igo=False) if country else None,
                role=role,
            )
        )
    return tuple(institutions)


def _load_roles(path: Path, heads: _HeadPatterns) -> tuple[Role, ...]:
    roles: list[Role] = []
    for line, row in _rows(path, ("title", "role", "sector", "rank")):
        title = _required(row, "title", path, line)
        heads.claim(title, path, line)
        role = _required(row, "role", path, line)
        if not _ROLE_RE.match(role):
            raise ReferenceDataError(path, line, f"role {role!r} is not a snake_case label")
        rank_text = _required(row, "rank", path, line)
        if not rank_text.isdigit() or not 1 <= int(rank_text) <= 9:
            raise ReferenceDataError(path, line, f"rank {rank_text!r} is not an integer 1-9")
        sector = _sector(row["sector"], path, line) if row["sector"] else None
        if (sector is None) != (role == "honorific"):
            raise ReferenceDataError(
                path, line, "sector must be empty exactly for the honorific role"
            )
        roles.append(Role(title=title, role=role, sector=sector, rank=int(rank_text)))
    return tuple(roles)


def _load_leaders(path: Path, forms: _SurfaceForms, orgs: set[str]) -> tuple[Leader, ...]:
    columns = ("name", "aliases", "country", "role", "sector", "term_start", "term_end", "org")
    leaders: list[Leader] = []
    lines: dict[tuple[str, str, dt.date], int] = {}
    for line, row in _rows(path, columns):
        name = _required(row, "name", path, line)
        country = _country_code(_required(row, "country", path, line), path, line, allow_igo=True)
        org = row["org"] or None
        if country == "IGO" and org is None:
            raise ReferenceDataError(path, line, "country IGO needs an org")
        if country != "IGO" and org is not None:
            raise ReferenceDataError(path, line, f"org {org!r} given for a state ({country})")
        if org is not None and org not in orgs:
            raise ReferenceDataError(path, line, f"unknown org {org!r} (not in {IGOS_FILE})")
        role = _required(row, "role", path, line)
        if not _ROLE_RE.match(role):
            raise ReferenceDataError(path, line, f"role {role!r} is not a snake_case label")
        start = _date(_required(row, "term_start", path, line), "term_start", path, line)
        end = _date(row["term_end"], "term_end", path, line) if row["term_end"] else None
        if end is not None and end <= start:
            raise ReferenceDataError(path, line, f"term_end {end} is not after term_start {start}")
        key = (name, role, start)
        if key in lines:
            raise ReferenceDataError(
                path, line, f"duplicate term of {name!r} as {role} (first at line {lines[key]})"
            )
        lines[key] = line
        leader = Leader(
            name=name,
            aliases=_split(row, "aliases", path, line),
            country=country,
            role=role,
            sector=_sector(_required(row, "sector", path, line), path, line),
            term_start=start,
            term_end=end,
            org=org,
        )
        for form in (leader.name, *leader.aliases):
            # One owner for the whole table: leaders may share an alias (two Aouns, years apart),
            # which _check_shared_aliases allows when the terms do not overlap.
            forms.claim(form, "the leaders table", path, line)
        leaders.append(leader)
    _check_shared_aliases(path, leaders, lines)
    return tuple(leaders)


def _check_shared_aliases(
    path: Path, leaders: Sequence[Leader], lines: dict[tuple[str, str, dt.date], int]
) -> None:
    """Refuse an alias that two people hold at the same time: the date could not choose."""
    by_alias: dict[tuple[str, ...], list[Leader]] = {}
    for leader in leaders:
        for form in {leader.name, *leader.aliases}:
            by_alias.setdefault(surface_tokens(form), []).append(leader)
    for key, holders in by_alias.items():
        for index, first in enumerate(holders):
            for second in holders[index + 1 :]:
                if first.name == second.name:
                    continue
                first_end = first.term_end or dt.date.max
                second_end = second.term_end or dt.date.max
                if first.term_start < second_end and second.term_start < first_end:
                    raise ReferenceDataError(
                        path,
                        lines[(second.name, second.role, second.term_start)],
                        f"alias {' '.join(key)!r} names both {first.name!r} and "
                        f"{second.name!r} in overlapping terms",
                    )


def _load_stop_phrases(path: Path) -> tuple[StopPhrase, ...]:
    phrases: list[StopPhrase] = []
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    for line, row in _rows(path, ("phrase", "kind", "note")):
        phrase = _required(row, "phrase", path, line)
        kind = _required(row, "kind", path, line)
        if kind not in _STOP_KINDS:
            raise ReferenceDataError(
                path, line, f"unknown kind {kind!r} (expected one of {sorted(_STOP_KINDS)})"
            )
        tokens = tuple(token.lower() for token in surface_tokens(phrase))
        if kind == "next_word" and len(tokens) != 1:
            raise ReferenceDataError(path, line, f"next_word entry {phrase!r} must be one word")
        key = (kind, tokens)
        if key in seen:
            raise ReferenceDataError(
                path, line, f"duplicate stop phrase {phrase!r} (first at line {seen[key]})"
            )
        seen[key] = line
        phrases.append(StopPhrase(phrase=phrase, kind=cast(StopKind, kind), note=row["note"]))
    return tuple(phrases)
