"""Writing articles in the wrappers news arrives in: a news-please JSON Lines dump, saved pages.

Coding must not depend on the wrapper, and the way to show it is to take a corpus of `.txt`
articles, write the same articles as a scraper would have, and code both. A news-please
record carries the article's URL, title, publication date, body (`maintext`, paragraphs
separated by one newline) and the publisher's domain; a saved page wraps the headline and
paragraphs in the markup of a news site, with the navigation, cookie notice, "most read" list
and footer that `pipeline.ingest.html_pages` must leave out, and the URL, date and site name
in the page's metadata where sites put them. The dump is also what the constant-memory
measurement of `pipeline.benchmark.dump_memory` reads.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from schemas.records import ArticleRecord


def article_paragraphs(article: ArticleRecord) -> list[str]:
    """The article's body paragraphs (boilerplate included), as the `.txt` file has them."""
    body = article.text[article.body_char_start :]
    return [" ".join(block.split()) for block in body.split("\n\n") if block.strip()]


def publisher_of(url: str | None) -> str | None:
    """The domain news-please records as `source_domain`: the URL's host without `www.`."""
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def news_please_record(article: ArticleRecord, url: str | None = None) -> dict[str, object]:
    """The record news-please would have written for the article.

    Args:
        article: An article read from a `.txt` file.
        url: Where it was published (the gold file's `source_url`, say).

    Returns:
        The record's fields, in news-please's names and formats.
    """
    published = dt.datetime.combine(article.publication_date, dt.time())
    return {
        "authors": [],
        "date_download": article.crawl_date.isoformat() + " 00:00:00"
        if article.crawl_date
        else None,
        "date_modify": None,
        "date_publish": published.isoformat(sep=" "),
        "description": None,
        "filename": None,
        "image_url": None,
        "language": "en",
        "localpath": None,
        "maintext": "\n".join(article_paragraphs(article)),
        "source_domain": publisher_of(url),
        "title": article.headline,
        "title_page": None,
        "title_rss": None,
        "url": url,
    }


def write_news_please_dump(records: Iterable[Mapping[str, object]], path: Path) -> int:
    """Write records as one JSON Lines dump, one object per line; the number written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("w", encoding="utf-8") as dump:
        for record in records:
            dump.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def saved_page(article: ArticleRecord, url: str | None = None) -> str:
    """The article as the HTML page a browser saves from a news site.

    The headline is the page's `<h1>` and `og:title`, the paragraphs its `<article>`'s
    `<p>`s; the URL is the canonical link, the publication date `article:published_time`,
    the publisher `og:site_name`. Around the article: navigation, a cookie notice, a "most
    read" list and a footer, none of which may reach the article's text.
    """
    site = publisher_of(url) or "example.org"
    headline = html.escape(article.headline or "")
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in article_paragraphs(article))
    published = f"{article.publication_date.isoformat()}T08:00:00+00:00"
    canonical = f'<link rel="canonical" href="{html.escape(url)}">' if url else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{headline} | {html.escape(site)}</title>
{canonical}
<meta property="og:title" content="{headline}">
<meta property="og:site_name" content="{html.escape(site)}">
<meta property="article:published_time" content="{published}">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article"}});</script>
</head>
<body>
<header>
<nav><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li>
</ul></nav>
</header>
<div class="cookie-notice" id="cookie-consent">
<p>We use cookies to personalise content and ads and to analyse our traffic. By continuing to
browse this site you agree to our use of cookies.</p>
<button>Accept all cookies</button> <a href="/privacy">Manage settings</a>
</div>
<main>
<article>
<h1>{headline}</h1>
{paragraphs}
</article>
<aside class="most-read">
<h2>Most read</h2>
<ol>
<li><a href="/world/1">Markets slide as investors weigh rate outlook</a></li>
<li><a href="/sport/2">Late goal settles derby in front of record crowd</a></li>
<li><a href="/culture/3">Festival line-up announced for the summer</a></li>
</ol>
</aside>
</main>
<footer>
<p>&copy; {article.publication_date.year} {html.escape(site)}. All rights reserved.</p>
<p><a href="/about">About us</a> | <a href="/privacy">Privacy policy</a> |
<a href="/terms">Terms of use</a> | <a href="/contact">Contact</a></p>
</footer>
</body>
</html>
"""
