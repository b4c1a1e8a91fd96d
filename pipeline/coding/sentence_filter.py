"""The pre-filter: whether a sentence can hold an event, decided from its tokens before parsing.

The coder only ever codes an event at a token whose lemma is a trigger of the lexicon, or at a
speech verb governing a modal demand ("said Sudan must return it"). A sentence with neither
cannot produce an event, so it need not go through the tagger, parser and NER, which are most
of the cost of a run.

The filter must never drop a sentence the coder would code. It sees only tokens, not tags or
lemmas, so it asks which lemmas a word form *could* have as a noun, a verb or an adjective:
every lemma the model's own rule lemmatizer can produce for it under that part of speech (its
exception tables and suffix rules, read from the loaded pipeline), plus the form itself, which
is what the lemmatizer returns for proper nouns, auxiliaries and unknown words. That is a
superset of the lemma the tagger and lemmatizer will choose, so "according" (a verb form) never
reaches the noun entry "accord". An entry that also needs a particle ("break off"), an object
("close the border") or a modifier is only a candidate when that word occurs in the sentence
too, because the coder looks for those words among the trigger's children and phrase. So the
filter keeps every sentence the full parse would code.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokens import Span

from pipeline.reference.triggers import TriggerLexicon

#: Parts of speech of lexicon entries, and the lemmatizer tables each is lemmatised with.
ENTRY_POS = ("NOUN", "VERB", "ADJ")


@dataclass(frozen=True)
class LemmaRules:
    """One part of speech's irregular forms and suffix rules, as the rule lemmatizer has them."""

    exceptions: Mapping[str, Sequence[str]]
    suffixes: Sequence[tuple[str, str]]

    def candidates(self, form: str) -> set[str]:
        """Every lemma the lemmatizer could give `form` under this part of speech."""
        found = {form, *self.exceptions.get(form, ())}
        for old, new in self.suffixes:
            if form.endswith(old):
                found.add(form[: len(form) - len(old)] + new)
        return found


@dataclass(frozen=True)
class _EntryCondition:
    """Words a lexicon entry needs in the sentence besides its own trigger word."""

    prep: str | None
    objects: frozenset[str]
    modifiers: frozenset[str]

    def met(self, words: set[str], lemmas: set[str]) -> bool:
        """Whether the sentence holds the particle, an object and a modifier the entry needs."""
        return (
            (self.prep is None or self.prep in words)
            and (not self.objects or not self.objects.isdisjoint(lemmas))
            and (not self.modifiers or not self.modifiers.isdisjoint(lemmas))
        )


class EventSentenceFilter:
    """Tells sentences that may hold an event from those that cannot, without parsing them."""

    def __init__(self, lexicon: TriggerLexicon, rules: Mapping[str, LemmaRules]) -> None:
        """Build the filter from a lexicon and the lemmatizer's tables.

        Args:
            lexicon: The trigger lexicon the coder uses.
            rules: Lemmatizer tables by entry part of speech (`NOUN`, `VERB`, `ADJ`).
        """
        self._rules = dict(rules)
        self._speech_verbs = frozenset(lexicon.speech_verbs)
        self._modals = frozenset(lexicon.modal_demands)
        # Per (lemma, part of speech), the words each entry needs besides the trigger itself.
        self._conditions: dict[tuple[str, str], list[_EntryCondition]] = {
            key: [_EntryCondition(e.prep, e.objects | e.predicates, e.modifiers) for e in entries]
            for key, entries in lexicon.triggers.items()
        }
        self._lemmas = {
            pos: frozenset(lemma for lemma, entry_pos in lexicon.triggers if entry_pos == pos)
            for pos in ENTRY_POS
        }
        # One cache per filter: word forms repeat endlessly across a corpus.
        self.lemma_candidates = functools.lru_cache(maxsize=200_000)(self._lemma_candidates)

    @classmethod
    def for_pipeline(cls, nlp: Language, lexicon: TriggerLexicon) -> EventSentenceFilter | None:
        """The filter for a loaded pipeline, or None when its lemmatizer is not rule-based.

        Without the rule tables the filter could not promise to keep every sentence the coder
        would code, so the caller then parses everything.
        """
        if "lemmatizer" not in nlp.pipe_names:
            return None
        lookups: Lookups | None = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is None or not lookups.has_table("lemma_rules"):
            return None
        suffixes = lookups.get_table("lemma_rules")
        exceptions = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
        rules = {
            pos: LemmaRules(
                exceptions=exceptions.get(pos.lower(), {}),
                suffixes=[(old, new) for old, new in suffixes.get(pos.lower(), [])],
            )
            for pos in ENTRY_POS
        }
        return cls(lexicon, rules)

    def _lemma_candidates(self, form: str) -> dict[str, frozenset[str]]:
        return {pos: frozenset(rules.candidates(form)) for pos, rules in self._rules.items()}

    def trigger_candidates(self, sentence: Span) -> Iterator[tuple[str, str]]:
        """(lemma, part of speech) of lexicon entries some token of the sentence could be."""
        tokens = list(sentence)
        for position, token in enumerate(tokens):
            hyphenated = (
                position >= 2
                and tokens[position - 1].text == "-"
                and not tokens[position - 1].whitespace_
            )
            prefix = tokens[position - 2].lower_ if hyphenated else ""
            for pos, lemmas in self.lemma_candidates(token.lower_).items():
                keys = set(lemmas)
                if hyphenated:
                    # "counter-measures" is three tokens; the coder joins them (see lemma_keys).
                    keys |= {j for c in lemmas for j in (f"{prefix}-{c}", f"{prefix}{c}")}
                for lemma in keys & self._lemmas[pos]:
                    yield lemma, pos

    def may_hold_event(self, sentence: Span) -> bool:
        """Whether the coder could code an event in this sentence once it is parsed."""
        words = {token.lower_ for token in sentence}
        lemmas: set[str] = set()
        for word in words:
            for candidates in self.lemma_candidates(word).values():
                lemmas |= candidates
        if words & self._modals and lemmas & self._speech_verbs:
            return True
        return any(
            condition.met(words, lemmas)
            for key in self.trigger_candidates(sentence)
            for condition in self._conditions[key]
        )


# The filter of each (pipeline, lexicon) a process has used: a coding worker codes many slices
# of articles, and its filter's word cache should outlive each of them.
_FILTERS: weakref.WeakKeyDictionary[
    Language, dict[int, tuple[TriggerLexicon, EventSentenceFilter | None]]
] = weakref.WeakKeyDictionary()


def sentence_filter_for(nlp: Language, lexicon: TriggerLexicon) -> EventSentenceFilter | None:
    """`EventSentenceFilter.for_pipeline`, built once per pipeline and lexicon in a process."""
    by_lexicon = _FILTERS.setdefault(nlp, {})
    kept = by_lexicon.get(id(lexicon))
    # The lexicon itself is kept with its filter, so its id cannot pass to another lexicon.
    if kept is None or kept[0] is not lexicon:
        kept = (lexicon, EventSentenceFilter.for_pipeline(nlp, lexicon))
        by_lexicon[id(lexicon)] = kept
    return kept[1]
