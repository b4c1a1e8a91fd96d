"""The throughput benchmark: the whole pipeline against a plain spaCy parse of the same text.

One process, in order: build (or reuse) a corpus of raw article files, load the model, run
every asset through `materialize_corpus` (the code path of `attache run`), then parse the very
same article bodies with a plain `nlp.pipe` of the same model on the same number of
processes. The ratio of the two times says what attache costs over "just parsing"; the step
split says where the time goes.

The headline corpus is real text (`pipeline.benchmark.real_text`: the sentences of the shared
news corpora, shuffled into articles with a fixed seed); the template corpus of
`pipeline.benchmark.corpus_generator` is the second figure (`--text template`).

Timings are reported, never asserted: a busy machine makes them noisy, so the README states the
machine and the numbers, and tests only check that a small run produces a complete report.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import resource
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import pyarrow.parquet as pq

from pipeline.benchmark.corpus_generator import DEFAULT_SEED as DEFAULT_TEMPLATE_SEED
from pipeline.benchmark.corpus_generator import generate_corpus
from pipeline.benchmark.real_text import (
    DEFAULT_CORPUS_ROOT,
    build_real_text_corpus,
    default_corpus_folders,
)
from pipeline.benchmark.real_text import DEFAULT_SEED as DEFAULT_REAL_TEXT_SEED
from pipeline.heap import PARSING_PROCESS_THRESHOLD, mapping_threshold_held
from pipeline.nlp.entities import ENTITY_SOURCES, EntitySource
from pipeline.nlp.model import DEFAULT_ENTITIES, DEFAULT_MODEL, load_nlp, load_stock_nlp
from pipeline.process_pool import resolve_processes
from pipeline.progress import ProgressMode

#: `real`: sentences of real news shuffled into articles; `template`: generated articles.
CorpusText = Literal["real", "template"]

#: Written into every report so numbers from different machines are not compared blindly.
REPORT_VERSION = 2


@dataclass(frozen=True)
class BenchmarkSettings:
    """What to run: corpus size, where, and how the pipeline parses."""

    num_articles: int = 2000
    work_dir: Path = Path(".benchmark")
    text: CorpusText = "real"
    corpus_folders: tuple[Path, ...] = ()
    """Real-text sources (folders with `raw/`); none given, every `../shared/corpus/*`."""
    corpus_dir: Path | None = None
    """Reuse this folder of raw files instead of building one."""
    model_name: str = DEFAULT_MODEL
    entities: EntitySource = DEFAULT_ENTITIES
    """Where the pipeline's entities come from (see pipeline.nlp.entities)."""
    n_process: int | None = None
    """Pipeline processes; unset, one per available core (as `attache run`)."""
    prefilter: bool = True
    plain_parse: bool = True
    """Also time a plain `nlp.pipe` parse of the same texts (the ratio's denominator)."""
    plain_processes: int | None = None
    """Processes of the plain parse; unset, as many as the pipeline's (the fair yardstick)."""
    seed: int | None = None
    """Corpus seed; unset, the default seed of the chosen corpus builder."""
    progress: ProgressMode = "off"


@dataclass
class BenchmarkResult:
    """The measured numbers, as printed and written to JSON."""

    settings: dict[str, object]
    machine: dict[str, object]
    articles: int = 0
    words: int = 0
    sentences: int = 0
    sentences_parsed: int = 0
    events: int = 0
    generate_seconds: float = 0.0
    model_load_seconds: float = 0.0
    pipeline_seconds: float = 0.0
    plain_parse_seconds: float | None = None
    peak_rss_mb: float = 0.0
    """Largest resident set of the benchmark process during the pipeline run."""
    peak_rss_worker_mb: float = 0.0
    """Largest resident set of any parser worker process (with n_process > 1)."""
    stage_seconds: dict[str, float] = field(default_factory=dict)
    coding_busy_processes: float = 0.0
    """Worker seconds per second of the coding step: how many processes were kept busy."""

    @property
    def articles_per_second(self) -> float:
        """End-to-end throughput in articles."""
        return self.articles / self.pipeline_seconds if self.pipeline_seconds else 0.0

    @property
    def words_per_second(self) -> float:
        """End-to-end throughput in words of article body."""
        return self.words / self.pipeline_seconds if self.pipeline_seconds else 0.0

    @property
    def sentences_per_second(self) -> float:
        """End-to-end throughput in body sentences (parsed or not)."""
        return self.sentences / self.pipeline_seconds if self.pipeline_seconds else 0.0

    @property
    def ratio_to_plain_parse(self) -> float | None:
        """Pipeline time over plain-parse time: below 1 means faster than just parsing."""
        if not self.plain_parse_seconds:
            return None
        return self.pipeline_seconds / self.plain_parse_seconds

    def to_dict(self) -> dict[str, object]:
        """Everything, derived rates included, for the JSON report."""
        data = asdict(self)
        data.update(
            report_version=REPORT_VERSION,
            articles_per_second=round(self.articles_per_second, 2),
            words_per_second=round(self.words_per_second, 1),
            sentences_per_second=round(self.sentences_per_second, 1),
            ratio_to_plain_parse=(
                None if self.ratio_to_plain_parse is None else round(self.ratio_to_plain_parse, 3)
            ),
            share_of_sentences_parsed=(
                round(self.sentences_parsed / self.sentences, 3) if self.sentences else None
            ),
        )
        return data


