"""How likely a coded event is right: a logistic model over how its parts were found."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Token

from pipeline.coding.arguments import Participant
from pipeline.reference.confidence_weights import INTERCEPT, load_confidence_weights
from pipeline.reference.triggers import Modality

#: The features, in the order of the weights file. Each is 0 or 1 unless its comment says.
FEATURES = (
    "noun_trigger",  # the trigger is an event noun, not a verb ("talks", "sanctions")
    "light_verb_source",  # the noun's source is the subject of a light verb ("held talks")
    "source_pronoun",  # the source is a pronoun, "the two sides" or the quoted speaker
    "source_controller",  # the subject of the verb that governs the trigger ("agreed to visit")
    "source_indirect",  # reached another indirect way: possessive, compound, nested phrase, ...
    "no_target",  # no target at all
    "target_pronoun",  # the target is a pronoun or "the two sides"
    "target_borrowed",  # borrowed from an earlier act of the source in the article
    "target_implied",  # the source's own government or people, by convention
    "target_indirect",  # reached another indirect way: nested phrase, place, possessive, ...
    "weak_name",  # actors named only by a demonym, a capital or a metonym (0, 1 or 2)
    "person_actor",  # actors that are persons, not states or organisations (0, 1 or 2)
    "institution_actor",  # actors named as a body of a state ("the foreign ministry") (0-2)
    "igo_actor",  # an international organisation takes part
    "hypothetical",  # a conditional ("would retaliate if ...")
    "future",  # planned or intended, not yet done
    "denied",  # said not to have happened
    "statement_or_appeal",  # CAMEO root 01 or 02: the vaguest acts
    "verbal_conflict",  # roots 09-13: demands, disapproval, rejection, threats
    "material_conflict",  # roots 14-20: protest, force, violence
    "long_sentence",  # sentence length in tokens over 40, at most 2 (parsed worse)
    "actor_distance",  # tokens from trigger to the nearer actor's words over 10, at most 2
)
_PRONOUN_VIA = frozenset({"pronoun", "plural", "speaker"})
#: Ways as reliable as a subject or object: a conjunct of one ("Kenya and Chile signed").
_DIRECT_VIA = frozenset({"direct", "coordination"})
_WEAK_RESOLUTIONS = frozenset({"demonym", "capital", "metonym"})
#: Cap of `long_sentence` and `actor_distance`, and the value of the latter for an actor whose
#: words are not in the sentence (a pronoun's antecedent, a borrowed target).
_CAP = 2.0


def event_features(
    source: Participant,
    target: Participant | None,
    trigger: Token | None = None,
    modality: Modality = "occurred",
    code: str | None = None,
) -> dict[str, float]:
    """The features of one coded event, by name (`FEATURES`), from what the coder knows.

    Args:
        source: The source and how it was found (`Participant.via`).
        target: The target, or None when the event has none.
        trigger: The trigger token; None (a test) counts as a short verb sentence.
        modality: The event's modality when it was coded.
        code: The CAMEO code; None leaves the root features at 0.
    """
    actors = [source] if target is None else [source, target]
    root = code[:2] if code else ""
    target_via = target.via if target is not None else ""
    features = {
        "noun_trigger": trigger is not None and trigger.pos_ not in ("VERB", "AUX"),
        "light_verb_source": source.via == "light_verb",
        "source_pronoun": source.via in _PRONOUN_VIA,
        "source_controller": source.via == "controller",
        "source_indirect": source.via
        not in {"light_verb", "controller", *_DIRECT_VIA, *_PRONOUN_VIA},
        "no_target": target is None,
        "target_pronoun": target_via in _PRONOUN_VIA,
        "target_borrowed": target_via == "anaphora",
        "target_implied": target_via == "implied",
        "target_indirect": target is not None
        and target_via not in {"anaphora", "implied", *_DIRECT_VIA, *_PRONOUN_VIA},
        "weak_name": sum(p.actor.resolution in _WEAK_RESOLUTIONS for p in actors),
        "person_actor": sum(p.actor.person is not None for p in actors),
        "institution_actor": sum(p.actor.resolution == "institution" for p in actors),
        "igo_actor": any(p.actor.country == "IGO" for p in actors),
        "hypothetical": modality == "hypothetical",
        "future": modality in ("planned", "intent"),
        "denied": modality == "denied",
        "statement_or_appeal": root in ("01", "02"),
        "verbal_conflict": "09" <= root <= "13",
        "material_conflict": "14" <= root <= "20",
        "long_sentence": min(_CAP, len(trigger.sent) / 40) if trigger is not None else 0.0,
        "actor_distance": _actor_distance(trigger, actors),
    }
    return {name: float(value) for name, value in features.items()}


def _actor_distance(trigger: Token | None, actors: list[Participant]) -> float:
    """Tokens from the trigger to the nearest token of an actor's words, over 10, capped."""
    if trigger is None:
        return 0.0
    # Capitalised words only: "the" of "the United States" would be found anywhere.
    words = {word for p in actors for word in p.text.split() if word[:1].isupper()}
    distances = [
        abs(token.i - trigger.i)
        for token in trigger.sent
        if token.i != trigger.i and token.text in words
    ]
    return min(_CAP, min(distances, default=10 * _CAP) / 10)


