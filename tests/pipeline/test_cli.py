"""`attache run` and `attache evaluate` fail with one clear line on mistakes of use.

Each mistake of configuration (missing model, unreadable landing directory, unwritable
warehouse, malformed reference file) gives exit code 2 and one line on stderr that names the
problem and the fix, never a traceback. Permission mistakes are made real: the command runs as
a subprocess for which the permission bits bind (see `without_root_override`).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.cli import main
from pipeline.reference.check import check_reference_data
from pipeline.reference.paths import reference_dir

REPO_ROOT = Path(__file__).resolve().parents[2]


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("attache: error: ")
    return lines[0]


def _run_unprivileged(prefix: list[str], *args: str) -> tuple[int, str]:
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
        timeout=300,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stderr


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


def test_input_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.txt"
    article.write_text("date 2024-01-01\nHeadline\n\nBody.\n")
    code = main(["run", "--input", str(article), "--output", str(tmp_path / "out")])
    assert code == 2
    assert "is a file, not a directory; pass the folder it is in" in _one_line(
        capsys.readouterr().err
    )


def test_unreadable_landing_directory(tmp_path: Path, without_root_override: list[str]) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    landing.chmod(0)
    try:
        code, err = _run_unprivileged(
            without_root_override, "run", "--input", str(landing), "--output", str(tmp_path / "o")
        )
    finally:
        landing.chmod(0o700)
    assert code == 2
    line = _one_line(err)
    assert f"input directory {landing} is not readable (Permission denied)" in line
    assert "grant read access" in line


@pytest.mark.parametrize(
    "locked",
    [
        # The warehouse folder itself is read-only.
        ".",
        # An earlier run's dataset partition is read-only: found before coding, not after.
        "articles/ingest_batch=all",
    ],
)
def test_unwritable_warehouse(
    tmp_path: Path, without_root_override: list[str], locked: str
) -> None:
    warehouse = tmp_path / "warehouse"
    (warehouse / locked).mkdir(parents=True)
    (warehouse / locked).chmod(0o555)
    try:
        code, err = _run_unprivileged(
            without_root_override,
            *("run", "--input", str(REPO_ROOT / "data" / "samples" / "raw")),
            *("--output", str(warehouse)),
        )
    finally:
        (warehouse / locked).chmod(0o755)
    assert code == 2
    line = _one_line(err)
    assert f"output directory {(warehouse / locked).resolve()} is not writable" in line
    assert "grant write access" in line


MALFORMED_REFERENCE = {
    # A spreadsheet dropped the leading zero of a CAMEO code.
    "cameo_codes.csv": (lambda text: text.replace("\n036,", "\n36,", 1).encode(), "line 66"),
    # A country row lost fields.
    "countries.csv": (lambda text: (text + "XYZ,Nowhere\n").encode(), "expected 6 fields"),
    # An editor saved the file as UTF-16.
    "relative_date_expressions.csv": (lambda text: text.encode("utf-16"), "cannot be read"),
    # An unclosed bracket: the YAML parser's message spans several lines, the error does not.
    "boilerplate_patterns.yaml": (lambda text: b"patterns: [\n" + text.encode(), "not valid YAML"),
}


@pytest.mark.parametrize("file_name", sorted(MALFORMED_REFERENCE))
def test_malformed_reference_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    file_name: str,
) -> None:
    corrupt, problem = MALFORMED_REFERENCE[file_name]
    broken = tmp_path / "reference"
    shutil.copytree(reference_dir(), broken)
    path = broken / file_name
    path.write_bytes(corrupt(path.read_text(encoding="utf-8")))
    # The run checks this copy instead of the shipped tables.
    checked_copy = functools.partial(check_reference_data, broken)
    monkeypatch.setattr(cli, "check_reference_data", checked_copy)
    samples = str(REPO_ROOT / "data" / "samples" / "raw")
    code = main(["run", "--input", samples, "--output", str(tmp_path / "out")])
    assert code == 2
    line = _one_line(capsys.readouterr().err)
    assert f"reference data is malformed: {path}" in line
    assert problem in line
    assert "correct that file" in line
    assert not (tmp_path / "out" / "articles").exists()  # stopped before any work


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        # An input prefix with no objects: nothing to code, most likely a typo.
        ("--input s3://{bucket}/absent --output {tmp}", "holds no objects"),
        # An output bucket that does not exist is not created behind the user's back.
        ("--input {tmp} --output s3://no-such-bucket/warehouse", "does not exist"),
        # A URI without a bucket.
        ("--input s3:///landing --output {tmp}", "names no bucket"),
    ],
)
def test_s3_location_mistakes(
    where: str,
    expected: str,
    s3_bucket: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = where.format(bucket=s3_bucket, tmp=tmp_path).split()
    code = main(["run", *args])
    assert code == 2
    assert expected in _one_line(capsys.readouterr().err)


def test_unreachable_s3_endpoint_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # What pyarrow raises when nothing answers at the endpoint (a real refused connection is
    # retried with back-off for seconds, so the error is stood in for here).
    def refused(location: object) -> bool:
        raise OSError(
            "When getting information for key 'landing' in bucket 'bucket': AWS Error "
            "NETWORK_CONNECTION during HeadObject operation: curlCode: 7, Could not connect"
        )

    monkeypatch.setattr(cli.storage, "exists", refused)
    code = main(["run", "--input", "s3://bucket/landing", "--output", str(tmp_path)])
    assert code == 2
    line = _one_line(capsys.readouterr().err)
    assert "s3://bucket/landing cannot be reached" in line
    assert "NETWORK_CONNECTION" in line
    assert "AWS_ENDPOINT_URL" in line


def test_train_confidence_needs_gold_set_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "weights.csv"
    code = main(["train-confidence", str(tmp_path), "--out", str(out)])
    assert code == 2
    assert "needs a raw/ folder and a gold.jsonl file" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("pair", "problem"),
    [
        ("article_body", "is not ROLE=FIELD"),
        ("body=article_body", "unknown field role 'body'"),
    ],
)
def test_a_bad_field_mapping_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pair: str, problem: str
) -> None:
    code = main(
        ["run", "--input", str(tmp_path), "--output", str(tmp_path / "out"), "--field", pair]
    )
    line = _one_line(capsys.readouterr().err)
    assert code == 2
    assert problem in line
    assert "roles: text, title, date, url, publisher, crawl_date" in line
