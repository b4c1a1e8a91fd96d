"""`attache run` and `attache evaluate` fail with one clear line on mistakes of use."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main


def test_missing_input_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--input", str(tmp_path / "nope"), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1
    assert "does not exist" in err[0]


def test_unwritable_output_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code = main(["run", "--input", str(tmp_path), "--output", str(blocker / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1
    assert "not writable" in err[0]


def test_missing_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["run", "--input", str(tmp_path), "--output", str(tmp_path / "o"), "--model", "xx_nope"]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1
    assert "xx_nope" in err[0]
    assert "not installed" in err[0]


def test_evaluate_needs_an_events_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("")
    code = main(["evaluate", "--gold", str(gold), "--events", str(tmp_path / "none")])
    assert code == 2
    assert "attache run" in capsys.readouterr().err
