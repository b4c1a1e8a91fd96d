"""Pins how raw files are found, decoded and normalised, and which rule rejects which bad file."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # (registers "sloppy-windows-1252" for the mojibake cases)
import pytest

from pipeline.ingest.raw_files import (
    FTFY_CONFIG,
    DecodedText,
    discover_raw_files,
    read_raw_file,
    repair_mojibake,
)
from pipeline.provenance import sha256_hex, stable_id
from schemas.records import ArticleReject

ARTICLE = "date 2024-11-19\nHeadline\n\nThe minister’s “visit” — planned — went ahead.\n"


def _decode(tmp_path: Path, data: bytes, name: str = "a.txt") -> DecodedText | ArticleReject:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return read_raw_file(tmp_path, path)


def _text(result: DecodedText | ArticleReject) -> DecodedText:
    assert isinstance(result, DecodedText), result
    return result


def _reject(result: DecodedText | ArticleReject) -> ArticleReject:
    assert isinstance(result, ArticleReject), result
    return result


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        # The common case: UTF-8 without a BOM; curly quotes and dashes survive untouched.
        (ARTICLE.encode("utf-8"), "utf-8"),
        # Windows editors prepend a UTF-8 BOM; it must not end up in the text.
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8-sig"),
        # Exports from Windows tools: UTF-16 with a BOM, both byte orders.
        (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16-be"),
        # UTF-32 BOMs start like UTF-16 ones: the longer BOM must be tried first.
        (codecs.BOM_UTF32_LE + ARTICLE.encode("utf-32-le"), "utf-32-le"),
        # Legacy Windows pages: cp1252 curly quotes and dashes (bytes 0x91-0x97).
        (ARTICLE.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_every_supported_encoding_to_the_same_text(
    tmp_path: Path, data: bytes, encoding: str
) -> None:
    decoded = _text(_decode(tmp_path, data))
    assert decoded.text == ARTICLE
    assert decoded.encoding == encoding
    assert decoded.size_bytes == len(data)
    assert decoded.raw_sha256 == sha256_hex(data)


def test_latin1_is_the_last_resort(tmp_path: Path) -> None:
    # 0x8D is undefined in cp1252, so only latin-1 can decode these bytes.
    decoded = _text(_decode(tmp_path, b"date 2024-01-01\nCaf\xe9 \x8d talks\n"))
    assert decoded.encoding == "latin-1"
    assert decoded.text.startswith("date 2024-01-01\nCafé")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # UTF-8 read as cp1252 and saved again: ftfy repairs it, keeping the curly apostrophe.
        (
            "Venezuela’s envoy".encode().decode("cp1252").encode("utf-8"),
            "Venezuela’s envoy",
        ),
        # Mojibake of curly double quotes and an em dash, as browsers produce it (the closing
        # quote's byte 0x9D is undefined in strict cp1252), repaired to the real characters.
        (
            "“Talks” — resumed".encode().decode("sloppy-windows-1252").encode("utf-8"),
            "“Talks” — resumed",
        ),
        # Windows and old-Mac line endings become \n.
        (b"one\r\ntwo\rthree", "one\ntwo\nthree"),
        # Zero-width space, soft hyphen and bidi marks split words invisibly: removed.
        ("Pu\u200btin met Mo\u00addi \u202aSeoul\u202c".encode(), "Putin met Modi Seoul"),
        # Decomposed accents are composed (NFC), so "é" matches one way only.
        ("Jose\u0301".encode(), "José"),
        # HTML entities are the page's text: gold evidence quotes them verbatim.
        (b"AT&amp;T", "AT&amp;T"),
    ],
)
def test_normalisation(tmp_path: Path, raw: bytes, expected: str) -> None:
    assert _text(_decode(tmp_path, raw)).text == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        # A failed download leaves a zero-byte file.
        (b"", "empty_file"),
        # Spaces, tabs and newlines only.
        (b"  \n\t\r\n  ", "whitespace_only"),
        # Only invisible characters: nothing left after normalisation.
        ("\u200b\ufeff\u200b".encode(), "whitespace_only"),
        # NUL bytes: an image or archive saved as .txt.
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary_content"),
        # No NUL, but mostly control bytes.
        (bytes(range(1, 9)) * 20 + b"text", "binary_content"),
        # UTF-16 without a BOM looks like ASCII interleaved with NULs: not guessed at.
        ("date 2024-01-01\n".encode("utf-16-le"), "binary_content"),
        # A UTF-16 BOM followed by an odd number of bytes breaks the BOM's promise.
        (codecs.BOM_UTF16_LE + b"d\x00a", "undecodable"),
    ],
)
def test_reject_reasons(tmp_path: Path, data: bytes, reason: str) -> None:
    rejected = _reject(_decode(tmp_path, data))
    assert rejected.reason == reason
    assert rejected.source_file == "a.txt"
    assert rejected.reject_id == stable_id("a.txt")
    assert rejected.size_bytes == len(data)
    assert rejected.content_sha256 == sha256_hex(data)
    assert rejected.detail


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    rejected = _reject(read_raw_file(tmp_path, path, max_bytes=100))
    assert (rejected.reason, rejected.size_bytes) == ("too_large", 101)
    assert "100-byte limit" in rejected.detail


def test_vanished_file_is_unreadable(tmp_path: Path) -> None:
    # Listed, then deleted before reading: a reject, not a crash.
    rejected = _reject(read_raw_file(tmp_path, tmp_path / "gone.txt"))
    assert rejected.reason == "unreadable"
    assert (rejected.size_bytes, rejected.content_sha256) == (None, None)
    assert "gone.txt" in rejected.detail


def test_directory_named_txt_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    assert _reject(read_raw_file(tmp_path, tmp_path / "folder.txt")).reason == "unreadable"


def test_source_file_is_relative_posix(tmp_path: Path) -> None:
    decoded = _text(_decode(tmp_path, b"date 2024-01-01\nx\n", name="2024/11/a.txt"))
    assert decoded.source_file == "2024/11/a.txt"


def test_path_outside_input_dir_is_a_caller_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="is not in the subpath"):
        read_raw_file(tmp_path / "corpus", tmp_path / "elsewhere.txt")


def test_discovery_is_recursive_and_sorted_by_relative_path(tmp_path: Path) -> None:
    for name in ["b/a.txt", "a.txt", "a/z.txt", "a/notes.md", "c/d/e.txt", "A.TXT"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover_raw_files(tmp_path)]
    # '.' sorts before '/', so "a.txt" precedes "a/z.txt". Files of every extension are listed:
    # the reader reports the ones it cannot read, rather than the listing hiding them.
    assert found == ["A.TXT", "a.txt", "a/notes.md", "a/z.txt", "b/a.txt", "c/d/e.txt"]


def test_discovery_of_a_missing_directory_raises(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        discover_raw_files(tmp_path / "absent")


@pytest.fixture
def linked_corpus(tmp_path: Path) -> Path:
    """A corpus with file and directory symlinks pointing inside and outside of it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("date 2024-01-01\nSecret\n\nBody text.\n")
    corpus = tmp_path / "corpus"
    (corpus / "real").mkdir(parents=True)
    (corpus / "real" / "article.txt").write_text("date 2024-01-01\nHeadline\n\nBody text.\n")
    os.symlink(outside / "secret.txt", corpus / "escape.txt")
    os.symlink(corpus / "real" / "article.txt", corpus / "alias.txt")
    os.symlink(outside, corpus / "escape_dir")
    os.symlink(corpus / "real", corpus / "inner_dir")
    return corpus


