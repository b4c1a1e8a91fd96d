"""Reading and parsing generated raw files: never an exception, an article or a reject.

Every article is consistent with its text (offsets, dates within their bounds), and every
decoded text is clean (no invisible or control characters, NFC).
"""

from __future__ import annotations

import codecs
import datetime as dt
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest.article_parser import (
    CRAWL_DATE_CLOCK_SKEW_DAYS,
    MAX_DATELINE_DAYS_FROM_CRAWL,
    body_paragraphs,
    parse_article,
)
from pipeline.ingest.raw_files import DecodedText, read_raw_file
from pipeline.provenance import sha256_hex
from schemas.records import ArticleRecord, ArticleReject
from schemas.types import RejectReason

TODAY = dt.date(2025, 6, 1)
# Example counts are kept modest: these run in every `make test`.
EXAMPLES = 150

# Pieces a scraped file is made of, good and bad, in several scripts.
SENTENCES = [
    "Kenya and Tanzania held talks on the border in Arusha on Monday.",
    "The minister said the agreement would be signed next week.",
    "Photo: The two presidents at State House.",
    "By Jane Roe",
    "Also read | Trade talks stall",
    "Le ministre a rencontré son homologue à Dakar mardi.",
    "Министр встретился с коллегой во вторник.",
    "外交部长昨天会见了他的同行。",
    "<p>Zambia and Malawi held talks.</p>",
    "",
]
DATELINES = [
    "Wednesday, November 20, 2024",
    "Updated: Mar 3, 2023, 08:15 PM",
    "ADDIS ABABA, July 12 (Xinhua)",
    "Published 31/02/2024",
    "by Jane Roe - 05/10/23 9:34 AM ET",
]
INVISIBLE = "\u200b\u200d\u200e\u202e\u2066\u2069\u00ad\ufeff\x85\x07"

date_lines = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(lambda d: f"date {d.isoformat()}"),
    st.sampled_from(["date 2024-02-30", "date 0001-01-01", "date 9999-12-31", "Date: 2024-1-5"]),
    st.text(max_size=30),
)
lines = st.one_of(st.sampled_from(SENTENCES + DATELINES), st.text(max_size=60))
texts = st.one_of(
    st.builds(
        lambda date, dateline, headline, body: "\n".join(
            [date, *([dateline] if dateline else []), headline, "", *body]
        ),
        date_lines,
        st.one_of(st.none(), st.sampled_from(DATELINES), st.text(max_size=30)),
        lines,
        st.lists(lines, max_size=8),
    ),
    st.text(max_size=400),
)


def _decoded(text: str) -> DecodedText:
    return DecodedText("t.txt", text, "utf-8", len(text.encode("utf-8", "surrogatepass")), "0")


@settings(max_examples=EXAMPLES, deadline=None)
@given(text=texts)
def test_parse_article_returns_a_valid_article_or_a_reject(text: str) -> None:
    result = parse_article(_decoded(text), today=TODAY)
    if isinstance(result, ArticleReject):
        assert result.reason in set(RejectReason)
        assert result.detail
        ArticleReject.model_validate(result.model_dump())
        return
    ArticleRecord.model_validate(result.model_dump())
    assert result.text == text
    assert result.headline in text
    assert result.crawl_date <= TODAY + dt.timedelta(days=CRAWL_DATE_CLOCK_SKEW_DAYS)
    if result.publication_date_source == "dateline":
        distance = abs((result.publication_date - result.crawl_date).days)
        assert distance <= MAX_DATELINE_DAYS_FROM_CRAWL
    paragraphs = body_paragraphs(result)
    assert len(paragraphs) == result.num_paragraphs
    assert any(p.kind == "body" for p in paragraphs)
    for paragraph in paragraphs:
        assert result.text[paragraph.char_start : paragraph.char_end] == paragraph.text


encoded_files = st.one_of(
    st.binary(max_size=300),
    st.builds(
        lambda bom, codec, text: bom + text.encode(codec, "replace"),
        st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]),
        st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16-le", "utf-16-be"]),
        st.text(alphabet=st.sampled_from([*"date 2024-05-01\nTalks éü—“”’", *INVISIBLE])),
    ),
)


# tmp_path is shared by the examples on purpose: each overwrites the one file.
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=encoded_files)
def test_any_bytes_decode_to_clean_text_or_a_reject(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    result = read_raw_file(tmp_path, path)
    if isinstance(result, ArticleReject):
        ArticleReject.model_validate(result.model_dump())
        assert result.size_bytes in (len(data), None)
        return
    assert result.size_bytes == len(data)
    assert result.raw_sha256 == sha256_hex(data)
    assert result.text.strip()
    assert "\r" not in result.text
    assert unicodedata.is_normalized("NFC", result.text)
    left = [c for c in result.text if c not in "\t\n\f\v" and unicodedata.category(c) == "Cc"]
    assert left == []
    assert not set(result.text) & set(INVISIBLE)
    # Whatever was read, the parser turns it into an article or a reject.
    parsed = parse_article(result, today=TODAY)
    assert isinstance(parsed, ArticleRecord | ArticleReject)
