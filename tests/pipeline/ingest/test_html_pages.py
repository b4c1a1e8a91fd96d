"""Pins what a saved page gives: main text without the site's furniture, title, date, URL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.ingest.html_pages import parse_html_page
from pipeline.ingest.raw_files import read_raw_file
from schemas.records import ArticleRecord, ArticleReject

TODAY = dt.date(2025, 1, 1)
PARAGRAPHS = [
    "Kenya and Uganda signed a trade accord in Nairobi on Tuesday, ending two years of talks "
    "over tariffs on farm goods and the use of the port of Mombasa.",
    "The accord cuts tariffs on maize, sugar and milk, the two trade ministers told reporters "
    "after the signing ceremony at State House.",
    "Tanzania, which was not part of the talks, said it would study the text before deciding "
    "whether to join.",
]
FURNITURE = ["Accept all cookies", "Most read", "All rights reserved", "Politics"]


def _page(body: str, head: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Kenya and Uganda sign trade accord | Example News</title>
<link rel="canonical" href="https://www.example.org/africa/kenya-uganda-accord">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-05-02T09:30:00+03:00">{head}
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li></ul></nav>
<div class="cookie-banner"><p>We use cookies.</p><button>Accept all cookies</button></div>
<main>{body}<aside><h2>Most read</h2><ul><li><a href="/x">Markets slide</a></li></ul></aside>
</main><footer><p>© 2024 Example News. All rights reserved.</p></footer></body></html>"""


def _parse(tmp_path: Path, page: str, name: str = "page.html") -> ArticleRecord | ArticleReject:
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    decoded = read_raw_file(tmp_path, path)
    assert not isinstance(decoded, ArticleReject)
    return parse_html_page(decoded, today=TODAY)


def test_the_article_and_its_metadata_without_the_site_around_it(tmp_path: Path) -> None:
    body = "<article><h1>Kenya and Uganda sign trade accord</h1>"
    body += "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"
    article = _parse(tmp_path, _page(body))
    assert isinstance(article, ArticleRecord), article
    assert article.headline == "Kenya and Uganda sign trade accord"
    # The <h1> is the headline once, not the first body paragraph too.
    assert article.text[article.body_char_start :] == "\n\n".join(PARAGRAPHS) + "\n"
    assert not any(words in article.text for words in FURNITURE)
    assert article.source_url == "https://www.example.org/africa/kenya-uganda-accord"
    assert article.publisher == "Example News"
    assert (article.publication_date, article.publication_date_source) == (
        dt.date(2024, 5, 2),
        "page",
    )
    assert article.source_file == "page.html"


def test_a_page_without_an_article_is_no_article(tmp_path: Path) -> None:
    rejected = _parse(tmp_path, _page("<form><input name='q'><button>Search</button></form>"))
    assert isinstance(rejected, ArticleReject)
    assert rejected.reason == "not_an_article"
    assert "no article text" in rejected.detail


def test_a_page_in_another_language_is_rejected_for_it(tmp_path: Path) -> None:
    french = [
        "Le Kenya et l'Ouganda ont signé mardi à Nairobi un accord commercial qui met fin à "
        "deux années de négociations sur les droits de douane agricoles.",
        "L'accord réduit les droits sur le maïs, le sucre et le lait, ont déclaré les deux "
        "ministres du commerce après la cérémonie de signature.",
    ]
    body = "<article><h1>Accord commercial</h1>" + "".join(f"<p>{p}</p>" for p in french)
    rejected = _parse(tmp_path, _page(body + "</article>"), "fr.html")
    assert isinstance(rejected, ArticleReject)
    assert (rejected.source_file, rejected.reason) == ("fr.html", "unsupported_language")
    assert "French" in rejected.detail


def test_a_page_that_gives_no_date_is_rejected_for_it(tmp_path: Path) -> None:
    page = _page("<article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>")
    page = page.replace(
        '<meta property="article:published_time" content="2024-05-02T09:30:00+03:00">', ""
    )
    page = page.replace("© 2024 ", "")
    rejected = _parse(tmp_path, page)
    assert isinstance(rejected, ArticleReject)
    assert rejected.reason == "no_date"
