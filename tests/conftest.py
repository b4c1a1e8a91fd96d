"""Shared fixtures: the shared corpus beside the checkout and the trained spaCy pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SEED_ARTICLE = SHARED / "corpus" / "dev" / "raw" / "seed_putin_india.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared`, which CI places beside the checkout; tests needing it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default trained pipeline, loaded once for the whole session."""
    from pipeline.nlp.model import load_nlp

    return load_nlp()
