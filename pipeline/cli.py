"""The `attache` command line: `run` materialises the assets, `evaluate` scores their output."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import storage
from pipeline.benchmark import runner as benchmark_runner
from pipeline.ingest.news_fields import FIELD_ROLES, parse_field_overrides
from pipeline.nlp.entities import ENTITY_SOURCES
from pipeline.nlp.model import (
    DEFAULT_ENTITIES,
    DEFAULT_MODEL,
    ModelNotInstalledError,
    check_model_installed,
)
from pipeline.process_pool import available_cores
from pipeline.progress import PROGRESS_MODES
from pipeline.reference.check import check_reference_data
from pipeline.reference.errors import ReferenceDataError
from pipeline.storage import S3_SCHEME, Location, StorageError
from pipeline.warehouse import hold_run_lock, remove_leftovers
from schemas.records import TABLE_MODELS

if TYPE_CHECKING:  # dagster loads only when a run starts
    from pipeline.definitions import RunSummary


class UsageError(Exception):
    """A mistake the user can fix; printed as one line, without a traceback."""


def _writable_directory(path: Path) -> Path:
    probed = path
    try:
        path.mkdir(parents=True, exist_ok=True)
        # The datasets of an earlier run are written into as well: finding a read-only one now
        # beats finding it after the coding.
        datasets = [path / table for table in TABLE_MODELS if (path / table).is_dir()]
        partitions = [p for dataset in datasets for p in sorted(dataset.glob("*/"))]
        for probed in [path, *datasets, *partitions]:
            with tempfile.NamedTemporaryFile(dir=probed, prefix=".probe-"):
                pass
    except OSError as error:
        raise UsageError(
            f"output directory {probed} is not writable ({error.strerror or error}); "
            f"grant write access (e.g. `chmod -R u+w {path}`) or choose another --output"
        ) from error
    return path


def _readable_directory(path: Path) -> Path:
    if not path.exists():
        raise UsageError(f"input directory {path} does not exist; pass a folder of *.txt files")
    if not path.is_dir():
        raise UsageError(f"input {path} is a file, not a directory; pass the folder it is in")
    try:
        # Listing it is the real test: permission bits, ACLs and mounts all have their say.
        with os.scandir(path) as entries:
            next(entries, None)
    except OSError as error:
        raise UsageError(
            f"input directory {path} is not readable ({error.strerror or error}); "
            f"grant read access (e.g. `chmod u+rx {path}`) or pass another --input"
        ) from error
    return path


def _s3_location(text: str, *, option: str) -> Location:
    try:
        return Location.parse(text)
    except StorageError as error:
        raise UsageError(f"{error} (in {option})") from error


def _unreachable(location: Location, error: OSError, option: str) -> UsageError:
    problem = " ".join(str(error).split())
    return UsageError(
        f"{location} cannot be reached ({problem}); check the bucket name, AWS_ENDPOINT_URL "
        f"and the credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or pass another "
        f"{option}"
    )


def _readable_input(text: str) -> Location:
    if not text.startswith(S3_SCHEME):
        return Location.local(_readable_directory(Path(text).expanduser().resolve()))
    location = _s3_location(text, option="--input")
    try:
        found = storage.exists(location)
    except OSError as error:
        raise _unreachable(location, error, "--input") from error
    if not found:
        raise UsageError(
            f"input {location} holds no objects; upload the *.txt files there or pass "
            "another --input"
        )
    return location


def _writable_output(text: str) -> Location:
    if not text.startswith(S3_SCHEME):
        return Location.local(_writable_directory(Path(text).expanduser().resolve()))
    location = _s3_location(text, option="--output")
    bucket = Location(S3_SCHEME + location.bucket)
    try:
        found = storage.exists(bucket)
    except OSError as error:
        raise _unreachable(bucket, error, "--output") from error
    if not found:
        raise UsageError(f"bucket {bucket} does not exist; create it or choose another --output")
    # Writing a probe object would cost a request and leave a marker behind in some stores;
    # a bucket without write permission fails at the first table, with the store's message.
    return location


def _check_reference_data() -> None:
    try:
        check_reference_data()
    except ReferenceDataError as error:
        problem = " ".join(str(error).split())  # YAML errors span lines; the message may not
        raise UsageError(
            f"reference data is malformed: {problem}; correct that file (data/reference/README.md "
            "describes each one) or restore it with `git checkout -- data/reference`"
        ) from error


def _announce_wait(output_dir: Path) -> Callable[[str], None]:
    def announce(holder: str) -> None:
        print(
            f"attache run: another run (process {holder}) is writing to {output_dir}; "
            "waiting for it to finish",
            file=sys.stderr,
            flush=True,
        )

    return announce


def _field_mapping(pairs: Sequence[str] | None) -> dict[str, str]:
    try:
        return parse_field_overrides(pairs or [])
    except ValueError as error:
        roles = ", ".join(FIELD_ROLES)
        raise UsageError(f"--field: {error} (roles: {roles})") from error


def _unsupported_files_line(summary: RunSummary) -> str | None:
    """The summary line that names the files of formats attache does not read, if any."""
    rejects = summary.metadata.get("article_rejects", {})
    reasons = rejects.get("reject_reasons")
    count = reasons.get("unsupported_format", 0) if isinstance(reasons, dict) else 0
    if not count:
        return None
    names = rejects.get("unsupported_files")
    listed = [str(name) for name in names] if isinstance(names, list) else []
    more = f" and {count - len(listed)} more" if count > len(listed) else ""
    return (
        f"attache run: {count} file(s) of formats attache does not read, listed in "
        f"article_rejects as unsupported_format: {', '.join(listed)}{more}"
    )


def run_command(args: argparse.Namespace) -> int:
    """Materialise every asset on a folder of raw articles."""
    field_mapping = _field_mapping(args.field)
    input_location = _readable_input(args.input)
    output_location = _writable_output(args.output)
    try:
        check_model_installed(args.model)
    except ModelNotInstalledError as error:
        raise UsageError(str(error)) from error
    _check_reference_data()
    # Imported here so that `attache evaluate` and argument errors stay fast.
    from pipeline.definitions import materialize_corpus  # noqa: PLC0415

    def materialize() -> RunSummary:
        return materialize_corpus(
            input_location.uri,
            output_location.uri,
            args.model,
            log_level="DEBUG" if args.verbose else "WARNING",
            prefilter=not args.no_prefilter,
            n_process=args.processes,
            entities=args.entities,
            progress=args.progress,
            field_mapping=field_mapping,
        )

    if output_location.is_s3:
        # No lock and nothing to clean up: an S3 write is one upload of a whole object (no
        # temporary files), and a lock file cannot exclude a run on another machine. Two runs
        # on one S3 warehouse each write whole files; the last to finish a table wins it.
        summary = materialize()
    else:
        # Two runs on one output would interleave their tables; the second waits for the first.
        output_dir = output_location.local_path
        with hold_run_lock(output_dir, on_wait=_announce_wait(output_dir)):
            remove_leftovers(output_dir)
            summary = materialize()
    counts = ", ".join(f"{name} {count}" for name, count in sorted(summary.row_counts.items()))
    print(f"attache run: {counts}; Parquet under {output_location}")
    unsupported = _unsupported_files_line(summary)
    if unsupported is not None:
        print(unsupported)
    if summary.failed_checks:
        print(f"attache run: failed checks: {', '.join(summary.failed_checks)}", file=sys.stderr)
    if not summary.success:
        reason = f" in step {summary.failure}" if summary.failure else "; see the log above"
        print(f"attache run: the run failed{reason}", file=sys.stderr)
        return 1
    return 0


def benchmark_command(args: argparse.Namespace) -> int:
    """Time the whole pipeline on a generated corpus (see pipeline.benchmark.runner)."""
    try:
        check_model_installed(args.model)
    except ModelNotInstalledError as error:
        raise UsageError(str(error)) from error
    return benchmark_runner.benchmark_command(args)


def evaluate_command(args: argparse.Namespace) -> int:
    """Score an event_mentions dataset against a gold JSONL file, and events against clusters."""
    # Imported here: keeps dagster unloaded.
    from pipeline.evaluation.clusters import evaluate_clusters  # noqa: PLC0415
    from pipeline.evaluation.evaluate import evaluate, evaluate_with_details  # noqa: PLC0415

    if args.gold is None and args.clusters is None:
        raise UsageError("give --gold, --clusters or both")
    events = Path(args.events)
    if not events.is_dir():
        raise UsageError(f"events directory {events} does not exist; run `attache run` first")
    data: dict[str, object] = {}
    printed: list[str] = []
    if args.gold is not None:
        gold = Path(args.gold)
        if not gold.is_file():
            raise UsageError(f"gold file {gold} does not exist")
        if args.details:
            report, details = evaluate_with_details(gold, events)
            data |= report.to_dict() | {"details": details.to_dict()}
        else:
            report, details = evaluate(gold, events), None
            data |= report.to_dict()
        printed.append(report.format_text())
        if details is not None:
            printed += ["", details.format_text()]
    if args.clusters is not None:
        clusters = Path(args.clusters)
        # The events table sits beside event_mentions in a run's output, unless named.
        table = Path(args.event_table) if args.event_table else events.parent / "events"
        if not clusters.is_file():
            raise UsageError(f"clusters file {clusters} does not exist")
        if not table.is_dir():
            raise UsageError(f"events table {table} does not exist; pass --event-table")
        score = evaluate_clusters(clusters, events, table)
        data["clusters"] = score.to_dict()
        printed += ["", score.format_text()] if printed else [score.format_text()]
    # The JSON first: a reader that stops the printed report early must not lose the file.
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print("\n".join(printed))
    return 0


def train_confidence_command(args: argparse.Namespace) -> int:
    """Fit the confidence model on gold sets, print its cross-validation, write its weights."""
    try:
        check_model_installed(args.model)
    except ModelNotInstalledError as error:
        raise UsageError(str(error)) from error
    folders = [Path(folder) for folder in args.gold_sets]
    for folder in folders:
        if not (folder / "gold.jsonl").is_file() or not (folder / "raw").is_dir():
            raise UsageError(f"gold set {folder} needs a raw/ folder and a gold.jsonl file")
    _check_reference_data()
    # Imported here: the coder and spaCy load only for this command.
    from pipeline.coding.event_coder import CodingReference  # noqa: PLC0415
    from pipeline.evaluation.confidence_training import (  # noqa: PLC0415
        format_validation,
        train_confidence,
    )
    from pipeline.nlp.model import load_nlp  # noqa: PLC0415

    training = train_confidence(
        folders,
        load_nlp(args.model),
        CodingReference.default(),
        folds=args.folds,
        l2=args.l2,
    )
    Path(args.out).write_text(training.csv(), encoding="utf-8")
    print("\n".join(format_validation(training.validation, training.folds)))
    print(f"attache train-confidence: weights written to {args.out}")
    return 0


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return number


def _add_parser_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--processes",
        type=_positive_int,
        default=None,
        help="processes that read and code articles (default: one per core this process may "
        f"run on, {available_cores()} here; 1 runs everything in one process)",
    )
    command.add_argument(
        "--no-prefilter",
        action="store_true",
        help="parse every sentence, not only those that can hold an event (same events, slower)",
    )
    command.add_argument(
        "--entities",
        choices=ENTITY_SOURCES,
        default=DEFAULT_ENTITIES,
        help="places and dates by gazetteer and rule (default; the model's NER is skipped, "
        "which makes coding about 1.7 times as fast) or by the model's statistical NER",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `attache` command."""
    parser = argparse.ArgumentParser(prog="attache", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run",
        help="code every article below a folder (.txt files, saved .html pages, .jsonl / .csv "
        "dumps, optionally .gz, and .parquet tables) into Parquet tables",
    )
    run.add_argument(
        "--input", required=True, help="folder or s3://bucket/prefix of raw article files"
    )
    run.add_argument(
        "--field",
        action="append",
        metavar="ROLE=FIELD",
        help="the field of a dump record that holds a role, when it is not one of the common "
        "names: e.g. --field text=article_body --field date=published_at (roles: "
        f"{', '.join(FIELD_ROLES)}; repeat for each)",
    )
    run.add_argument(
        "--output",
        required=True,
        help="folder or s3://bucket/prefix for the Parquet datasets (S3 endpoint and "
        "credentials from AWS_* environment variables)",
    )
    run.add_argument(
        "--model", default=DEFAULT_MODEL, help=f"spaCy model (default {DEFAULT_MODEL})"
    )
    run.add_argument("--verbose", action="store_true", help="show Dagster's step-by-step log")
    run.add_argument(
        "--progress",
        choices=PROGRESS_MODES,
        default="auto",
        help="coding progress on stderr: auto (default) draws a bar with articles/s and the "
        "time left on a terminal and prints a line a minute otherwise; off for nothing",
    )
    _add_parser_options(run)
    run.set_defaults(handler=run_command)
    evaluate = commands.add_parser(
        "evaluate", help="score event_mentions against gold JSONL, events against gold clusters"
    )
    evaluate.add_argument("--gold", help="gold JSONL file")
    evaluate.add_argument("--events", required=True, help="event_mentions dataset folder")
    evaluate.add_argument(
        "--clusters",
        help="gold clusters JSON (reports of one real-world event across articles): score the "
        "events table pairwise against it",
    )
    evaluate.add_argument(
        "--event-table",
        help="events dataset folder for --clusters (default: `events` beside --events)",
    )
    evaluate.add_argument("--json", help="also write the full report as JSON here")
    evaluate.add_argument(
        "--details",
        action="store_true",
        help="after the summary, list article by article each gold event matched or missed "
        "and each spurious prediction, with sentence, trigger, actors, code, modality, date "
        "and confidence (also under `details` in --json)",
    )
    evaluate.set_defaults(handler=evaluate_command)
    train = commands.add_parser(
        "train-confidence",
        help="fit the confidence model on gold sets (folders with raw/ and gold.jsonl), "
        "print its cross-validated AUC and write its weights",
    )
    train.add_argument("gold_sets", nargs="+", help="gold set folders, e.g. corpus/dev")
    train.add_argument("--out", required=True, help="weights CSV to write")
    train.add_argument(
        "--folds", type=_positive_int, default=5, help="folds by article (default 5)"
    )
    train.add_argument(
        "--l2", type=float, default=2.0, help="L2 penalty on the feature weights (default 2)"
    )
    train.add_argument(
        "--model", default=DEFAULT_MODEL, help=f"spaCy model (default {DEFAULT_MODEL})"
    )
    train.set_defaults(handler=train_confidence_command)
    benchmark = commands.add_parser(
        "benchmark",
        help="time the pipeline against a plain spaCy parse of the same text, on real news "
        "sentences shuffled into articles (or on template-generated articles)",
    )
    benchmark_runner.add_arguments(benchmark)
    benchmark.set_defaults(handler=benchmark_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `attache` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except UsageError as error:
        print(f"attache: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `attache evaluate ... | head`: the reader stopped early, which is not an error. Point
        # stdout at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
