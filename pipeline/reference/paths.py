"""Where the shipped reference data lives, resolved from this package rather than the cwd."""

from __future__ import annotations

from pathlib import Path

# pipeline/reference/paths.py -> parents[2] is the repository root; resolving from the module
# (not the working directory) keeps `attache run`, pytest and Dagster agreeing on the files.
_REPO_ROOT = Path(__file__).resolve().parents[2]


def reference_dir() -> Path:
    """Return the directory that holds the shipped reference files.

    Returns:
        `<repo>/data/reference`, absolute.
    """
    return _REPO_ROOT / "data" / "reference"
