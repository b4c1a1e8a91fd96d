"""Storage locations: a local path or an `s3://bucket/prefix` URI, listed, read and written.

The landing directory and the warehouse are given as strings; this module turns them into a
`Location` and reaches S3 through `pyarrow.fs`, which the Parquet writer already depends on
(no second S3 client). Endpoint and credentials come only from the environment, read by the
AWS SDK inside pyarrow: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`
(or `~/.aws`, instance metadata, a web-identity token), `AWS_REGION` / `AWS_DEFAULT_REGION`,
and `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` for an S3-compatible server (MinIO, Ceph, moto).
"""

from __future__ import annotations

import functools
import io
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyarrow.fs as pafs

S3_SCHEME = "s3://"

#: Environment variables pyarrow's `FileSystem.from_uri` reads when it builds an S3 client;
#: part of the cache key, so that a changed endpoint (tests start servers on new ports) is used.
S3_ENVIRONMENT = (
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_PROFILE",
)


class StorageError(Exception):
    """A location that cannot be used as given (malformed URI, missing bucket)."""


@dataclass(frozen=True)
class Location:
    """A file or folder: an absolute local path, or `s3://bucket/key` with no trailing slash.

    Only the URI is stored, so a location pickles into step subprocesses and run workers; the
    S3 client is built (once per process and bucket) when first needed.
    """

    uri: str

    @classmethod
    def parse(cls, text: str) -> Location:
        """A location from what a user typed: `s3://bucket[/prefix]` or a local path.

        Local paths are made absolute (`~` expanded, symbolic links resolved), as the
        command line always did; S3 URIs lose trailing slashes.

        Raises:
            StorageError: for an `s3://` URI without a bucket.
        """
        if text.startswith(S3_SCHEME):
            bucket_and_key = text[len(S3_SCHEME) :].rstrip("/")
            if not bucket_and_key.split("/", 1)[0]:
                raise StorageError(f"{text!r} names no bucket; write s3://bucket/prefix")
            return cls(S3_SCHEME + bucket_and_key)
        return cls(str(Path(text).expanduser().resolve()))

    @classmethod
    def local(cls, path: Path) -> Location:
        """A local path as it is (not resolved, so a symbolic link stays one)."""
        return cls(str(path))

    @property
    def is_s3(self) -> bool:
        """Whether the location is in S3 (else on the local disk)."""
        return self.uri.startswith(S3_SCHEME)

    @property
    def local_path(self) -> Path:
        """The local path.

        Raises:
            StorageError: for an S3 location.
        """
        if self.is_s3:
            raise StorageError(f"{self.uri} is in S3, not on the local disk")
        return Path(self.uri)

    @property
    def bucket(self) -> str:
        """The S3 bucket ('' for a local location)."""
        return self.uri[len(S3_SCHEME) :].split("/", 1)[0] if self.is_s3 else ""

    @property
    def fs_path(self) -> str:
        """The path `filesystem()` knows the location by: `bucket/key` in S3."""
        return self.uri[len(S3_SCHEME) :] if self.is_s3 else self.uri

    @property
    def name(self) -> str:
        """The last path component."""
        return posixpath.basename(self.uri) if self.is_s3 else Path(self.uri).name

    def joinpath(self, *parts: str) -> Location:
        """The location of `parts` below this one."""
        if self.is_s3:
            return Location("/".join([self.uri, *parts]))
        return Location(str(Path(self.uri).joinpath(*parts)))

    def relative_to(self, root: Location) -> str:
        """This location's '/'-separated path below `root`.

        Raises:
            ValueError: when it is not below `root`.
        """
        if self.is_s3 != root.is_s3:
            raise ValueError(f"{self.uri} is not below {root.uri}")
        if not self.is_s3:
            return Path(self.uri).relative_to(Path(root.uri)).as_posix()
        if not self.uri.startswith(root.uri + "/"):
            raise ValueError(f"{self.uri} is not below {root.uri}")
        return self.uri[len(root.uri) + 1 :]

    def filesystem(self) -> pafs.FileSystem:
        """The pyarrow filesystem that holds this location."""
        if not self.is_s3:
            return pafs.LocalFileSystem()
        environment = tuple(os.environ.get(name) for name in S3_ENVIRONMENT)
        return _s3_filesystem(self.bucket, environment)

    def __str__(self) -> str:
        return self.uri


