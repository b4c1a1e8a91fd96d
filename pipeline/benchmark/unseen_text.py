"""What coding costs on text a process has not seen, against the same text seen again.

The real-text benchmark deals its articles from a few hundred sentences, so a coding process
soon holds every word form in its caches (spaCy's tokenizer cache and lexemes, the lemma memo,
the pre-filter's word cache). News, whose names and rare words keep coming, never quite allows
that. Here one process first codes a warm-up corpus (other text, so that loading and one-off
set-up are paid), then codes the measured articles several times over: the first pass is text
it has not seen, the others are repeats. A plain parse of the same bodies with the stock model
is measured the same way. Times are the process's CPU seconds.

`python -m pipeline.benchmark.unseen_text` runs it on the shared corpora with the PLOVER
records as warm-up; `--json` keeps the figures.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pyarrow as pa
from spacy.language import Language

from pipeline.benchmark.real_text import default_corpus_folders
from pipeline.coding.event_coder import CodingOptions, CodingReference
from pipeline.coding.parallel import code_slice
from pipeline.heap import PARSING_PROCESS_THRESHOLD, mapping_threshold_held
from pipeline.ingest.corpus import read_corpus
from pipeline.nlp.matmul import limit_blas_threads
from pipeline.nlp.model import DEFAULT_MODEL, load_nlp, load_stock_nlp
from schemas.arrow import iter_rows, to_arrow_table
from schemas.records import ArticleRecord

#: Text the process codes before measuring: codebook sentences, not the measured news.
DEFAULT_WARM_UP = Path("../shared/benchmarks/plover-gsr/raw")


@dataclass(frozen=True)
class UnseenTextReport:
    """CPU seconds of each pass over the measured articles, the first on unseen text."""

    warm_up_articles: int
    articles: int
    coding_seconds: list[float]
    plain_parse_seconds: list[float]

    @property
    def coding_first_to_repeat(self) -> float:
        """The first pass's coding time over the fastest repeat's."""
        return _first_to_repeat(self.coding_seconds)

    @property
    def plain_first_to_repeat(self) -> float:
        """The same for the plain parse."""
        return _first_to_repeat(self.plain_parse_seconds)


def read_articles(raw_folders: Iterable[Path]) -> pa.Table:
    """The articles of every raw folder, as ingest reads them (rejects left out)."""
    records = [
        record
        for folder in raw_folders
        for record in read_corpus(folder)
        if isinstance(record, ArticleRecord)
    ]
    return to_arrow_table(records, ArticleRecord)


def measure_unseen_text(
    warm_up: pa.Table,
    articles: pa.Table,
    *,
    passes: int = 3,
    model_name: str = DEFAULT_MODEL,
) -> UnseenTextReport:
    """Code `warm_up`, then `articles` `passes` times; the same for a plain parse of the bodies.

    Raises:
        ValueError: If fewer than two passes are asked for (the first needs a repeat to face).
    """
    if passes < 2:
        raise ValueError("at least two passes: the first is measured against the repeats")
    limit_blas_threads()
    reference = CodingReference.default()
    options = CodingOptions()
    with mapping_threshold_held(PARSING_PROCESS_THRESHOLD):
        nlp = load_nlp(model_name)
        code_slice(nlp, warm_up, reference, options)
        coding = [
            _cpu(lambda: code_slice(nlp, articles, reference, options)) for _ in range(passes)
        ]
        stock = load_stock_nlp(model_name)
        _parse(stock, _bodies(warm_up))
        bodies = _bodies(articles)
        plain = [_cpu(lambda: _parse(stock, bodies)) for _ in range(passes)]
    return UnseenTextReport(warm_up.num_rows, articles.num_rows, coding, plain)


def _first_to_repeat(seconds: Sequence[float]) -> float:
    return round(seconds[0] / min(seconds[1:]), 3)


def _cpu(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return round(time.process_time() - started, 3)


def _bodies(articles: pa.Table) -> list[str]:
    return [a.text[a.body_char_start :] for a in iter_rows(articles, ArticleRecord)]


def _parse(nlp: Language, texts: list[str]) -> None:
    for _doc in nlp.pipe(texts, batch_size=64):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Measure on the shared corpora (or the folders given) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus-folders",
        type=Path,
        nargs="+",
        help="folders holding raw/*.txt to measure (default: every ../shared/corpus/*)",
    )
    parser.add_argument(
        "--warm-up", type=Path, nargs="+", default=[DEFAULT_WARM_UP], help="raw folders"
    )
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    folders = args.corpus_folders or default_corpus_folders()
    articles = read_articles(folder / "raw" for folder in folders)
    warm_up = read_articles(args.warm_up)
    report = measure_unseen_text(warm_up, articles, passes=args.passes, model_name=args.model)
    print(
        f"unseen text: {report.articles} articles after {report.warm_up_articles} others\n"
        f"  coding CPU per pass  {report.coding_seconds} s  "
        f"first / repeat {report.coding_first_to_repeat}\n"
        f"  plain parse per pass {report.plain_parse_seconds} s  "
        f"first / repeat {report.plain_first_to_repeat}"
    )
    if args.json is not None:
        figures = {
            **asdict(report),
            "coding_first_to_repeat": report.coding_first_to_repeat,
            "plain_first_to_repeat": report.plain_first_to_repeat,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
