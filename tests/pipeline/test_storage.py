"""Pins how locations are written and reached: local paths as before, `s3://` through pyarrow.

The S3 cases run against a moto server on loopback (the `s3_server` fixture).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline import storage
from pipeline.storage import Location, StorageError


@pytest.mark.parametrize(
    ("text", "uri"),
    [
        ("s3://bucket", "s3://bucket"),  # a whole bucket
        ("s3://bucket/landing/", "s3://bucket/landing"),  # trailing slashes dropped
        ("s3://bucket//a/b//", "s3://bucket//a/b"),  # inner slashes are part of the key
    ],
)
def test_s3_uris_are_kept_as_typed(text: str, uri: str) -> None:
    location = Location.parse(text)
    assert location.uri == uri
    assert location.is_s3
    assert location.bucket == "bucket"


def test_local_paths_are_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    location = Location.parse("warehouse")
    assert location.uri == str(tmp_path.resolve() / "warehouse")
    assert not location.is_s3
    assert location.local_path == tmp_path.resolve() / "warehouse"


@pytest.mark.parametrize("text", ["s3://", "s3:///key"])
def test_an_s3_uri_needs_a_bucket(text: str) -> None:
    with pytest.raises(StorageError, match="names no bucket"):
        Location.parse(text)


def test_paths_below_a_location() -> None:
    root = Location.parse("s3://bucket/landing")
    file = root.joinpath("2025-03", "a.txt")
    assert file.uri == "s3://bucket/landing/2025-03/a.txt"
    assert file.fs_path == "bucket/landing/2025-03/a.txt"
    assert file.relative_to(root) == "2025-03/a.txt"
    assert file.name == "a.txt"
    with pytest.raises(ValueError, match="not below"):
        Location.parse("s3://bucket/landing-2/a.txt").relative_to(root)
    with pytest.raises(StorageError):
        _ = root.local_path


def test_listing_keeps_txt_objects_in_relative_path_order(s3_server: Any, s3_bucket: str) -> None:
    client = s3_server.client()
    for key in ("in/b/2.txt", "in/a.txt", "in/b/1.txt", "in/notes.md", "other/x.txt"):
        client.put_object(Bucket=s3_bucket, Key=key, Body=key.encode())
    root = Location.parse(f"s3://{s3_bucket}/in")
    found = storage.list_files(root, suffix=".txt")
    assert [f.location.relative_to(root) for f in found] == ["a.txt", "b/1.txt", "b/2.txt"]
    assert [f.size for f in found] == [len(b"in/a.txt"), len(b"in/b/1.txt"), len(b"in/b/2.txt")]
    assert storage.list_files(Location.parse(f"s3://{s3_bucket}/absent")) == []
    assert not storage.exists(Location.parse(f"s3://{s3_bucket}/absent"))
    assert storage.exists(Location.parse(f"s3://{s3_bucket}"))


def test_put_object_replaces_the_object_whole(s3_server: Any, s3_bucket: str) -> None:
    file = Location.parse(f"s3://{s3_bucket}/w/t/part-0.parquet")
    storage.put_object(file, b"first version")
    storage.put_object(file, b"second")
    assert storage.read_bytes(file, limit=100) == b"second"
    assert storage.read_bytes(file, limit=3) == b"sec"
    assert storage.file_size(file) == len(b"second")
    # Nothing beside it: no temporary key, no folder marker, no unfinished multipart upload.
    assert s3_server.keys(s3_bucket) == ["w/t/part-0.parquet"]
    assert "Uploads" not in s3_server.client().list_multipart_uploads(Bucket=s3_bucket)


def test_a_missing_object_has_no_size_and_cannot_be_read(s3_server: Any, s3_bucket: str) -> None:
    missing = Location.parse(f"s3://{s3_bucket}/gone.txt")
    assert storage.file_size(missing) is None
    with pytest.raises(OSError, match=r"gone\.txt"):
        storage.read_bytes(missing, limit=10)


def test_put_object_refuses_local_paths(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is local"):
        storage.put_object(Location.local(tmp_path / "x"), b"")
