"""The throughput benchmark: the whole pipeline against a plain spaCy parse of the same text.

One process, in order: generate (or reuse) a corpus of raw article files, load the model, run
every asset through `materialize_corpus` (the code path of `attache run`), then parse the very
same article bodies with a plain `nlp.pipe` of the same model. The ratio of the two times says
what attache costs over "just parsing"; the step split says where the time goes.

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
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.benchmark.corpus_generator import generate_corpus
from pipeline.nlp.entities import ENTITY_SOURCES, EntitySource
from pipeline.nlp.model import DEFAULT_ENTITIES, DEFAULT_MODEL, load_nlp, load_stock_nlp

#: Written into every report so numbers from different machines are not compared blindly.
REPORT_VERSION = 1


@dataclass(frozen=True)
class BenchmarkSettings:
    """What to run: corpus size, where, and how the pipeline parses."""

    num_articles: int = 2000
    work_dir: Path = Path(".benchmark")
    corpus_dir: Path | None = None
    """Reuse this folder of raw files instead of generating one."""
    model_name: str = DEFAULT_MODEL
    entities: EntitySource = DEFAULT_ENTITIES
    """Where the pipeline's entities come from (see pipeline.nlp.entities)."""
    n_process: int = 1
    prefilter: bool = True
    plain_parse: bool = True
    """Also time a plain `nlp.pipe` parse of the same texts (the ratio's denominator)."""
    plain_processes: int = 1
    """Processes of the plain parse: 1 is the issue's yardstick, 2 the fair one for n_process=2."""
    seed: int = 20261125


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

    settings_dict = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(settings).items()}
    result = BenchmarkResult(settings=settings_dict, machine=_machine())
    corpus_dir = settings.corpus_dir
    if corpus_dir is None:
        corpus_dir = settings.work_dir / f"corpus-{settings.num_articles}-{settings.seed}"
        started = time.perf_counter()
        if not (corpus_dir / ".complete").exists():
            generate_corpus(corpus_dir, settings.num_articles, seed=settings.seed)
            (corpus_dir / ".complete").touch()
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
        n_process=settings.n_process,
        entities=settings.entities,
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
        for _doc in plain_nlp.pipe(bodies(), batch_size=64, n_process=settings.plain_processes):
            pass
        result.plain_parse_seconds = round(time.perf_counter() - started, 3)
    return result


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
    lines = [
        f"attache benchmark: {result.articles} articles, {result.words:,} words, "
        f"{result.sentences:,} sentences ({data['share_of_sentences_parsed']} parsed), "
        f"{result.events:,} events",
        f"  pipeline      {result.pipeline_seconds:9.1f} s   {data['articles_per_second']} "
        f"articles/s, {data['words_per_second']:,} words/s, "
        f"{data['sentences_per_second']:,} sentences/s",
    ]
    if result.plain_parse_seconds is not None:
        lines.append(
            f"  plain parse   {result.plain_parse_seconds:9.1f} s   "
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
    parser.add_argument("--articles", type=int, default=2000, help="articles to generate")
    parser.add_argument("--work-dir", default=".benchmark", help="corpus, warehouse and report")
    parser.add_argument("--corpus", help="use this folder of raw files instead of generating")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy model")
    parser.add_argument("--processes", type=int, default=1, help="spaCy parser processes")
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
        "--plain-processes", type=int, default=1, help="processes of the plain parse (default 1)"
    )
    parser.add_argument("--json", help="report file (default <work-dir>/benchmark-<n>.json)")


def settings_from_arguments(args: argparse.Namespace) -> BenchmarkSettings:
    """Settings from parsed command-line arguments."""
    return BenchmarkSettings(
        num_articles=args.articles,
        work_dir=Path(args.work_dir),
        corpus_dir=Path(args.corpus) if args.corpus else None,
        model_name=args.model,
        n_process=args.processes,
        prefilter=not args.no_prefilter,
        entities=args.entities,
        plain_parse=not args.no_plain_parse,
        plain_processes=args.plain_processes,
    )


def benchmark_command(args: argparse.Namespace) -> int:
    """Run the benchmark, print the summary and write the JSON report."""
    settings = settings_from_arguments(args)
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    result = run_benchmark(settings)
    report = Path(args.json or settings.work_dir / f"benchmark-{result.articles}.json")
    report.write_text(json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8")
    print(format_report(result))
    print(f"  report        {report}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m pipeline.benchmark`."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.benchmark", description=__doc__)
    add_arguments(parser)
    return benchmark_command(parser.parse_args(argv))
