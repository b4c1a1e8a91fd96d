"""Builders of event mentions and events for the aggregation tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from pipeline.aggregation.event_clusters import cluster_events
from schemas.records import EventMention, EventRecord

MentionFactory = Callable[..., EventMention]
EventFactory = Callable[..., EventRecord]

#: Goldstein weight and QuadClass of the CAMEO codes the tests use.
_CODES: dict[str, tuple[str, int, float, str | None]] = {
    "036": ("Express intent to meet or negotiate", 1, 4.0, "AGREE"),
    "040": ("Consult, not specified below", 1, 1.0, "CONSULT"),
    "042": ("Make a visit", 1, 1.9, "CONSULT"),
    "043": ("Host a visit", 1, 2.8, "CONSULT"),
    "057": ("Sign formal agreement", 1, 8.0, "AGREE"),
    "061": ("Cooperate economically", 2, 6.4, "COOPERATE"),
    "070": ("Provide aid", 2, 7.0, "AID"),
    "111": ("Criticize or denounce", 3, -2.0, "ACCUSE"),
    "190": ("Use conventional military force", 4, -10.0, "ASSAULT"),
}


def _mention(
    mention_id: str,
    *,
    code: str = "042",
    date: str | None = "2024-11-18",
    precision: str = "day",
    article: str | None = None,
    source_file: str | None = None,
    published: str = "2024-11-20",
    source: str | None = "RUS",
    target: str | None = "IND",
    confidence: float = 0.8,
    source_name: str = "Putin",
    **overrides: Any,
) -> EventMention:
    label, quad_class, goldstein, plover = _CODES[code]
    article_id = article or f"art-{mention_id}"
    values: dict[str, Any] = {
        "mention_id": mention_id,
        "article_id": article_id,
        "source_file": source_file or f"{article_id}.txt",
        "publication_date": dt.date.fromisoformat(published),
        "sentence_index": 0,
        "sentence_text": f"{source_name} visited.",
        "char_start": 0,
        "char_end": 7,
        "trigger_text": "visited",
        "source_name": source_name,
        "source_country": source,
        "source_org": None,
        "source_sector": "GOV",
        "target_name": "India" if target else None,
        "target_country": target,
        "target_org": None,
        "target_sector": "GOV" if target else None,
        "cameo_code": code,
        "cameo_root": code[:2],
        "event_label": label,
        "quad_class": quad_class,
        "goldstein": goldstein,
        "plover_type": plover,
        "plover_mode": None,
        "modality": "occurred",
        "event_date": dt.date.fromisoformat(date) if date else None,
        "event_date_precision": precision if date else "unknown",
        "event_date_text": None,
        "event_date_source": "text",
        "location_name": None,
        "location_country": None,
        "latitude": None,
        "longitude": None,
        "geonames_id": None,
        "confidence": confidence,
        "coder_version": "0.1.0",
    }
    values.update(overrides)
    return EventMention(**values)


@pytest.fixture(scope="session")
def make_mention() -> MentionFactory:
    """Build a valid EventMention: a Russia-to-India visit (042) on 2024-11-18 by default.

    `date` is an ISO date string (None for unknown precision), `article` the article id
    (default unique per mention), and any other EventMention field can be overridden.
    """
    return _mention


@pytest.fixture(scope="session")
def make_event() -> EventFactory:
    """Build a valid EventRecord from one mention built with `make_mention`'s arguments.

    `num_mentions` pads the event's mention_ids so dyad_day sums can be checked.
    """

    def build(mention_id: str, *, num_mentions: int = 1, **mention: Any) -> EventRecord:
        (event,) = cluster_events([_mention(mention_id, **mention)])
        ids = [f"{mention_id}-{i}" for i in range(num_mentions)]
        return event.model_copy(update={"num_mentions": num_mentions, "mention_ids": ids})

    return build
