"""Tokens and offsets: spans index the text as written."""

from __future__ import annotations

from tests.pipeline.normalize.actors.cases import D2024, Find


def test_offsets_with_curly_apostrophe(find: Find) -> None:
    text = "Iran’s foreign ministry protested."
    spans = find(text, D2024)
    assert [(s.char_start, s.char_end, s.text) for s in spans] == [
        (0, 23, "Iran’s foreign ministry")
    ]
