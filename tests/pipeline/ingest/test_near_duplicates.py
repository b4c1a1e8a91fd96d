"""Pins near-duplicate detection: edited copies are found, other reports are not, reruns agree."""

from __future__ import annotations

import pytest

from pipeline.ingest.near_duplicates import (
    MIN_SHINGLES,
    THRESHOLD,
    NearDuplicateIndex,
    minhash_signature,
    shingles,
    similarity,
)

STORY = (
    "Tanzania and Mozambique agreed on Monday to restart the passenger ferry across Lake Nyasa, "
    "which stopped running two years ago, the two transport ministers said after meeting in "
    "Mbamba Bay. The ministers said the ferry would call at four ports on each shore and that "
    "customs officers from both countries would travel on board to clear passengers during "
    "the crossing. Repairs to the jetties are to be paid for by both governments, and the first "
    "sailings are planned for the end of the rainy season, the ministers told reporters."
)
OTHER_REPORT = (
    "Ferry services on Lake Nyasa will resume next year after an accord between Dar es Salaam "
    "and Maputo, according to port officials in Mbamba Bay, who said passengers had waited two "
    "years for the boats. Customs staff will sail with the ferry, officials said, and the cost "
    "of fixing the jetties will be shared. Fishermen on both shores welcomed the decision but "
    "asked for lower fares, and traders said they hoped cargo would follow the passengers soon."
)


def _exact_jaccard(one: str, other: str) -> float:
    a, b = shingles(one), shingles(other)
    return len(a & b) / len(a | b)


@pytest.mark.parametrize(
    ("copy", "duplicate"),
    [
        # Identical news text under another headline and byline.
        (STORY, True),
        # Two words changed, and the case and punctuation of a sentence.
        (STORY.replace("two years ago", "in 2022").replace("Repairs to", "REPAIRS TO"), True),
        # The attribution at the end trimmed by the syndicating site.
        (STORY.removesuffix(", the ministers told reporters."), True),
        # A third of the text cut: similar, but below the threshold.
        (STORY.rsplit(" Repairs", 1)[0], False),
        # Another report of the same event, written separately: shared facts, not shared text.
        (OTHER_REPORT, False),
    ],
)
def test_copies_are_found_and_other_reports_are_not(copy: str, duplicate: bool) -> None:
    index = NearDuplicateIndex()
    original = minhash_signature(STORY)
    candidate = minhash_signature(copy)
    assert original is not None
    assert candidate is not None
    index.add("site-a/story.txt", original)
    found = index.find(candidate)
    assert (found is not None) == duplicate
    # The estimate is close to the exact Jaccard similarity of the shingle sets.
    assert similarity(original, candidate) == pytest.approx(_exact_jaccard(STORY, copy), abs=0.12)
    if found is not None:
        assert found.key == "site-a/story.txt"
        assert found.similarity >= THRESHOLD


def test_short_texts_have_no_signature() -> None:
    words = STORY.split()
    assert minhash_signature(" ".join(words[: MIN_SHINGLES + 3])) is None
    assert minhash_signature(" ".join(words[: MIN_SHINGLES + 4])) is not None


def test_signatures_are_stable_across_processes() -> None:
    # Seeded hashes, no hash(): a rerun in another process makes the same decisions.
    signature = minhash_signature(STORY)
    assert signature is not None
    assert signature[:3].tolist() == EXPECTED_FIRST_VALUES


def test_the_most_similar_earlier_article_is_named() -> None:
    index = NearDuplicateIndex()
    trimmed = STORY.removesuffix(", the ministers told reporters.")
    for key, text in [("a.txt", OTHER_REPORT), ("b.txt", trimmed)]:
        signature = minhash_signature(text)
        assert signature is not None
        index.add(key, signature)
    signature = minhash_signature(STORY)
    assert signature is not None
    found = index.find(signature)
    assert found is not None
    assert found.key == "b.txt"
    assert len(index) == 2


# Computed once with the seeded permutations; a change here changes every near-duplicate decision.
EXPECTED_FIRST_VALUES = [24551534, 5618842, 67863573]
