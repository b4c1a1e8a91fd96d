"""The model's attribute-ruler patterns, applied by table look-up instead of spaCy's Matcher.

The small English model's `attribute_ruler` maps each fine-grained tag to its part of speech
and morphology, and fixes a few words ("ai n't", "gon na"). It runs those 179 patterns through
the general token Matcher, which tests every pattern against every token: about a tenth of the
whole parse. Nearly all of them constrain one token by its tag or its lowercase form, so a
dictionary from tag (or word) to the patterns that can match it finds the same matches with a
few look-ups per token; the handful of multi-token patterns still go through a Matcher. The
look-up keys of a whole doc are read as one array of string hashes, and the answer for each
key is remembered, so most tokens cost a dictionary look-up and no `Token` object.

The result is the same as the stock component's: every match is found against the tokens as
they were before the component ran, and matches are applied in pattern order, so a later
pattern overrides an earlier one, as in `spacy.pipeline.AttributeRuler`. A test compares the
two token by token.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

#: Name under which `compile_attribute_ruler` registers its component factory.
FACTORY = "attache_compiled_attribute_ruler"

#: Distinct (tag, word, dependency, space) combinations whose matching rules are remembered.
KNOWN_TOKENS_LIMIT = 200_000

#: The token attributes a one-token rule's match depends on, read for a whole doc at once.
_KEY_ATTRIBUTES = [TAG, LOWER, DEP, IS_SPACE]

TokenTest = Callable[[Token], bool]


@dataclass(frozen=True)
class _SingleTokenRule:
    rule_id: int
    tests: tuple[TokenTest, ...]

    def matches(self, token: Token) -> bool:
        return all(test(token) for test in self.tests)


_ATTRIBUTES: Mapping[str, Callable[[Token], object]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}


class CompiledAttributeRuler:
    """Applies an attribute ruler's patterns with a tag and word index (see module docstring)."""

    def __init__(self, nlp: Language, patterns: Sequence[Mapping[str, Any]]) -> None:
        """Compile `patterns`, in the format of `AttributeRuler.patterns`, in their order."""
        self._attrs: list[dict[Any, Any]] = []
        self._indices: list[int] = []
        self._by_tag: dict[str, list[_SingleTokenRule]] = {}
        self._by_word: dict[str, list[_SingleTokenRule]] = {}
        self._anywhere: list[_SingleTokenRule] = []
        self._matcher = Matcher(nlp.vocab)
        self._has_multi_token = False
        self._known: dict[tuple[int, ...], tuple[int, ...]] = {}
        """Matching one-token rules by the token's `_KEY_ATTRIBUTES` values (string hashes)."""
        self._required_words: set[str] | None = set()
        """A doc with none of these words matches no multi-token pattern (None: unknown)."""
        self._required_word_hashes: set[int] | None = None
        for rule_id, pattern in enumerate(patterns):
            self._attrs.append(normalize_token_attrs(nlp.vocab, dict(pattern["attrs"])))
            self._indices.append(int(pattern.get("index", 0)))
            for token_patterns in pattern["patterns"]:
                if len(token_patterns) == 1 and _compilable(token_patterns[0]):
                    self._index(rule_id, token_patterns[0])
                else:
                    self._matcher.add(str(rule_id), [token_patterns])
                    self._has_multi_token = True
                    self._add_required_words(token_patterns)

    def _index(self, rule_id: int, conditions: Mapping[str, Any]) -> None:
        rule = _SingleTokenRule(
            rule_id, tuple(_test(key, value) for key, value in conditions.items())
        )
        # Indexed by its most selective condition: the word if it names one, else the tag.
        word, tag = conditions.get("LOWER"), conditions.get("TAG")
        if isinstance(word, str) or (isinstance(word, dict) and "IN" in word):
            for value in [word] if isinstance(word, str) else word["IN"]:
                self._by_word.setdefault(value, []).append(rule)
        elif isinstance(tag, str) or (isinstance(tag, dict) and "IN" in tag):
            for value in [tag] if isinstance(tag, str) else tag["IN"]:
                self._by_tag.setdefault(value, []).append(rule)
        else:
            self._anywhere.append(rule)

    def _required_hashes(self, doc: Doc) -> set[int] | None:
        # The hashes of the required words, made once (a vocabulary's hashes never change).
        if self._required_words is None:
            return None
        if self._required_word_hashes is None:
            self._required_word_hashes = {doc.vocab.strings.add(w) for w in self._required_words}
        return self._required_word_hashes

    def _add_required_words(self, token_patterns: Sequence[Mapping[str, Any]]) -> None:
        # One token of the pattern that must be a given word (or one of a few) is enough.
        if self._required_words is None:
            return
        for conditions in token_patterns:
            word = conditions.get("LOWER")
            if isinstance(word, str):
                self._required_words.add(word)
                return
            if isinstance(word, dict) and "IN" in word:
                self._required_words.update(word["IN"])
                return
        self._required_words = None

    def _rules_for(self, token: Token) -> tuple[int, ...]:
        rules = (
            *self._by_tag.get(token.tag_, ()),
            *self._by_word.get(token.lower_, ()),
            *self._anywhere,
        )
        return tuple(sorted(rule.rule_id for rule in rules if rule.matches(token)))

    def __call__(self, doc: Doc) -> Doc:
        """Set the attributes of every matching pattern on `doc`, later patterns last."""
        hits: list[tuple[int, int]] = []
        required = self._required_hashes(doc)
        run_matcher = self._has_multi_token and required is None
        known = self._known
        # Whether a one-token rule matches depends on these four values only, and news text
        # repeats them endlessly, so the answer is kept (up to a bound). They are read as one
        # array of string hashes: a Token object per token was most of this component's time.
        for position, values in enumerate(doc.to_array(_KEY_ATTRIBUTES).tolist()):
            key = tuple(values)
            found = known.get(key)
            if found is None:
                found = self._rules_for(doc[position])
                if len(known) >= KNOWN_TOKENS_LIMIT:
                    known.clear()
                known[key] = found
            hits.extend((rule_id, position) for rule_id in found)
            if required is not None and not run_matcher and key[1] in required:
                run_matcher = self._has_multi_token
        if run_matcher:
            strings = doc.vocab.strings
            for match_id, start, end in self._matcher(doc, allow_missing=True):
                rule_id = int(strings[match_id])
                index = self._indices[rule_id]
                hits.append((rule_id, start + index if index >= 0 else end + index))
        # Sorted by pattern, as the stock component applies them: a later pattern wins.
        hits.sort()
        for rule_id, position in hits:
            set_token_attrs(doc[position], self._attrs[rule_id])
        return doc


