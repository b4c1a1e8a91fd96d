"""Parsing decoded raw text into an article: date line, dateline, headline and body paragraphs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from pipeline.ingest.language import unsupported_language
from pipeline.ingest.markup import markup_evidence
from pipeline.ingest.raw_files import DecodedText
from pipeline.normalize.dates import (
    DateExpression,
    find_date_expressions,
    is_calendar_date,
    resolve_date_expression,
)
from pipeline.provenance import sha256_hex, stable_id
from pipeline.reference.boilerplate import (
    BoilerplatePattern,
    load_boilerplate_patterns,
    match_boilerplate,
)
from schemas.records import ArticleRecord, ArticleReject
from schemas.types import PublicationDateSource, RejectReason

ParagraphKind = Literal["body", "caption", "link", "byline", "boilerplate"]
"""What a body paragraph is: news text, or one of the boilerplate kinds events never come from."""

#: A dateline further than this from the crawl date is a misparse or a stale page header
#: (a copyright year, an archive stamp), not the publication date; the crawl date stands in.
MAX_DATELINE_DAYS_FROM_CRAWL = 400

#: The earliest crawl date taken at its word: the same bound below which event dates are
#: implausible (and a year-1 date would make "last year" unrepresentable).
MIN_CRAWL_DATE = dt.date(1945, 1, 1)
#: Days a crawl date may lie after the machine's date: the crawler's time zone may be ahead.
CRAWL_DATE_CLOCK_SKEW_DAYS = 1


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an article body, located in the article text.

    Attributes:
        index: 0-based position among the body paragraphs, boilerplate included.
        text: The paragraph, without surrounding whitespace; `article.text[char_start:char_end]`.
        char_start: Offset of its first character in the article text.
        char_end: Offset just past its last character.
        kind: "body" for news text; caption, link, byline or boilerplate otherwise.
    """

    index: int
    text: str
    char_start: int
    char_end: int
    kind: ParagraphKind


@dataclass(frozen=True)
class _Line:
    text: str  # without the newline
    start: int
    end: int  # offset of the newline (or of the end of the text)

    @property
    def stripped(self) -> str:
        return self.text.strip()


# "date 2024-11-19" plus optional breadcrumb words; the keyword's case and a colon are
# tolerated because hand-made fixtures and other crawlers vary there, nothing else is.
_DATE_LINE = re.compile(r"date:?[ \t]+(?P<value>\S+)(?:[ \t]+(?P<section>.*\S))?", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# --- Dateline grammar: what besides a date a site prints on its dateline line. -------------
_TIME = re.compile(
    r"(?<!\d)(?:[01]?\d|2[0-3])[:.][0-5]\d(?::[0-5]\d)?(?:\s*[AaPp]\.?\s?[Mm]\.?(?![A-Za-z]))?"
)
_LABEL = re.compile(
    r"\b(?P<label>first\s+published|last\s+updated|published|updated|posted|created|edited"
    r"|modified|uploaded|released)(?:\s+(?:time|on|at|date))?\s*:?",
    re.IGNORECASE,
)
# Published/posted/created name the publication (0); an unlabelled date comes next (1);
# updated/edited name a later change (2).
_LABEL_PRIORITY = {
    "first published": 0,
    "published": 0,
    "posted": 0,
    "created": 0,
    "uploaded": 0,
    "released": 0,
    "": 1,
    "updated": 2,
    "last updated": 2,
    "edited": 2,
    "modified": 2,
}
_BY = re.compile(r"(?<![A-Za-z])by\s+", re.IGNORECASE)
# "SEOUL, South Korea (AP)", "ADDIS ABABA, July 12 (Xinhua)", "Aug 27 (Reuters) -".
_AGENCY_DATELINE = re.compile(
    r"(?P<head>[^()\n]{0,80}?)\s*\((?P<agency>[A-Z][A-Za-z&.' /-]{0,40})\)\s*(?:--|[-–—:])?\s*"
)
# The same at the start of the first body paragraph, which then goes on with the news.
_AGENCY_LEAD = re.compile(
    r"(?P<head>[^()\n]{1,80}?)\s*\((?P<agency>[A-Z][A-Za-z&.' /-]{0,40})\)\s*(?:--|[-–—:])\s"
)
_WORD = re.compile(r"[^\W\d_][\w'’.&-]*")
# Words a dateline may print besides names, places and time zones ("5 min read", "2 hours ago").
_DATELINE_WORDS = frozenset(
    {"time", "min", "mins", "minute", "minutes", "read", "hours", "hour", "hrs", "ago", "just",
     "now", "and", "am", "pm", "a.m.", "p.m.", "updated", "published", "date", "at", "on"}
)  # fmt: skip
# Function words that mark a sentence or headline: a dateline has none of them.
_FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "to", "of", "for", "in", "with", "over", "after", "before", "as", "from",
     "into", "amid", "against", "says", "said", "is", "are", "was", "were", "will", "be", "has",
     "have", "had", "not", "no", "vs", "his", "her", "its", "their", "that", "this", "who", "what",
     "why", "how", "set", "plans", "calls", "meets", "visits", "talks"}
)  # fmt: skip
_MAX_DATELINE_NAME_WORDS = 6


