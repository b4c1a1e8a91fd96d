"""Who a noun phrase names: a relative pronoun the parser coordinated with a noun is no party."""

from __future__ import annotations

from collections.abc import Callable

from schemas.records import EventMention


def _pairs(events: list[EventMention]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source_country, e.target_country, e.cameo_root) for e in events}


def test_a_relative_pronoun_coordinated_with_a_noun_is_no_party(
    code_body: Callable[[str], list[EventMention]],
) -> None:
    body = (
        "Canada sanctioned Zeta Cloud, a provider sanctioned by the United States and which "
        "it said was helping Iran's government."
    )
    assert ("CAN", "USA", "16") not in _pairs(code_body(body))
