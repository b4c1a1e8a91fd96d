"""Finding near-duplicate articles: MinHash signatures of word 5-grams, looked up by bands.

Two articles are near-duplicates when the Jaccard similarity of their sets of word 5-grams
("shingles") is at least `THRESHOLD`: a syndicated copy with another headline, byline or
caption, a changed word or a trimmed last paragraph. The similarity is estimated from
`NUM_HASHES` MinHash values (standard error about 0.035 at 0.8), which is what lets a corpus
of any size be compared without keeping every article's shingles; locality-sensitive hashing
(`BANDS` bands of `ROWS` values) finds the candidates without comparing every pair. Hashes
are seeded constants, so a rerun makes the same decisions.

The index of kept articles is the one thing here that grows with the corpus, so it is kept
compact: signatures as rows of 32-bit integers in fixed-size numpy blocks (every MinHash value
is below a 32-bit prime), and each band as one 32-bit hash in sorted numpy arrays rather than
as bytes objects in dicts of lists: under 1 KB per article instead of 7 KB. A band-hash
match is confirmed against the band's values themselves, so a hash collision can never make a
candidate the exact band comparison would not have made: the decisions are those of a plain
dict of band values.
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


#: Articles per signature block, and per batch of band hashes merged into the sorted arrays
#: (until a merge, the latest articles' band hashes are searched by a scan of this many rows).
_BLOCK_ROWS = 256
_MAX_VALUE = np.iinfo(np.uint32).max
# splitmix64's constants: a cheap, well-mixing 64-bit hash of the band values.
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_SHIFTS = (np.uint64(30), np.uint64(27), np.uint64(31))
_BAND_SALT = np.arange(1, BANDS + 1, dtype=np.uint64) * _GOLDEN
# Two 32-bit values per 64-bit word when a band is hashed.
assert ROWS % 2 == 0


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64's finaliser, element-wise (uint64 arithmetic wraps, as intended)."""
    values = (values ^ (values >> _SHIFTS[0])) * _MIX_1
    values = (values ^ (values >> _SHIFTS[1])) * _MIX_2
    return values ^ (values >> _SHIFTS[2])