@functools.cache
def _s3_filesystem(bucket: str, environment: tuple[str | None, ...]) -> pafs.FileSystem:
    """One S3 client per process, bucket and environment.

    Built through `from_uri`, which (unlike the bare `S3FileSystem()` constructor) honours
    `AWS_ENDPOINT_URL`, and with delayed open: an output stream then sends nothing until it
    is closed or passes the multipart threshold, so a table is one PutObject request.
    """
    del environment  # only part of the cache key; pyarrow reads the variables itself
    filesystem, _ = pafs.FileSystem.from_uri(f"{S3_SCHEME}{bucket}?allow_delayed_open=true")
    return filesystem


@dataclass(frozen=True)
class StoredFile:
    """A file found by `list_files`, with what the listing said about it."""

    location: Location
    size: int | None
    mtime_ns: int | None


def list_files(directory: Location, *, suffix: str = "") -> list[StoredFile]:
    """Every file below an S3 prefix whose name ends in `suffix`, sorted by relative path.

    S3 has no folders, symbolic links or special files: a "directory" is a key prefix, and
    every object under it is a regular file. A prefix with no objects lists nothing.

    Args:
        directory: An S3 location.
        suffix: Keep only names ending with this.

    Raises:
        StorageError: for a local location (local listing keeps its own rules).
        OSError: when the bucket cannot be listed (missing, no permission, unreachable).
    """
    if not directory.is_s3:
        raise StorageError(f"list_files lists S3 prefixes; {directory} is local")
    selector = pafs.FileSelector(directory.fs_path, recursive=True, allow_not_found=True)
    found = [
        StoredFile(
            location=Location(S3_SCHEME + info.path),
            size=info.size,
            mtime_ns=info.mtime_ns,
        )
        for info in directory.filesystem().get_file_info(selector)
        if info.type == pafs.FileType.File and info.base_name.endswith(suffix)
    ]
    return sorted(found, key=lambda stored: stored.location.relative_to(directory))


def exists(location: Location) -> bool:
    """Whether a file, a folder or (in S3) a non-empty prefix or bucket is there."""
    info = location.filesystem().get_file_info(location.fs_path)
    return info.type != pafs.FileType.NotFound


def file_size(location: Location) -> int | None:
    """The size of a file in bytes, or None when there is no file."""
    info = location.filesystem().get_file_info(location.fs_path)
    return info.size if info.type == pafs.FileType.File else None


def read_bytes(location: Location, *, limit: int) -> bytes:
    """Up to `limit` bytes from the start of a file.

    Raises:
        OSError: when the file is missing or cannot be read.
    """
    with location.filesystem().open_input_stream(location.fs_path) as stream:
        return bytes(stream.read(limit))


def open_binary(location: Location) -> BinaryIO:
    """A file's bytes as a buffered stream (lines, peeks), read from the start as needed.

    The bytes are handed over as stored: pyarrow would otherwise decompress a `.gz` name on
    its own, and the dump readers decompress (and report a cut-off stream) themselves.

    Raises:
        OSError: when the file is missing or cannot be read.
    """
    stream = location.filesystem().open_input_stream(location.fs_path, compression=None)
    # A NativeFile has the `readinto` a buffered reader needs; typeshed cannot know it.
    return io.BufferedReader(stream)  # type: ignore[type-var]


def open_seekable(location: Location) -> BinaryIO:
    """A file opened for reads at any offset (what a Parquet reader needs: its footer first).

    Raises:
        OSError: when the file is missing or cannot be read.
    """
    return location.filesystem().open_input_file(location.fs_path)  # type: ignore[return-value]


def put_object(location: Location, data: bytes) -> None:
    """Store `data` as one S3 object, replacing any object of that key.

    S3 publishes an object only when its upload completes, so readers see the old object or
    the whole new one, never a part: no temporary key and no rename are needed (S3 has no
    rename). Below the multipart threshold this is a single PutObject request.

    Raises:
        StorageError: for a local location (see `pipeline.warehouse` for local writes).
        OSError: when the upload fails.
    """
    if not location.is_s3:
        raise StorageError(f"put_object writes to S3; {location} is local")
    with location.filesystem().open_output_stream(location.fs_path) as stream:
        stream.write(data)
