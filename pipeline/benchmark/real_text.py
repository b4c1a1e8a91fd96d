"""A benchmark corpus of real news: the sentences of the shared corpora, shuffled into articles.

The template corpus of `corpus_generator` is regular and sparse in events, which flatters a
pre-filter; real diplomatic news is dense in event words. This module builds the benchmark's
headline corpus from real text instead: every news sentence of the given corpus folders (each
holding `raw/*.txt`, read at run time and never copied into the repository) goes into one
pool, and articles of about 500 words are dealt from that pool like cards from a deck that is
reshuffled whenever it runs out, so every sentence is used about equally often. Headlines and
crawl dates are drawn from the same sources. One seed fixes the whole corpus.

Nothing here is template text: every body sentence is a sentence some news site printed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.benchmark.corpus_generator import article_path
from pipeline.ingest.article_parser import body_paragraphs, parse_article
from pipeline.ingest.raw_files import DecodedText, discover_raw_files, read_raw_file
from pipeline.nlp.segmentation import dateline_prefix_length
from schemas.records import ArticleRecord

#: The shared corpora, as seen from a checkout beside `shared/` (the project's layout).
DEFAULT_CORPUS_ROOT = Path("../shared/corpus")

#: Seed of `build_real_text_corpus` when none is given.
DEFAULT_SEED = 20261207

# Body length in words, as in the template corpus: a normal draw clamped to a plausible range.
_TARGET_WORDS_MEAN = 500
_TARGET_WORDS_SD = 65
_TARGET_WORDS_RANGE = (370, 615)
_SENTENCES_PER_PARAGRAPH = (1, 3)
# Shorter pieces are headings, bylines or list fragments rather than sentences.
_MIN_SENTENCE_WORDS = 4

# A sentence ends at ., ! or ? (perhaps followed by a closing quote or bracket) before
# whitespace and a capital, a digit or an opening quote. Abbreviations such as "U.S. President"
# are split wrongly now and then; the pieces are still real text and the parser re-splits them.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]?\s+(?=[\"“‘(A-Z0-9])")


@dataclass(frozen=True)
class SentencePool:
    """What real articles supply: their body sentences, headlines and crawl dates."""

    sentences: tuple[str, ...]
    headlines: tuple[str, ...]
    crawl_dates: tuple[str, ...]
    """`YYYY-MM-DD`, as printed on the source files' date lines."""
    source_articles: int


@dataclass(frozen=True)
class RealTextCorpus:
    """Totals of a written corpus."""

    directory: Path
    num_articles: int
    num_words: int
    num_sentences: int
    pool_sentences: int
    source_articles: int


def default_corpus_folders(root: Path = DEFAULT_CORPUS_ROOT) -> list[Path]:
    """Every folder `root/*` that holds a `raw/` directory, sorted (dev, dev2, clusters-dev...)."""
    if not root.is_dir():
        return []
    return sorted(folder for folder in root.iterdir() if (folder / "raw").is_dir())


def collect_sentences(folders: Iterable[Path]) -> SentencePool:
    """Read every `raw/*.txt` of the folders and pool their news sentences.

    Files are parsed by the pipeline's own article parser, so captions, links and bylines stay
    out (only "body" paragraphs count) and an agency dateline opening a body is cut off.
    Duplicate sentences (copies of one story across sites) are pooled once.

    Raises:
        ValueError: If the folders hold no article with a body sentence.
    """
    sentences: dict[str, None] = {}
    headlines: dict[str, None] = {}
    dates: dict[str, None] = {}
    articles = 0
    for folder in folders:
        raw = folder / "raw" if (folder / "raw").is_dir() else folder
        for path in discover_raw_files(raw):
            decoded = read_raw_file(raw, path)
            if not isinstance(decoded, DecodedText):
                continue
            article = parse_article(decoded)
            if not isinstance(article, ArticleRecord):
                continue
            articles += 1
            # `.txt` articles always have both (only dump records may lack them).
            if article.headline is not None:
                headlines.setdefault(" ".join(article.headline.split()), None)
            if article.crawl_date is not None:
                dates.setdefault(article.crawl_date.isoformat(), None)
            for sentence in article_sentences(article):
                sentences.setdefault(sentence, None)
    if not sentences:
        raise ValueError("no article with a news sentence in the given corpus folders")
    return SentencePool(tuple(sentences), tuple(headlines), tuple(dates), articles)


