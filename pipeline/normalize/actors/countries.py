"""Country words (names, demonyms, capitals, metonyms): when one names an actor, how they join.

The gazetteer finds every country word; these rules drop those that name goods, stances or kin
rather than a state, say which words coordinate, and read "President of Armenia" and "rebels in
Mali".
"""

from __future__ import annotations

from pipeline.normalize.actors.entries import Atom, CountryForm
from pipeline.normalize.actors.tokens import Tokens, possessive_end
from pipeline.reference.actors import Country

_STANCE = frozenset({"anti", "pro"})


def actor_context(tokens: Tokens, atom: Atom) -> bool:
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


def same_kind(first: Atom, second: Atom) -> bool:
    """Whether two hits are words of one kind (two demonyms, two IGO names) for a bare comma."""
    if isinstance(first.entry, CountryForm) and isinstance(second.entry, CountryForm):
        return first.entry.via == second.entry.via
    return type(first.entry) is type(second.entry)


def of_country(tokens: Tokens, atoms: dict[int, Atom], position: int) -> tuple[Country | None, int]:
    """Read a postmodifier "of [the] <country>" ("President of Armenia").

    Args:
        tokens: The sentence.
        atoms: The gazetteer hits by first token.
        position: Where "of" would stand.

    Returns:
        (the country, the index after it), or (None, `position`) when there is none.
    """
    return _country_after(tokens, atoms, position, ("of",))


def in_country(tokens: Tokens, atoms: dict[int, Atom], position: int) -> tuple[Country | None, int]:
    """Read a postmodifier "in [the] <country or capital>" ("rebels in the Ivory Coast").

    Only for groups that belong to the place they act in (see `phrases.DOMESTIC_GROUPS`):
    an embassy or troops "in Moscow" are as often another state's.

    Args:
        tokens: The sentence.
        atoms: The gazetteer hits by first token.
        position: Where "in" would stand.

    Returns:
        (the country, the index after it), or (None, `position`) when there is none.
    """
    return _country_after(tokens, atoms, position, ("in", "inside"))


def _country_after(
    tokens: Tokens, atoms: dict[int, Atom], position: int, prepositions: tuple[str, ...]
) -> tuple[Country | None, int]:
    """A country or capital named right after one of `prepositions` (and "the")."""
    if position >= len(tokens) or tokens.lower[position] not in prepositions:
        return None, position
    index = position + 1
    if index < len(tokens) and tokens.lower[index] == "the":
        index += 1
    atom = atoms.get(index)
    if (
        atom is not None
        and isinstance(atom.entry, CountryForm)
        and atom.entry.via in {"country", "capital"}
        and possessive_end(tokens, atom.last) is None
    ):
        return atom.entry.country, atom.last
    return None, position
