"""Recognising articles that are not about politics (sports reports): their events are not coded."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class TopicRule:
    """Words that mark a topic, and how many must occur for an article to be on it."""

    topic: str
    words: frozenset[str]
    min_distinct: int
    min_hits: int

    def matches(self, words: list[str]) -> bool:
        """Whether an article's words (lower-cased) put it on this topic."""
        hits = [w for w in words if w in self.words]
        return len(set(hits)) >= self.min_distinct and len(hits) >= self.min_hits


def load_topic_rules(path: Path | None = None) -> tuple[TopicRule, ...]:
    """Load `topic_terms.yaml`.

    Raises:
        ReferenceDataError: when the file is unreadable or a topic is malformed.
    """
    return _load(path or reference_dir() / "topic_terms.yaml")


@functools.cache
def _load(path: Path) -> tuple[TopicRule, ...]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ReferenceDataError(path, None, f"cannot read: {error}") from error
    if not isinstance(document, dict):
        raise ReferenceDataError(path, None, "expected a mapping of topics")
    rules = []
    for topic, spec in document.items():
        words = spec.get("words") if isinstance(spec, dict) else None
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ReferenceDataError(path, None, f"topic {topic!r} needs a list of words")
        try:
            rules.append(
                TopicRule(
                    topic=str(topic),
                    words=frozenset(w.lower() for w in words),
                    min_distinct=int(spec["min_distinct"]),
                    min_hits=int(spec["min_hits"]),
                )
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ReferenceDataError(path, None, f"topic {topic!r}: {error}") from error
    return tuple(rules)


def off_topic(text: str, rules: tuple[TopicRule, ...]) -> str | None:
    """The non-political topic an article is about, or None."""
    words = _WORD.findall(text.lower())
    return next((rule.topic for rule in rules if rule.matches(words)), None)
