"""An event as the coding rules find it in a sentence, before it is dated and made a row."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.coding.arguments import Participant
from pipeline.coding.event_dating import DatedEvent
from pipeline.reference.triggers import Modality, Trigger


@dataclass(frozen=True)
class CodedEvent:
    """One event a trigger codes: its CAMEO code, source, target, modality and confidence."""

    trigger: Token
    trigger_entry: Trigger
    code: str
    source: Participant
    target: Participant | None
    modality: Modality
    confidence: float


#: A coded event with its date.
DatedCodedEvent = DatedEvent[CodedEvent]
