"""Phrase parsing: the parts of one actor phrase, read from the gazetteer hit that opens it.

A phrase is optional country or organisation words (coordinated, possibly possessive), fillers,
optional institutions or titles, an optional person's name and an optional "of <country>":
"Russia's former president", "Hungarian and Romanian officials", "President Vladimir Putin".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.normalize.actors.countries import in_country, of_country, same_kind
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
from pipeline.normalize.actors.names import capitalised_run, leader_tail
from pipeline.normalize.actors.tokens import Tokens, possessive_end
from pipeline.reference.actors import Country

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
FORMER_WORDS = frozenset({"former", "ex"})
_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "this", "that"})
_CONJUNCTIONS = frozenset({"and", "or", "&", ","})
# Bodies a leader's name can head as a modifier: "the Clinton administration", "Blair's cabinet".
_LEADER_BODIES = frozenset({"government", "cabinet"})
#: Sectors of groups that act for the state they are in ("rebels in Mali", "the opposition in
#: Togo", "police in Nairobi", "the court in Santiago"); government bodies, forces, businesses
#: and civilians at large are left out: an embassy, troops, companies or tourists "in Moscow"
#: are as often another state's.
DOMESTIC_GROUPS = frozenset({"REB", "OPP", "PTY", "LAB", "EDU", "REL", "JUD", "LEG", "COP"})
#: Civilian groups of the same kind: they act where they gather.
_DOMESTIC_CIVILIAN_ROLES = frozenset({"protesters", "activists"})


@dataclass
class Phrase:
    """The parts of one actor phrase found by the parser, before resolution."""

    first: int
    last: int
    mods: list[Atom] = field(default_factory=list)
    possessive: bool = False
    heads: list[Atom] = field(default_factory=list)
    postmodifier: Country | None = None
    name: tuple[int, int] | None = None
    name_key: tuple[str, ...] = ()
    leader_atom: Atom | None = None
    body: Atom | None = None
    body_state: str | None = None
    former: bool = False
    definite: bool = False


class PhraseParser:
    """Reads actor phrases off a sentence's gazetteer hits.

    Args:
        leaders: The leaders table, to extend a leader's name over the rest of its words.
    """

    def __init__(self, leaders: LeaderTable) -> None:
        self._leaders = leaders

    def parse(
        self,
        tokens: Tokens,
        atoms: dict[int, Atom],
        start: int,
        *,
        person_spans: Sequence[tuple[int, int]],
        name_starts: dict[int, int],
        memory: ArticleActors,
    ) -> Phrase:
        """Parse the phrase opened by the hit at `start`.

        Args:
            tokens: The sentence.
            atoms: The gazetteer hits by first token.
            start: The index of the hit that opens the phrase.
            person_spans: Character spans of PERSON entities from an NER model, if any.
            name_starts: The token spans of those entities, as `person_starts` gives them.
            memory: The article's memory, to find names remembered from earlier sentences.

        Returns:
            The phrase's parts; `last` is the index after it.
        """
        phrase = Phrase(first=start, last=start)
        phrase.former, phrase.definite = _preceding(tokens, start)
        position = start
        atom = atoms.get(position)
        if atom is not None and isinstance(atom.entry, (CountryForm, IgoForm)):
            phrase.mods, position, phrase.possessive = _modifiers(tokens, atoms, atom)
        after_mods = position
        position, former_inside = _skip_fillers(tokens, atoms, position)
        heads: list[Atom] = []
        while True:
            atom = atoms.get(position)
            if atom is None or not isinstance(atom.entry, (InstitutionForm, TitleForm)):
                break
            heads.append(atom)
            position = atom.last
        if heads:
            phrase.heads = heads
            phrase.former = phrase.former or former_inside
        else:
            position = after_mods
        has_title = any(isinstance(head.entry, TitleForm) for head in heads)
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
                body = _leader_body(tokens, atoms, position)
                state = _state_of_name(phrase, memory) if body is not None else None
                if body is not None and state is not None:
                    phrase.body, phrase.body_state = body, state
                    position = body.last
        if not phrase.mods and phrase.body is None and (heads or phrase.name):
            country, position = of_country(tokens, atoms, position)
            if country is None and phrase.name is None and _domestic_group(heads):
                # "rebels in the Ivory Coast", "opposition parties in Nepal": the group acts
                # for the state it is in (domestic events keep same-country actors).
                country, position = in_country(tokens, atoms, position)
            phrase.postmodifier = country
        if phrase.possessive and not heads and phrase.name is None:
            # "India's support": the span is the country word, not its possessive ending.
            position = phrase.mods[-1].last
        phrase.last = position
        return phrase

    def _name_at(
        self,
        tokens: Tokens,
        atoms: dict[int, Atom],
        position: int,
        *,
        person_spans: Sequence[tuple[int, int]],
        name_starts: dict[int, int],
        memory: ArticleActors,
        guess: bool,
    ) -> tuple[int, int, Atom | None] | None:
        """Find a person's name starting at `position`: (first, last, leader atom or None).

        `guess` allows taking a run of capitalised words as a name when no NER spans were
        given; only after a title, where a name is expected.
        """
        if position >= len(tokens):
            return None
        atom = atoms.get(position)
        if atom is not None and isinstance(atom.entry, LeaderForm):
            words = self._leaders.words_of(atom.entry.rows)
            tail = leader_tail(tokens, words, atom.last)
            end = name_starts.get(position, tail)
            return position, max(end, tail), atom if end <= tail else None
        if position in name_starts:
            return position, name_starts[position], None
        remembered = memory.match_at(tokens.text, position)
        if remembered is not None:
            return position, remembered[0], None
        if person_spans or not guess:
            return None
        end = capitalised_run(tokens, atoms, position)
        return (position, end, None) if end > position else None


def _leader_body(tokens: Tokens, atoms: dict[int, Atom], position: int) -> Atom | None:
    """A government body headed by the name before it ("Clinton administration")."""
    start = possessive_end(tokens, position) or position
    atom = atoms.get(start)
    if (
        atom is not None
        and isinstance(atom.entry, InstitutionForm)
        and atom.entry.institution.role in _LEADER_BODIES
    ):
        return atom
    return None


def _state_of_name(phrase: Phrase, memory: ArticleActors) -> str | None:
    """The one state of the phrase's named person (article memory, else leaders table)."""
    remembered = memory.lookup_tokens(phrase.name_key)
    if remembered is not None:
        return remembered.country if remembered.country != "IGO" else None
    atom = phrase.leader_atom
    if atom is None or not isinstance(atom.entry, LeaderForm):
        return None
    states = {row.country for row in atom.entry.rows} - {"IGO"}
    return next(iter(states)) if len(states) == 1 else None


