"""`attache run` over hostile dumps and pages: exit 0, each record an article or a named reject.

A malformed JSON line, a 10 MiB `maintext`, HTML inside `maintext`, a CSV whose quoted fields
hold newlines (under field names given with `--field`), a gzip dump cut off in its middle, a
page in French, and a file of a format attache does not read, all in one input folder.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from pipeline.cli import main

RECORD = {
    "url": "https://news.example.org/kenya-uganda",
    "title": "Kenya and Uganda sign accord",
    "date_publish": "2024-05-02 10:00:00",
    "source_domain": "news.example.org",
    "maintext": "Kenya and Uganda signed a trade accord in Nairobi on Tuesday.\n"
    "The accord cuts tariffs on farm goods, the ministers said.",
}
FRENCH = (
    "Le Kenya et l'Ouganda ont signé mardi à Nairobi un accord commercial qui met fin à deux "
    "années de négociations sur les droits de douane agricoles, ont annoncé les ministres."
)


def _hostile_folder(root: Path) -> dict[str, str]:
    """Write the hostile inputs; return what each row must become, by `source_file`."""
    root.mkdir()
    lines = [
        json.dumps(RECORD),
        '{"title": "cut", "maintext": "Ghana and Togo',  # malformed JSON
        json.dumps(RECORD | {"maintext": "Ghana and Togo held talks. " * 400_000}),  # 10+ MiB
        json.dumps(
            RECORD
            | {
                "url": "https://news.example.org/chile-peru",
                "maintext": "<div><p>Chile and Peru held talks in Lima on Friday.</p>"
                "<script>track()</script><p>Their foreign ministers met for two hours.</p></div>",
            }
        ),
        json.dumps(RECORD | {"url": "https://news.example.org/fr", "maintext": FRENCH}),
        json.dumps({"title": "No text here", "date_publish": "2024-05-02"}),
        json.dumps(RECORD | {"url": "https://news.example.org/x", "date_publish": None}),
    ]
    (root / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "news.csv").write_text(
        "headline,article_body,published_at\n"
        '"Norway, Sudan talks","Norway pledged new aid to Sudan on Thursday.\n\n'
        'The aid, worth $10 million, goes to refugees.",2024-05-03\n'
        "Short row only\n"
        "Peru recalls envoy,Peru recalled its ambassador to Mexico on Monday.,2024-05-06\n",
        encoding="utf-8",
    )
    cut_lines = [
        json.dumps(RECORD | {"maintext": f"Chile and Argentina held talks, round {n} of many."})
        for n in range(1, 3001)
    ]
    whole = gzip.compress(("\n".join(cut_lines) + "\n").encode())
    (root / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (root / "fr.html").write_text(
        "<!DOCTYPE html><html lang='fr'><head><title>Accord</title>"
        "<meta property='article:published_time' content='2024-05-02'></head><body>"
        f"<article><h1>Accord</h1><p>{FRENCH}</p><p>{FRENCH}</p></article></body></html>",
        encoding="utf-8",
    )
    (root / "notes.docx").write_bytes(b"PK\x03\x04 a word document")
    return {
        "dump.jsonl:1": "article",
        "dump.jsonl:2": "malformed_record",
        "dump.jsonl:3": "too_large",
        "dump.jsonl:4": "article",
        "dump.jsonl:5": "unsupported_language",
        "dump.jsonl:6": "no_text",
        "dump.jsonl:7": "no_date",
        "news.csv:2": "article",
        "news.csv:5": "malformed_record",
        "news.csv:6": "article",
        "fr.html": "unsupported_language",
        "notes.docx": "unsupported_format",
    }


def test_every_hostile_record_is_an_article_or_a_named_reject(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _hostile_folder(tmp_path / "in")
    output = tmp_path / "out"
    arguments = ["run", "--input", str(tmp_path / "in"), "--output", str(output)]
    arguments += ["--field", "text=article_body", "--field", "date=published_at"]

    code = main([*arguments, "--processes", "2"])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err
    # The blocking accounting check passed: every file gave its rows, every row names a file.
    assert "every_raw_file_accounted_for" not in captured.err
    # The file attache cannot read is named in the run's summary.
    assert "notes.docx" in captured.out.splitlines()[-1]
    articles = ds.dataset(output / "articles", partitioning="hive").to_table().to_pylist()
    rejects = ds.dataset(output / "article_rejects", partitioning="hive").to_table().to_pylist()
    outcomes = {row["source_file"]: "article" for row in articles}
    outcomes |= {row["source_file"]: row["reason"] for row in rejects}
    cut = {name: outcome for name, outcome in outcomes.items() if name.startswith("cut.")}
    assert {name: outcomes[name] for name in outcomes if name not in cut} == expected
    # The gzip cut off: every record before the cut read, then one reject naming the line.
    numbers = sorted(int(name.rsplit(":", 1)[1]) for name in cut)
    assert numbers == list(range(1, len(numbers) + 1))
    assert set(list(cut.values())[:-1]) == {"article"}
    assert cut[f"cut.jsonl.gz:{numbers[-1]}"] == "truncated"
    # HTML inside maintext was stripped to its text.
    stripped = next(row for row in articles if row["source_file"] == "dump.jsonl:4")
    assert "<" not in stripped["text"]
    assert "track()" not in stripped["text"]
    assert "Chile and Peru held talks in Lima on Friday." in stripped["text"]
    # The CSV's quoted newlines kept its paragraphs.
    csv_article = next(row for row in articles if row["source_file"] == "news.csv:2")
    assert csv_article["num_paragraphs"] == 2
    assert csv_article["headline"] == "Norway, Sudan talks"