def test_symlinks_are_reported_not_followed(linked_corpus: Path) -> None:
    found = [p.relative_to(linked_corpus).as_posix() for p in discover_raw_files(linked_corpus)]
    # The linked outside directory is listed so the run reports it; the inner one is not
    # walked twice; linked files are listed and judged when read.
    assert found == ["alias.txt", "escape.txt", "escape_dir", "real/article.txt"]
    results = {
        p.relative_to(linked_corpus).as_posix(): read_raw_file(linked_corpus, p)
        for p in discover_raw_files(linked_corpus)
    }
    assert _reject(results["escape.txt"]).reason == "symlink_outside_input"
    assert _reject(results["escape_dir"]).reason == "symlink_outside_input"
    assert "outside the input directory" in _reject(results["escape.txt"]).detail
    assert _text(results["alias.txt"]).text == _text(results["real/article.txt"]).text


def test_named_pipe_is_unreadable_without_blocking(tmp_path: Path) -> None:
    # Opening a FIFO for reading waits for a writer; the reader must not wait.
    os.mkfifo(tmp_path / "pipe.txt")
    rejected = _reject(read_raw_file(tmp_path, tmp_path / "pipe.txt"))
    assert rejected.reason == "unreadable"
    assert rejected.detail == "not a regular file but a named pipe; nothing to read"


