"""A dump's bytes as a stream (decompressed when gzip), and the reject when the stream breaks.

Dumps are read as they are stored, a buffer at a time, so a dump of any size costs the same
memory. A gzip stream that ends early (a download cut off, a disk that filled up) raises
only when the reader reaches the cut: every record before it has been read by then, and the
break itself becomes one reject naming the record that was being read.
"""

from __future__ import annotations

import gzip
import zlib
from typing import BinaryIO, cast

from pipeline.ingest.input_formats import is_gzip_name, record_source_file
from pipeline.ingest.rejects import reject_row
from schemas.records import ArticleReject
from schemas.types import RejectReason

#: What reading a (gzip) stream raises when its bytes break off or are not what they claim.
STREAM_ERRORS: tuple[type[BaseException], ...] = (EOFError, OSError, zlib.error)


def dump_stream(raw: BinaryIO, source_file: str) -> BinaryIO:
    """The dump's content: `raw` itself, or its decompression for a `.gz` name."""
    if is_gzip_name(source_file):
        # A GzipFile reads and reads lines as any binary file does; typeshed does not say so.
        return cast(BinaryIO, gzip.GzipFile(fileobj=raw, mode="rb"))
    return raw


def broken_stream(source_file: str, number: int, error: BaseException) -> ArticleReject:
    """The reject for a dump whose bytes break off at record `number`.

    Args:
        source_file: The dump's `source_file`.
        number: The line (or row) that was being read when the stream broke.
        error: What reading raised.
    """
    name = record_source_file(source_file, number)
    if isinstance(error, EOFError):
        reason = RejectReason.TRUNCATED
        detail = (
            f"the compressed stream ends early, inside record {number}: the records before "
            "it were read, nothing after it can be"
        )
    elif isinstance(error, gzip.BadGzipFile | zlib.error):
        reason = RejectReason.TRUNCATED if number > 1 else RejectReason.UNREADABLE
        detail = f"the gzip data is corrupt at record {number} ({error}); nothing after it is read"
    else:
        reason = RejectReason.UNREADABLE
        detail = f"cannot read on from record {number}: {error}"
    return reject_row(name, reason, detail)