def run_benchmark(settings: BenchmarkSettings) -> BenchmarkResult:
    """Generate or reuse the corpus, run the pipeline, then the plain parse; measure both."""
    # Imported here: Dagster is only needed once the benchmark actually runs.
    from pipeline.definitions import materialize_corpus  # noqa: PLC0415

    processes = resolve_processes(settings.n_process)
    plain_processes = resolve_processes(settings.plain_processes or processes)
    settings_dict = _jsonable(asdict(settings)) | {
        "n_process": processes,
        "plain_processes": plain_processes,
    }
    if settings.text == "real" and settings.corpus_dir is None:
        folders = settings.corpus_folders or tuple(default_corpus_folders())
        settings_dict["corpus_folders"] = [str(folder) for folder in folders]
    result = BenchmarkResult(settings=settings_dict, machine=_machine())
    corpus_dir = settings.corpus_dir
    if corpus_dir is None:
        started = time.perf_counter()
        corpus_dir = build_corpus(settings)
        result.generate_seconds = round(time.perf_counter() - started, 3)

    started = time.perf_counter()
    # Loaded (and cached) here, so the pipeline's time below does not include loading it.
    load_nlp(settings.model_name, settings.entities)
    result.model_load_seconds = round(time.perf_counter() - started, 3)

    output_dir = settings.work_dir / "warehouse"
    started = time.perf_counter()
    summary = materialize_corpus(
        corpus_dir,
        output_dir,
        settings.model_name,
        prefilter=settings.prefilter,
        n_process=processes,
        entities=settings.entities,
        progress=settings.progress,
    )
    result.pipeline_seconds = round(time.perf_counter() - started, 3)
    if not summary.success:
        raise RuntimeError("the pipeline run failed; rerun `attache run` on the corpus to see why")
    result.peak_rss_mb = _max_rss_mb(resource.RUSAGE_SELF)
    result.peak_rss_worker_mb = _max_rss_mb(resource.RUSAGE_CHILDREN)

    coding = summary.metadata.get("event_mentions", {})
    result.articles = summary.row_counts.get("articles", 0)
    result.events = summary.row_counts.get("event_mentions", 0)
    result.sentences = int(str(coding.get("sentences", 0)))
    result.sentences_parsed = int(str(coding.get("sentences_parsed", 0)))
    result.stage_seconds = _stage_split(summary.step_seconds, coding, result.pipeline_seconds)
    result.coding_busy_processes = _busy_processes(result.stage_seconds, coding)

    articles_file = output_dir / "articles" / "ingest_batch=all" / "part-0.parquet"
    bodies = article_bodies(articles_file)
    result.words = sum(len(body.split()) for body in bodies())
    if settings.plain_parse:
        plain_nlp = load_stock_nlp(settings.model_name)
        started = time.perf_counter()
        # The run left this process's heap set for moving tables, which would slow a parse
        # (and so flatter the ratio); the plain parse gets the setting the pipeline's own
        # parsing processes have (see pipeline.heap).
        with mapping_threshold_held(PARSING_PROCESS_THRESHOLD):
            for _doc in plain_nlp.pipe(bodies(), batch_size=64, n_process=plain_processes):
                pass
        result.plain_parse_seconds = round(time.perf_counter() - started, 3)
    return result


