"""Tokens and offsets: spans index the text as written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pipeline.normalize.actors import ActorSpan

D2024 = dt.date(2024, 6, 1)

Find = Callable[..., list[ActorSpan]]


def test_offsets_with_curly_apostrophe(find: Find) -> None:
    text = "Iran’s foreign ministry protested."
    spans = find(text, D2024)
    assert [(s.char_start, s.char_end, s.text) for s in spans] == [
        (0, 23, "Iran’s foreign ministry")
    ]
