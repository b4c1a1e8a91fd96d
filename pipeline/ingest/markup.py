"""Recognising a saved web page (HTML or XML source) among the raw text files."""

from __future__ import annotations

import re

# A tag, a comment opener or a declaration. `[^<>]*` cannot backtrack across a tag boundary,
# so a hostile file of unclosed brackets costs linear time.
_TAG = re.compile(
    r"<(?:!--|![A-Za-z][^<>]*>|\?xml[^<>]*>|/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>)"
)
# What a page's source opens with; a crawler may still have written the date line above it.
_PAGE_OPENING = re.compile(r"(?:<!doctype\s+html|<html[\s>]|<\?xml\s)", re.IGNORECASE)

#: A text with at least this many tags, which make up at least `MIN_MARKUP_SHARE` of its
#: visible characters, is markup even without a doctype (a page body saved without its head).
MIN_TAGS = 10
MIN_MARKUP_SHARE = 0.2
#: Lines at the top in which a page opening counts: the first, or the one after a date line.
_OPENING_LINES = 2


def markup_evidence(text: str) -> str | None:
    """Say why a text is the source of a web page rather than an article's text, if it is.

    News prose may mention a tag ("the <b> element") or quote a bracket; a page opens with a
    doctype, an `<html>` or an XML declaration, or is dense with tags.

    Args:
        text: The decoded, normalised text of one raw file.

    Returns:
        A one-line explanation, or None when the text reads as text.
    """
    opening_lines = [line.strip() for line in text.lstrip().split("\n", _OPENING_LINES)]
    for line in opening_lines[:_OPENING_LINES]:
        if _PAGE_OPENING.match(line):
            return f"the file is a web page's source: it opens with {line[:40]!r}"
    tags = 0
    tag_chars = 0
    for match in _TAG.finditer(text):
        tags += 1
        tag_chars += match.end() - match.start()
    if tags < MIN_TAGS:
        return None
    visible = len("".join(text.split()))
    if visible and tag_chars / visible >= MIN_MARKUP_SHARE:
        return (
            f"the file is markup: {tags} tags make up {tag_chars / visible:.0%} of its characters"
        )
    return None