def score(features: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The logistic model: sigmoid(intercept + sum of weight times feature), in [0.01, 0.99].

    Rounded to three decimals; a feature without a weight weighs nothing.
    """
    logit = weights.get(INTERCEPT, 0.0) + sum(
        weights.get(name, 0.0) * value for name, value in features.items()
    )
    probability = 1 / (1 + math.exp(-max(-30.0, min(30.0, logit))))
    return round(min(0.99, max(0.01, probability)), 3)


@functools.cache
def shipped_weights(path: Path | None = None) -> Mapping[str, float]:
    """The weights in `data/reference/confidence_weights.csv` (or `path`), read once."""
    return load_confidence_weights(FEATURES, path)


@dataclass(frozen=True)
class RecordedFeatures:
    """The features of one `confidence` call, with what identifies its event row.

    `sentence` is the text of the trigger's sentence as the row's `sentence_text` has it,
    `trigger` the trigger's text, and the codes are those of the source and target actors.
    """

    sentence: str
    trigger: str
    source_country: str | None
    source_org: str | None
    target_country: str | None
    target_org: str | None
    features: Mapping[str, float]


_recorded: ContextVar[list[RecordedFeatures] | None] = ContextVar("_recorded", default=None)


@contextmanager
def recording_features() -> Iterator[list[RecordedFeatures]]:
    """Collect the features of every `confidence` call made in this block (for training).

    The coder keeps only the score; the training of the weights needs the features of each
    row, and reads them from this list.
    """
    calls: list[RecordedFeatures] = []
    token = _recorded.set(calls)
    try:
        yield calls
    finally:
        _recorded.reset(token)


def confidence(
    source: Participant,
    target: Participant | None,
    trigger: Token | None = None,
    modality: Modality = "occurred",
    code: str | None = None,
) -> float:
    """How likely the row is right: the shipped logistic model over `event_features`.

    The weights were fitted on the shared gold sets (`attache train-confidence`), each
    predicted row labelled by whether the evaluation matched it to a gold event. The
    evaluation reports precision by confidence bin and AUC to check that the ranking holds.
    """
    features = event_features(source, target, trigger, modality, code)
    calls = _recorded.get()
    if calls is not None and trigger is not None:
        calls.append(
            RecordedFeatures(
                sentence=trigger.doc[:].text,
                trigger=trigger.text,
                source_country=source.actor.country,
                source_org=source.actor.org,
                target_country=target.actor.country if target is not None else None,
                target_org=target.actor.org if target is not None else None,
                features=features,
            )
        )
    return score(features, shipped_weights())
