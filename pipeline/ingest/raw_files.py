"""Finding raw files (on disk or in S3), opening them, and decoding their bytes into clean text."""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import ftfy

from pipeline import storage
from pipeline.ingest.file_names import relative_source_name, source_name
from pipeline.ingest.rejects import reject_row
from pipeline.provenance import sha256_hex
from pipeline.storage import Location
from schemas.records import ArticleReject
from schemas.types import RejectReason

#: Files larger than this are rejected unread: no news article comes near it, and decoding a
#: stray dump of hundreds of megabytes would stall the whole run.
MAX_FILE_BYTES = 10 * 1024 * 1024

# Longest BOMs first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Mojibake repair only: curly quotes, dashes and HTML entities are the article's own text,
# and gold evidence is quoted verbatim, so ftfy must not "tidy" them.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    explain=False,
)

# A line ftfy cannot change: printable ASCII, tabs and its newline. Every fix the config above
# enables needs something else (mojibake and ligatures are non-ASCII, terminal escapes start
# with ESC, line-break fixes need a CR, control-character removal a control character).
_PLAIN_LINE = re.compile("[\t\n\x20-\x7e]*")

# Invisible format characters that split words for regexes and tokenizers without showing:
# zero-width space/joiners, word joiner, BOM, soft hyphen, and the bidi marks and controls.
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Stray control characters, Unicode category Cc less tab, newline, carriage return, form feed
# and vertical tab: the other C0 codes, DEL, and C1 (which latin-1 makes of the bytes cp1252
# leaves undefined). Never text, and some (NEL, U+0085) are line breaks to str.splitlines but
# not to the parser, so they are removed.
_STRAY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# Share of stray control characters (`_STRAY_CONTROLS`) above which the "text" is taken for
# binary data. Real scraped text has a stray control character now and then; binary files
# have one byte in eight or more.
_MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class DecodedText:
    """The decoded, normalised text of one raw file, with the facts the parser carries on.

    Attributes:
        source_file: Path relative to the input directory, '/'-separated, as `source_name`
            writes it (names that are not plain text are escaped, losslessly).
        text: The text after decoding, mojibake repair, newline and Unicode normalisation.
        encoding: The codec the bytes were decoded with (utf-8, utf-8-sig, utf-16-le, cp1252, ...).
        size_bytes: Size of the raw file in bytes.
        raw_sha256: SHA-256 of the raw bytes.
    """

    source_file: str
    text: str
    encoding: str
    size_bytes: int
    raw_sha256: str

    def reject(self, reason: RejectReason, detail: str) -> ArticleReject:
        """The reject row for this file, when a later stage refuses its text."""
        return reject_row(
            self.source_file,
            reason,
            detail,
            size_bytes=self.size_bytes,
            content_sha256=self.raw_sha256,
        )


def discover_raw_files(input_dir: Path) -> list[Path]:
    """List the raw files below a directory: every file, whatever its format.

    Every file at any depth is listed, in the order of its '/'-separated path relative to
    `input_dir`, so runs on any machine see the same order; a file of a format attache does
    not read is listed too, so that the run reports it (`input_formats`). Symbolic links are
    never followed here: a linked file is listed (and `read_raw_file` rejects it if it
    points outside `input_dir`), and a linked directory that resolves outside `input_dir` is
    listed too, so that the run reports it instead of silently skipping what it holds.
    Linked directories inside `input_dir` are skipped: their files are listed via their
    real paths. A directory that cannot be listed (no permission, removed while walking) is
    listed itself, so that the run reports it as unreadable instead of losing its files.

    Args:
        input_dir: The corpus directory.

    Returns:
        Paths of the form `input_dir / relative_path`.

    Raises:
        NotADirectoryError: If `input_dir` is not a directory.
        OSError: If `input_dir` itself cannot be listed.
    """
    if not input_dir.is_dir():
        raise NotADirectoryError(
            f"input directory {input_dir} does not exist or is not a directory"
        )
    root = input_dir.resolve()
    found: list[Path] = []

    def unlistable(error: OSError) -> None:
        if error.filename is None or Path(error.filename) == input_dir:
            raise error  # the corpus itself cannot be listed: no run, rather than an empty one
        found.append(Path(error.filename))

    for directory, subdirectories, file_names in os.walk(
        input_dir, onerror=unlistable, followlinks=False
    ):
        here = Path(directory)
        for name in subdirectories:
            candidate = here / name
            if candidate.is_symlink() and not _resolves_inside(candidate, root):
                found.append(candidate)
        found.extend(here / name for name in file_names)
    return sorted(found, key=lambda path: path.relative_to(input_dir).as_posix())