def parse_article(
    decoded: DecodedText, *, today: dt.date | None = None
) -> ArticleRecord | ArticleReject:
    """Parse a decoded raw file into an article, or reject it with the rule it broke.

    Layout: line 1 `date YYYY-MM-DD [breadcrumb words]`; line 2 the site's dateline in any
    format, or already the headline when the site printed none; then the headline, a blank
    line, and paragraphs separated by blank lines. The publication date is the dateline's date
    (a missing year resolved towards the crawl date), else the date of an agency dateline
    opening the body ("BEIJING, Aug. 5 (Xinhua) --"), else the crawl date; a dateline date more
    than `MAX_DATELINE_DAYS_FROM_CRAWL` days from the crawl date is not trusted.

    Screening comes first and last: a web page's source is no article, and a body in a
    language other than English would only be coded into nonsense.

    Args:
        decoded: The normalised text of one raw file.
        today: The machine's date (the default): a crawl date more than
            `CRAWL_DATE_CLOCK_SKEW_DAYS` after it cannot be true.

    Returns:
        The article, whose `text` is exactly `decoded.text`, or a reject: `not_an_article`
        (HTML source), `no_date_line`, `invalid_date_line` (not a date, or before
        `MIN_CRAWL_DATE`), `future_date`, `no_headline`, `empty_body` or
        `unsupported_language`.
    """
    reject = decoded.reject

    text = decoded.text
    markup = markup_evidence(text)
    if markup is not None:
        return reject(RejectReason.NOT_AN_ARTICLE, f"{markup}; save the article's text instead")
    lines = _lines(text)
    first = next((i for i, line in enumerate(lines) if line.stripped), None)
    if first is None:
        return reject(RejectReason.NO_DATE_LINE, "the text has no lines")
    date_line = _DATE_LINE.fullmatch(lines[first].stripped)
    if date_line is None:
        return reject(
            RejectReason.NO_DATE_LINE,
            f"first line {lines[first].stripped[:80]!r} is not 'date YYYY-MM-DD'",
        )
    value = date_line["value"]
    if not _ISO_DAY.fullmatch(value):
        return reject(RejectReason.INVALID_DATE_LINE, f"{value!r} is not a YYYY-MM-DD date")
    try:
        crawl_date = dt.date.fromisoformat(value)
    except ValueError as exc:
        return reject(RejectReason.INVALID_DATE_LINE, f"{value} is not a calendar date: {exc}")
    if crawl_date < MIN_CRAWL_DATE:
        return reject(
            RejectReason.INVALID_DATE_LINE,
            f"{value} is before {MIN_CRAWL_DATE.isoformat()}: not a plausible crawl date",
        )
    latest = (today or dt.date.today()) + dt.timedelta(days=CRAWL_DATE_CLOCK_SKEW_DAYS)
    if crawl_date > latest:
        # "Future" can only mean after the machine's date; the detail leaves that date out so
        # that reruns on one day write identical bytes, and no article row depends on it.
        return reject(
            RejectReason.FUTURE_DATE,
            f"crawl date {value} is in the future; a page cannot be fetched before it exists",
        )

    header: list[_Line] = []
    for line in lines[first + 1 :]:
        if not line.stripped:
            break
        header.append(line)
    if len(header) >= 2 and _is_dateline(header[0].stripped, alone=False):
        dateline, headline = header[0], header[1]
    elif len(header) == 1 and _is_dateline(header[0].stripped, alone=True):
        return reject(
            RejectReason.NO_HEADLINE,
            f"only a dateline ({header[0].stripped[:80]!r}) precedes the first blank line",
        )
    elif header:
        dateline, headline = None, header[0]
    else:
        return reject(RejectReason.NO_HEADLINE, "no headline line follows the date line")
    if not _WORD.search(headline.stripped):
        return reject(RejectReason.NO_HEADLINE, f"headline {headline.stripped!r} has no words")

    body_char_start = _skip_whitespace(text, headline.end)
    paragraphs = _paragraphs(text, body_char_start, load_boilerplate_patterns())
    if not any(p.kind == "body" and _WORD.search(p.text) for p in paragraphs):
        boilerplate = sum(1 for p in paragraphs if p.kind != "body")
        return reject(
            RejectReason.EMPTY_BODY,
            f"no body paragraph with words after the headline ({len(paragraphs)} paragraphs, "
            f"{boilerplate} of them captions, links, bylines or boilerplate)",
        )

    foreign = unsupported_language(_join_news(paragraphs))
    if foreign is not None:
        return reject(
            RejectReason.UNSUPPORTED_LANGUAGE,
            f"the body reads as {foreign.language_name} ({foreign.language}, probability "
            f"{foreign.probability:.2f}); the coder reads English only",
        )

    dateline_text = dateline.stripped if dateline is not None else None
    lead = next(p.text for p in paragraphs if p.kind == "body")
    publication_date, source = _publication_date(dateline_text, lead, crawl_date)
    content_sha256 = sha256_hex(text)
    return ArticleRecord(
        article_id=stable_id(decoded.source_file, content_sha256),
        source_file=decoded.source_file,
        content_sha256=content_sha256,
        encoding=decoded.encoding,
        crawl_date=crawl_date,
        crawl_section=date_line["section"],
        dateline=dateline_text,
        publication_date=publication_date,
        publication_date_source=source,
        headline=headline.stripped,
        text=text,
        body_char_start=body_char_start,
        num_paragraphs=len(paragraphs),
        num_boilerplate_paragraphs=sum(1 for p in paragraphs if p.kind != "body"),
        num_words=len(text[body_char_start:].split()),
    )


