"""Confidence: the features the coder knows of an event, and the logistic score over them."""

from __future__ import annotations

import pytest
import spacy

from pipeline.coding.arguments import Participant
from pipeline.coding.confidence import (
    FEATURES,
    confidence,
    event_features,
    recording_features,
    score,
)
from pipeline.normalize.actors import Actor
from pipeline.reference.confidence_weights import INTERCEPT


def participant(
    via: str, resolution: str = "country", country: str = "KEN", person: str | None = None
) -> Participant:
    actor = Actor("Kenya", country, None, "GOV", None, person, resolution)  # type: ignore[arg-type]
    return Participant(actor, "Kenya", via)


DIRECT = participant("direct")


def test_a_direct_event_with_a_verb_fires_no_feature() -> None:
    features = event_features(DIRECT, DIRECT, None, "occurred", "036")
    assert list(features) == list(FEATURES)
    assert all(value == 0.0 for value in features.values())


@pytest.mark.parametrize(
    ("source", "target", "modality", "code", "fired"),
    [
        (participant("pronoun"), DIRECT, "occurred", "036", {"source_pronoun"}),
        (participant("speaker"), DIRECT, "occurred", "036", {"source_pronoun"}),
        (participant("controller"), DIRECT, "occurred", "036", {"source_controller"}),
        (participant("modifier"), DIRECT, "occurred", "036", {"source_indirect"}),
        (participant("light_verb"), DIRECT, "occurred", "036", {"light_verb_source"}),
        (participant("coordination"), DIRECT, "occurred", "036", set()),
        (DIRECT, None, "occurred", "036", {"no_target"}),
        (DIRECT, participant("anaphora"), "occurred", "036", {"target_borrowed"}),
        (DIRECT, participant("implied"), "occurred", "036", {"target_implied"}),
        (DIRECT, participant("nested"), "occurred", "036", {"target_indirect"}),
        (DIRECT, participant("plural"), "occurred", "036", {"target_pronoun"}),
        (DIRECT, participant("direct", "demonym"), "occurred", "036", {"weak_name"}),
        (DIRECT, participant("direct", "institution"), "occurred", "036", {"institution_actor"}),
        (DIRECT, participant("direct", "igo", "IGO"), "occurred", "036", {"igo_actor"}),
        (
            participant("direct", "person", person="Ruto"),
            DIRECT,
            "occurred",
            "036",
            {"person_actor"},
        ),
        (DIRECT, DIRECT, "hypothetical", "036", {"hypothetical"}),
        (DIRECT, DIRECT, "planned", "036", {"future"}),
        (DIRECT, DIRECT, "intent", "036", {"future"}),
        (DIRECT, DIRECT, "denied", "036", {"denied"}),
        (DIRECT, DIRECT, "occurred", "010", {"statement_or_appeal"}),
        (DIRECT, DIRECT, "occurred", "0213", {"statement_or_appeal"}),
        (DIRECT, DIRECT, "occurred", "112", {"verbal_conflict"}),
        (DIRECT, DIRECT, "occurred", "190", {"material_conflict"}),
    ],
)
def test_each_way_of_finding_a_part_fires_its_feature(
    source: Participant,
    target: Participant | None,
    modality: str,
    code: str,
    fired: set[str],
) -> None:
    features = event_features(source, target, None, modality, code)  # type: ignore[arg-type]
    assert {name for name, value in features.items() if value} == fired


def test_two_weakly_named_actors_count_twice() -> None:
    weak = participant("direct", "capital")
    assert event_features(weak, weak)["weak_name"] == 2.0


def test_trigger_features_read_the_parse() -> None:
    nlp = spacy.blank("en")
    words = ["Kenya", "talks", "with", *["filler"] * 76, "Chile", "."]
    doc = spacy.tokens.Doc(nlp.vocab, words=words, pos=["PROPN", "NOUN", *["X"] * 79])
    doc[0].is_sent_start = True
    for token in doc[1:]:
        token.is_sent_start = False
    features = event_features(DIRECT, DIRECT, doc[1])
    assert features["noun_trigger"] == 1.0
    assert features["long_sentence"] == 2.0  # 81 tokens, over 40, capped at 2
    # "Kenya" is one token from the trigger: the nearer actor counts.
    assert features["actor_distance"] == pytest.approx(0.1)


def test_score_is_the_logistic_of_the_weighted_sum() -> None:
    weights = {INTERCEPT: 1.0, "no_target": -2.0}
    assert score({"no_target": 0.0}, weights) == pytest.approx(0.731, abs=1e-3)
    assert score({"no_target": 1.0}, weights) == pytest.approx(0.269, abs=1e-3)
    assert score({"unknown": 5.0}, weights) == pytest.approx(0.731, abs=1e-3)


def test_score_stays_inside_the_open_unit_interval() -> None:
    assert score({"x": 1.0}, {"x": 1000.0}) == 0.99
    assert score({"x": 1.0}, {"x": -1000.0}) == 0.01


def test_shipped_weights_rank_a_missing_target_below_a_direct_event() -> None:
    best = confidence(DIRECT, DIRECT)
    assert 0.0 < confidence(DIRECT, None) < best < 1.0
    assert confidence(participant("pronoun"), participant("pronoun")) < best


def test_recording_features_collects_calls_only_inside_the_block() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Kenya met Chile.")
    with recording_features() as calls:
        confidence(DIRECT, DIRECT, doc[1], "occurred", "040")
    confidence(DIRECT, DIRECT, doc[1], "occurred", "040")
    assert len(calls) == 1
    assert (calls[0].sentence, calls[0].trigger, calls[0].source_country) == (
        "Kenya met Chile.",
        "met",
        "KEN",
    )
    assert calls[0].features == event_features(DIRECT, DIRECT, doc[1], "occurred", "040")