def read_raw_file(
    input_dir: Path, path: Path, *, max_bytes: int = MAX_FILE_BYTES
) -> DecodedText | ArticleReject:
    """Read one raw file and decode it into normalised text, or say why it cannot be.

    Decoding: a byte-order mark decides UTF-8/16/32; otherwise strict UTF-8, then cp1252, then
    latin-1 (which accepts any byte). The text then gets ftfy's mojibake repair (quotes,
    dashes and entities untouched), Unix newlines, no zero-width or bidi control characters,
    no stray control characters, and NFC normalisation.

    Args:
        input_dir: The corpus directory `path` was found in.
        path: The file, as listed by `discover_raw_files`.
        max_bytes: Files larger than this are rejected as `too_large`.

    Returns:
        The decoded text, or a reject: `symlink_outside_input`, `unreadable` (I/O error,
        vanished file, a directory, named pipe or device), `too_large`, `empty_file`,
        `undecodable` (bytes that contradict their byte-order mark), `binary_content` (NUL or
        many control characters) or `whitespace_only`.

    Raises:
        ValueError: If `path` is not below `input_dir` (a caller error, not a bad file).
    """
    source_file = relative_source_name(path, input_dir)

    def reject(
        reason: RejectReason, detail: str, data: bytes | None = None, size: int | None = None
    ) -> ArticleReject:
        return _reject(source_file, reason, detail, data, size)

    opened = open_raw_file(input_dir, path)
    if isinstance(opened, ArticleReject):
        return opened
    try:
        with opened as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                return reject(
                    RejectReason.TOO_LARGE,
                    f"{size} bytes is over the {max_bytes}-byte limit for an article",
                    size=size,
                )
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return reject(RejectReason.UNREADABLE, f"cannot read the file: {exc}")
    return decode_raw_bytes(source_file, data, max_bytes=max_bytes)


def open_raw_file(input_dir: Path, path: Path) -> BinaryIO | ArticleReject:
    """Open one listed file for reading its bytes, or say why it cannot be read.

    The checks every reader of a local file makes first: a symbolic link must not lead out of
    `input_dir`, and the file must be a regular file (a named pipe would stall the run, a
    directory or device has no article in it).

    Args:
        input_dir: The corpus directory `path` was found in.
        path: The file, as listed by `discover_raw_files`.

    Returns:
        The open file (the caller closes it), or a reject: `symlink_outside_input` or
        `unreadable`.

    Raises:
        ValueError: If `path` is not below `input_dir` (a caller error, not a bad file).
    """
    source_file = relative_source_name(path, input_dir)
    if path.is_symlink() and not _resolves_inside(path, input_dir.resolve()):
        return _reject(
            source_file,
            RejectReason.SYMLINK_OUTSIDE_INPUT,
            f"symbolic link to {source_name(os.readlink(path))}, outside the input "
            "directory; not followed",
        )
    try:
        # Non-blocking, so that a named pipe cannot stall the run waiting for a writer; the
        # mode is checked on the open descriptor, so the file cannot be swapped in between.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        return _reject(source_file, RejectReason.UNREADABLE, f"cannot read the file: {exc}")
    try:
        mode = os.fstat(descriptor).st_mode
    except OSError as exc:
        os.close(descriptor)
        return _reject(source_file, RejectReason.UNREADABLE, f"cannot read the file: {exc}")
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        return _reject(
            source_file,
            RejectReason.UNREADABLE,
            f"not a regular file but {_file_kind(mode)}; nothing to read",
        )
    return os.fdopen(descriptor, "rb")


def open_raw_object(root: Location, file: Location) -> BinaryIO | ArticleReject:
    """Open one listed object in S3 for reading its bytes as a stream, or say why not.

    Returns:
        The open stream (the caller closes it), or an `unreadable` reject.
    """
    try:
        return storage.open_binary(file)
    except OSError as exc:
        return _reject(
            source_file_name(root, file), RejectReason.UNREADABLE, f"cannot read the file: {exc}"
        )


def read_raw_object(
    root: Location, file: Location, *, max_bytes: int = MAX_FILE_BYTES
) -> DecodedText | ArticleReject:
    """Read one raw file from object storage (S3) and decode it, as `read_raw_file` does.

    Objects have no symbolic links, pipes or devices, so only the size limit (judged by the
    object's size, before any byte is fetched), a vanished object and read errors are checked
    before `decode_raw_bytes`.

    Args:
        root: The landing location; `source_file` is relative to it.
        file: The object, as listed by `list_raw_files`.
        max_bytes: Objects larger than this are rejected as `too_large`, unread.

    Returns:
        The decoded text, or a reject with the same reasons `read_raw_file` gives.
    """
    source_file = source_file_name(root, file)
    try:
        size = storage.file_size(file)
        if size is None:
            return _reject(
                source_file,
                RejectReason.UNREADABLE,
                "cannot read the file: No such file or directory (deleted after the listing)",
            )
        if size > max_bytes:
            return _reject(
                source_file,
                RejectReason.TOO_LARGE,
                f"{size} bytes is over the {max_bytes}-byte limit for an article",
                size=size,
            )
        data = storage.read_bytes(file, limit=max_bytes + 1)
    except OSError as exc:
        return _reject(source_file, RejectReason.UNREADABLE, f"cannot read the file: {exc}")
    return decode_raw_bytes(source_file, data, max_bytes=max_bytes)


