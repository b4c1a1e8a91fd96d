"""Typed, cached loader of the patterns that mark paragraphs as captions, links or bylines."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir

BoilerplateKind = Literal["caption", "link", "byline", "boilerplate"]
"""What a matched paragraph is instead of news text."""

#: File name of the pattern list inside the reference directory.
BOILERPLATE_FILE = "boilerplate_patterns.yaml"

_REQUIRED_KEYS = ("name", "kind", "regex", "comment")
_OPTIONAL_KEYS = ("case_sensitive",)


@dataclass(frozen=True)
class BoilerplatePattern:
    """One entry of the pattern file.

    Attributes:
        name: Unique identifier of the pattern.
        kind: What a paragraph the pattern matches is.
        regex: The compiled expression, searched in the paragraph.
        comment: Why the pattern exists, as the analyst wrote it.
    """

    name: str
    kind: BoilerplateKind
    regex: re.Pattern[str]
    comment: str


def load_boilerplate_patterns(path: Path | None = None) -> tuple[BoilerplatePattern, ...]:
    """Load and validate the boilerplate patterns, once per path.

    Args:
        path: A pattern file; the shipped `data/reference/boilerplate_patterns.yaml` by default.

    Returns:
        The patterns in file order (the order matching tries them in).

    Raises:
        ReferenceDataError: (a ValueError) if the file is missing or not valid YAML, or an
            entry lacks a key, has an unknown key or kind, repeats a name, or has a regex
            that does not compile; the message names the file, the line and the pattern.
    """
    return _load(path if path is not None else reference_dir() / BOILERPLATE_FILE)


def match_boilerplate(
    paragraph: str, patterns: Sequence[BoilerplatePattern]
) -> BoilerplatePattern | None:
    """Return the first pattern found in a paragraph.

    Args:
        paragraph: The paragraph text, stripped.
        patterns: Patterns in priority order, usually `load_boilerplate_patterns()`.

    Returns:
        The first pattern whose regex is found in the paragraph, or None.
    """
    for pattern in patterns:
        if pattern.regex.search(paragraph):
            return pattern
    return None


@functools.cache
def _load(path: Path) -> tuple[BoilerplatePattern, ...]:
    try:
        text = path.read_text(encoding="utf-8")
        document = yaml.safe_load(text)
        # The node tree keeps line numbers, which the plain data has lost.
        root = yaml.compose(text)
    except OSError as exc:
        raise ReferenceDataError(path, None, f"cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ReferenceDataError(path, line, f"is not valid YAML: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("patterns"), list):
        raise ReferenceDataError(path, None, "must be a mapping with a 'patterns' list")
    lines = _entry_lines(root, len(document["patterns"]))
    patterns: list[BoilerplatePattern] = []
    seen: set[str] = set()
    for entry, line in zip(document["patterns"], lines, strict=True):
        pattern = _pattern(path, line, entry)
        if pattern.name in seen:
            raise ReferenceDataError(path, line, f"pattern {pattern.name!r} is defined twice")
        seen.add(pattern.name)
        patterns.append(pattern)
    return tuple(patterns)


def _entry_lines(root: yaml.Node | None, count: int) -> list[int | None]:
    """1-based line of each entry of the `patterns` list, None where the tree is unexpected."""
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "patterns" and isinstance(value, yaml.SequenceNode):
                return [item.start_mark.line + 1 for item in value.value]
    return [None] * count


def _pattern(path: Path, line: int | None, entry: Any) -> BoilerplatePattern:
    if not isinstance(entry, dict):
        raise ReferenceDataError(path, line, "each pattern must be a mapping")
    label = f"pattern {entry.get('name')!r}"
    missing = [
        key for key in _REQUIRED_KEYS if not isinstance(entry.get(key), str) or not entry[key]
    ]
    if missing:
        raise ReferenceDataError(path, line, f"{label}: missing or empty {', '.join(missing)}")
    unknown = sorted(set(entry) - set(_REQUIRED_KEYS) - set(_OPTIONAL_KEYS))
    if unknown:
        raise ReferenceDataError(path, line, f"{label}: unknown keys {unknown}")
    kinds = get_args(BoilerplateKind)
    if entry["kind"] not in kinds:
        raise ReferenceDataError(
            path, line, f"{label}: kind {entry['kind']!r} is not one of {', '.join(kinds)}"
        )
    case_sensitive = entry.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise ReferenceDataError(path, line, f"{label}: case_sensitive must be true or false")
    try:
        regex = re.compile(entry["regex"], 0 if case_sensitive else re.IGNORECASE)
    except re.error as exc:
        raise ReferenceDataError(path, line, f"{label}: invalid regex: {exc}") from exc
    return BoilerplatePattern(
        name=entry["name"], kind=entry["kind"], regex=regex, comment=entry["comment"]
    )