def body_paragraphs(article: ArticleRecord) -> list[Paragraph]:
    """Re-derive the body paragraphs of a parsed article, classified.

    Deterministic from `article.text[article.body_char_start:]` and the shipped boilerplate
    patterns, so the articles table need not store paragraphs. Only "body" paragraphs may
    yield events.

    Args:
        article: An article from `parse_article`.

    Returns:
        The paragraphs in order, offsets into `article.text`.
    """
    return _paragraphs(article.text, article.body_char_start, load_boilerplate_patterns())


def split_paragraphs(text: str, body_char_start: int) -> list[Paragraph]:
    """The paragraphs of `text` from `body_char_start` on, classified as `body_paragraphs` does.

    For readers that lay out an article's text themselves (dump records, web pages).
    """
    return _paragraphs(text, body_char_start, load_boilerplate_patterns())


def news_paragraphs_text(paragraphs: list[Paragraph]) -> str:
    """The "body" paragraphs among `paragraphs`, blank-line separated (see `news_text`)."""
    return _join_news(paragraphs)


def news_text(article: ArticleRecord) -> str:
    """The article's news paragraphs (no captions, links or bylines), blank-line separated.

    The text events come from, and what two copies of one story share even when their sites
    frame it with different headlines and boilerplate.
    """
    return _join_news(body_paragraphs(article))


def _join_news(paragraphs: list[Paragraph]) -> str:
    return "\n\n".join(p.text for p in paragraphs if p.kind == "body")


def _dateline_date(dateline: str, crawl_date: dt.date) -> dt.date | None:
    """The publication date a dateline prints, if it prints a trustworthy one.

    The date must be a calendar day ("Wednesday, November 20, 2024", "15-04-2020", "Aug 27");
    a missing year is the one nearest the crawl date, a numeric date takes the day/month order
    nearest it, "Published" dates beat unlabelled ones, which beat "Updated" ones.

    Args:
        dateline: The dateline as printed.
        crawl_date: The date of the file's date line.

    Returns:
        The date, or None when the dateline has no calendar day within
        `MAX_DATELINE_DAYS_FROM_CRAWL` days of the crawl date.
    """
    labels = [(m.end(), " ".join(m["label"].lower().split())) for m in _LABEL.finditer(dateline)]
    candidates: list[tuple[int, int, dt.date]] = []
    for expression in find_date_expressions(dateline):
        if not is_calendar_date(expression.text):
            continue
        resolved = resolve_date_expression(expression.text, crawl_date, direction="nearest")
        if resolved.date is None:
            continue
        if abs((resolved.date - crawl_date).days) > MAX_DATELINE_DAYS_FROM_CRAWL:
            continue
        label = next((name for end, name in reversed(labels) if end <= expression.char_start), "")
        priority = _LABEL_PRIORITY[label]
        candidates.append((priority, expression.char_start, resolved.date))
    return min(candidates)[2] if candidates else None