def list_raw_files(directory: Location) -> list[Location]:
    """The raw article files below a local directory or an S3 prefix, in relative-path order.

    Local directories are listed by `discover_raw_files`, with its rules for links and
    unlistable folders; under an S3 prefix every object is listed.

    Raises:
        NotADirectoryError: If a local `directory` is not a directory.
        OSError: If the directory or the bucket cannot be listed.
    """
    if not directory.is_s3:
        return [Location.local(path) for path in discover_raw_files(directory.local_path)]
    return [stored.location for stored in storage.list_files(directory)]


def source_file_name(root: Location, file: Location) -> str:
    """The `source_file` of a listed file: its path below `root`, written by `source_name`."""
    return source_name(file.relative_to(root))


def read_raw(
    root: Location, file: Location, *, max_bytes: int = MAX_FILE_BYTES
) -> DecodedText | ArticleReject:
    """`read_raw_file` for a local file, `read_raw_object` for an object in S3."""
    if file.is_s3:
        return read_raw_object(root, file, max_bytes=max_bytes)
    return read_raw_file(root.local_path, file.local_path, max_bytes=max_bytes)


def decode_raw_bytes(
    source_file: str, data: bytes, *, max_bytes: int = MAX_FILE_BYTES
) -> DecodedText | ArticleReject:
    """Decode the bytes of one raw file into normalised text, or say why they cannot be.

    The part of reading a raw file that does not depend on where it was stored.

    Args:
        source_file: Path relative to the landing location, '/'-separated.
        data: The bytes read, at most `max_bytes + 1` of them.
        max_bytes: More bytes than this means the file grew after it was measured.

    Returns:
        The decoded text, or a reject: `too_large`, `empty_file`, `undecodable`,
        `binary_content` or `whitespace_only`.
    """

    def reject(reason: RejectReason, detail: str, data: bytes | None = None) -> ArticleReject:
        return _reject(source_file, reason, detail, data)

    if len(data) > max_bytes:  # the file grew after it was measured
        return _reject(
            source_file,
            RejectReason.TOO_LARGE,
            f"over the {max_bytes}-byte limit for an article",
            size=len(data),
        )
    if not data:
        return reject(RejectReason.EMPTY_FILE, "the file has no bytes", data)

    decoded = decode_text(data)
    if decoded is None:
        return reject(
            RejectReason.UNDECODABLE,
            "the byte-order mark announces a Unicode encoding the bytes do not follow",
            data,
        )
    text, encoding = decoded
    if "\x00" in text:
        return reject(
            RejectReason.BINARY_CONTENT,
            f"NUL characters after decoding as {encoding}: binary data, or UTF-16/32 "
            "without a byte-order mark",
            data,
        )
    controls = len(_STRAY_CONTROLS.findall(text))
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        return reject(
            RejectReason.BINARY_CONTENT,
            f"{controls} of {len(text)} characters are control characters: not text",
            data,
        )

    text = normalise_text(text)
    if not text.strip():
        return reject(RejectReason.WHITESPACE_ONLY, "the file holds only whitespace", data)
    return DecodedText(
        source_file=source_file,
        text=text,
        encoding=encoding,
        size_bytes=len(data),
        raw_sha256=sha256_hex(data),
    )


def _reject(
    source_file: str,
    reason: RejectReason,
    detail: str,
    data: bytes | None = None,
    size: int | None = None,
) -> ArticleReject:
    return reject_row(
        source_file,
        reason,
        detail,
        size_bytes=len(data) if data is not None else size,
        content_sha256=sha256_hex(data) if data is not None else None,
    )


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _resolves_inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a symlink loop resolves nowhere, so not inside
        return False


def decode_text(data: bytes) -> tuple[str, str] | None:
    """The text and the codec that produced it; None when a BOM's promise is broken.

    A BOM's encoding, else UTF-8, else Windows-1252 (what most non-UTF-8 news exports are),
    else Latin-1, which maps every byte.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    # cp1252 leaves five bytes undefined; latin-1 maps every byte, so this cannot fail.
    return data.decode("latin-1"), "latin-1"


def normalise_text(text: str) -> str:
    """Normalise decoded text as every reader does.

    ftfy's mojibake repair (quotes, dashes and entities untouched), Unix newlines, no
    zero-width, bidi or stray control characters, and NFC.
    """
    text = repair_mojibake(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _STRAY_CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text)


def repair_mojibake(text: str) -> str:
    """`ftfy.fix_text` with `FTFY_CONFIG`, skipping the lines it cannot change.

    ftfy fixes a text line by line, each line on its own (a line longer than its
    `max_decode_length` in pieces from the line's start), so handing it only the lines that
    are not plain ASCII gives the same text. Most lines of English news are plain ASCII, and
    ftfy's per-line work was a fifth of reading a file.
    """
    if _PLAIN_LINE.fullmatch(text):
        return text
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        line = text[start:end]
        pieces.append(line if _PLAIN_LINE.fullmatch(line) else ftfy.fix_text(line, FTFY_CONFIG))
        start = end
    return "".join(pieces)
