"""Pins the boilerplate pattern file: it loads, classifies typical junk lines, and fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.reference.boilerplate import load_boilerplate_patterns, match_boilerplate
from pipeline.reference.errors import ReferenceDataError


def test_shipped_patterns_load_with_unique_names() -> None:
    patterns = load_boilerplate_patterns()
    names = [p.name for p in patterns]
    assert len(names) == len(set(names)) > 10
    assert {p.kind for p in patterns} == {"caption", "link", "byline", "boilerplate"}
    assert all(p.comment.strip() for p in patterns)


def test_loading_is_cached() -> None:
    assert load_boilerplate_patterns() is load_boilerplate_patterns()


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Photo: The ministers meet in Lima.", "caption"),  # labelled caption
        ("PHOTO | Reuters", "caption"),  # label with a pipe, upper case
        ("(Photo by Jane Roe/AFP via Getty Images)", "caption"),  # Getty credit alone
        ("File photo of the two leaders in 2019.", "caption"),  # archive picture
        ("FILE PHOTO: A view of the harbour.", "caption"),  # wire archive label
        ("Image caption The minister arrives in Accra", "caption"),  # BBC-style label
        ("Pic credit: ANI", "caption"),  # Indian-press picture credit
        ("The ministers pose for photos in Lima. (AP Photo/John Doe)", "caption"),  # AP caption
        ("The minister spoke to reporters on Monday (Jane Roe/PA)", "caption"),  # PA caption
        ("Also read: Border talks resume", "link"),  # see-also link
        ("READ MORE: Trade deal stalls", "link"),  # upper-case read-more
        ("Also Read | Sanctions widen", "link"),  # pipe separator
        ("Related: Leaders meet in Oslo", "link"),  # related link
        ("https://example.org/news/1234", "link"),  # bare URL
        ("Click here to read the full statement", "link"),  # call to click
        ("By John Smith", "byline"),  # plain byline
        ("By Jane Roe and Ali Khan, Reuters", "byline"),  # two authors and an agency
        ("Reporting by Jane Roe; Editing by John Doe", "byline"),  # wire trailer
        (">> Reuters", "byline"),  # agency credit with a marker
        ("Northwind Wire", "byline"),  # outlet credit line
        ("Example FM (Nairobi)", "byline"),  # outlet with its city
        ("(With inputs from PTI)", "byline"),  # Indian-press agency credit
        ("Subscribe to our newsletter", "boilerplate"),  # newsletter box
        ("Sign up for our daily briefing on world news", "boilerplate"),  # newsletter box
        ("Share this article", "boilerplate"),  # share prompt
        ("Follow us on X and Instagram", "boilerplate"),  # follow prompt
        ("Share | Tweet | Email", "boilerplate"),  # share bar
        ("© 2024 Example Media. All rights reserved.", "boilerplate"),  # copyright
        ("Copyright 2023 Example News", "boilerplate"),  # copyright, spelled out
        ("Advertisement", "boilerplate"),  # ad placeholder
        ("3 min read", "boilerplate"),  # reading-time badge
    ],
)
def test_typical_junk_lines_are_classified(line: str, kind: str) -> None:
    match = match_boilerplate(line, load_boilerplate_patterns())
    assert match is not None
    assert match.kind == kind


@pytest.mark.parametrize(
    "line",
    [
        # News sentences that start like junk but are not.
        "By Monday, the two sides had agreed on a ceasefire.",
        "Video-sharing app TikTok said it would appeal the ban.",
        "Related-party deals between the state firms rose in 2023.",
        "The report was published on Monday by the UN mission.",
        "Follow-up talks are planned for June, the ministry said.",
        # An agency dateline opens a body paragraph; it is news.
        "HANOI, May 9 (Sample Wire) -- Vietnam on Friday rejected the survey ship's route.",
        # A standfirst without a full stop is still prose.
        "Coalition partners will sit down next week to settle the cabinet list",
        # Slash inside parentheses without a space is not a photographer credit.
        "The vote was backed by both blocs (AU/UN).",
    ],
)
def test_news_sentences_are_not_boilerplate(line: str) -> None:
    assert match_boilerplate(line, load_boilerplate_patterns()) is None


def _write(tmp_path: Path, entries: str) -> Path:
    path = tmp_path / "patterns.yaml"
    path.write_text(f"# header\npatterns:\n{entries}", encoding="utf-8")
    return path


GOOD = "  - name: ok\n    kind: link\n    regex: '^see also'\n    comment: fine\n"


@pytest.mark.parametrize(
    ("entry", "message", "line"),
    [
        # An unbalanced parenthesis does not compile: the error names the pattern.
        (
            "  - name: broken\n    kind: caption\n    regex: '^(photo'\n    comment: x\n",
            "pattern 'broken': invalid regex",
            7,
        ),
        # Kinds are a closed set the event coder knows.
        (
            "  - name: odd\n    kind: advert\n    regex: 'x'\n    comment: x\n",
            "pattern 'odd': kind 'advert' is not one of",
            7,
        ),
        # Every pattern says why it exists.
        (
            "  - name: bare\n    kind: link\n    regex: 'x'\n",
            "pattern 'bare': missing or empty comment",
            7,
        ),
        # A typo in a key must not be ignored silently.
        (
            "  - name: typo\n    kind: link\n    regex: 'x'\n    comment: x\n"
            "    case_sensitiv: true\n",
            "pattern 'typo': unknown keys",
            7,
        ),
        # Names identify patterns in reviews and errors.
        ("  - name: ok\n    kind: caption\n    regex: 'x'\n    comment: x\n", "defined twice", 7),
    ],
)
def test_invalid_pattern_files_raise(tmp_path: Path, entry: str, message: str, line: int) -> None:
    path = _write(tmp_path, GOOD + entry)
    with pytest.raises(ReferenceDataError, match=message) as raised:
        load_boilerplate_patterns(path)
    assert isinstance(raised.value, ValueError)  # callers may catch the plain ValueError
    assert raised.value.line == line
    assert raised.value.path == path


def test_file_without_pattern_list_raises(tmp_path: Path) -> None:
    path = tmp_path / "patterns.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="'patterns' list"):
        load_boilerplate_patterns(path)


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="cannot be read"):
        load_boilerplate_patterns(tmp_path / "absent.yaml")


def test_case_sensitive_flag(tmp_path: Path) -> None:
    entry = "  - name: exact\n    kind: byline\n    regex: '^Wire$'\n    comment: x\n"
    path = _write(tmp_path, entry + "    case_sensitive: true\n")
    patterns = load_boilerplate_patterns(path)
    assert match_boilerplate("Wire", patterns) is not None
    assert match_boilerplate("WIRE", patterns) is None
