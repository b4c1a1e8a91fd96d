"""Stable identifiers and the coder version stamped on every row."""

from __future__ import annotations

import hashlib
from importlib import metadata


def stable_id(*parts: object) -> str:
    """A 16-hex-digit id that depends only on the given parts, so reruns write the same ids.

    Lone surrogates (undecodable bytes of a file name, say) are hashed as they are instead of
    raising; every other string hashes as its UTF-8 encoding.
    """
    digest = hashlib.blake2b(digest_size=8)
    for part in parts:
        digest.update(str(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")  # unit separator: ("ab", "c") and ("a", "bc") differ
    return digest.hexdigest()


def sha256_hex(data: bytes | str) -> str:
    """SHA-256 of bytes, or of a string's UTF-8 encoding (lone surrogates kept, as `stable_id`)."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def package_version() -> str:
    """The installed attache version, or 0+unknown when running from a bare checkout."""
    try:
        return metadata.version("attache")
    except metadata.PackageNotFoundError:
        return "0+unknown"
