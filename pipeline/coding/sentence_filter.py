"""The pre-filter: whether a sentence can hold an event, decided from its tokens before parsing.

The coder only ever codes an event at a token whose lemma is a trigger of the lexicon, or at a
speech verb governing a modal demand ("said Sudan must return it"). A sentence with neither
cannot produce an event, so it need not go through the tagger, parser and NER, which are most
of the cost of a run.

The filter must never drop a sentence the coder would code. It sees only tokens, not lemmas, so
it asks which lemmas a word form *could* have: every lemma the model's own rule lemmatizer can
produce for it under any part of speech (its exception tables and suffix rules, read from the
loaded pipeline), plus the form itself. That is a superset of the lemma the tagger and
lemmatizer will choose, so the filter keeps every sentence the full parse would code.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping

from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokens import Span

from pipeline.reference.triggers import TriggerLexicon


class EventSentenceFilter:
    """Tells sentences that may hold an event from those that cannot, without parsing them."""

    def __init__(
        self,
        lexicon: TriggerLexicon,
        exceptions: Iterable[Mapping[str, Iterable[str]]],
        suffix_rules: Iterable[tuple[str, str]],
    ) -> None:
        """Build the filter from a lexicon and the lemmatizer's exception and suffix tables.

        Args:
            lexicon: The trigger lexicon the coder uses.
            exceptions: Per part of speech, irregular forms and their lemmas ("met" -> "meet").
            suffix_rules: (old suffix, new suffix) rules of every part of speech.
        """
        self._triggers = frozenset(lemma for lemma, _pos in lexicon.triggers)
        self._speech_verbs = frozenset(lexicon.speech_verbs)
        self._modals = frozenset(lexicon.modal_demands)
        self._exceptions = [dict(table) for table in exceptions]
        self._rules = sorted(set(suffix_rules))
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
        rules = lookups.get_table("lemma_rules")
        exceptions = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
        return cls(
            lexicon,
            exceptions=list(exceptions.values()),
            suffix_rules=[(old, new) for table in rules.values() for old, new in table],
        )

    def _lemma_candidates(self, form: str) -> frozenset[str]:
        candidates = {form}
        for table in self._exceptions:
            candidates.update(table.get(form, ()))
        for old, new in self._rules:
            if form.endswith(old):
                candidates.add(form[: len(form) - len(old)] + new)
        return frozenset(candidates)

    def trigger_candidates(self, sentence: Span) -> Iterator[str]:
        """Trigger lemmas some token of the sentence could have, hyphenated compounds included."""
        tokens = list(sentence)
        for position, token in enumerate(tokens):
            candidates = self.lemma_candidates(token.lower_)
            if (
                position >= 2
                and tokens[position - 1].text == "-"
                and not tokens[position - 1].whitespace_
            ):
                # "counter-measures" is three tokens; the coder joins them (see lemma_keys).
                prefix = tokens[position - 2].lower_
                candidates = candidates | {
                    joined for c in candidates for joined in (f"{prefix}-{c}", f"{prefix}{c}")
                }
            yield from candidates & self._triggers

    def may_hold_event(self, sentence: Span) -> bool:
        """Whether the coder could code an event in this sentence once it is parsed."""
        if next(self.trigger_candidates(sentence), None) is not None:
            return True
        words = [token.lower_ for token in sentence]
        return any(word in self._modals for word in words) and any(
            self.lemma_candidates(word) & self._speech_verbs for word in words
        )
