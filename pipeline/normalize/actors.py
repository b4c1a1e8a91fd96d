"""Find political actor mentions in a sentence and resolve them to country, org, sector and role."""

from __future__ import annotations

import datetime as dt
import functools
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from pipeline.reference.actors import (
    ActorReference,
    Country,
    Igo,
    Institution,
    Leader,
    NewsAgency,
    Role,
    is_case_insensitive,
    iter_surface_tokens,
    load_actor_reference,
    surface_tokens,
)
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

# Closed-class English, not reference data: words that may sit between a country word and the
# head noun without breaking the phrase ("Iran's cyber police chief", "Russia's former president").
_FILLERS = frozenset(
    {
        "senior",
        "top",
        "former",
        "new",
        "current",
        "outgoing",
        "incoming",
        "acting",
        "interim",
        "caretaker",
        "visiting",
        "state",
        "federal",
        "national",
        "central",
        "regional",
        "local",
        "provincial",
        "cyber",
        "civilian",
        "elite",
        "junior",
        "leading",
        "ranking",
        "high",
        "influential",
        "powerful",
        "veteran",
        "longtime",
        "then",
        "ex",
        "chief",
        "led",
        "peacekeeping",
        "presidential",
        "secret",
        "riot",
        "exiled",
        "radical",
        "hardline",
        "moderate",
        "armed",
        "striking",
        "rival",
        "allied",
        "unarmed",
    }
)
_MAX_FILLERS = 3
_FORMER_WORDS = frozenset({"former", "ex"})
_STANCE = frozenset({"anti", "pro"})
_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "this", "that"})
_CONJUNCTIONS = frozenset({"and", "or", "&", ","})
# Lower-case particles inside personal names ("Mohammed bin Salman", "Luiz Inácio Lula da Silva").
_NAME_PARTICLES = frozenset(
    {
        "bin",
        "bint",
        "ibn",
        "al",
        "el",
        "abu",
        "abd",
        "de",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "le",
        "la",
        "ul",
        "ur",
        "ben",
    }
)
# Capitalised words that end or cannot start a name: sentence openers, calendar words, and the
# verbs and prepositions of Title Case headlines ("President Ruto In Mozambique For Talks").
_NOT_NAME_WORDS = frozenset(
    {
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "To",
        "For",
        "With",
        "From",
        "By",
        "Of",
        "And",
        "Or",
        "But",
        "As",
        "After",
        "Before",
        "Since",
        "Over",
        "Amid",
        "Against",
        "About",
        "Into",
        "Via",
        "When",
        "While",
        "If",
        "That",
        "This",
        "Then",
        "Now",
        "Also",
        "Yet",
        "So",
        "He",
        "She",
        "They",
        "We",
        "It",
        "His",
        "Her",
        "Their",
        "Its",
        # compass words before a country name ("South Lebanon", "Western Cambodia")
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Says",
        "Said",
        "Tells",
        "Told",
        "Calls",
        "Meets",
        "Met",
        "Visits",
        "Urges",
        "Slams",
        "Vows",
        "Warns",
        "Signs",
        "Holds",
        "Hosts",
        "Arrives",
        "Accuses",
        "Rejects",
        "Agrees",
        "Will",
        "Is",
        "Was",
        "Has",
        "Had",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    }
)
# Short words Title Case headlines may leave in lower case ("Talks with Nyusi", "Aid to Africa").
_HEADLINE_LOWER = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "vs"}
)
# Bodies a leader's name can head as a modifier: "the Clinton administration", "Blair's cabinet".
_LEADER_BODIES = frozenset({"government", "cabinet"})
_MAX_NAME_WORDS = 6
_MAX_TITLE_CASE_NAME_WORDS = 4
_APOSTROPHE = "'"


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


# Gazetteer entries: what a run of tokens names.
@dataclass(frozen=True, slots=True)
class _CountryForm:
    country: Country
    via: CountryVia


@dataclass(frozen=True, slots=True)
class _IgoForm:
    igo: Igo


@dataclass(frozen=True, slots=True)
class _AgencyForm:
    agency: NewsAgency


@dataclass(frozen=True, slots=True)
class _LeaderForm:
    rows: tuple[Leader, ...]


@dataclass(frozen=True, slots=True)
class _InstitutionForm:
    institution: Institution


@dataclass(frozen=True, slots=True)
class _TitleForm:
    role: Role


