"""Pins which field of a dump record is read for each role, and how the user renames them."""

from __future__ import annotations

import pytest

from pipeline.ingest.news_fields import (
    DEFAULT_FIELD_NAMES,
    FieldMapping,
    NewsFields,
    parse_field_overrides,
    pick_fields,
)

NEWS_PLEASE = {
    "url": "https://www.example.org/a",
    "title": "Talks resume",
    "date_publish": "2024-05-02 10:00:00",
    "date_download": "2024-05-03 01:00:00",
    "maintext": "Kenya and Uganda resumed talks.",
    "source_domain": "example.org",
    "description": "ignored",
}


def test_news_please_fields_are_found_by_default() -> None:
    assert pick_fields(NEWS_PLEASE, FieldMapping()) == NewsFields(
        text="Kenya and Uganda resumed talks.",
        title="Talks resume",
        date="2024-05-02 10:00:00",
        url="https://www.example.org/a",
        publisher="example.org",
        crawl_date="2024-05-03 01:00:00",
        text_field="maintext",
    )


@pytest.mark.parametrize(
    ("record", "role", "value"),
    [
        # trafilatura's JSON: `text`, `source`; newspaper4k: `publish_date` is not a default.
        ({"text": "Body.", "source": "wire"}, "publisher", "wire"),
        # Header names are compared without case: spreadsheets capitalise them.
        ({"Headline": "Title here"}, "title", "Title here"),
        # The first candidate with a value wins; an empty one is passed over.
        ({"maintext": "  ", "content": "From content."}, "text", "From content."),
        ({"url": None, "link": "https://b.example/x"}, "url", "https://b.example/x"),
        # A text given as a list of paragraphs is joined with blank lines.
        ({"body": ["One.", "Two."]}, "text", "One.\n\nTwo."),
        # A date may be a number (a Unix time): kept as it is for the date reader.
        ({"pub_date": 1714644000}, "date", 1714644000),
    ],
)
def test_common_names_and_shapes(record: dict[str, object], role: str, value: object) -> None:
    assert getattr(pick_fields(record, FieldMapping()), role) == value


def test_an_override_is_tried_before_the_common_names_of_its_role() -> None:
    mapping = FieldMapping.with_overrides({"text": "article_body"})
    record = {"maintext": "Not this.", "article_body": "This.", "title": "T"}
    fields = pick_fields(record, mapping)
    assert (fields.text, fields.text_field, fields.title) == ("This.", "article_body", "T")
    # A news-please record in the same input folder is still read by the common names.
    assert pick_fields({"maintext": "That."}, mapping).text == "That."
    assert mapping.names["text"] == ("article_body", *DEFAULT_FIELD_NAMES["text"])
    assert mapping.names["date"] == DEFAULT_FIELD_NAMES["date"]


def test_only_the_columns_a_role_may_use_are_read() -> None:
    mapping = FieldMapping.with_overrides({"url": "permalink"})
    columns = ["id", "Title", "html", "maintext", "permalink", "url", "embedding"]
    assert mapping.columns(columns) == ["Title", "maintext", "permalink", "url"]


def test_command_line_pairs() -> None:
    pairs = ["text=article_body", "date = published_at", "text=body_text"]
    assert parse_field_overrides(pairs) == {"text": "body_text", "date": "published_at"}


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("text", "is not ROLE=FIELD"),
        ("txt=body", "unknown field role 'txt'"),
        ("text=", "is empty"),
    ],
)
def test_bad_pairs_are_refused_with_the_fix(pair: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_field_overrides([pair])