def _compilable(conditions: Mapping[str, Any]) -> bool:
    for key, value in conditions.items():
        if key not in _ATTRIBUTES:
            return False
        if isinstance(value, dict) and not (
            len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN", "REGEX")
        ):
            return False
    return True


def _test(key: str, value: Any) -> TokenTest:
    read = _ATTRIBUTES[key]
    if not isinstance(value, dict):
        return lambda token: read(token) == value
    operator, operand = next(iter(value.items()))
    if operator == "IN":
        members = frozenset(operand)
        return lambda token: read(token) in members
    if operator == "NOT_IN":
        excluded = frozenset(operand)
        return lambda token: read(token) not in excluded
    pattern = re.compile(operand)
    return lambda token: bool(pattern.search(str(read(token))))


@Language.factory(FACTORY)
def _make_compiled_attribute_ruler(
    nlp: Language, name: str, patterns: list[dict[str, Any]]
) -> CompiledAttributeRuler:
    return CompiledAttributeRuler(nlp, patterns)


def compile_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> None:
    """Replace the stock attribute ruler `name` of `nlp`, if it has one, by its compiled twin."""
    if name not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return
    patterns = [
        {"patterns": p["patterns"], "attrs": p["attrs"], "index": p["index"]}
        for p in ruler.patterns
    ]
    nlp.replace_pipe(name, FACTORY, config={"patterns": patterns})
