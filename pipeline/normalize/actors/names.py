"""Personal names in a sentence: where one starts and ends, and the words it is compared by."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.normalize.actors.entries import Atom, LeaderForm, TitleForm
from pipeline.normalize.actors.tokens import APOSTROPHE, Tokens

# Lower-case particles inside personal names ("Mohammed bin Salman", "Luiz Inácio Lula da Silva").
NAME_PARTICLES = frozenset(
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
_MAX_NAME_WORDS = 6
_MAX_TITLE_CASE_NAME_WORDS = 4


def after_given_name(tokens: Tokens, atoms: dict[int, Atom], index: int) -> bool:
    """Whether the previous word looks like a first name ("Michael Jordan", "Jill Biden")."""
    previous = index - 1
    if previous < 0 or tokens.sentence_initial(previous):
        return False
    word = tokens.text[previous]
    if not tokens.is_capitalised(previous) or not word.isalpha() or word in _NOT_NAME_WORDS:
        return False
    return not any(atom.first <= previous < atom.last for atom in atoms.values())


def person_starts(tokens: Tokens, person_spans: Sequence[tuple[int, int]]) -> dict[int, int]:
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


def leader_tail(tokens: Tokens, words: set[str], position: int) -> int:
    """Extend a leader's name over more of its own words.

    "Sheikh Hamad bin Khalifa" + "al-Thani" is one name; particles and hyphens count only
    when a name word follows.

    Args:
        tokens: The sentence.
        words: The name words of the leader's rows, as `name_words` gives them.
        position: The index after the part of the name already matched.

    Returns:
        The index after the name.
    """
    # Words already written are not taken twice ("Putin Putin" is two mentions).
    start = position
    while start > 0 and tokens.lower[start - 1] in words:
        start -= 1
    words = words - set(tokens.lower[start:position])
    end = index = position
    while index < len(tokens):
        lower = tokens.lower[index]
        if lower in words and tokens.is_capitalised(index):
            index += 1
            end = index
        elif lower in NAME_PARTICLES or lower == "-":
            index += 1
        else:
            break
    return end


def capitalised_run(tokens: Tokens, atoms: dict[int, Atom], position: int) -> int:
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
        if words and token in {"-", APOSTROPHE} and index + 1 < count:
            following = tokens.text[index + 1]
            if following[:1].isupper() or (token == APOSTROPHE and following[:1].isalpha()):
                index += 1
                continue
        if token in NAME_PARTICLES and index + 1 < count:
            following = tokens.text[index + 1]
            if following[:1].isupper() or following == "-":
                index += 1
                continue
        break
    return end


def name_words(tokens: Iterable[str]) -> frozenset[str]:
    """The words of a name as the title gate compares them: lower case, particles left out."""
    return frozenset(
        token.lower()
        for token in tokens
        if token[:1].isalpha() and token.lower() not in NAME_PARTICLES
    )


def join_name(tokens: Sequence[str]) -> str:
    """Rebuild a name from tokens: no space around hyphens, apostrophes and after initials."""
    out = ""
    for index, token in enumerate(tokens):
        if index and token not in {"-", APOSTROPHE, "."} and tokens[index - 1] not in {"-", "'"}:
            out += " "
        out += token
    return out


def _closing_surname(tokens: Tokens, atom: Atom) -> bool:
    """Whether a title hit is a surname closing a name: one word, no capitalised word after."""
    if not isinstance(atom.entry, TitleForm) or atom.last != atom.first + 1:
        return False
    return atom.last >= len(tokens) or not tokens.is_capitalised(atom.last)


def _is_name_part(atom: Atom) -> bool:
    """Hits that may sit inside a personal name: leaders' names, honorifics ("Sheikh")."""
    entry = atom.entry
    return isinstance(entry, LeaderForm) or (
        isinstance(entry, TitleForm) and entry.role.is_honorific
    )