def build_corpus(settings: BenchmarkSettings) -> Path:
    """Build the corpus the settings ask for under the work directory, or reuse a complete one.

    A corpus is reused only if it was completed with the same sources (named in `.complete`).

    Raises:
        ValueError: If real text is asked for and no source folder exists.
    """
    n = settings.num_articles
    if settings.text == "template":
        seed = settings.seed if settings.seed is not None else DEFAULT_TEMPLATE_SEED
        corpus_dir = settings.work_dir / f"corpus-{n}-{seed}"
        sources = "templates"
    else:
        seed = settings.seed if settings.seed is not None else DEFAULT_REAL_TEXT_SEED
        folders = list(settings.corpus_folders) or default_corpus_folders()
        if not folders:
            raise ValueError(
                f"no real-text corpus folders: none given and none under {DEFAULT_CORPUS_ROOT}; "
                "pass --corpus-folders or --text template"
            )
        corpus_dir = settings.work_dir / f"corpus-real-{n}-{seed}"
        sources = "\n".join(str(folder.resolve()) for folder in folders)
    marker = corpus_dir / ".complete"
    if marker.exists() and marker.read_text(encoding="utf-8") == sources:
        return corpus_dir
    if corpus_dir.exists():
        shutil.rmtree(corpus_dir)
    if settings.text == "template":
        generate_corpus(corpus_dir, n, seed=seed)
    else:
        build_real_text_corpus(corpus_dir, n, folders, seed=seed)
    marker.write_text(sources, encoding="utf-8")
    return corpus_dir


def _jsonable(settings: dict[str, object]) -> dict[str, object]:
    def plain(value: object) -> object:
        if isinstance(value, Path):
            return str(value)
        if isinstance(value, tuple):
            return [plain(item) for item in value]
        return value

    return {key: plain(value) for key, value in settings.items()}


def article_bodies(articles_file: Path) -> Callable[[], Iterator[str]]:
    """A re-iterable stream of article bodies (text after the header) from the articles table.

    Bodies are read in record batches, so the corpus is never in memory at once.
    """

    def stream() -> Iterator[str]:
        parquet = pq.ParquetFile(articles_file)
        for batch in parquet.iter_batches(batch_size=256, columns=["text", "body_char_start"]):
            texts = batch.column("text").to_pylist()
            starts = batch.column("body_char_start").to_pylist()
            for text, start in zip(texts, starts, strict=True):
                yield str(text)[int(start or 0) :]

    return stream


def _stage_split(
    steps: dict[str, float], coding: dict[str, object], total: float
) -> dict[str, float]:
    """Seconds per stage; the coding step is split into parsing and rule coding.

    Slices are coded on several processes, whose rule and slice times add up to more than the
    step's wall time, so the step's time is divided in the proportion those sums give.
    """
    split = {name: round(seconds, 3) for name, seconds in sorted(steps.items())}
    rule = float(str(coding.get("rule_coding_seconds", 0.0)))
    worker = float(str(coding.get("slice_coding_seconds", 0.0)))
    if "coding" in split:
        rule_share = min(1.0, rule / worker) if worker else 0.0
        split["coding.parse_and_filter"] = round(split["coding"] * (1 - rule_share), 3)
        split["coding.rules"] = round(split["coding"] * rule_share, 3)
    split["dagster_and_io_overhead"] = round(
        total - sum(v for k, v in split.items() if "." not in k), 3
    )
    return split


def _busy_processes(stages: dict[str, float], coding: dict[str, object]) -> float:
    worker = float(str(coding.get("slice_coding_seconds", 0.0)))
    wall = stages.get("coding", 0.0)
    return round(worker / wall, 2) if wall else 0.0


def _max_rss_mb(who: int) -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return round(resource.getrusage(who).ru_maxrss * scale / 2**20, 1)


def _machine() -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "spacy": importlib.metadata.version("spacy"),
    }


