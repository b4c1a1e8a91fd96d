"""Finding near-duplicate articles: MinHash signatures of word 5-grams, looked up by bands.

Two articles are near-duplicates when the Jaccard similarity of their sets of word 5-grams
("shingles") is at least `THRESHOLD`: a syndicated copy with another headline, byline or
caption, a changed word or a trimmed last paragraph. The similarity is estimated from
`NUM_HASHES` MinHash values (standard error about 0.035 at 0.8), which is what lets a corpus
of any size be compared without keeping every article's shingles; locality-sensitive hashing
(`BANDS` bands of `ROWS` values) finds the candidates without comparing every pair. Hashes
are seeded constants, so a rerun makes the same decisions.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: Words per shingle: long enough that shared phrases ("the foreign minister said") do not
#: make unrelated articles similar, short enough that one edit changes few shingles.
SHINGLE_WORDS = 5
#: Jaccard similarity of shingle sets at and above which an article is a near-duplicate. At
#: 0.8 a 200-word story copied with about four words changed, or with one of its ten
#: paragraphs dropped, is a duplicate; two reports of the same meeting written apart are not.
THRESHOLD = 0.8
#: Texts with fewer shingles than this (about 54 words, a short news brief) are compared for
#: exact copies only. Distinct reports often share a sentence verbatim (the same quoted
#: statement, the same wire lead), and in a one- or two-sentence text that sentence is all
#: there is, so near-identity says nothing about the reports being one.
MIN_SHINGLES = 50
NUM_HASHES = 128
#: 32 bands of 4 rows make a pair a candidate with probability > 0.98 at similarity 0.6 and
#: > 0.999 999 at 0.8, but under 0.25 at 0.3; candidates are then judged by the estimate.
BANDS = 32
ROWS = NUM_HASHES // BANDS

#: Only the start of a text is shingled: 100,000 characters is some 15,000 words, longer than
#: any news article, and copies share their beginnings; the bound keeps a 10 MB file from
#: costing seconds.
MAX_CHARS = 100_000

_WORD = re.compile(r"\w+")
# A prime below 2**32: (a * x + b) % p with a, b < p and 32-bit x stays below 2**64.
_PRIME = 4_294_967_291
_SEED = 20_240_601
_random = random.Random(_SEED)
_A = np.array([_random.randrange(1, _PRIME) for _ in range(NUM_HASHES)], dtype=np.uint64)
_B = np.array([_random.randrange(0, _PRIME) for _ in range(NUM_HASHES)], dtype=np.uint64)
# Shingles hashed per numpy step: bounds the (chunk x NUM_HASHES) matrix to a few megabytes
# for a 10 MB file of a million shingles.
_CHUNK = 8192

Signature = npt.NDArray[np.uint64]


@dataclass(frozen=True)
class NearDuplicate:
    """An earlier article a new one nearly repeats.

    Attributes:
        key: The earlier article's key (its source file).
        similarity: Estimated Jaccard similarity of their word 5-grams.
    """

    key: str
    similarity: float


def shingles(text: str) -> set[str]:
    """Word 5-grams of a text's first `MAX_CHARS` characters, lower-cased, sans punctuation."""
    words = _WORD.findall(text[:MAX_CHARS].lower())
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def minhash_signature(text: str) -> Signature | None:
    """The MinHash signature of a text's word 5-grams.

    Args:
        text: The news text of an article (body paragraphs, no boilerplate).

    Returns:
        `NUM_HASHES` minima, or None for a text with fewer than `MIN_SHINGLES` shingles.
    """
    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    # crc32 is stable across processes, unlike hash(); the permutations supply the mixing.
    hashed = np.fromiter(
        (zlib.crc32(shingle.encode()) for shingle in sorted(found)),
        dtype=np.uint64,
        count=len(found),
    )
    signature = np.full(NUM_HASHES, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(hashed), _CHUNK):
        block = hashed[start : start + _CHUNK, np.newaxis]
        values = (block * _A + _B) % np.uint64(_PRIME)
        np.minimum(signature, values.min(axis=0), out=signature)
    return signature


def similarity(one: Signature, other: Signature) -> float:
    """Estimated Jaccard similarity: the share of MinHash values two signatures agree on."""
    return float(np.count_nonzero(one == other)) / NUM_HASHES


class NearDuplicateIndex:
    """The signatures of the articles kept so far, searchable for near-duplicates."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._keys: list[str] = []
        self._signatures: list[Signature] = []
        self._bands: list[dict[bytes, list[int]]] = [{} for _ in range(BANDS)]

    def __len__(self) -> int:
        return len(self._keys)

    def find(self, signature: Signature) -> NearDuplicate | None:
        """The most similar indexed article at or above the threshold, if any.

        Ties go to the article indexed first, so the decision does not depend on dict order.
        """
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
        """Index an article that was kept, so later ones are compared with it."""
        index = len(self._keys)
        self._keys.append(key)
        self._signatures.append(signature)
        for band, buckets in zip(self._band_keys(signature), self._bands, strict=True):
            buckets.setdefault(band, []).append(index)

    @staticmethod
    def _band_keys(signature: Signature) -> list[bytes]:
        return [signature[i * ROWS : (i + 1) * ROWS].tobytes() for i in range(BANDS)]
