"""Turning HTML left inside a record's text into plain paragraphs.

Some scrapers store the article body as the page's markup (`<p>...</p><p>...</p>`), or leave a
stray `<br>` or link in it. The coder reads text, and char offsets must point into text, so
tags go: block elements (paragraphs, headings, list items, line breaks) end a paragraph,
scripts and styles are dropped with their content, and entities become the characters they
stand for. News prose that merely mentions a tag is left alone: only the tags a page is made
of count as markup.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# The tags article markup is made of. Prose may quote "<b>" or "<Reuters>", but a text holding
# an opening or closing tag of this list is markup.
_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|a|b|i|em|strong|u|h[1-6]|ul|ol|li|blockquote|figure|figcaption|img"
    r"|script|style|table|tr|td|th|section|article|header|footer|nav|aside|iframe|noscript"
    r"|html|body|head)\b[^<>]*>",
    re.IGNORECASE,
)
# Elements that start and end a block of text: a paragraph break before and after.
_BLOCKS = frozenset(
    {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
     "figure", "figcaption", "table", "tr", "section", "article", "header", "footer", "aside",
     "pre", "hr", "dd", "dt", "dl", "main", "body"}
)  # fmt: skip
# Elements whose content is code or layout, never article text.
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "iframe", "svg"})
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def has_html(text: str) -> bool:
    """Whether a text holds HTML tags an article page is made of (`<p>`, `<br/>`, `</a>`)."""
    return _HTML_TAG.search(text) is not None


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment: one paragraph per block, blank-line separated.

    Whitespace inside a block collapses to single spaces, as a browser shows it. A text with
    only inline tags (a link, a bold word) is text with some markup, not a page: its own line
    breaks still separate its paragraphs.

    Args:
        markup: An HTML fragment or page.

    Returns:
        The paragraphs, joined by blank lines; empty when there is no text.
    """
    parser = _TextCollector()
    parser.feed(markup)
    parser.close()
    return "\n\n".join(parser.paragraphs())


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._blocks: list[list[str]] = [[]]
        self._skipping = 0
        self._block_tags = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:  # <br/>, <hr/>: a break, with nothing inside
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._break()

    def _break(self) -> None:
        self._block_tags += 1
        self._blocks.append([])

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._blocks[-1].append(data)

    def paragraphs(self) -> list[str]:
        blocks = ["".join(block) for block in self._blocks]
        if not self._block_tags:
            blocks = [line for block in blocks for line in block.split("\n")]
        found = (_SPACES.sub(" ", block).strip() for block in blocks)
        return [paragraph for paragraph in found if paragraph]
