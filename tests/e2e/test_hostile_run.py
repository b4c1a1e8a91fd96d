"""`attache run` over the hostile corpus: exit 0, every file an article or a specific reject.

The same corpus as `tests/pipeline/ingest/test_hostile_corpus.py`, run through the whole asset
graph by the command line, with one file deleted after the corpus was listed.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from pipeline.cli import main
from pipeline.defs import io_managers
from pipeline.ingest import corpus as corpus_module
from pipeline.ingest.raw_files import DecodedText
from schemas.records import ArticleReject


def test_attache_run_accounts_for_every_hostile_file(
    make_hostile_corpus: Callable[[Path], Path],
    hostile_outcomes: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    corpus = make_hostile_corpus(tmp_path)
    output = tmp_path / "warehouse"
    real_read = corpus_module.read_raw_file

    def read_after_deletion(
        input_dir: Path, path: Path, **options: int
    ) -> DecodedText | ArticleReject:
        # Another process deletes the file between the listing and the reading of it.
        if path.name == "vanishing.txt":
            path.unlink()
        return real_read(input_dir, path, **options)

    monkeypatch.setattr(corpus_module, "read_raw_file", read_after_deletion)

    code = main(["run", "--input", str(corpus), "--output", str(output)])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.startswith("attache run: ")
    assert len(captured.out.splitlines()) == 1
    assert "Traceback" not in captured.err
    articles = ds.dataset(output / "articles", partitioning="hive").to_table()
    rejects = ds.dataset(output / "article_rejects", partitioning="hive").to_table()
    outcomes = dict.fromkeys(articles["source_file"].to_pylist(), "article")
    outcomes |= dict(
        zip(rejects["source_file"].to_pylist(), rejects["reason"].to_pylist(), strict=True)
    )
    assert articles.num_rows + rejects.num_rows == len(hostile_outcomes)
    assert outcomes == hostile_outcomes

    # The articles were coded: the events of the readable ones are in event_mentions.
    events = ds.dataset(output / "event_mentions", partitioning="hive").to_table()
    coded = set(events["source_file"].to_pylist())
    assert "utf-16-bom.txt" in coded  # Vietnam and the Philippines held talks
    assert coded <= {source for source, outcome in hostile_outcomes.items() if outcome == "article"}


SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples" / "raw"
HEADER = "date 2024-05-02\nExample Wire, May 2 2024\nPort statistics\n\n"
ARTICLE = HEADER + "Kenya hosted Uganda's foreign minister in Nairobi on Tuesday.\n"


def _table(output: Path, name: str) -> pa.Table:
    return ds.dataset(output / name, partitioning="hive").to_table()


def test_a_name_that_is_not_utf8_and_a_4mb_dump_beside_good_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean, dirty = tmp_path / "clean", tmp_path / "dirty"
    shutil.copytree(SAMPLES, clean)
    shutil.copytree(SAMPLES, dirty)
    # Latin-1 bytes in a name, as old scrapers and Windows shares leave them on Linux disks.
    latin1 = Path(os.fsdecode(os.fsencode(dirty) + b"/latin1-\xe9t\xe9.txt"))
    latin1.write_bytes(ARTICLE.encode())
    # Over 4 MB without a full stop: a transcript dump. spaCy refuses a text over 1,000,000
    # characters, and this one reached the coder as a single "sentence".
    words = "the shipping data for the port shows cargo volume and container traffic by month"
    dump = " ".join(f"{words} {n}" for n in range(50_000))
    (dirty / "wire-dump.txt").write_text(HEADER + dump + "\n", encoding="utf-8")
    assert (dirty / "wire-dump.txt").stat().st_size > 4_000_000

    assert main(["run", "--input", str(clean), "--output", str(tmp_path / "clean-out")]) == 0
    code = main(["run", "--input", str(dirty), "--output", str(tmp_path / "dirty-out")])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err
    articles = _table(tmp_path / "dirty-out", "articles")
    rejects = _table(tmp_path / "dirty-out", "article_rejects")
    stored = articles["source_file"].to_pylist() + rejects["source_file"].to_pylist()
    assert "latin1-\\xe9t\\xe9.txt" in articles["source_file"].to_pylist()
    assert "wire-dump.txt" in articles["source_file"].to_pylist()
    assert len(stored) == len(list(dirty.rglob("*.txt")))
    # The good articles' rows are those of a run without the bad files.
    good = set(_table(tmp_path / "clean-out", "articles")["article_id"].to_pylist())
    for name in ("actor_mentions", "event_mentions"):
        here = [
            r for r in _table(tmp_path / "dirty-out", name).to_pylist() if r["article_id"] in good
        ]
        before = _table(tmp_path / "clean-out", name).to_pylist()
        assert sorted(here, key=repr) == sorted(before, key=repr), name
    # The latin-1 file is coded: its event names it by its escaped name.
    events = _table(tmp_path / "dirty-out", "event_mentions")
    assert "latin1-\\xe9t\\xe9.txt" in events["source_file"].to_pylist()


def test_a_full_disk_stops_the_run_with_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_space(*args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(io_managers, "write_parquet", no_space)
    code = main(["run", "--input", str(SAMPLES), "--output", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.splitlines()[-1] == (
        "attache run: the run failed in step ingest: OSError: [Errno 28] No space left on device"
    )
