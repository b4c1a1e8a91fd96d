"""Pins how decoded raw text becomes an article: dates, dateline, headline, body and rejects."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.evaluation.gold import read_gold
from pipeline.ingest.article_parser import Paragraph, body_paragraphs, parse_article
from pipeline.ingest.raw_files import DecodedText, read_raw_file
from pipeline.provenance import sha256_hex, stable_id
from schemas.records import ArticleRecord, ArticleReject

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "raw"
D = dt.date
BODY = "Officials of both countries met on Monday to discuss border trade, the ministry said."


def _decoded(text: str, source_file: str = "t.txt") -> DecodedText:
    return DecodedText(
        source_file=source_file,
        text=text,
        encoding="utf-8",
        size_bytes=len(text.encode()),
        raw_sha256=sha256_hex(text),
    )


def _article(text: str) -> ArticleRecord:
    result = parse_article(_decoded(text))
    assert isinstance(result, ArticleRecord), result
    return result


def _reject(text: str) -> ArticleReject:
    result = parse_article(_decoded(text))
    assert isinstance(result, ArticleReject), result
    return result


DATELINES = [
    # Long US form with weekday; a dateline a day after the crawl date is still trusted.
    pytest.param("Wednesday, November 20, 2024", D(2024, 11, 19), D(2024, 11, 20), id="us-long"),
    # Day-first with time and a zone abbreviation dateparser would misread (IST).
    pytest.param("20 Nov 2024 10:32 IST", D(2024, 11, 20), D(2024, 11, 20), id="dmy-time-ist"),
    # "Updated:" label, time with AM/PM.
    pytest.param("Updated: Mar 3, 2023, 08:15 PM", D(2023, 3, 4), D(2023, 3, 3), id="updated"),
    # Wire dateline without a year: the crawl year.
    pytest.param("Aug 27 (Reuters)", D(2022, 8, 27), D(2022, 8, 27), id="reuters"),
    # Place plus agency, no year, the day before the crawl.
    pytest.param("ADDIS ABABA, July 12 (Xinhua)", D(2022, 7, 13), D(2022, 7, 12), id="xinhua"),
    # No year across New Year: the year nearest the crawl date is the previous one.
    pytest.param("Dec 31 (Reuters)", D(2024, 1, 2), D(2023, 12, 31), id="new-year"),
    # A publication label beats an update label even when the update comes first.
    pytest.param(
        "Updated: 19 Mar 2022 | Created: 18 Mar 2022", D(2022, 3, 19), D(2022, 3, 18), id="created"
    ),
    # "Published" and "Updated" both present: the published date.
    pytest.param(
        "Published: 18 Mar 2022 08:05 AM BdST Updated: 19 Mar 2022 10:30 AM BdST",
        D(2022, 3, 19),
        D(2022, 3, 18),
        id="published-updated",
    ),
    # Agency, place and labels separated by pipes; day-first numeric date.
    pytest.param(
        "PTI | Oslo | Updated: 15-04-2020 01:05 IST", D(2020, 4, 15), D(2020, 4, 15), id="pipes"
    ),
    # Byline then a US numeric date with a two-digit year: month first, nearest the crawl.
    pytest.param(
        "by Jane Roe - 05/10/23 9:34 AM ET", D(2023, 5, 10), D(2023, 5, 10), id="byline-numeric"
    ),
    # Byline glued to the date by the scraper.
    pytest.param("Jane Roe14 November 2022", D(2022, 11, 14), D(2022, 11, 14), id="glued"),
    # No space after the comma.
    pytest.param("Published April 20,2023", D(2023, 4, 20), D(2023, 4, 20), id="no-space"),
    # Date, dash, time.
    pytest.param("07 June 2024 - 12:42", D(2024, 6, 7), D(2024, 6, 7), id="dash-time"),
]


@pytest.mark.parametrize(("dateline", "crawl", "published"), DATELINES)
def test_dateline_supplies_the_publication_date(
    dateline: str, crawl: dt.date, published: dt.date
) -> None:
    article = _article(f"date {crawl}\n{dateline}\nBorder talks resume\n\n{BODY}\n")
    assert article.dateline == dateline
    assert article.headline == "Border talks resume"
    assert (article.publication_date, article.publication_date_source) == (published, "dateline")
    assert article.crawl_date == crawl


@pytest.mark.parametrize(
    "dateline",
    [
        "SEOUL, South Korea (AP)",  # agency dateline without any date
        "By John Smith",  # a byline in the dateline slot
        "Last updated 3 hours ago",  # relative stamp: not a calendar date
        "March 3, 2019",  # five years from the crawl date: a stale header, not trusted
    ],
)
def test_dateline_without_a_trusted_date_falls_back_to_the_crawl_date(dateline: str) -> None:
    article = _article(f"date 2024-05-01\n{dateline}\nBorder talks resume\n\n{BODY}\n")
    assert article.dateline == dateline
    assert article.headline == "Border talks resume"
    assert (article.publication_date, article.publication_date_source) == (
        D(2024, 5, 1),
        "crawl_date",
    )


@pytest.mark.parametrize(
    "header",
    [
        # No dateline at all: line 2 is the headline.
        "Lula To Tour West Africa In Spring, Brasilia Says",
        # A headline carrying a date is still a headline when it is the only header line.
        "Summit set for June 22, 2025",
        # Headline with a date above a subheading: function words mark it as a headline.
        "Election Set For March 3, 2025\nVoters will choose a new parliament",
    ],
)
def test_headline_is_not_mistaken_for_a_dateline(header: str) -> None:
    article = _article(f"date 2024-05-01\n{header}\n\n{BODY}\n")
    assert article.dateline is None
    assert article.headline == header.split("\n", maxsplit=1)[0]
    assert (article.publication_date, article.publication_date_source) == (
        D(2024, 5, 1),
        "crawl_date",
    )


@pytest.mark.parametrize(
    ("first_paragraph", "published", "source"),
    [
        # Xinhua style: the date is in the body's agency dateline only.
        (
            "HANOI, Aug. 5 (Xinhua) -- Vietnam on Thursday protested to Manila.",
            D(2021, 8, 5),
            "dateline",
        ),
        # Reuters style, with a single hyphen.
        (
            "Aug 4 (Reuters) - Japan will provide new aid, its prime minister said.",
            D(2021, 8, 4),
            "dateline",
        ),
        # AP style without a date: nothing to take.
        (
            "SEOUL, South Korea (AP) — The two Koreas held talks on Thursday.",
            D(2021, 8, 6),
            "crawl_date",
        ),
        # A parenthesis in ordinary prose is not an agency dateline.
        (
            "The ministers (both new in office) - and their aides met on Aug. 2.",
            D(2021, 8, 6),
            "crawl_date",
        ),
    ],
)
def test_agency_dateline_opening_the_body(
    first_paragraph: str, published: dt.date, source: str
) -> None:
    text = f"date 2021-08-06\nTalks held\n\n{first_paragraph}\n\nMore text follows here.\n"
    article = _article(text)
    assert article.dateline is None
    assert (article.publication_date, article.publication_date_source) == (published, source)
    # The agency dateline is body text, kept whole in the first paragraph.
    first = body_paragraphs(article)[0]
    assert (first.text, first.kind) == (first_paragraph, "body")


def test_article_fields_and_offsets() -> None:
    text = "date 2024-11-19 Home\nWednesday, November 20, 2024\nLeaders meet\n\n" + BODY + "\n"
    decoded = _decoded(text, source_file="sub/seed.txt")
    article = parse_article(decoded)
    assert isinstance(article, ArticleRecord)
    assert article.text == decoded.text  # offsets of every table point into this exact string
    assert article.source_file == "sub/seed.txt"
    assert article.content_sha256 == sha256_hex(text)
    assert article.article_id == stable_id("sub/seed.txt", sha256_hex(text))
    assert article.encoding == "utf-8"
    assert article.crawl_section == "Home"
    assert article.body_char_start == text.index("Officials")
    assert (article.num_paragraphs, article.num_boilerplate_paragraphs) == (1, 0)
    assert article.num_words == len(BODY.split())


@pytest.mark.parametrize(
    ("date_line", "section"),
    [
        ("date 2024-11-19", None),  # no breadcrumb
        ("date 2024-11-19 Home", "Home"),  # one breadcrumb word
        ("date 2022-08-27 1 minute read", "1 minute read"),  # several words, kept as printed
        ("date 2023-05-10 trending: Elections", "trending: Elections"),  # punctuation
    ],
)
def test_crawl_section(date_line: str, section: str | None) -> None:
    assert _article(f"{date_line}\nHeadline\n\n{BODY}\n").crawl_section == section


def test_paragraph_classification_and_offsets() -> None:
    lines = [
        "By Jane Roe",
        BODY,
        "Photo: The two ministers in Lima.",
        "(Photo by John Doe/AFP via Getty Images)",
        "File photo of a border post.",
        "Image caption The ministers arrive",
        "Pic credit: ANI",
        "READ MORE: Trade talks stall",
        "Also Read | Border reopens",
        "Also read: Ministers meet",
        "Subscribe to our newsletter",
        "Share this article",
        "© 2024 Example News",
        "A second paragraph\nthat wraps onto two lines.",
    ]
    text = "date 2024-05-01\nHeadline\n\n" + "\n\n".join(lines) + "\n"
    article = _article(text)
    paragraphs = body_paragraphs(article)
    assert [p.kind for p in paragraphs] == [
        "byline",
        "body",
        *["caption"] * 5,
        *["link"] * 3,
        *["boilerplate"] * 3,
        "body",  # a multi-line block is prose even if a line looks like a label
    ]
    assert [p.text for p in paragraphs] == lines
    assert [p.index for p in paragraphs] == list(range(len(lines)))
    for paragraph in paragraphs:
        assert text[paragraph.char_start : paragraph.char_end] == paragraph.text
    assert (article.num_paragraphs, article.num_boilerplate_paragraphs) == (14, 12)


def test_paragraphs_tolerate_messy_whitespace() -> None:
    # Indented lines, trailing spaces and blank lines holding spaces separate paragraphs too.
    text = "date 2024-05-01\nHeadline\n\n  First paragraph.  \n   \t\n\n Second one.\n\n\n"
    assert body_paragraphs(_article(text)) == [
        Paragraph(0, "First paragraph.", text.index("First"), text.index(".  \n") + 1, "body"),
        Paragraph(1, "Second one.", text.index("Second"), text.index("one.") + 4, "body"),
    ]


@pytest.mark.parametrize(
    ("text", "reason", "detail"),
    [
        # A page saved without the crawler's header.
        ("Subscribe to our newsletter\n\nBody.\n", "no_date_line", "is not 'date YYYY-MM-DD'"),
        # The date line must come first.
        ("Headline\ndate 2024-01-01\n\nBody.\n", "no_date_line", "'Headline'"),
        # February has no 30th.
        ("date 2024-02-30\nHeadline\n\nBody.\n", "invalid_date_line", "not a calendar date"),
        # Not a date at all after the keyword.
        ("date yesterday\nHeadline\n\nBody.\n", "invalid_date_line", "not a YYYY-MM-DD date"),
        # Nothing but the date line.
        ("date 2024-01-01\n", "no_headline", "no headline line"),
        # A blank line straight after the date line.
        ("date 2024-01-01\n\nBody text here.\n", "no_headline", "no headline line"),
        # A dateline alone above the blank line: the headline is missing.
        ("date 2024-01-01\nJanuary 1, 2024\n\nBody text.\n", "no_headline", "only a dateline"),
        # A headline line with no words.
        ("date 2024-01-01\n* * *\n\nBody text.\n", "no_headline", "has no words"),
        # Nothing after the headline.
        ("date 2024-01-01\nHeadline\n", "empty_body", "0 paragraphs"),
        # Only punctuation below the headline.
        ("date 2024-01-01\nHeadline\n\n***\n\n---\n", "empty_body", "2 paragraphs"),
        # Only a caption and a link below the headline: no news text to code.
        (
            "date 2024-01-01\nHeadline\n\nPhoto: Leaders.\n\nAlso read: More\n",
            "empty_body",
            "2 of them captions",
        ),
    ],
)
def test_reject_reasons(text: str, reason: str, detail: str) -> None:
    rejected = _reject(text)
    assert rejected.reason == reason
    assert detail in rejected.detail
    assert rejected.reject_id == stable_id("t.txt")
    assert rejected.content_sha256 == sha256_hex(text)


def test_fixture_article_with_agency_lead() -> None:
    path = FIXTURES / "wire" / "agency-lead-no-dateline.txt"
    decoded = read_raw_file(FIXTURES, path)
    assert isinstance(decoded, DecodedText)
    article = parse_article(decoded)
    assert isinstance(article, ArticleRecord)
    assert article.source_file == "wire/agency-lead-no-dateline.txt"
    assert article.dateline is None
    assert article.crawl_section == "World"
    assert (article.publication_date, article.publication_date_source) == (
        D(2021, 8, 5),
        "dateline",
    )
    assert [p.kind for p in body_paragraphs(article)] == ["body", "link", "body"]


def test_fixture_article_with_captions_and_links() -> None:
    decoded = read_raw_file(FIXTURES, FIXTURES / "captions-and-links.txt")
    assert isinstance(decoded, DecodedText)
    article = parse_article(decoded)
    assert isinstance(article, ArticleRecord)
    assert article.dateline == "Updated: Mar 3, 2023, 08:15 PM"
    assert article.publication_date == D(2023, 3, 3)
    kinds = [p.kind for p in body_paragraphs(article)]
    assert kinds == [
        "byline",
        "body",
        "caption",
        "caption",
        "link",
        "body",
        "link",
        "caption",
        "boilerplate",
        "boilerplate",
        "boilerplate",
    ]
    assert article.num_boilerplate_paragraphs == 9


# The gold convention resolves dates against line 1, so gold `published` is the crawl date.
# These dev files print a dateline naming another day; the article keeps the dateline's day
# as its publication date (the schema's rule) and the gold's day as its crawl date.
DATELINE_DAY_DIFFERS_FROM_GOLD = {
    "seed_putin_india.txt": D(2024, 11, 20),  # dated the day after the crawl
    "2022-07-13_somalia-eritrea-sign-mou.txt": D(2022, 7, 12),  # agency date, a day earlier
}


def test_dev_corpus_publication_dates_match_gold(shared_dir: Path) -> None:
    raw_dir = shared_dir / "corpus" / "dev" / "raw"
    gold = read_gold(shared_dir / "corpus" / "dev" / "gold.jsonl")
    assert len(gold) == len(list(raw_dir.glob("*.txt")))
    for record in gold:
        decoded = read_raw_file(raw_dir, raw_dir / record.file)
        assert isinstance(decoded, DecodedText), record.file
        article = parse_article(decoded)
        assert isinstance(article, ArticleRecord), record.file
        published = D.fromisoformat(record.published)
        assert article.crawl_date == published, record.file
        expected = DATELINE_DAY_DIFFERS_FROM_GOLD.get(record.file, published)
        assert article.publication_date == expected, record.file
        # Every dev file prints a dateline with a usable date.
        assert article.publication_date_source == "dateline", record.file
        assert article.dateline is not None, record.file


def test_plover_benchmark_parses(shared_dir: Path) -> None:
    raw_dir = shared_dir / "benchmarks" / "plover-gsr" / "raw"
    gold = {g.file: g for g in read_gold(shared_dir / "benchmarks" / "plover-gsr" / "gold.jsonl")}
    for path in sorted(raw_dir.glob("*.txt")):
        decoded = read_raw_file(raw_dir, path)
        assert isinstance(decoded, DecodedText), path.name
        article = parse_article(decoded)
        assert isinstance(article, ArticleRecord), path.name
        assert article.publication_date == D.fromisoformat(gold[path.name].published)
        assert [p.kind for p in body_paragraphs(article)] == ["body"], path.name


@settings(max_examples=200, deadline=None)
@given(
    body=st.lists(
        st.sampled_from([*"ab .,:|()\n\t", "\u00a0", "\n\n", "Photo: ", "By Jo", "—"]),
        max_size=80,
    ).map("".join)
)
def test_any_body_parses_or_rejects_with_consistent_offsets(body: str) -> None:
    # Whatever junk follows the header, the parser returns a result and never mis-slices.
    result = parse_article(_decoded(f"date 2024-05-01\nHeadline\n\n{body}"))
    if isinstance(result, ArticleReject):
        assert result.reason == "empty_body"
        return
    paragraphs = body_paragraphs(result)
    assert len(paragraphs) == result.num_paragraphs
    for paragraph in paragraphs:
        assert result.text[paragraph.char_start : paragraph.char_end] == paragraph.text
        assert paragraph.text == paragraph.text.strip()
        assert paragraph.text
