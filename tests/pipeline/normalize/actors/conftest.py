"""Fixtures for actor tests: the shipped resolver, and one-call helpers over it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from pipeline.normalize.actors import (
    ActorResolver,
    ActorSpan,
    ArticleActors,
    default_actor_resolver,
)
from tests.pipeline.normalize.actors.cases import Expected


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return default_actor_resolver()


@pytest.fixture
def find(resolver: ActorResolver) -> Callable[..., list[ActorSpan]]:
    """Find the spans of one sentence, in a fresh article's memory unless one is given."""

    def find(
        text: str,
        when: dt.date,
        memory: ArticleActors | None = None,
        person_spans: tuple[tuple[int, int], ...] = (),
    ) -> list[ActorSpan]:
        return resolver.find(
            text, when=when, memory=memory or ArticleActors(), person_spans=person_spans
        )

    return find


@pytest.fixture(scope="session")
def summarise() -> Callable[[list[ActorSpan]], list[Expected]]:
    """Each span as (text, country, org, sector, role), the shape of the case tables."""

    def summarise(spans: list[ActorSpan]) -> list[Expected]:
        return [(s.text, s.actor.country, s.actor.org, s.actor.sector, s.actor.role) for s in spans]

    return summarise
