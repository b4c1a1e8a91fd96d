"""`attache run` over the hostile corpus: exit 0, every file an article or a specific reject.

The same corpus as `tests/pipeline/ingest/test_hostile_corpus.py`, run through the whole asset
graph by the command line, with one file deleted after the corpus was listed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from pipeline.cli import main
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