def _domestic_group(heads: Sequence[Atom]) -> bool:
    """Whether a phrase's heads name a group that acts for the state it is in."""
    bodies = [h.entry.institution for h in heads if isinstance(h.entry, InstitutionForm)]
    return bool(bodies) and all(
        b.sector in DOMESTIC_GROUPS or b.role in _DOMESTIC_CIVILIAN_ROLES for b in bodies
    )


def _preceding(tokens: Tokens, start: int) -> tuple[bool, bool]:
    """Whether the phrase is marked former ("former", "ex-") or definite ("the")."""
    former = definite = False
    index = start - 1
    if index >= 1 and tokens.text[index] == "-" and tokens.lower[index - 1] == "ex":
        return True, False
    while index >= 0 and tokens.lower[index] in _FILLERS | _DETERMINERS:
        former = former or tokens.lower[index] in FORMER_WORDS
        definite = definite or tokens.lower[index] in _DETERMINERS
        index -= 1
    return former, definite


def _modifiers(tokens: Tokens, atoms: dict[int, Atom], first: Atom) -> tuple[list[Atom], int, bool]:
    """Collect coordinated country or IGO words and a closing possessive."""
    mods = [first]
    position = first.last
    while True:
        possessive = possessive_end(tokens, position)
        if possessive is not None:
            return mods, possessive, True
        conjunction = position
        while conjunction < len(tokens) and tokens.lower[conjunction] in _CONJUNCTIONS:
            conjunction += 1
        following = atoms.get(conjunction)
        joined = tokens.lower[position:conjunction]
        if (
            conjunction > position
            and len(joined) <= 2
            and following is not None
            and isinstance(following.entry, (CountryForm, IgoForm))
            # A bare comma joins only words of one kind ("Hungarian, Romanian and Czech
            # officials"), not "its frontier with Serbia, Croatian officials said".
            and (any(word != "," for word in joined) or same_kind(mods[-1], following))
        ):
            mods.append(following)
            position = following.last
            continue
        return mods, position, False


def _skip_fillers(tokens: Tokens, atoms: dict[int, Atom], position: int) -> tuple[int, bool]:
    """Step over up to a few filler words; whether one of them said "former"."""
    former = False
    skipped = 0
    while position < len(tokens) and position not in atoms and skipped < _MAX_FILLERS:
        word = tokens.lower[position]
        if word in _FILLERS:
            former = former or word in FORMER_WORDS
        elif word != "-" or skipped == 0:
            break
        position += 1
        skipped += 1
    return position, former