def _publication_date(
    dateline: str | None, first_paragraph: str, crawl_date: dt.date
) -> tuple[dt.date, PublicationDateSource]:
    if dateline is not None:
        printed = _dateline_date(dateline, crawl_date)
        if printed is not None:
            return printed, "dateline"
    lead = _AGENCY_LEAD.match(first_paragraph)
    if lead is not None and _names_only(lead["head"], find_date_expressions(lead["head"])):
        printed = _dateline_date(lead["head"], crawl_date)
        if printed is not None:
            return printed, "dateline"
    return crawl_date, "crawl_date"


def _is_dateline(line: str, *, alone: bool) -> bool:
    """Whether a header line is the site's dateline rather than the headline.

    With a headline below it (`alone` False), any date, time, "Published"/"Updated" label,
    byline or agency mark, next to at most a few names, places and time zones, makes a
    dateline. A line that is the only header line must be nothing but such material, since
    a headline may well carry a date ("Vote set for March 3").
    """
    expressions = find_date_expressions(line)
    agency = _AGENCY_DATELINE.fullmatch(line)
    if agency is not None and _names_only(agency["head"], find_date_expressions(agency["head"])):
        return True
    marked = bool(
        any(is_calendar_date(e.text) for e in expressions)
        or _TIME.search(line)
        or _LABEL.search(line)
        or (not alone and _BY.match(line))
    )
    if not marked:
        return False
    if alone:
        return not _residual_words(line, expressions)
    return _names_only(line, expressions)


def _residual_words(line: str, expressions: list[DateExpression]) -> list[str]:
    """The words of a line once its dates, times, labels and dateline words are removed."""
    kept = list(line)
    for expression in expressions:
        kept[expression.char_start : expression.char_end] = " " * (
            expression.char_end - expression.char_start
        )
    residue = "".join(kept)
    residue = _TIME.sub(" ", residue)
    residue = _LABEL.sub(" ", residue)
    residue = _BY.sub(" ", residue)
    return [
        word
        for word in _WORD.findall(residue)
        if word.lower().rstrip(".") not in _DATELINE_WORDS and word.lower() not in _DATELINE_WORDS
    ]


def _names_only(line: str, expressions: list[DateExpression]) -> bool:
    """Whether what is left of a line besides dates is a few names (byline, place, agency)."""
    words = _residual_words(line, expressions)
    if len(words) > _MAX_DATELINE_NAME_WORDS:
        return False
    return all(
        word.lower() not in _FUNCTION_WORDS and (word[0].isupper() or word == "&") for word in words
    )


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for raw in text.split("\n"):
        lines.append(_Line(raw, start, start + len(raw)))
        start += len(raw) + 1
    return lines


def _skip_whitespace(text: str, offset: int) -> int:
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


def _paragraphs(
    text: str, body_start: int, patterns: tuple[BoilerplatePattern, ...]
) -> list[Paragraph]:
    spans: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for line in _lines(text[body_start:]):
        if not line.stripped:
            if current is not None:
                spans.append(current)
                current = None
            continue
        # Offsets of the non-blank part of the line, in the whole text.
        begin = body_start + line.start + (len(line.text) - len(line.text.lstrip()))
        finish = body_start + line.start + len(line.text.rstrip())
        current = (begin, finish) if current is None else (current[0], finish)
    if current is not None:
        spans.append(current)
    return [
        Paragraph(index, text[start:end], start, end, _kind(text[start:end], patterns))
        for index, (start, end) in enumerate(spans)
    ]


def _kind(paragraph: str, patterns: tuple[BoilerplatePattern, ...]) -> ParagraphKind:
    # Captions, links and prompts are one line; a multi-line block is prose (or a quoted list)
    # even when its first words look like a label.
    if "\n" in paragraph:
        return "body"
    match = match_boilerplate(paragraph, patterns)
    return match.kind if match is not None else "body"
