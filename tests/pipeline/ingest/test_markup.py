"""Pins what counts as a saved web page rather than an article's text."""

from __future__ import annotations

import pytest

from pipeline.ingest.markup import markup_evidence

PARAGRAPH = "Zambia and Malawi held talks on rail links in Lusaka on Friday, officials said."


@pytest.mark.parametrize(
    "text",
    [
        # A page saved whole, doctype first.
        f"<!DOCTYPE html>\n<html><body><p>{PARAGRAPH}</p></body></html>",
        # The crawler wrote its date line above the page source.
        f"date 2024-03-01\n<html lang='en'><head><title>Talks</title></head><p>{PARAGRAPH}</p>",
        # An XML feed item.
        f'<?xml version="1.0"?>\n<item><title>Talks</title><description>{PARAGRAPH}</description>',
        # A page body without its head: dense with tags.
        "date 2024-03-01\nTalks\n\n"
        + "".join(f'<div class="c{i}"><span>{i}</span></div>' for i in range(12)),
    ],
)
def test_pages_are_recognised(text: str) -> None:
    assert markup_evidence(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        f"date 2024-03-01\nTalks in Lusaka\n\n{PARAGRAPH}",
        # News about the web may name a tag or two.
        f"date 2024-03-01\nA tag in the news\n\nThe site hid the <b> element. {PARAGRAPH}",
        # Angle brackets in prose and quotes are no markup.
        f"date 2024-03-01\nTrade < 5%\n\nExports rose by <5% and imports by >3%. {PARAGRAPH}",
        # A long article mentioning <html> well below its top.
        "date 2024-03-01\nHeadline\n\n" + PARAGRAPH * 30 + " It began <html> tags.",
    ],
)
def test_text_is_not_markup(text: str) -> None:
    assert markup_evidence(text) is None


def test_unclosed_brackets_cost_linear_time() -> None:
    # A hostile file of unclosed tags must not make the tag pattern backtrack quadratically.
    assert markup_evidence("<a " * 200_000) is None
