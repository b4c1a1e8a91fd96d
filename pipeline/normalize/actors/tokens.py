"""A sentence split into tokens with character offsets, as every actor matcher reads it."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.reference.actors import iter_surface_tokens

# Short words Title Case headlines may leave in lower case ("Talks with Nyusi", "Aid to Africa").
_HEADLINE_LOWER = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "vs"}
)
APOSTROPHE = "'"


@dataclass(slots=True)
class Tokens:
    """A sentence split into tokens with their character offsets."""

    text: list[str]
    lower: list[str]
    start: list[int]
    end: list[int]
    title_case: bool

    def __len__(self) -> int:
        return len(self.text)

    def is_capitalised(self, index: int) -> bool:
        """Whether the token starts with a capital letter."""
        token = self.text[index]
        return token[:1].isupper()

    def sentence_initial(self, index: int) -> bool:
        """Whether the token opens the sentence or a quotation, so its capital says nothing."""
        return index == 0 or not self.text[index - 1][:1].isalnum()


def tokenise(text: str) -> Tokens:
    """Split a sentence into surface tokens, and tell whether it is a Title Case headline."""
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
    return Tokens(text=words, lower=lower, start=starts, end=ends, title_case=title_case)


def possessive_end(tokens: Tokens, position: int) -> int | None:
    """The index after a possessive ending ("'s", or "'" after an s) at `position`, if any."""
    if position < len(tokens) and tokens.text[position] == APOSTROPHE:
        if position + 1 < len(tokens) and tokens.lower[position + 1] == "s":
            return position + 2
        if tokens.text[position - 1].endswith(("s", "S")):
            return position + 1
    return None
