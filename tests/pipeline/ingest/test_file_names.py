"""File names are data: any bytes a file system allows are stored readably, losslessly, hashably."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest.batches import batch_fingerprint, landing_fingerprints
from pipeline.ingest.corpus import read_corpus, read_stored_corpus
from pipeline.ingest.file_names import name_bytes, source_name, stored_path
from pipeline.ingest.raw_files import list_raw_files
from pipeline.provenance import stable_id
from pipeline.storage import Location
from schemas.records import ArticleRecord, ArticleReject

ARTICLE = (
    b"date 2024-05-02\nExample Wire, May 2 2024\nKenya and Uganda meet\n\nKenya hosted Uganda.\n"
)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        (b"plain/2024/kenya-talks.txt", "plain/2024/kenya-talks.txt"),  # stored as it is
        ("Côte d’Ivoire/宣言.txt".encode(), "Côte d’Ivoire/宣言.txt"),  # UTF-8 text too
        (b"latin1-\xe9t\xe9.txt", "latin1-\\xe9t\\xe9.txt"),  # not UTF-8: bytes escaped
        (b"two\nlines\t.txt", "two\\nlines\\t.txt"),  # one line in a log or a CSV
        ("evil\u202etxt.exe".encode(), "evil\\u202etxt.exe"),  # a bidi override shows
        (b"back\\slash.txt", "back\\\\slash.txt"),  # escapes stay unambiguous
        (b"\\xe9.txt", "\\\\xe9.txt"),  # a name that looks like an escape
    ],
)
def test_names_are_stored_readably(raw: bytes, stored: str) -> None:
    assert source_name(os.fsdecode(raw)) == stored
    assert name_bytes(stored) == raw


@given(st.binary(min_size=1, max_size=80))
def test_any_name_round_trips_as_printable_utf8(raw: bytes) -> None:
    name = source_name(os.fsdecode(raw))
    assert name.isprintable()
    name.encode("utf-8")  # storable in Parquet and JSON: raises if not
    assert name_bytes(name) == raw
    assert len(stable_id(name)) == 16


@pytest.mark.parametrize(
    "raw",
    [b"latin1-\xe9t\xe9.txt", b"new\nline.txt", b"\x01\x7f\x9b.txt", b"n" * 250 + b".txt"],
)
def test_a_file_with_any_name_is_read_and_found_again(tmp_path: Path, raw: bytes) -> None:
    folder = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xff-folder"))
    folder.mkdir()
    Path(os.fsdecode(os.fsencode(folder) + b"/" + raw)).write_bytes(ARTICLE)
    (result,) = read_corpus(tmp_path)
    assert isinstance(result, ArticleRecord)
    assert result.source_file == source_name(os.fsdecode(b"\xff-folder/" + raw))
    assert stored_path(tmp_path, result.source_file).read_bytes() == ARTICLE


def test_fingerprints_take_names_that_are_not_utf8(tmp_path: Path) -> None:
    batch = tmp_path / "2024-05-02"
    batch.mkdir()
    Path(os.fsdecode(os.fsencode(batch) + b"/latin1-\xe9t\xe9.txt")).write_bytes(ARTICLE)
    first = batch_fingerprint(batch)
    assert first == batch_fingerprint(batch)  # stable
    Path(os.fsdecode(os.fsencode(batch) + b"/latin1-\xe9t\xe8.txt")).write_bytes(ARTICLE)
    assert batch_fingerprint(batch) != first


def test_object_keys_with_any_characters_are_read_and_fingerprinted(
    s3_server: Any, s3_bucket: str
) -> None:
    client = s3_server.client()
    # moto refuses a newline in a key (S3 itself takes one); tab, C1 and format characters pass.
    keys = [
        "in/2024-05-02/tab\tand\u202e.txt",
        "in/2024-05-02/c1\x85.txt",
        "in/2024-05-02/ok.txt",
    ]
    for key in keys:
        client.put_object(Bucket=s3_bucket, Key=key, Body=ARTICLE)
    root = Location.parse(f"s3://{s3_bucket}/in")
    results = list(read_stored_corpus(root, list_raw_files(root)))
    stored = sorted(r.source_file for r in results)
    assert stored == sorted(source_name(key.removeprefix("in/")) for key in keys)
    assert all(name.isprintable() for name in stored)
    assert {type(r) for r in results} <= {ArticleRecord, ArticleReject}
    assert list(landing_fingerprints(root)) == ["2024-05-02"]
