"""Batches are the landing directory's top-level folders; their fingerprints follow their files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from pipeline.ingest.batches import (
    WHOLE_CORPUS,
    batch_directory,
    batch_location,
    batch_names,
    changed_batches,
    fingerprints,
    landing_fingerprints,
)
from pipeline.storage import Location


def landing(tmp_path: Path) -> Path:
    (tmp_path / "2025-03-01").mkdir()
    (tmp_path / "2025-03-01" / "a.txt").write_text("one")
    (tmp_path / "2025-03-02" / "wire").mkdir(parents=True)
    (tmp_path / "2025-03-02" / "wire" / "b.txt").write_text("two")
    (tmp_path / ".cache").mkdir()  # hidden folders are no batch
    (tmp_path / "loose.txt").write_text("only in 'all'")
    return tmp_path


def test_batch_names_are_top_level_folders(tmp_path: Path) -> None:
    assert batch_names(landing(tmp_path)) == ["2025-03-01", "2025-03-02"]
    assert batch_names(tmp_path / "missing") == []


@pytest.mark.parametrize(
    ("batch", "relative"),
    [
        (WHOLE_CORPUS, "."),  # the whole landing directory
        ("2025-03-01", "2025-03-01"),  # one folder
    ],
)
def test_batch_directory(tmp_path: Path, batch: str, relative: str) -> None:
    assert batch_directory(tmp_path, batch) == tmp_path / relative


@pytest.mark.parametrize("name", ["../etc", "a/b", ".hidden", ""])
def test_names_that_would_escape_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not an ingest batch"):
        batch_directory(tmp_path, name)


def test_fingerprints_change_with_the_files_and_only_for_their_batch(tmp_path: Path) -> None:
    root = landing(tmp_path)
    before = fingerprints(root)
    assert changed_batches({}, before) == ["2025-03-01", "2025-03-02"]
    assert changed_batches(before, fingerprints(root)) == []
    (root / "2025-03-02" / "wire" / "c.txt").write_text("three")  # a new file
    after = fingerprints(root)
    assert changed_batches(before, after) == ["2025-03-02"]
    path = root / "2025-03-01" / "a.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))  # touched
    assert changed_batches(after, fingerprints(root)) == ["2025-03-01"]


def test_batches_under_an_s3_prefix_are_its_top_level_prefixes(
    s3_server: Any, s3_bucket: str
) -> None:
    client = s3_server.client()
    for key in ("land/2025-03-01/a.txt", "land/2025-03-02/site/b.txt", "land/loose.txt"):
        client.put_object(Bucket=s3_bucket, Key=key, Body=b"date 2025-03-01\n")
    root = Location.parse(f"s3://{s3_bucket}/land")
    assert batch_location(root, "2025-03-01").uri == f"s3://{s3_bucket}/land/2025-03-01"
    assert batch_location(root, "all") == root
    with pytest.raises(ValueError, match="not an ingest batch"):
        batch_location(root, "../elsewhere")
    before = landing_fingerprints(root)
    assert sorted(before) == ["2025-03-01", "2025-03-02"]  # loose.txt belongs to `all` only
    assert landing_fingerprints(root) == before
    # Re-uploading a file changes its size here; a new object changes the listing.
    client.put_object(Bucket=s3_bucket, Key="land/2025-03-02/site/b.txt", Body=b"date 2025\n")
    assert changed_batches(before, landing_fingerprints(root)) == ["2025-03-02"]


def test_local_landing_fingerprints_are_the_directory_fingerprints(tmp_path: Path) -> None:
    root = landing(tmp_path)
    assert landing_fingerprints(Location.local(root)) == fingerprints(root)
