"""Rule lemmas memoised per word form, part of speech and morphology: the same lemmas, sooner.

spaCy's rule lemmatizer caches its answer by `(orth, pos, morph)`, except on its commonest
path: a token in base form (a singular noun, an infinitive) is re-examined every time it
occurs, which was a third of the lemmatizer's time on real news. A rule lemma depends on
nothing but those three values (`Lemmatizer.rule_lemmatize` reads only the token's text, its
part of speech and its morphology), so this keeps every answer by that key. A token without a
part of speech is passed through uncached, so spaCy still warns about it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Token

#: Distinct keys kept before the memo starts over; a process never holds more than this.
KNOWN_FORMS_LIMIT = 200_000


class MemoisedRuleLemmas:
    """`rule_lemmatize` of one lemmatizer, answered from memory when the key was seen."""

    def __init__(self, rule_lemmatize: Callable[[Token], list[str]]) -> None:
        self._rule_lemmatize = rule_lemmatize
        self._known: dict[tuple[int, int, int], list[str]] = {}

    def __call__(self, token: Token) -> list[str]:
        """The token's lemmas, as the wrapped `rule_lemmatize` gives them."""
        key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        found = self._known.get(key)
        if found is not None:
            return found
        lemmas = self._rule_lemmatize(token)
        if token.pos:
            if len(self._known) >= KNOWN_FORMS_LIMIT:
                self._known.clear()
            self._known[key] = lemmas
        return lemmas


def memoise_rule_lemmas(nlp: Language) -> None:
    """Answer the pipeline's rule lemmatizer from memory (no change for other modes)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    # The component calls `self.lemmatize`, bound to `rule_lemmatize` when it was made.
    lemmatizer.lemmatize = MemoisedRuleLemmas(lemmatizer.rule_lemmatize)
