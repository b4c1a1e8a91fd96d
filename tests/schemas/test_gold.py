"""Pins what the gold models accept: both gold formats, extra keys, and malformed values."""

import pytest
from pydantic import ValidationError

from schemas.gold import GoldArticle, GoldEvent

REAL_NEWS_EVENT: dict[str, object] = {
    "source": "RUS",
    "source_actor": "Vladimir Putin",
    "target": "IND",
    "target_actor": "Government of India",
    "cameo_root": "03",
    "cameo_code": "036",
    "plover": "AGREE",
    "mode": "planned",
    "event_date": "2025",
    "date_precision": "year",
    "location": "India",
    "location_country": "IND",
    "evidence": "A visit is expected.",
}

PLOVER_EVENT: dict[str, object] = {
    "source": "HUN",
    "source_actor": "Hungarian",
    "source_sector": "GOV",
    "target": "ROU",
    "target_actor": "Romanian",
    "target_sector": "GOV",
    "plover": "AGREE",
    "plover_original": "AGREE",
    "plover_mode": None,
    "cameo_root": None,
    "evidence": "Officials agreed.",
}


def test_real_news_event_keeps_every_scored_field() -> None:
    event = GoldEvent.model_validate(REAL_NEWS_EVENT)
    assert (event.source, event.target, event.cameo_root, event.cameo_code) == (
        "RUS",
        "IND",
        "03",
        "036",
    )
    assert (event.plover, event.mode, event.event_date, event.date_precision) == (
        "AGREE",
        "planned",
        "2025",
        "year",
    )
    assert (event.source_actor, event.location) == ("Vladimir Putin", "India")


def test_plover_event_parses_and_ignores_unknown_keys() -> None:
    event = GoldEvent.model_validate(PLOVER_EVENT)
    assert (event.source, event.target, event.cameo_root, event.plover) == (
        "HUN",
        "ROU",
        None,
        "AGREE",
    )
    # plover_mode is a different vocabulary from mode and must not leak into it.
    assert event.mode is None
    assert not hasattr(event, "plover_original")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cameo_root": "3"}, "cameo_root"),  # roots are two digits
        ({"event_date": "19 Nov 2024"}, "event_date"),  # dates are ISO prefixes
        ({"event_date": "2024-11-19T10:00"}, "event_date"),  # ... at most to the day
        ({"cameo_code": "03a"}, "cameo_code"),  # codes are digits
    ],
)
def test_malformed_values_are_rejected(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        GoldEvent.model_validate(REAL_NEWS_EVENT | changes)
    assert [error["loc"] for error in info.value.errors()] == [(field,)]


@pytest.mark.parametrize(
    "missing",
    [
        "source",  # the key must be there even when its value may be null
        "target",  # likewise
    ],
)
def test_actor_keys_are_required(missing: str) -> None:
    data = {key: value for key, value in REAL_NEWS_EVENT.items() if key != missing}
    with pytest.raises(ValidationError):
        GoldEvent.model_validate(data)


def test_null_actors_are_allowed() -> None:
    event = GoldEvent.model_validate(REAL_NEWS_EVENT | {"source": None, "target": None})
    assert (event.source, event.target) == (None, None)


def test_article_with_optional_fields() -> None:
    record = {
        "file": "gsr-0001.txt",
        "id": "PLOVER-GSR01-AGREE-0001",
        "published": "2000-01-01",
        "events": [PLOVER_EVENT],
        "comment": None,
        "extra": 1,
    }
    parsed = GoldArticle.model_validate(record)
    assert (parsed.file, parsed.id, parsed.published, parsed.source_url) == (
        "gsr-0001.txt",
        "PLOVER-GSR01-AGREE-0001",
        "2000-01-01",
        None,
    )
    assert [event.source for event in parsed.events] == ["HUN"]


def test_article_needs_a_file_name() -> None:
    with pytest.raises(ValidationError):
        GoldArticle.model_validate({"file": "", "published": "2024-01-01", "events": []})