def format_report(result: BenchmarkResult) -> str:
    """The human-readable summary printed at the end of a run."""
    data = result.to_dict()
    ratio = data["ratio_to_plain_parse"]
    text = result.settings.get("text", "real")
    processes = result.settings.get("n_process")
    lines = [
        f"attache benchmark ({text} text, {processes} processes): {result.articles} articles, "
        f"{result.words:,} words, "
        f"{result.sentences:,} sentences ({data['share_of_sentences_parsed']} parsed), "
        f"{result.events:,} events",
        f"  pipeline      {result.pipeline_seconds:9.1f} s   {data['articles_per_second']} "
        f"articles/s, {data['words_per_second']:,} words/s, "
        f"{data['sentences_per_second']:,} sentences/s",
    ]
    if result.plain_parse_seconds is not None:
        lines.append(
            f"  plain parse   {result.plain_parse_seconds:9.1f} s   "
            f"({result.settings.get('plain_processes')} processes) "
            f"ratio pipeline / plain parse = {ratio}"
        )
    lines.append(
        f"  peak RSS      {result.peak_rss_mb:9.1f} MB (worker processes "
        f"{result.peak_rss_worker_mb} MB)"
    )
    for stage, seconds in result.stage_seconds.items():
        lines.append(f"  {stage:<28} {seconds:8.1f} s")
    lines.append(f"  {'coding processes kept busy':<28} {result.coding_busy_processes:8.2f}")
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The benchmark's options, shared by `attache benchmark` and `python -m pipeline.benchmark`."""
    parser.add_argument("--articles", type=int, default=2000, help="articles in the corpus")
    parser.add_argument("--work-dir", default=".benchmark", help="corpus, warehouse and report")
    parser.add_argument(
        "--text",
        choices=("real", "template"),
        default="real",
        help="real (default): sentences of real news from --corpus-folders, shuffled into "
        "articles with a fixed seed; template: articles generated from sentence templates",
    )
    parser.add_argument(
        "--corpus-folders",
        nargs="+",
        default=[],
        metavar="FOLDER",
        help=f"real-text sources, folders holding raw/*.txt (default: every "
        f"{DEFAULT_CORPUS_ROOT}/*, read at run time)",
    )
    parser.add_argument("--seed", type=int, help="corpus seed (default: the builder's own)")
    parser.add_argument("--corpus", help="use this folder of raw files instead of building one")
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy model ({DEFAULT_MODEL})")
    parser.add_argument(
        "--processes",
        type=int,
        help="pipeline processes (default: one per available core, as `attache run`)",
    )
    parser.add_argument("--no-prefilter", action="store_true", help="parse every sentence")
    parser.add_argument(
        "--entities",
        choices=ENTITY_SOURCES,
        default=DEFAULT_ENTITIES,
        help=f"entity source of the pipeline (default {DEFAULT_ENTITIES}; the plain parse "
        "always runs the stock model, NER included)",
    )
    parser.add_argument(
        "--no-plain-parse", action="store_true", help="skip the plain-parse comparison"
    )
    parser.add_argument(
        "--plain-processes",
        type=int,
        help="processes of the plain parse (default: as many as the pipeline's)",
    )
    parser.add_argument(
        "--progress",
        choices=("off", "auto", "bar", "log"),
        default="auto",
        help="coding progress on stderr (default auto: a bar on a terminal, else a line a minute)",
    )
    parser.add_argument("--json", help="report file (default <work-dir>/benchmark-<n>.json)")


def settings_from_arguments(args: argparse.Namespace) -> BenchmarkSettings:
    """Settings from parsed command-line arguments."""
    return BenchmarkSettings(
        num_articles=args.articles,
        work_dir=Path(args.work_dir),
        text=args.text,
        corpus_folders=tuple(Path(folder) for folder in args.corpus_folders),
        corpus_dir=Path(args.corpus) if args.corpus else None,
        seed=args.seed,
        model_name=args.model,
        n_process=args.processes,
        prefilter=not args.no_prefilter,
        entities=args.entities,
        plain_parse=not args.no_plain_parse,
        plain_processes=args.plain_processes,
        progress=args.progress,
    )


def benchmark_command(args: argparse.Namespace) -> int:
    """Run the benchmark, print the summary and write the JSON report."""
    settings = settings_from_arguments(args)
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    result = run_benchmark(settings)
    name = f"benchmark-{settings.text}-{result.articles}.json"
    report = Path(args.json or settings.work_dir / name)
    report.write_text(json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8")
    print(format_report(result))
    print(f"  report        {report}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m pipeline.benchmark`."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.benchmark", description=__doc__)
    add_arguments(parser)
    return benchmark_command(parser.parse_args(argv))
