"""Pins how gold JSONL files are read, and that the shared gold files parse."""

import json
from pathlib import Path

import pytest

from pipeline.evaluation.gold import read_gold

SHARED = Path(__file__).resolve().parents[3].parent / "shared"


def _event(source: str, target: str | None, root: str | None, plover: str) -> dict[str, object]:
    return {"source": source, "target": target, "cameo_root": root, "plover": plover}


def test_reads_one_article_per_line_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    lines = [
        json.dumps({"file": "a.txt", "published": "2024-01-02", "events": []}),
        "",
        "   ",
        json.dumps(
            {
                "file": "b.txt",
                "published": "2024-01-03",
                "events": [
                    _event("RUS", "IND", "04", "CONSULT"),
                    _event("UN", None, "02", "REQUEST"),
                ],
            }
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gold = read_gold(path)
    assert [article.file for article in gold] == ["a.txt", "b.txt"]
    assert [(event.source, event.target) for event in gold[1].events] == [
        ("RUS", "IND"),
        ("UN", None),
    ]


@pytest.mark.parametrize(
    "bad_line",
    [
        '{"file": "b.txt", "published": "2024-01-02", "events": [',  # truncated JSON
        '{"file": "b.txt", "events": []}',  # no publication date
        '{"file": "b.txt", "published": "2024-01-02", "events": [{"target": "IND"}]}',  # no source
        "[1, 2]",  # JSON, but not an object
    ],
)
def test_malformed_line_names_its_line_number(tmp_path: Path, bad_line: str) -> None:
    path = tmp_path / "gold.jsonl"
    good = json.dumps({"file": "a.txt", "published": "2024-01-02", "events": []})
    path.write_text(f"{good}\n\n{bad_line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        read_gold(path)


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_gold(tmp_path / "absent.jsonl")


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the corpora and gold) is not present")
@pytest.mark.parametrize(
    ("relative", "files", "events", "rooted"),
    [
        ("corpus/dev/gold.jsonl", 13, 32, 32),  # real news: every event has a CAMEO root
        ("benchmarks/plover-gsr/gold.jsonl", 322, 363, 0),  # PLOVER-only records
    ],
)
def test_shared_gold_files_parse(relative: str, files: int, events: int, rooted: int) -> None:
    path = SHARED / relative
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    gold = read_gold(path)
    assert len(gold) == files
    assert len({article.file for article in gold}) == files
    assert sum(len(article.events) for article in gold) == events
    assert (
        sum(event.cameo_root is not None for article in gold for event in article.events) == rooted
    )
