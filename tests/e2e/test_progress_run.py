"""End to end: a run with a progress bar shows the files read and the articles coded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.definitions import materialize_corpus
from pipeline.nlp.model import DEFAULT_MODEL


def test_the_bar_counts_files_read_then_articles_coded(
    tmp_path: Path, shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    for source in sorted((shared_dir / "corpus" / "dev" / "raw").glob("*.txt"))[:3]:
        shutil.copy(source, landing / source.name)
    (landing / "notes.docx").write_bytes(b"PK\x03\x04")  # read as a reject, still a file
    summary = materialize_corpus(
        landing, tmp_path / "warehouse", DEFAULT_MODEL, n_process=1, progress="bar"
    )
    assert summary.success
    shown = capsys.readouterr().err
    assert "reading" in shown
    assert "4/4" in shown  # every listed file, the reject too
    assert "coding" in shown
    assert "3/3" in shown
