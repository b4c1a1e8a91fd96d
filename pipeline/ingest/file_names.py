r"""File names as data: whatever a file system or object store allows, stored readably, losslessly.

A Linux file name is a string of bytes, not text. Old scrapers and Windows shares leave Latin-1
names (`latin1-\xe9t\xe9.txt`) that are not UTF-8, and a name may hold a newline, a tab or a
bidi override. Python hands such bytes over as lone surrogates (PEP 383), which Parquet, JSON
and UTF-8 hashing all refuse; a newline in a name breaks a log line, and a bidi override makes
one name look like another.

`source_name` writes a name as the text stored in `source_file`: printable, valid UTF-8, one
line, and lossless. Every name that is plain text (all names seen in real corpora) is stored
unchanged. Otherwise a backslash starts an escape, as in a Python string literal:

- `\xNN`: a byte that is not part of any UTF-8 character (`latin1-\xe9t\xe9.txt`);
- `\n`, `\t`, `\r`, and `\uNNNN` / `\UNNNNNNNN`: a control, format or line-separator character;
- `\\`: a backslash itself, so that the escapes can be undone.

`name_bytes` undoes the escapes, giving back the exact bytes, so the file can be found again.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

# Surrogates stand for undecodable bytes (U+DC80-U+DCFF) or are themselves unencodable; C*
# characters are invisible or break lines; Zl and Zp are line and paragraph separators.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_NAMED_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\"}
_ESCAPE = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|[ntr\\])")
_UNESCAPED = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def source_name(name: str) -> str:
    """The stored form of a file name or relative path: printable, one line, lossless.

    Args:
        name: A name as Python's `os` functions return it (undecodable bytes as surrogates),
            or an object key.

    Returns:
        The name itself when it is plain text; otherwise the name with escapes (see the module
        docstring).
    """
    if name.isprintable() and "\\" not in name:
        return name  # the common case, and the stored form of every real corpus file
    return "".join(_escaped(character) for character in name)


def name_bytes(stored: str) -> bytes:
    """The bytes of the name `source_name` stored: what the file system knows the file by."""
    out = bytearray()
    position = 0
    for match in _ESCAPE.finditer(stored):
        out += stored[position : match.start()].encode("utf-8")
        code = match.group(1)
        if code[0] == "x":
            out.append(int(code[1:], 16))
        elif code[0] in "uU":
            out += chr(int(code[1:], 16)).encode("utf-8", "surrogatepass")
        else:
            out += _UNESCAPED[code].encode("utf-8")
        position = match.end()
    out += stored[position:].encode("utf-8")
    return bytes(out)


def stored_path(root: Path, stored: str) -> Path:
    """The local file a stored `source_file` names, below the directory it was relative to."""
    return root / os.fsdecode(name_bytes(stored))


def relative_source_name(path: Path, root: Path) -> str:
    """`source_name` of a path relative to the input directory, '/'-separated."""
    return source_name(path.relative_to(root).as_posix())


def _escaped(character: str) -> str:
    named = _NAMED_ESCAPES.get(character)
    if named is not None:
        return named
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode hands it over
        return f"\\x{code - 0xDC00:02x}"
    if character.isprintable() and unicodedata.category(character) not in _ESCAPED_CATEGORIES:
        return character
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
