"""Ingest batches: the top-level folders of the landing directory, and what changed in them.

A batch is one folder directly below the landing directory (`landing/2025-03-14/…`), or one
key prefix directly below an S3 landing prefix (`s3://bucket/landing/2025-03-14/…`); its files
are read recursively. The reserved batch `all` stands for the whole landing directory, which
is what `attache run` processes. Files lying directly in the landing directory belong to no
batch but `all`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

from pipeline import storage
from pipeline.ingest.file_names import relative_source_name, source_name
from pipeline.storage import Location

#: The batch that stands for everything below the landing directory.
WHOLE_CORPUS = "all"
_BATCH_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def is_batch_name(name: str) -> bool:
    """Whether a folder name can be a batch (and a partition key): no paths, no dot-files."""
    return bool(_BATCH_NAME.match(name)) and name != WHOLE_CORPUS


def batch_directory(landing: Path, batch: str) -> Path:
    """The folder a batch's files are read from.

    Raises:
        ValueError: for a name that is not a batch (it would escape the landing directory).
    """
    if batch == WHOLE_CORPUS:
        return landing
    if not is_batch_name(batch):
        raise ValueError(f"{batch!r} is not an ingest batch name")
    return landing / batch


def batch_location(landing: Location, batch: str) -> Location:
    """`batch_directory` for a landing location on the local disk or in S3.

    Raises:
        ValueError: for a name that is not a batch.
    """
    if not landing.is_s3:
        return Location.local(batch_directory(landing.local_path, batch))
    if batch == WHOLE_CORPUS:
        return landing
    if not is_batch_name(batch):
        raise ValueError(f"{batch!r} is not an ingest batch name")
    return landing.joinpath(batch)


def batch_names(landing: Path) -> list[str]:
    """The batches present in the landing directory, sorted."""
    if not landing.is_dir():
        return []
    return sorted(
        entry.name for entry in landing.iterdir() if entry.is_dir() and is_batch_name(entry.name)
    )


def batch_fingerprint(directory: Path) -> str:
    """A digest of a batch's raw files (paths, sizes, modification times): changes when they do.

    Every file counts, whatever its format: a dump or a page landing in a batch changes it, and
    so does a file of a format attache does not read, which the next run reports.
    """
    digest = hashlib.sha256()
    for path in sorted(path for path in directory.rglob("*") if not path.is_dir()):
        try:
            stat = path.stat()
        except OSError:
            continue  # vanished while listing; the next evaluation sees the new state
        relative = relative_source_name(path, directory)  # any bytes the disk allows
        digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def fingerprints(landing: Path) -> dict[str, str]:
    """The fingerprint of every batch in the landing directory."""
    return {name: batch_fingerprint(landing / name) for name in batch_names(landing)}


def changed_batches(previous: Mapping[str, str], current: Mapping[str, str]) -> list[str]:
    """Batches that are new or whose files changed since `previous`, sorted."""
    return sorted(name for name, print_ in current.items() if previous.get(name) != print_)


def landing_fingerprints(landing: Location) -> dict[str, str]:
    """`fingerprints` of a landing location on the local disk or under an S3 prefix.

    In S3 a batch is a key prefix directly below the landing prefix, and the digest covers
    each object's key, size and last-modified time, so a re-uploaded file changes it.
    One listing serves every batch.
    """
    if not landing.is_s3:
        return fingerprints(landing.local_path)
    digests: dict[str, hashlib._Hash] = {}
    for stored in storage.list_files(landing):
        batch, _, relative = stored.location.relative_to(landing).partition("/")
        if not relative or not is_batch_name(batch):
            continue  # directly in the landing prefix (batch `all` only), or not a batch name
        digest = digests.setdefault(batch, hashlib.sha256())
        digest.update(f"{source_name(relative)}\0{stored.size}\0{stored.mtime_ns}\n".encode())
    return {name: digests[name].hexdigest()[:16] for name in sorted(digests)}
