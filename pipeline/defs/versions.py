"""The code version of the assets: a digest of the coder's source and its reference data."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.reference.paths import reference_dir

_PACKAGES = (Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[2] / "schemas")


def code_version() -> str:
    """Changes whenever a Python module or a reference file changes.

    Dagster compares it with the version each partition was materialised with, so after a
    lexicon or actor-table edit the UI marks every partition stale and a backfill recodes them.
    """
    digest = hashlib.sha256()
    files = [p for package in _PACKAGES for p in package.rglob("*.py")]
    files += [p for p in reference_dir().iterdir() if p.is_file()]
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


CODE_VERSION = code_version()