@dataclass(frozen=True, slots=True)
class _StopForm:
    phrase: str


_Entry = _CountryForm | _IgoForm | _AgencyForm | _LeaderForm | _InstitutionForm | _TitleForm
_AnyEntry = _Entry | _StopForm


class _Node:
    """A trie node keyed by token; `entry` is set where a surface form ends."""

    __slots__ = ("children", "entry")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.entry: _AnyEntry | None = None


@dataclass(frozen=True, slots=True)
class _Atom:
    """A gazetteer hit: tokens [first, last) name `entry`."""

    first: int
    last: int
    entry: _Entry


@dataclass(slots=True)
class _Tokens:
    """A sentence split into tokens with their character offsets."""

    text: list[str]
    lower: list[str]
    start: list[int]
    end: list[int]
    title_case: bool

    def __len__(self) -> int:
        return len(self.text)

    def is_capitalised(self, index: int) -> bool:
        token = self.text[index]
        return token[:1].isupper()

    def sentence_initial(self, index: int) -> bool:
        """Whether the token opens the sentence or a quotation, so its capital says nothing."""
        return index == 0 or not self.text[index - 1][:1].isalnum()


@dataclass
class _Phrase:
    """The parts of one actor phrase found by the parser, before resolution."""

    first: int
    last: int
    mods: list[_Atom] = field(default_factory=list)
    possessive: bool = False
    heads: list[_Atom] = field(default_factory=list)
    postmodifier: Country | None = None
    name: tuple[int, int] | None = None
    name_key: tuple[str, ...] = ()
    leader_atom: _Atom | None = None
    body: _Atom | None = None
    body_state: str | None = None
    former: bool = False
    definite: bool = False


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


