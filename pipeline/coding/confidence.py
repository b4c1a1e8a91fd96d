"""How likely a coded event is right, from how directly its parts were found."""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.coding.arguments import Participant
from pipeline.reference.triggers import Modality

#: How much each way of finding an actor is trusted; direct dependents are the most reliable.
SOURCE_TRUST = {
    "direct": 1.0,
    "coordination": 0.95,
    "modifier": 0.9,
    "compound": 0.85,
    "light_verb": 0.9,
    "controller": 0.9,
    "speaker": 0.8,
    "pronoun": 0.7,
    "plural": 0.7,
    "located": 0.8,
}
TARGET_TRUST = {**SOURCE_TRUST, "nested": 0.7, "anaphora": 0.65, "implied": 0.8, "place": 0.75}
#: Actors named only by an adjective ("Mexican auto imports") or a capital are less certain.
RESOLUTION_TRUST = {"demonym": 0.9, "capital": 0.9, "coreference": 0.95}


def confidence(
    source: Participant,
    target: Participant | None,
    trigger: Token | None = None,
    modality: Modality = "occurred",
) -> float:
    """How likely the row is right, from how directly its parts were found.

    A product of trust factors: the trigger's part of speech (verbs are parsed more reliably
    than event nouns), how each actor was reached (subject or object beats pronoun, "the two
    leaders" or a borrowed target), how it was named (a demonym or capital is weaker than a
    name), a missing target, conditional mood, and sentence length (long sentences are parsed
    worse). The evaluation reports precision by confidence bin to check that it is monotone.
    """
    score = 0.85 if trigger is None or trigger.pos_ in ("VERB", "AUX") else 0.78
    score *= SOURCE_TRUST.get(source.via, 0.7)
    score *= RESOLUTION_TRUST.get(source.actor.resolution, 1.0)
    if target is None:
        score *= 0.75
    else:
        score *= TARGET_TRUST.get(target.via, 0.7)
        score *= RESOLUTION_TRUST.get(target.actor.resolution, 1.0)
    if modality == "hypothetical":
        score *= 0.85
    if trigger is not None:
        length = len(trigger.sent)
        score *= 1.0 if length <= 35 else 0.9 if length <= 60 else 0.8
    return round(min(0.99, max(0.05, score)), 3)
