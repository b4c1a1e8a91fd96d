"""The error every reference-data loader raises when a file under data/reference is malformed."""

from __future__ import annotations

from pathlib import Path


class ReferenceDataError(ValueError):
    """A reference file cannot be trusted; the message names the file, the line and the problem.

    Loaders raise this instead of skipping bad rows: a silently dropped CAMEO code or lexicon
    entry would surface much later as a quietly wrong dataset, far from its cause.

    Attributes:
        path: The offending file.
        line: 1-based line number of the offending row, or None when the problem is the whole
            file (missing, unreadable, empty).
        problem: What is wrong, without the location prefix.
    """

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")
