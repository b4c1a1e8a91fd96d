"""Pins near-duplicate detection: edited copies are found, other reports are not, reruns agree.

The compact index must decide exactly as the plain one it replaced (signatures as uint64
arrays, bands as bytes keys in dicts of lists), kept below as `_ReferenceIndex`.
"""

from __future__ import annotations

import gc
import random
import tracemalloc

import numpy as np
import numpy.typing as npt
import pytest

from pipeline.ingest import near_duplicates
from pipeline.ingest.near_duplicates import (
    BANDS,
    MIN_SHINGLES,
    ROWS,
    THRESHOLD,
    NearDuplicate,
    NearDuplicateIndex,
    Signature,
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


class _ReferenceIndex:
    """The index as it was before it was made compact: the decisions to reproduce."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._keys: list[str] = []
        self._signatures: list[Signature] = []
        self._bands: list[dict[bytes, list[int]]] = [{} for _ in range(BANDS)]

    def find(self, signature: Signature) -> NearDuplicate | None:
        candidates: set[int] = set()
        for band, buckets in zip(self._band_keys(signature), self._bands, strict=True):
            candidates.update(buckets.get(band, ()))
        best: NearDuplicate | None = None
        for index in sorted(candidates):
            score = similarity(signature, self._signatures[index])
            if score >= self.threshold and (best is None or score > best.similarity):
                best = NearDuplicate(self._keys[index], score)
        return best

    def add(self, key: str, signature: Signature) -> None:
        index = len(self._keys)
        self._keys.append(key)
        self._signatures.append(signature)
        for band, buckets in zip(self._band_keys(signature), self._bands, strict=True):
            buckets.setdefault(band, []).append(index)

    @staticmethod
    def _band_keys(signature: Signature) -> list[bytes]:
        return [signature[i * ROWS : (i + 1) * ROWS].tobytes() for i in range(BANDS)]


def _synthetic_signatures(count: int, seed: int = 3) -> list[Signature]:
    """Signatures of invented texts, a third of them copies of earlier ones edited 0-40%.

    The edits spread the similarities of copies over the whole range, so thresholds from 0.3
    to 0.8 all have articles on both sides, and some pairs above 0.3 share no whole band.
    """
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(3000)]
    texts: list[list[str]] = []
    signatures = []
    for _ in range(count):
        if texts and rng.random() < 0.35:
            words = list(rng.choice(texts))
            for _ in range(int(len(words) * rng.uniform(0, 0.4)) // 5):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
        else:
            words = [rng.choice(vocabulary) for _ in range(rng.randint(60, 300))]
        texts.append(words)
        signature = minhash_signature(" ".join(words))
        assert signature is not None
        signatures.append(signature)
    return signatures


SIGNATURES = _synthetic_signatures(600)


def _decisions(
    index: NearDuplicateIndex | _ReferenceIndex, signatures: list[Signature]
) -> list[NearDuplicate | None]:
    """What corpus reading does: look each article up, index it when it is kept."""
    found = []
    for number, signature in enumerate(signatures):
        near = index.find(signature)
        found.append(near)
        if near is None:
            index.add(f"site/{number}.txt", signature)
    return found


@pytest.mark.parametrize("threshold", [THRESHOLD, 0.6, 0.3])
def test_the_compact_index_decides_as_the_reference(
    threshold: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small blocks, so the 600 articles fill many blocks and merges.
    monkeypatch.setattr(near_duplicates, "_BLOCK_ROWS", 16)
    expected = _decisions(_ReferenceIndex(threshold), SIGNATURES)
    assert _decisions(NearDuplicateIndex(threshold), SIGNATURES) == expected
    assert sum(near is not None for near in expected) > 20


def test_band_hash_collisions_do_not_change_decisions(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every band of every article colliding: only true band matches may be candidates. At a
    # low threshold this matters: pairs above it that share no whole band stay unmatched.
    def collide(signature: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
        return np.zeros(BANDS, dtype=np.uint32)

    monkeypatch.setattr(near_duplicates, "band_hashes", collide)
    monkeypatch.setattr(near_duplicates, "_BLOCK_ROWS", 16)
    expected = _decisions(_ReferenceIndex(0.3), SIGNATURES[:200])
    assert _decisions(NearDuplicateIndex(0.3), SIGNATURES[:200]) == expected


def test_the_index_keeps_about_a_kilobyte_per_article() -> None:
    signatures = _synthetic_signatures(2048, seed=5)

    def retained(index: NearDuplicateIndex | _ReferenceIndex) -> float:
        _decisions(type(index)(), signatures[:300])  # first calls import numpy's helpers
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for number, signature in enumerate(signatures):
                index.add(f"site/{number:05d}.txt", signature.copy())
            gc.collect()
            return (tracemalloc.get_traced_memory()[0] - before) / len(signatures)
        finally:
            tracemalloc.stop()

    compact = retained(NearDuplicateIndex())
    reference = retained(_ReferenceIndex())
    assert compact < 1100
    assert reference > 4 * compact


def test_signatures_that_do_not_fit_are_refused() -> None:
    index = NearDuplicateIndex()
    with pytest.raises(ValueError, match="values"):
        index.add("a.txt", np.zeros(10, dtype=np.uint64))
    with pytest.raises(ValueError, match="32 bits"):
        index.find(np.full(128, 2**32, dtype=np.uint64))
