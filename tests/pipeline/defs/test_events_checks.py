"""The `events_reported_by_several_articles` check: the measured share, and when it warns."""

from __future__ import annotations

import pytest

from pipeline.defs.analysis import MIN_EVENTS_FOR_SHARE, several_articles_check
from schemas.arrow import to_arrow_table
from schemas.records import EventRecord


def _events(articles: list[int]) -> list[EventRecord]:
    """Events that differ only in id and in how many articles report them."""
    template = EventRecord.model_validate(
        {
            "event_id": "e",
            "source_name": "Norway",
            "source_country": "NOR",
            "source_org": None,
            "source_sector": "GOV",
            "target_name": "Chile",
            "target_country": "CHL",
            "target_org": None,
            "target_sector": "GOV",
            "cameo_code": "040",
            "cameo_root": "04",
            "event_label": "Consult, not specified below",
            "quad_class": 1,
            "goldstein": 1.0,
            "plover_type": "CONSULT",
            "plover_mode": None,
            "modality": "occurred",
            "modalities": ["occurred"],
            "event_date": None,
            "event_date_precision": "unknown",
            "occurred_code": "040",
            "occurred_date": None,
            "occurred_date_precision": "unknown",
            "announcement_date": None,
            "location_name": None,
            "location_country": None,
            "latitude": None,
            "longitude": None,
            "geonames_id": None,
            "confidence": 0.8,
            "num_mentions": 1,
            "num_articles": 1,
            "num_sources": 1,
            "first_seen": "2031-03-03",
            "last_seen": "2031-03-03",
            "mention_ids": ["m"],
            "coder_version": "0.1.0",
        }
    )
    return [
        template.model_copy(update={"event_id": f"e{i}", "num_articles": n})
        for i, n in enumerate(articles)
    ]


@pytest.mark.parametrize(
    ("articles", "share", "passed"),
    [
        # One of four events reported twice: a quarter, and no warning.
        ([1, 2, 1, 1], 0.25, True),
        # A small batch joining nothing is no surprise.
        ([1, 1, 1], 0.0, True),
        # A large batch joining nothing across articles is: clustering may be broken.
        ([1] * MIN_EVENTS_FOR_SHARE, 0.0, False),
        # No events at all.
        ([], 0.0, True),
    ],
)
def test_share_of_events_reported_by_several_articles(
    articles: list[int], share: float, passed: bool
) -> None:
    result = several_articles_check(to_arrow_table(_events(articles), EventRecord))
    assert result.passed is passed
    assert result.metadata["share"].value == share
    assert result.metadata["events"].value == len(articles)