def article_sentences(article: ArticleRecord) -> list[str]:
    """The sentences of an article's news paragraphs, whitespace normalised."""
    found: list[str] = []
    for paragraph in body_paragraphs(article):
        if paragraph.kind != "body":
            continue
        text = paragraph.text[dateline_prefix_length(paragraph.text) :]
        found.extend(split_sentences(text))
    return found


def split_sentences(text: str) -> list[str]:
    """Split a paragraph at sentence ends; drop pieces too short to be sentences."""
    pieces = (" ".join(piece.split()) for piece in _SENTENCE_END.split(text))
    return [piece for piece in pieces if len(piece.split()) >= _MIN_SENTENCE_WORDS]


class _Deck:
    """Sentences dealt in shuffled order, reshuffled whenever all have been dealt."""

    def __init__(self, cards: Sequence[str], rng: random.Random) -> None:
        self._cards = list(cards)
        self._rng = rng
        self._next = len(self._cards)

    def deal(self) -> str:
        if self._next == len(self._cards):
            self._rng.shuffle(self._cards)
            self._next = 0
        card = self._cards[self._next]
        self._next += 1
        return card


def compose_article(pool: SentencePool, deck: _Deck, rng: random.Random) -> tuple[str, int, int]:
    """One article file: date line, headline, paragraphs; with its body words and sentences."""
    low, high = _TARGET_WORDS_RANGE
    target = min(high, max(low, round(rng.gauss(_TARGET_WORDS_MEAN, _TARGET_WORDS_SD))))
    paragraphs: list[str] = []
    words = sentences = 0
    while words < target:
        paragraph: list[str] = []
        for _ in range(rng.randint(*_SENTENCES_PER_PARAGRAPH)):
            sentence = deck.deal()
            paragraph.append(sentence)
            words += len(sentence.split())
            sentences += 1
            if words >= target:
                break
        paragraphs.append(" ".join(paragraph))
    header = f"date {rng.choice(pool.crawl_dates)}\n{rng.choice(pool.headlines)}\n\n"
    return header + "\n\n".join(paragraphs) + "\n", words, sentences


def build_real_text_corpus(
    directory: Path,
    num_articles: int,
    folders: Sequence[Path],
    *,
    seed: int = DEFAULT_SEED,
    articles_per_folder: int = 1000,
) -> RealTextCorpus:
    """Write `num_articles` files of shuffled real sentences under `directory`.

    Files go to `batch_<i // articles_per_folder>/article_<i>.txt`, as in the template corpus.
    The same folders, count and seed give byte-identical files.

    Raises:
        ValueError: If `num_articles` is negative or the folders hold no sentence.
    """
    if num_articles < 0:
        raise ValueError(f"num_articles must be >= 0, not {num_articles}")
    pool = collect_sentences(folders)
    rng = random.Random(f"attache-real-text:{seed}")
    deck = _Deck(pool.sentences, rng)
    directory.mkdir(parents=True, exist_ok=True)
    num_words = num_sentences = 0
    for index in range(num_articles):
        path = directory / article_path(index, articles_per_folder)
        path.parent.mkdir(exist_ok=True)
        text, words, sentences = compose_article(pool, deck, rng)
        path.write_bytes(text.encode("utf-8"))
        num_words += words
        num_sentences += sentences
    return RealTextCorpus(
        directory, num_articles, num_words, num_sentences, len(pool.sentences), pool.source_articles
    )