TALKS = "Ghana and Togo held talks on their shared border in Lome on Monday, officials said."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Bell, escape and DEL from a terminal capture.
        (
            b"Talks\x07 resumed\x1b in\x7f Accra. " + TALKS.encode(),
            "Talks resumed in Accra. " + TALKS,
        ),
        # C1 codes of a latin-1 file: ftfy reads 0x85 as the cp1252 "…" it most likely was,
        # and 0x8D, which cp1252 leaves undefined, is removed.
        (b"Caf\xe9\x85 talks\x8d. " + TALKS.encode(), "Café… talks. " + TALKS),
    ],
)
def test_stray_control_characters_are_removed(tmp_path: Path, raw: bytes, expected: str) -> None:
    assert _text(_decode(tmp_path, raw)).text == expected


def test_a_folder_that_cannot_be_listed_is_reported(
    tmp_path: Path, without_root_override: list[str]
) -> None:
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text("date 2024-01-01\nTalks\n\nGhana and Togo met.\n")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("date 2024-01-01\nTalks\n\nChad and Niger met.\n")
    (tmp_path / "locked").chmod(0)
    # Listing needs the permission bits to bind, which for root takes a child process.
    script = (
        "import sys; from pathlib import Path; from pipeline.ingest.corpus import read_corpus; "
        "[print(r.source_file, getattr(r, 'reason', 'article'), getattr(r, 'detail', ''), "
        "sep='|') for r in read_corpus(Path(sys.argv[1]))]"
    )
    try:
        result = subprocess.run(
            [*without_root_override, sys.executable, "-c", script, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[3],
        )
    finally:
        (tmp_path / "locked").chmod(0o700)
    rows = [line.split("|") for line in result.stdout.splitlines()]
    assert [row[:2] for row in rows] == [["locked", "unreadable"], ["open/a.txt", "article"]]
    assert "Permission denied" in rows[0][2]


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII only.\nA second plain line.\n",
        "A plain line.\nThe minister said â€œyesâ€\x9d on Friday.\nAnother plain line.",
        "Windows line\r\nends\rand a lone CR.\n",
        "Colour \x1b[31mcodes\x1b[0m and a NUL\x00 and DEL\x7f.\n",
        "Full-width ＡＢＣ and the ligature ﬁnal, then mojibake cafÃ© at the end",
        "\n\n\nÃ©\n\n",
        "",
    ],
)
def test_mojibake_repair_skips_only_lines_ftfy_cannot_change(text: str) -> None:
    # ftfy fixes each line on its own, so skipping the plain ASCII lines gives its exact result.
    assert repair_mojibake(text) == ftfy.fix_text(text, FTFY_CONFIG)


def test_mojibake_repair_of_a_line_longer_than_ftfy_decodes_at_once() -> None:
    # ftfy cuts such a line into pieces from the line's start whether or not it is alone.
    limit = FTFY_CONFIG.max_decode_length
    text = "plain\n" + "x" * (limit - 3) + "cafÃ©" + "y" * 10 + "\nend"
    assert repair_mojibake(text) == ftfy.fix_text(text, FTFY_CONFIG)
