"""Pins how HTML left in a record's text becomes paragraphs, and what counts as HTML."""

from __future__ import annotations

import pytest

from pipeline.ingest.html_text import has_html, html_to_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Kenya and Uganda met.</p>", True),
        ("Line one<br/>line two", True),
        ('See <a href="https://example.org">the report</a>.', True),
        # News prose that mentions angle brackets is not markup.
        ("The index rose <5% while 3 > 2.", False),
        ("Reuters <Reuters> reported.", False),
    ],
)
def test_what_counts_as_markup(text: str, expected: bool) -> None:
    assert has_html(text) is expected


def test_blocks_become_paragraphs_and_code_goes() -> None:
    markup = (
        "<div><p>Kenya and Uganda &amp; Tanzania\n   met in Nairobi.</p>"
        "<script>track('x');</script><style>p { color: red }</style>"
        "<p>They signed a <b>trade</b> accord.<br>It takes effect in May.</p>"
        "<ul><li>First point</li><li>Second point</li></ul></div>"
    )
    assert html_to_text(markup) == (
        "Kenya and Uganda & Tanzania met in Nairobi.\n\n"
        "They signed a trade accord.\n\nIt takes effect in May.\n\n"
        "First point\n\nSecond point"
    )


def test_text_with_inline_tags_keeps_its_own_line_breaks() -> None:
    text = 'Kenya hosted <a href="/uganda">Uganda</a>.\nThe talks went well.'
    assert html_to_text(text) == "Kenya hosted Uganda.\n\nThe talks went well."


def test_markup_without_text_is_empty() -> None:
    assert html_to_text("<div><script>var a = 1;</script><br/></div>") == ""