def band_hashes(signature: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """One 32-bit hash per band of a signature, salted by the band's number.

    Equal bands always hash alike. Unequal ones collide rarely (a band of a new article meets
    a colliding one among a million indexed bands about once in 4,000), and a collision only
    adds a candidate that `NearDuplicateIndex` then drops: the hash needs to be small and
    fast, not perfect.
    """
    # Each band's ROWS 32-bit values, read as ROWS / 2 64-bit words.
    words = np.ascontiguousarray(signature, dtype=np.uint32).view(np.uint64).reshape(BANDS, -1)
    hashed = _BAND_SALT
    for column in range(words.shape[1]):
        hashed = (hashed ^ words[:, column]) * _MIX_1
    return (_mix(hashed) >> np.uint64(32)).astype(np.uint32)


class NearDuplicateIndex:
    """The signatures of the articles kept so far, searchable for near-duplicates.

    Memory per article: its key, 4 bytes per MinHash value (512) and 8 bytes per band (a
    32-bit hash and a 32-bit row number: 256).
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._block_rows = _BLOCK_ROWS
        self._keys: list[str] = []
        # Row i of the index is row i % block_rows of block i // block_rows.
        self._blocks: list[npt.NDArray[np.uint32]] = []
        # Band hashes of the rows merged so far, sorted, with the row each belongs to.
        self._hashes = np.empty(0, dtype=np.uint32)
        self._rows = np.empty(0, dtype=np.uint32)
        # Band hashes of the rows added since the last merge, one row of BANDS per article;
        # searched by a scan, which stays cheap because a merge empties it every block.
        self._recent = np.empty((self._block_rows, BANDS), dtype=np.uint32)
        self._merged = 0

    def __len__(self) -> int:
        return len(self._keys)

    def find(self, signature: Signature) -> NearDuplicate | None:
        """The most similar indexed article at or above the threshold, if any.

        Candidates are the articles sharing at least one whole band with the signature; ties
        go to the article indexed first, so the decision does not depend on insertion details.
        """
        values = _as_values(signature)
        candidates = self._candidates(band_hashes(values))
        if candidates.size == 0:
            return None
        indexed = self._signature_rows(candidates)
        # Keep only true band matches: a hash collision must not add a candidate.
        shares_band = (
            (indexed.reshape(-1, BANDS, ROWS) == values.reshape(BANDS, ROWS))
            .all(axis=2)
            .any(axis=1)
        )
        candidates, indexed = candidates[shares_band], indexed[shares_band]
        if candidates.size == 0:
            return None
        agreeing = np.count_nonzero(indexed == values, axis=1)
        best = int(np.argmax(agreeing))  # the first of equal scores: the earliest indexed
        score = float(agreeing[best]) / NUM_HASHES
        if score < self.threshold:
            return None
        return NearDuplicate(self._keys[int(candidates[best])], score)

    def add(self, key: str, signature: Signature) -> None:
        """Index an article that was kept, so later ones are compared with it."""
        values = _as_values(signature)
        index = len(self._keys)
        block, row = divmod(index, self._block_rows)
        if block == len(self._blocks):
            self._blocks.append(np.empty((self._block_rows, NUM_HASHES), dtype=np.uint32))
        self._blocks[block][row] = values
        self._recent[index - self._merged] = band_hashes(values)
        self._keys.append(key)
        if len(self._keys) - self._merged == self._block_rows:
            self._merge_recent()

    def _candidates(self, hashes: npt.NDArray[np.uint32]) -> npt.NDArray[np.int64]:
        """Rows sharing a band hash with the signature, sorted and distinct."""
        low = np.searchsorted(self._hashes, hashes, side="left")
        high = np.searchsorted(self._hashes, hashes, side="right")
        # Most bands match nothing: loop only over those that do.
        found = [self._rows[low[band] : high[band]] for band in np.flatnonzero(high > low)]
        recent = self._recent[: len(self._keys) - self._merged]
        recent_rows, _ = np.nonzero(recent == hashes)
        found.append((recent_rows + self._merged).astype(np.uint32))
        return np.unique(np.concatenate(found)).astype(np.int64)

    def _signature_rows(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.uint32]:
        blocks, offsets = np.divmod(rows, self._block_rows)
        return np.stack(
            [self._blocks[int(b)][int(o)] for b, o in zip(blocks, offsets, strict=True)]
        )

    def _merge_recent(self) -> None:
        """Move the recent rows' band hashes into the sorted arrays."""
        count = len(self._keys) - self._merged
        new_hashes = self._recent[:count].ravel()
        new_rows = np.repeat(np.arange(self._merged, self._merged + count, dtype=np.uint32), BANDS)
        order = np.argsort(new_hashes, kind="stable")
        new_hashes, new_rows = new_hashes[order], new_rows[order]
        # Inserting a sorted run into a sorted array: one pass, one new array of each kind.
        at = np.searchsorted(self._hashes, new_hashes, side="right")
        self._hashes = np.insert(self._hashes, at, new_hashes)
        self._rows = np.insert(self._rows, at, new_rows)
        self._merged = len(self._keys)


def _as_values(signature: Signature) -> npt.NDArray[np.uint32]:
    """A signature as 32-bit values, which hold every MinHash value exactly.

    Raises:
        ValueError: for a signature of the wrong length or with a value of 2**32 or more
            (which `minhash_signature` never makes).
    """
    if signature.shape != (NUM_HASHES,):
        raise ValueError(f"a signature has {NUM_HASHES} values, not shape {signature.shape}")
    if signature.size and int(signature.max()) > _MAX_VALUE:
        raise ValueError("signature values must fit in 32 bits")
    return signature.astype(np.uint32)
