"""The resolver facade: one shared instance, and its speed on the record."""

from __future__ import annotations

import time

from pipeline.normalize.actors import ActorResolver, ArticleActors, default_actor_resolver
from tests.pipeline.normalize.actors.cases import D2024


def test_default_resolver_is_cached() -> None:
    assert default_actor_resolver() is default_actor_resolver()


def test_speed_smoke(resolver: ActorResolver) -> None:
    sentences = [
        "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Friday.",
        "The French foreign ministry summoned the Iranian ambassador, AFP reported.",
        "Shares rose on Wall Street as the Indian rupee firmed against the dollar.",
        "UN Secretary-General Antonio Guterres urged the Sudanese army to stop fighting.",
        "The weather was mild and nobody said anything about politics at all.",
    ] * 1000
    memory = ArticleActors()
    start = time.perf_counter()
    found = sum(len(resolver.find(s, when=D2024, memory=memory)) for s in sentences)
    elapsed = time.perf_counter() - start
    # Printed for the record (pytest -s), not asserted: timing depends on the machine.
    print(
        f"\nactor resolver: {len(sentences)} sentences, {found} spans in {elapsed:.2f}s "
        f"= {len(sentences) / elapsed:,.0f} sentences/s, {found / elapsed:,.0f} spans/s"
    )
    assert found > 0
