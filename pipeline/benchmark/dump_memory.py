"""Measuring that a JSON Lines dump is read in constant memory: peak RSS at 10,000 and 100,000.

A dump of template articles (`corpus_generator`, written as news-please records) is read in a
fresh process per size, so that each peak resident set size (`ru_maxrss`) is that size's own:

* `records`: the dump reader alone (`json_lines.read_json_lines`, then each line's JSON parsed
  and its fields picked), the part that must not grow with the dump;
* `ingest`: the whole of ingest's reading (`corpus.read_corpus`: parsing, language check,
  duplicate screening), which keeps one thing per kept article by design, the duplicate
  index (`near_duplicates`, under 1 KB an article), and so grows by that much and no more.

`python -m pipeline.benchmark.dump_memory --records 10000 100000` prints the figures and can
write them as JSON; README "Performance" quotes them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from pipeline.benchmark.corpus_generator import DEFAULT_SEED, article_rng, generate_article
from pipeline.benchmark.news_dumps import write_news_please_dump
from pipeline.ingest.corpus import read_corpus
from pipeline.ingest.json_lines import read_json_lines
from pipeline.ingest.news_fields import FieldMapping, pick_fields
from pipeline.ingest.news_records import DumpRecord
from schemas.records import ArticleRecord

_MODULE = "pipeline.benchmark.dump_memory"
_PROJECT_ROOT = Path(__file__).resolve().parents[2]

Stage = Literal["records", "ingest"]
STAGES: tuple[Stage, ...] = ("records", "ingest")


@dataclass(frozen=True)
class ReadingMeasure:
    """What reading one dump cost.

    Attributes:
        stage: `records` (the reader alone) or `ingest` (`read_corpus`).
        records: Records in the dump.
        articles: Records that became articles (`ingest`), or were read (`records`).
        seconds: Wall time of the reading.
        peak_rss_mb: Peak resident set size of the reading process, in MB.
    """

    stage: Stage
    records: int
    articles: int
    seconds: float
    peak_rss_mb: float


def template_records(count: int, seed: int = DEFAULT_SEED) -> Iterator[dict[str, object]]:
    """News-please records of `count` template articles, generated one at a time.

    The `.txt` layout the generator writes is cut into the record's fields by its lines (date
    line, optional dateline, headline, body): the articles are distinct, as a real dump's are,
    so that duplicate screening keeps them all.
    """
    for index in range(count):
        text = generate_article(article_rng(seed, index), index)
        header, _, body = text.partition("\n\n")
        lines = header.split("\n")
        day = lines[0].split()[1]
        yield {
            "url": f"https://news.example.org/{day}/{index}",
            "title": lines[-1],
            "date_publish": f"{day} 00:00:00",
            "source_domain": "news.example.org",
            "maintext": "\n".join(p.strip() for p in body.split("\n\n") if p.strip()),
        }


def write_template_dump(path: Path, count: int, seed: int = DEFAULT_SEED) -> Path:
    """Write a JSON Lines dump of `count` template articles (skipped if it already holds them)."""
    if path.is_file() and sum(1 for _ in path.open("rb")) == count:
        return path
    write_news_please_dump(template_records(count, seed), path)
    return path


def read_dump(path: Path, stage: Stage, processes: int = 1) -> ReadingMeasure:
    """Read a dump in this process and measure it (call in a fresh process: see `measure`)."""
    started = time.perf_counter()
    records = articles = 0
    if stage == "records":
        mapping = FieldMapping()
        with path.open("rb") as raw:
            for item in read_json_lines(raw, path.name):
                records += 1
                if isinstance(item, DumpRecord) and isinstance(item.content, bytes):
                    fields = pick_fields(json.loads(item.content), mapping)
                    articles += fields.text is not None
    else:
        for result in read_corpus(path.parent, files=[path], processes=processes):
            records += 1
            articles += isinstance(result, ArticleRecord)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    return ReadingMeasure(stage, records, articles, round(seconds, 2), round(peak, 1))


def measure(path: Path, stage: Stage, processes: int = 1) -> ReadingMeasure:
    """`read_dump` in a fresh Python process, so that its peak RSS is this reading's alone."""
    command = [sys.executable, "-m", _MODULE, "--read", str(path), "--stage", stage]
    command += ["--processes", str(processes)]
    # The child imports this very checkout, whatever the environment's install points at.
    path_entries = [str(_PROJECT_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    environment = os.environ | {"PYTHONPATH": os.pathsep.join(path_entries)}
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, env=environment
    ).stdout
    return ReadingMeasure(**json.loads(output.strip().splitlines()[-1]))


def main(argv: Sequence[str] | None = None) -> int:
    """Write the dumps (once), read each in a fresh process, print the peak RSS of each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work-dir", default=".benchmark/dumps", help="where the dumps go")
    parser.add_argument("--stage", choices=STAGES, action="append", help="default: both")
    parser.add_argument("--processes", type=int, default=1, help="reading processes (ingest)")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--read", help=argparse.SUPPRESS)  # the child process's own job
    args = parser.parse_args(argv)
    stages: list[Stage] = args.stage or list(STAGES)
    if args.read:
        measured = read_dump(Path(args.read), stages[0], args.processes)
        print(json.dumps(asdict(measured)))
        return 0
    results = []
    for count in args.records:
        dump = write_template_dump(Path(args.work_dir) / f"dump-{count}" / "dump.jsonl", count)
        for stage in stages:
            measured = measure(dump, stage, args.processes)
            results.append(measured)
            print(
                f"{stage:8} {measured.records:>8} records  {measured.articles:>8} articles  "
                f"{measured.seconds:>8.1f} s  peak RSS {measured.peak_rss_mb:>7.1f} MB",
                flush=True,
            )
    if args.json:
        Path(args.json).write_text(
            json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
