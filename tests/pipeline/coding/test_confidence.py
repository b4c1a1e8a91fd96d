"""Confidence falls with every indirect step in finding an event's parts."""

from __future__ import annotations

import pytest

from pipeline.coding.arguments import Participant
from pipeline.coding.confidence import confidence
from pipeline.normalize.actors import Actor


def participant(via: str, resolution: str = "country") -> Participant:
    actor = Actor("Kenya", "KEN", None, "GOV", None, None, resolution)  # type: ignore[arg-type]
    return Participant(actor, "Kenya", via)


DIRECT = participant("direct")


@pytest.mark.parametrize(
    ("source", "target", "modality"),
    [
        (participant("pronoun"), DIRECT, "occurred"),  # "he" instead of a name
        (DIRECT, participant("anaphora"), "occurred"),  # target borrowed from an earlier act
        (DIRECT, None, "occurred"),  # no target at all
        (DIRECT, participant("direct", "demonym"), "occurred"),  # only an adjective names it
        (DIRECT, DIRECT, "hypothetical"),  # a conditional
    ],
)
def test_each_indirection_lowers_confidence(
    source: Participant, target: Participant | None, modality: str
) -> None:
    best = confidence(DIRECT, DIRECT)
    assert confidence(source, target, None, modality) < best  # type: ignore[arg-type]


def test_confidence_is_a_probability() -> None:
    worst = confidence(participant("pronoun", "demonym"), None, None, "hypothetical")
    assert 0.05 <= worst < confidence(DIRECT, DIRECT) <= 0.99
