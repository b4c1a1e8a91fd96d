"""Reading a saved web page (`.html`, `.htm`): the article's text, title, date and URL.

The page's bytes are decoded as a `.txt` file's are (`raw_files.decode_raw_bytes`), then
trafilatura finds the main text and leaves out what surrounds it on a news site: navigation,
footers, cookie notices, related-story lists, comments. Its metadata gives the title, the
canonical URL (`<link rel="canonical">`, `og:url`), the site's name, and the publication
date, which trafilatura reads with htmldate (the page's metadata first, its URL and text
after). Extraction is offline: nothing is fetched.

A page with no main text (a front page, a login wall, an error page) is no article.
"""

from __future__ import annotations

import datetime as dt
import logging

from trafilatura import bare_extraction
from trafilatura.settings import Document

from pipeline.ingest.news_fields import NewsFields
from pipeline.ingest.news_records import NewsRecord, parse_news_record
from pipeline.ingest.raw_files import DecodedText
from schemas.records import ArticleRecord, ArticleReject
from schemas.types import RejectReason

# trafilatura and htmldate log every page they find little in at WARNING, which would bury a
# run's own log; what they found (or not) is reported here as a reject.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def parse_html_page(
    decoded: DecodedText, *, today: dt.date | None = None
) -> ArticleRecord | ArticleReject:
    """Extract the article of a saved page and check it as a record (`parse_news_record`).

    Args:
        decoded: The page's decoded text (its HTML source).
        today: As for `parse_news_record`.

    Returns:
        The article, with the page's canonical URL as `source_url` and its site's name as
        `publisher`; or a reject: `not_an_article` when trafilatura finds no main text, else
        one of `parse_news_record`'s (`no_date`, `unsupported_language`, ...).
    """
    document = bare_extraction(
        decoded.text,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        # Precision first: a page without an article must come out empty, not as its menus.
        favor_precision=True,
        # Publication date over "last modified": events are dated against it.
        date_extraction_params={"original_date": True, "extensive_search": True},
    )
    text = (document.text or "") if isinstance(document, Document) else ""
    if not text.strip() or not isinstance(document, Document):
        return decoded.reject(
            RejectReason.NOT_AN_ARTICLE,
            "no article text in the page: trafilatura found only navigation, forms or "
            "boilerplate (a front page, a login wall or an error page?)",
        )
    title = document.title
    lines = text.split("\n")
    # The page's <h1> is both its title and the first line of its main text: keep it once.
    if title and lines and " ".join(lines[0].split()) == " ".join(title.split()):
        lines = lines[1:]
    fields = NewsFields(
        text="\n".join(lines),
        title=title,
        date=document.date,
        url=document.url,
        publisher=document.sitename or document.hostname,
        text_field="main text",
    )
    record = NewsRecord(
        source_file=decoded.source_file,
        fields=fields,
        encoding=decoded.encoding,
        size_bytes=decoded.size_bytes,
        raw_sha256=decoded.raw_sha256,
        date_source="page",
    )
    return parse_news_record(record, today=today)
