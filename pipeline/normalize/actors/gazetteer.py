"""The gazetteer: tries of the reference tables' surface forms, matched longest first.

One pass over a sentence yields the hits (atoms) the phrase parser reads: country words,
organisations, agencies, leaders' names, institutions and titles. Stop phrases only block
shorter matches, and hits that are not actor words in their context are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pipeline.normalize.actors.countries import actor_context
from pipeline.normalize.actors.entries import (
    AgencyForm,
    AnyEntry,
    Atom,
    CountryForm,
    Entry,
    IgoForm,
    InstitutionForm,
    LeaderForm,
    StopForm,
    TitleForm,
)
from pipeline.normalize.actors.model import CountryVia
from pipeline.normalize.actors.names import after_given_name
from pipeline.normalize.actors.tokens import Tokens
from pipeline.reference.actors import (
    ActorReference,
    Leader,
    is_case_insensitive,
    surface_tokens,
)


class _Node:
    """A trie node keyed by token; `entry` is set where a surface form ends."""

    __slots__ = ("children", "entry")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.entry: AnyEntry | None = None


class Gazetteer:
    """Longest-match lookup of actor words, built once from the reference tables.

    Args:
        reference: The validated actor tables.
        leader_forms: Leaders' full names and aliases as surface tokens, with their rows.
    """

    def __init__(
        self,
        reference: ActorReference,
        leader_forms: Mapping[tuple[str, ...], tuple[Leader, ...]],
    ) -> None:
        self._exact = _Node()
        self._folded = _Node()
        self._next_word_stops: frozenset[str] = frozenset(
            stop.phrase.lower() for stop in reference.stop_phrases if stop.kind == "next_word"
        )
        # Insertion order matters: the first entry to claim a surface form keeps it.
        for country in reference.countries:
            vias: tuple[tuple[CountryVia, Iterable[str]], ...] = (
                ("country", (country.name, *country.aliases)),
                ("demonym", country.demonyms),
                ("capital", country.capitals),
                ("metonym", country.metonyms),
            )
            for via, forms in vias:
                for form in forms:
                    self._insert(self._exact, surface_tokens(form), CountryForm(country, via))
        for igo in reference.igos:
            for form in igo.surface_forms:
                self._insert(self._exact, surface_tokens(form), IgoForm(igo))
        for agency in reference.news_agencies:
            for form in (agency.name, *agency.aliases):
                self._insert(self._exact, surface_tokens(form), AgencyForm(agency))
        for institution in reference.institutions:
            self._insert_head(institution.pattern, InstitutionForm(institution))
        for role in reference.roles:
            self._insert_head(role.title, TitleForm(role))
        for stop in reference.stop_phrases:
            if stop.kind == "phrase":
                key = tuple(token.lower() for token in surface_tokens(stop.phrase))
                self._insert(self._folded, key, StopForm(stop.phrase))
        for key, rows in leader_forms.items():
            self._insert(self._exact, key, LeaderForm(rows))

    def _insert_head(self, pattern: str, entry: Entry) -> None:
        tokens = surface_tokens(pattern)
        if is_case_insensitive(pattern):
            self._insert(self._folded, tuple(token.lower() for token in tokens), entry)
        else:
            self._insert(self._exact, tokens, entry)

    @staticmethod
    def _insert(root: _Node, key: tuple[str, ...], entry: AnyEntry) -> None:
        node = root
        for token in key:
            node = node.children.setdefault(token, _Node())
        # The loader guarantees one owner per surface form; a clash here means a file slipped
        # past it (e.g. a title equal to a stop phrase), and the first entry keeps the form.
        if node.entry is None:
            node.entry = entry

    def atoms(self, tokens: Tokens, person_spans: Sequence[tuple[int, int]]) -> dict[int, Atom]:
        """Find the actor words of a sentence, longest match first, without overlap.

        Args:
            tokens: The sentence.
            person_spans: Character spans of PERSON entities from an NER model, if any; hits
                inside a longer name are part of that name.

        Returns:
            The hits by their first token.
        """
        atoms: dict[int, Atom] = {}
        count = len(tokens)
        index = 0
        while index < count:
            hit = self._longest(tokens, index)
            if hit is None:
                index += 1
                continue
            end, entry = hit
            if not isinstance(entry, StopForm):
                atoms[index] = Atom(index, end, entry)
            index = end
        for start in list(atoms):
            if not self._keep(tokens, atoms, atoms[start], person_spans):
                del atoms[start]
        return atoms

    def _longest(self, tokens: Tokens, index: int) -> tuple[int, AnyEntry] | None:
        best: tuple[int, AnyEntry] | None = None
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
        tokens: Tokens,
        atoms: dict[int, Atom],
        atom: Atom,
        person_spans: Sequence[tuple[int, int]],
    ) -> bool:
        """Drop gazetteer hits that are not actor words in this context."""
        entry = atom.entry
        if isinstance(entry, TitleForm) and atom.first and tokens.text[atom.first - 1].isdigit():
            # "12:47 PM", "at 5 PM": a clock, not a prime minister.
            return False
        if isinstance(entry, CountryForm) and not actor_context(tokens, atom):
            return False
        if (
            isinstance(entry, CountryForm)
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
            if isinstance(entry, TitleForm) and person_start == start_char:
                continue
            return False
        if (
            isinstance(entry, (CountryForm, LeaderForm))
            and not person_spans
            and not tokens.title_case
            and after_given_name(tokens, atoms, atom.first)
        ):
            # A demonym after a capitalised word is still an adjective ("Tuesday's Kenyan
            # delegation" aside, "Prime Minister X met Kenyan ..." keeps it).
            return isinstance(entry, CountryForm) and entry.via == "demonym"
        return True