class ActorResolver:
    """Finds actor mentions in sentences with a longest-match gazetteer built once.

    Args:
        reference: The validated actor tables.
    """

    def __init__(self, reference: ActorReference) -> None:
        self._reference = reference
        self._exact = _Node()
        self._folded = _Node()
        self._next_word_stops: frozenset[str] = frozenset(
            stop.phrase.lower() for stop in reference.stop_phrases if stop.kind == "next_word"
        )
        self._ranks = reference.role_ranks
        self._leaders_by_name: dict[str, tuple[Leader, ...]] = {}
        self._leaders_by_token: dict[str, list[Leader]] = {}
        self._leaders_by_person: dict[str, list[Leader]] = {}
        self._leader_words: dict[str, frozenset[str]] = {}
        self._build(reference)

    # ----------------------------------------------------------------- index building
    def _build(self, reference: ActorReference) -> None:
        for country in reference.countries:
            vias: tuple[tuple[CountryVia, Iterable[str]], ...] = (
                ("country", (country.name, *country.aliases)),
                ("demonym", country.demonyms),
                ("capital", country.capitals),
                ("metonym", country.metonyms),
            )
            for via, forms in vias:
                for form in forms:
                    self._insert(self._exact, surface_tokens(form), _CountryForm(country, via))
        for igo in reference.igos:
            for form in igo.surface_forms:
                self._insert(self._exact, surface_tokens(form), _IgoForm(igo))
        for agency in reference.news_agencies:
            for form in (agency.name, *agency.aliases):
                self._insert(self._exact, surface_tokens(form), _AgencyForm(agency))
        for institution in reference.institutions:
            self._insert_head(institution.pattern, _InstitutionForm(institution))
        for role in reference.roles:
            self._insert_head(role.title, _TitleForm(role))
        for stop in reference.stop_phrases:
            if stop.kind == "phrase":
                key = tuple(token.lower() for token in surface_tokens(stop.phrase))
                self._insert(self._folded, key, _StopForm(stop.phrase))
        by_form: dict[tuple[str, ...], list[Leader]] = {}
        words: dict[str, set[str]] = {}
        for leader in reference.leaders:
            self._leaders_by_person.setdefault(leader.name, []).append(leader)
            for form in {leader.name, *leader.aliases}:
                by_form.setdefault(surface_tokens(form), []).append(leader)
                words.setdefault(leader.name, set()).update(_name_words(surface_tokens(form)))
        for leader in reference.leaders:
            self._leader_words[leader.name] = frozenset(words[leader.name])
        for name, rows in self._leaders_by_person.items():
            for token in words[name]:
                if len(token) >= 2:
                    self._leaders_by_token.setdefault(token, []).extend(rows)
        for key, rows in by_form.items():
            self._insert(self._exact, key, _LeaderForm(tuple(rows)))
            self._leaders_by_name[" ".join(key)] = tuple(rows)

    def _insert_head(self, pattern: str, entry: _Entry) -> None:
        tokens = surface_tokens(pattern)
        if is_case_insensitive(pattern):
            self._insert(self._folded, tuple(token.lower() for token in tokens), entry)
        else:
            self._insert(self._exact, tokens, entry)

    @staticmethod
    def _insert(root: _Node, key: tuple[str, ...], entry: _AnyEntry) -> None:
        node = root
        for token in key:
            node = node.children.setdefault(token, _Node())
        # The loader guarantees one owner per surface form; a clash here means a file slipped
        # past it (e.g. a title equal to a stop phrase), and the first entry keeps the form.
        if node.entry is None:
            node.entry = entry

    # ----------------------------------------------------------------- public API
    def find(
        self,
        text: str,
        *,
        when: dt.date,
        memory: ArticleActors,
        person_spans: Sequence[tuple[int, int]] = (),
    ) -> list[ActorSpan]:
        """Find every actor mention in a sentence, non-overlapping, longest match first.

        A mention is a whole phrase: optional country word or possessive, optional institution
        or titles, optional person name ("Russian President Vladimir Putin" is one span).
        Coordinated country words each get a span sharing the head ("Hungarian and Romanian
        officials"). Persons are remembered in `memory` for later sentences.

        Args:
            text: One sentence (or headline).
            when: Publication date, to pick officeholders from the leaders table.
            memory: The article's memory, updated in place.
            person_spans: Character spans of PERSON entities from an NER model, if any; they
                delimit names after titles and keep country words inside names from counting.

        Returns:
            Spans in text order, offsets relative to `text`.
        """
        tokens = _tokenise(text)
        if not tokens.text:
            return []
        atoms = self._atoms(tokens, person_spans)
        name_starts = self._person_starts(tokens, person_spans)
        spans: list[ActorSpan] = []
        index = 0
        count = len(tokens)
        while index < count:
            atom = atoms.get(index)
            if atom is None:
                matched = self._remembered_name(tokens, index, atoms, memory)
                if matched is None:
                    index += 1
                    continue
                end, actor = matched
                spans.append(self._span(text, tokens, index, end, actor))
                memory.remember(actor)
                index = end
                continue
            if isinstance(atom.entry, _AgencyForm):
                spans.append(self._agency_span(text, tokens, atom, atom.entry.agency))
                index = atom.last
                continue
            phrase = self._parse(
                tokens,
                atoms,
                index,
                person_spans=person_spans,
                name_starts=name_starts,
                memory=memory,
            )
            spans.extend(self._emit(text, tokens, phrase, when, memory))
            index = max(phrase.last, index + 1)
        return spans

    # ----------------------------------------------------------------- gazetteer pass
    def _atoms(self, tokens: _Tokens, person_spans: Sequence[tuple[int, int]]) -> dict[int, _Atom]:
        atoms: dict[int, _Atom] = {}
        count = len(tokens)
        index = 0
        while index < count:
            hit = self._longest(tokens, index)
            if hit is None:
                index += 1
                continue
            end, entry = hit
            if not isinstance(entry, _StopForm):
                atoms[index] = _Atom(index, end, entry)
            index = end
        for start in list(atoms):
            if not self._keep(tokens, atoms, atoms[start], person_spans):
                del atoms[start]
        return atoms

    def _longest(self, tokens: _Tokens, index: int) -> tuple[int, _AnyEntry] | None:
        best: tuple[int, _AnyEntry] | None = None
        node: _Node | None = self._exact
        text, lower = tokens.text, tokens.lower
        count = len(text)
        position = index
        while node is not None and position < count:
            token = text[position]
            child = node.children.get(token)
            if child is None and len(token) > 2 and token.isupper():
                # Datelines and shouting headlines: "BEIJING" is "Beijing", "ADDIS ABABA" too.
                child = node.children.get(token.title())
            node = child
            position += 1
            if node is not None and node.entry is not None:
                best = (position, node.entry)
        node = self._folded
        position = index
        while node is not None and position < count:
            node = node.children.get(lower[position])
            position += 1
            if node is not None and node.entry is not None and (best is None or position > best[0]):
                best = (position, node.entry)
        return best

    def _keep(
        self,
        tokens: _Tokens,
        atoms: dict[int, _Atom],
        atom: _Atom,
        person_spans: Sequence[tuple[int, int]],
    ) -> bool:
        """Drop gazetteer hits that are not actor words in this context."""
        entry = atom.entry
        if isinstance(entry, _TitleForm) and atom.first and tokens.text[atom.first - 1].isdigit():
            # "12:47 PM", "at 5 PM": a clock, not a prime minister.
            return False
        if isinstance(entry, _CountryForm) and not _actor_context(tokens, atom):
            return False
        if (
            isinstance(entry, _CountryForm)
            and atom.last < len(tokens)
            and tokens.lower[atom.last] in self._next_word_stops
        ):
            return False
        start_char, end_char = tokens.start[atom.first], tokens.end[atom.last - 1]
        for person_start, person_end in person_spans:
            inside = person_start <= start_char and end_char <= person_end
            if not inside or (person_start, person_end) == (start_char, end_char):
                continue
            # A title opening an NER span ("President Putin") still heads the phrase; any other
            # hit inside a longer name is part of that name ("Jordan Peterson", "Jill Biden").
            if isinstance(entry, _TitleForm) and person_start == start_char:
                continue
            return False
        if (
            isinstance(entry, (_CountryForm, _LeaderForm))
            and not person_spans
            and not tokens.title_case
            and self._after_given_name(tokens, atoms, atom.first)
        ):
            # A demonym after a capitalised word is still an adjective ("Tuesday's Kenyan
            # delegation" aside, "Prime Minister X met Kenyan ..." keeps it).
            return isinstance(entry, _CountryForm) and entry.via == "demonym"
        return True

    @staticmethod
    def _after_given_name(tokens: _Tokens, atoms: dict[int, _Atom], index: int) -> bool:
        """Whether the previous word looks like a first name ("Michael Jordan", "Jill Biden")."""
        previous = index - 1
        if previous < 0 or tokens.sentence_initial(previous):
            return False
        word = tokens.text[previous]
        if not tokens.is_capitalised(previous) or not word.isalpha() or word in _NOT_NAME_WORDS:
            return False
        return not any(atom.first <= previous < atom.last for atom in atoms.values())

    @staticmethod
    def _person_starts(tokens: _Tokens, person_spans: Sequence[tuple[int, int]]) -> dict[int, int]:
        """Map the first token of each NER person span to the token after its end."""
        starts: dict[int, int] = {}
        for person_start, person_end in person_spans:
            first = next(
                (i for i in range(len(tokens)) if tokens.end[i] > person_start),
                None,
            )
            if first is None:
                continue
            last = first
            while last < len(tokens) and tokens.start[last] < person_end:
                last += 1
            starts[first] = last
        return starts

    # ----------------------------------------------------------------- phrase parsing
    def _parse(
        self,
        tokens: _Tokens,
        atoms: dict[int, _Atom],
        start: int,
        *,
        person_spans: Sequence[tuple[int, int]],
        name_starts: dict[int, int],
        memory: ArticleActors,
    ) -> _Phrase:
        phrase = _Phrase(first=start, last=start)
        phrase.former, phrase.definite = self._preceding(tokens, start)
        position = start
        atom = atoms.get(position)
        if atom is not None and isinstance(atom.entry, (_CountryForm, _IgoForm)):
            phrase.mods, position, phrase.possessive = self._modifiers(tokens, atoms, atom)
        after_mods = position
        position, former_inside = self._skip_fillers(tokens, atoms, position)
        heads: list[_Atom] = []
        while True:
            atom = atoms.get(position)
            if atom is None or not isinstance(atom.entry, (_InstitutionForm, _TitleForm)):
                break
            heads.append(atom)
            position = atom.last
        if heads:
            phrase.heads = heads
            phrase.former = phrase.former or former_inside
        else:
            position = after_mods
        has_title = any(isinstance(head.entry, _TitleForm) for head in heads)
        # Names follow titles ("President Hassan Sheikh Mohamud") or possessives ("Russia's
        # Putin"); a phrase with neither only names someone through the leaders table.
        if has_title or phrase.possessive or (not phrase.mods and not heads):
            name = self._name_at(
                tokens,
                atoms,
                position,
                person_spans=person_spans,
                name_starts=name_starts,
                memory=memory,
                guess=has_title,
            )
            if name is not None:
                phrase.name = (name[0], name[1])
                phrase.name_key = tuple(tokens.text[name[0] : name[1]])
                phrase.leader_atom = name[2]
                position = name[1]
                body = self._leader_body(tokens, atoms, position)
                state = self._state_of_name(phrase, memory) if body is not None else None
                if body is not None and state is not None:
                    phrase.body, phrase.body_state = body, state
                    position = body.last
        if not phrase.mods and phrase.body is None and (heads or phrase.name):
            country, position = self._of_country(tokens, atoms, position)
            phrase.postmodifier = country
        if phrase.possessive and not heads and phrase.name is None:
            # "India's support": the span is the country word, not its possessive ending.
            position = phrase.mods[-1].last
        phrase.last = position
        return phrase

    def _leader_body(self, tokens: _Tokens, atoms: dict[int, _Atom], position: int) -> _Atom | None:
        """A government body headed by the name before it ("Clinton administration")."""
        start = self._possessive_end(tokens, position) or position
        atom = atoms.get(start)
        if (
            atom is not None
            and isinstance(atom.entry, _InstitutionForm)
            and atom.entry.institution.role in _LEADER_BODIES
        ):
            return atom
        return None

    @staticmethod
    def _state_of_name(phrase: _Phrase, memory: ArticleActors) -> str | None:
        """The one state of the phrase's named person (article memory, else leaders table)."""
        remembered = memory.lookup_tokens(phrase.name_key)
        if remembered is not None:
            return remembered.country if remembered.country != "IGO" else None
        atom = phrase.leader_atom
        if atom is None or not isinstance(atom.entry, _LeaderForm):
            return None
        states = {row.country for row in atom.entry.rows} - {"IGO"}
        return next(iter(states)) if len(states) == 1 else None

    @staticmethod
    def _preceding(tokens: _Tokens, start: int) -> tuple[bool, bool]:
        """Whether the phrase is marked former ("former", "ex-") or definite ("the")."""
        former = definite = False
        index = start - 1
        if index >= 1 and tokens.text[index] == "-" and tokens.lower[index - 1] == "ex":
            return True, False
        while index >= 0 and tokens.lower[index] in _FILLERS | _DETERMINERS:
            former = former or tokens.lower[index] in _FORMER_WORDS
            definite = definite or tokens.lower[index] in _DETERMINERS
            index -= 1
        return former, definite

    def _modifiers(
        self, tokens: _Tokens, atoms: dict[int, _Atom], first: _Atom
    ) -> tuple[list[_Atom], int, bool]:
        """Collect coordinated country or IGO words and a closing possessive."""
        mods = [first]
        position = first.last
        while True:
            possessive_end = self._possessive_end(tokens, position)
            if possessive_end is not None:
                return mods, possessive_end, True
            conjunction = position
            while conjunction < len(tokens) and tokens.lower[conjunction] in _CONJUNCTIONS:
                conjunction += 1
            following = atoms.get(conjunction)
            joined = tokens.lower[position:conjunction]
            if (
                conjunction > position
                and len(joined) <= 2
                and following is not None
                and isinstance(following.entry, (_CountryForm, _IgoForm))
                # A bare comma joins only words of one kind ("Hungarian, Romanian and Czech
                # officials"), not "its frontier with Serbia, Croatian officials said".
                and (any(word != "," for word in joined) or _same_kind(mods[-1], following))
            ):
                mods.append(following)
                position = following.last
                continue
            return mods, position, False

    @staticmethod
    def _possessive_end(tokens: _Tokens, position: int) -> int | None:
        if position < len(tokens) and tokens.text[position] == _APOSTROPHE:
            if position + 1 < len(tokens) and tokens.lower[position + 1] == "s":
                return position + 2
            if tokens.text[position - 1].endswith(("s", "S")):
                return position + 1
        return None

    @staticmethod
    def _skip_fillers(tokens: _Tokens, atoms: dict[int, _Atom], position: int) -> tuple[int, bool]:
        former = False
        skipped = 0
        while position < len(tokens) and position not in atoms and skipped < _MAX_FILLERS:
            word = tokens.lower[position]
            if word in _FILLERS:
                former = former or word in _FORMER_WORDS
            elif word != "-" or skipped == 0:
                break
            position += 1
            skipped += 1
        return position, former

    def _name_at(
        self,
        tokens: _Tokens,
        atoms: dict[int, _Atom],
        position: int,
        *,
        person_spans: Sequence[tuple[int, int]],
        name_starts: dict[int, int],
        memory: ArticleActors,
        guess: bool,
    ) -> tuple[int, int, _Atom | None] | None:
        """Find a person's name starting at `position`: (first, last, leader atom or None).

        `guess` allows taking a run of capitalised words as a name when no NER spans were
        given; only after a title, where a name is expected.
        """
        if position >= len(tokens):
            return None
        atom = atoms.get(position)
        if atom is not None and isinstance(atom.entry, _LeaderForm):
            tail = self._leader_tail(tokens, atom.entry, atom.last)
            end = name_starts.get(position, tail)
            return position, max(end, tail), atom if end <= tail else None
        if position in name_starts:
            return position, name_starts[position], None
        remembered = memory.match_at(tokens.text, position)
        if remembered is not None:
            return position, remembered[0], None
        if person_spans or not guess:
            return None
        end = self._capitalised_run(tokens, atoms, position)
        return (position, end, None) if end > position else None

    def _leader_tail(self, tokens: _Tokens, entry: _LeaderForm, position: int) -> int:
        """Extend a leader's name over more of its own words.

        "Sheikh Hamad bin Khalifa" + "al-Thani" is one name; particles and hyphens count only
        when a name word follows.
        """
        words: set[str] = set()
        for row in entry.rows:
            words |= self._leader_words[row.name]
        # Words already written are not taken twice ("Putin Putin" is two mentions).
        start = position
        while start > 0 and tokens.lower[start - 1] in words:
            start -= 1
        words -= set(tokens.lower[start:position])
        end = index = position
        while index < len(tokens):
            lower = tokens.lower[index]
            if lower in words and tokens.is_capitalised(index):
                index += 1
                end = index
            elif lower in _NAME_PARTICLES or lower == "-":
                index += 1
            else:
                break
        return end

    @staticmethod
    def _capitalised_run(tokens: _Tokens, atoms: dict[int, _Atom], position: int) -> int:
        """End of a run of capitalised words that reads as a personal name, or `position`."""
        limit = _MAX_TITLE_CASE_NAME_WORDS if tokens.title_case else _MAX_NAME_WORDS
        end = position
        words = 0
        index = position
        count = len(tokens)
        while index < count and words < limit:
            token = tokens.text[index]
            atom = atoms.get(index)
            if atom is not None and not _is_name_part(atom):
                if words and index == end and _closing_surname(tokens, atom):
                    # "Defence Secretary Tom King said": a one-word title that ends the run of
                    # capitalised words after a first name is that person's surname.
                    end = atom.last
                break
            if token[:1].isupper() and token[:1].isalpha() and token not in _NOT_NAME_WORDS:
                index += 1
                words += 1
                end = index
                # Initials and suffixes: "S. Jaishankar", "Joseph R. Biden", "Marcos Jr."
                if index < count and tokens.text[index] == "." and len(token) <= 2:
                    index += 1
                    end = index
                continue
            if words and token in {"-", _APOSTROPHE} and index + 1 < count:
                following = tokens.text[index + 1]
                if following[:1].isupper() or (token == _APOSTROPHE and following[:1].isalpha()):
                    index += 1
                    continue
            if token in _NAME_PARTICLES and index + 1 < count:
                following = tokens.text[index + 1]
                if following[:1].isupper() or following == "-":
                    index += 1
                    continue
            break
        return end

    def _of_country(
        self, tokens: _Tokens, atoms: dict[int, _Atom], position: int
    ) -> tuple[Country | None, int]:
        """Read a postmodifier "of [the] <country>" ("President of Armenia")."""
        if position >= len(tokens) or tokens.lower[position] != "of":
            return None, position
        index = position + 1
        if index < len(tokens) and tokens.lower[index] == "the":
            index += 1
        atom = atoms.get(index)
        if (
            atom is not None
            and isinstance(atom.entry, _CountryForm)
            and atom.entry.via in {"country", "capital"}
            and self._possessive_end(tokens, atom.last) is None
        ):
            return atom.entry.country, atom.last
        return None, position

    # ----------------------------------------------------------------- resolution
    def _emit(
        self,
        text: str,
        tokens: _Tokens,
        phrase: _Phrase,
        when: dt.date,
        memory: ArticleActors,
    ) -> list[ActorSpan]:
        head_mod = phrase.mods[-1] if phrase.mods else None
        actor, names = self._resolve(phrase, head_mod, when, memory)
        spans: list[ActorSpan] = []
        for mod in _split_coordination(phrase.mods):
            shared = self._resolve(phrase, mod, when, memory, name_allowed=False)[0]
            if shared is not None:
                spans.append(self._span(text, tokens, mod.first, mod.last, shared))
                memory.remember(shared)
        if actor is None:
            return spans
        first = head_mod.first if head_mod is not None and len(phrase.mods) > 1 else phrase.first
        if phrase.former and first > 0 and tokens.lower[first - 1] in _FORMER_WORDS:
            first -= 1
        spans.append(self._span(text, tokens, first, phrase.last, actor))
        memory.remember(actor, names)
        return spans

    def _resolve(
        self,
        phrase: _Phrase,
        mod: _Atom | None,
        when: dt.date,
        memory: ArticleActors,
        *,
        name_allowed: bool = True,
    ) -> tuple[Actor | None, tuple[str, ...]]:
        """Turn parsed parts into an actor (or None) and the names to remember it by."""
        country: Country | None = None
        igo: Igo | None = None
        via: CountryVia | None = None
        if mod is not None and isinstance(mod.entry, _CountryForm):
            country, via = mod.entry.country, mod.entry.via
        elif mod is not None and isinstance(mod.entry, _IgoForm):
            igo = mod.entry.igo
        elif phrase.postmodifier is not None:
            country, via = phrase.postmodifier, "country"
        institutions = [
            h.entry.institution for h in phrase.heads if isinstance(h.entry, _InstitutionForm)
        ]
        titles = [
            h.entry.role
            for h in phrase.heads
            if isinstance(h.entry, _TitleForm) and not h.entry.role.is_honorific
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

    def _body_of_leader(self, body: _Atom, alpha3: str) -> Actor | None:
        """The government a named leader heads: "the Bush administration" is the US government."""
        if not isinstance(body.entry, _InstitutionForm):
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
        phrase: _Phrase,
        *,
        country: Country | None,
        igo: Igo | None,
        titles: list[Role],
        institutions: list[Institution],
        when: dt.date,
        memory: ArticleActors,
    ) -> tuple[Actor, tuple[str, ...]] | None:
        key = phrase.name_key
        name_text = _join(key)
        remembered = memory.lookup_tokens(key)
        if remembered is not None and not phrase.former:
            return remembered, (name_text,)
        rows: tuple[Leader, ...] | None = None
        if phrase.leader_atom is not None and isinstance(phrase.leader_atom.entry, _LeaderForm):
            rows = phrase.leader_atom.entry.rows
        if rows is None:
            rows = self._leaders_by_name.get(" ".join(key))
        if rows is None and titles:
            rows = self._gated_leader(key, country, igo, titles[-1].role, when)
        if rows:
            leader_actor = self._leader_actor(rows, country, when, phrase.former)
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

    def _gated_leader(
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
        """
        words = _name_words(key)
        if not words:
            return None
        last = next(
            token.lower()
            for token in reversed(key)
            if token[:1].isalpha() and token.lower() not in _NAME_PARTICLES
        )
        candidates = [
            leader
            for leader in self._leaders_by_token.get(last, ())
            if words <= self._leader_words[leader.name]
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
        return tuple(self._leaders_by_person[chosen])

    def _leader_actor(
        self,
        rows: tuple[Leader, ...],
        country: Country | None,
        when: dt.date,
        former: bool,
    ) -> Actor | None:
        """Pick the office a leader held on the date, or the last one held before it."""
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

    # ----------------------------------------------------------------- span helpers
    def _remembered_name(
        self,
        tokens: _Tokens,
        index: int,
        atoms: dict[int, _Atom],
        memory: ArticleActors,
    ) -> tuple[int, Actor] | None:
        """A name remembered from an earlier sentence, standing alone ("Mohamud said")."""
        if not tokens.is_capitalised(index):
            return None
        if not tokens.title_case and self._after_given_name(tokens, atoms, index):
            return None
        matched = memory.match_at(tokens.text, index)
        if matched is None:
            return None
        end, actor = matched
        if any(index < start < end for start in atoms):
            return None
        return end, actor

    @staticmethod
    def _span(text: str, tokens: _Tokens, first: int, last: int, actor: Actor) -> ActorSpan:
        start, end = tokens.start[first], tokens.end[last - 1]
        return ActorSpan(char_start=start, char_end=end, text=text[start:end], actor=actor)

    def _agency_span(
        self, text: str, tokens: _Tokens, atom: _Atom, agency: NewsAgency
    ) -> ActorSpan:
        actor = Actor(
            name=agency.name,
            country=None,
            org=None,
            sector="MED",
            role="news_agency",
            person=None,
            resolution="institution",
            is_news_source=True,
        )
        return self._span(text, tokens, atom.first, atom.last, actor)


def _name_words(tokens: Iterable[str]) -> frozenset[str]:
    """The words of a name as the title gate compares them: lower case, particles left out."""
    return frozenset(
        token.lower()
        for token in tokens
        if token[:1].isalpha() and token.lower() not in _NAME_PARTICLES
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


def _split_coordination(mods: Sequence[_Atom]) -> list[_Atom]:
    """The coordinated country words that get a span of their own before the phrase's head.

    In "Hungarian and Romanian officials" the head "officials" follows the last word; the
    earlier ones ("Hungarian") share its sector and role but are spanned alone.

    Args:
        mods: The country or IGO words of one phrase, in text order.

    Returns:
        All but the last.
    """
    return list(mods[:-1])


def _actor_context(tokens: _Tokens, atom: _Atom) -> bool:
    """False for country words inside compounds that are about goods or stances, not actors.

    "Russian-made rockets", "Saudi-owned weekly", "anti-Syria journalist", "pro-Iranian group",
    "ethnic Albanians"; "U.S.-led forces" and "Russia-India summit" keep their country.
    """
    after = atom.last
    if (
        after + 1 < len(tokens)
        and tokens.text[after] == "-"
        and tokens.text[after + 1].isalpha()
        and tokens.text[after + 1].islower()
        and tokens.lower[after + 1] != "led"
    ):
        return False
    before = atom.first - 1
    if before >= 0 and tokens.lower[before] == "ethnic":
        # "ethnic Albanians in Macedonia", "ethnic Russians in Ukraine": kin, not the kin state.
        return False
    return not (before >= 1 and tokens.text[before] == "-" and tokens.lower[before - 1] in _STANCE)


def _same_kind(first: _Atom, second: _Atom) -> bool:
    if isinstance(first.entry, _CountryForm) and isinstance(second.entry, _CountryForm):
        return first.entry.via == second.entry.via
    return type(first.entry) is type(second.entry)


def _closing_surname(tokens: _Tokens, atom: _Atom) -> bool:
    """Whether a title hit is a surname closing a name: one word, no capitalised word after."""
    if not isinstance(atom.entry, _TitleForm) or atom.last != atom.first + 1:
        return False
    return atom.last >= len(tokens) or not tokens.is_capitalised(atom.last)


def _is_name_part(atom: _Atom) -> bool:
    """Hits that may sit inside a personal name: leaders' names, honorifics ("Sheikh")."""
    entry = atom.entry
    return isinstance(entry, _LeaderForm) or (
        isinstance(entry, _TitleForm) and entry.role.is_honorific
    )


def _last_is_title(phrase: _Phrase) -> bool:
    for head in reversed(phrase.heads):
        if isinstance(head.entry, _TitleForm):
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


def _join(tokens: Sequence[str]) -> str:
    """Rebuild a name from tokens: no space around hyphens, apostrophes and after initials."""
    out = ""
    for index, token in enumerate(tokens):
        if index and token not in {"-", _APOSTROPHE, "."} and tokens[index - 1] not in {"-", "'"}:
            out += " "
        out += token
    return out


def _tokenise(text: str) -> _Tokens:
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    for word, start, end in iter_surface_tokens(text):
        words.append(word)
        starts.append(start)
        ends.append(end)
    lower = [word.lower() for word in words]
    alphabetic = [word for word in words if word[:1].isalpha()]
    # Headlines capitalise every word but a few short ones, so capitals stop marking names.
    title_case = len(alphabetic) >= 3 and all(
        word[:1].isupper() or word in _HEADLINE_LOWER for word in alphabetic
    )
    return _Tokens(text=words, lower=lower, start=starts, end=ends, title_case=title_case)


@functools.cache
def default_actor_resolver() -> ActorResolver:
    """The resolver over the shipped reference data, built once per process.

    Returns:
        A shared `ActorResolver`.
    """
    return ActorResolver(load_actor_reference())
