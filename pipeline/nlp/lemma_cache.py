"""Rule lemmas memoised per word form, part of speech and morphology: the same lemmas, sooner.

spaCy's rule lemmatizer caches its answer by `(orth, pos, morph)`, except on its commonest
path: a token in base form (a singular noun, an infinitive) is re-examined every time it
occurs, which was a third of the lemmatizer's time on real news. A rule lemma depends on
nothing but those three values (`Lemmatizer.rule_lemmatize` reads only the token's text, its
part of speech and its morphology), so this keeps every answer by that key. A token without a
part of speech is passed through uncached, so spaCy still warns about it.

The component's `pipe`, the path `nlp.pipe` takes, is answered the same way but a doc at a
time: the keys of every token are read as one array, and the lemmas written back as one, so
no `Token` object is made except for a key not seen before. That took the lemmatizer from
about 4% of coding to under 1%.

A key not seen before still costs spaCy's `rule_lemmatize`, which asks for every candidate
lemma whether it is a known word of its part of speech (`form in index`), and the model keeps
those words as lists (57,528 nouns): a scan of the list per candidate, about 90 µs a new word
form. `index_known_words` gives each list a set to answer that question, keeping the list, its
order and its serialisation as they are, so the lemmas are the same and a new word costs what
a repeated one did. A benchmark that repeats its sentences hides that cost; news, whose names
and rare words keep coming, pays it on every word form a process has not seen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token
from thinc.types import Ints2d

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


class ArrayRuleLemmas:
    """A rule lemmatizer's `pipe`: each doc's lemmas looked up by key and written as one array.

    The lemmas are those of the lemmatizer's own `__call__`: a token that already has a lemma
    keeps it unless the lemmatizer overwrites, and every other token gets the first of
    `lemmatize(token)`, remembered by `(orth, pos, morph)` as `MemoisedRuleLemmas` does.
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self._lemmatizer = lemmatizer
        self._known: dict[tuple[int, int, int], int] = {}

    def __call__(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Lemmatise each doc of `stream`, as `Pipe.pipe` does (`batch_size` is unused)."""
        lemmatizer = self._lemmatizer
        error_handler = lemmatizer.get_error_handler()
        for doc in stream:
            try:
                yield self.lemmatise(doc)
            except Exception as error:  # reported as spaCy's own component reports it
                error_handler(lemmatizer.name, lemmatizer, [doc], error)

    def lemmatise(self, doc: Doc) -> Doc:
        """Set the lemma of every token of `doc` that needs one."""
        lemmatizer = self._lemmatizer
        if not getattr(lemmatizer, "_validated", True) or len(doc) == 0:
            return lemmatizer(doc)  # the first doc checks the lookup tables, as spaCy's does
        known, strings, overwrite = self._known, doc.vocab.strings, lemmatizer.overwrite
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = cast(Ints2d, rows[:, 3:].copy())
        for position, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = known.get(key)
            if found is None:
                found = strings.add(lemmatizer.lemmatize(doc[position])[0])
                if pos:  # no part of speech: spaCy warns, so it is asked every time
                    if len(known) >= KNOWN_FORMS_LIMIT:
                        known.clear()
                    known[key] = found
            lemmas[position, 0] = found
        doc.from_array([LEMMA], lemmas)
        return doc


class KnownWords(list[str]):
    """A lemma index's word list that answers `word in words` from a set, not by a scan.

    Still a list, in its order, so everything else spaCy does with the table (its checks,
    `to_bytes`, pickling) sees what it saw before.
    """

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(words)
        self._members = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self._members

    def __reduce__(self) -> tuple[type[KnownWords], tuple[list[str]]]:
        return KnownWords, (list(self),)


def index_known_words(lemmatizer: Lemmatizer) -> None:
    """Give each part of speech's list of known words in the lemma index a set to answer from."""
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list) and not isinstance(words, KnownWords):
            table[key] = KnownWords(words)


def memoise_rule_lemmas(nlp: Language) -> None:
    """Answer the pipeline's rule lemmatizer from memory (no change for other modes)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    # Same lemmas; a word form the process has not seen before costs a look-up, not a scan.
    index_known_words(lemmatizer)
    # The component calls `self.lemmatize`, bound to `rule_lemmatize` when it was made.
    lemmatizer.lemmatize = MemoisedRuleLemmas(lemmatizer.rule_lemmatize)
    # `nlp.pipe` calls the component's `pipe`; `nlp(text)` still goes through `__call__`.
    lemmatizer.pipe = ArrayRuleLemmas(lemmatizer)
