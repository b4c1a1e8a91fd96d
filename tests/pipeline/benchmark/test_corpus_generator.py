"""The benchmark corpus generator: deterministic, streaming, realistic in size and mix, parseable.

Pinned here: the same seed gives the same bytes; articles stay within 350-700 words; the feed
follows the genre weights of the template file; every file parses into an article whose
headline, word count and boilerplate lines are the ones generated; files land in sub-folders
of the requested size; a template file with an unknown slot is refused.
"""

from __future__ import annotations

import collections
import datetime as dt
import random
from pathlib import Path

import pytest

from pipeline.benchmark.corpus_generator import (
    GENRES,
    ComposedArticle,
    article_rng,
    compose_article,
    generate_article,
    generate_corpus,
    load_template_bank,
)
from pipeline.ingest.corpus import read_corpus
from pipeline.reference.errors import ReferenceDataError
from schemas.records import ArticleRecord

SEED = 11


@pytest.fixture(scope="module")
def articles() -> list[ComposedArticle]:
    # Enough articles for the mix to settle within a few points of the weights.
    bank = load_template_bank()
    return [compose_article(article_rng(SEED, index), index, bank) for index in range(3000)]


def _files(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*.txt"))
    }


def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = generate_corpus(tmp_path / "a", 30, seed=SEED)
    second = generate_corpus(tmp_path / "b", 30, seed=SEED)
    other = generate_corpus(tmp_path / "c", 30, seed=SEED + 1)

    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert (first.num_words, first.num_paragraphs) == (second.num_words, second.num_paragraphs)
    assert _files(tmp_path / "a") != _files(tmp_path / "c")
    assert first.num_words != other.num_words


def test_generate_article_depends_only_on_the_generator_state() -> None:
    assert generate_article(random.Random(5), 3) == generate_article(random.Random(5), 3)
    assert generate_article(random.Random(5), 3) != generate_article(random.Random(6), 3)


def test_a_larger_corpus_starts_with_the_smaller_one(tmp_path: Path) -> None:
    # Article i depends on (seed, i) only, so corpora of different sizes share their prefix.
    generate_corpus(tmp_path / "small", 5, seed=SEED)
    generate_corpus(tmp_path / "large", 12, seed=SEED)
    small, large = _files(tmp_path / "small"), _files(tmp_path / "large")
    assert small == {name: large[name] for name in small}


def test_word_counts_stay_in_range(articles: list[ComposedArticle]) -> None:
    words = [article.num_words for article in articles]
    assert min(words) >= 350
    assert max(words) <= 700
    assert 470 <= sum(words) / len(words) <= 530


def test_sentences_are_wire_length(articles: list[ComposedArticle]) -> None:
    sentences = sum(article.num_sentences for article in articles)
    words = sum(article.num_words for article in articles)
    # Junk lines and agency openings add a few words per article; the mean stays wire-like.
    assert 15 <= words / sentences <= 30


def test_genre_mix_follows_the_weights(articles: list[ComposedArticle]) -> None:
    bank = load_template_bank()
    total_weight = sum(genre.weight for genre in bank.genres)
    counts = collections.Counter(article.genre for article in articles)
    assert set(counts) == set(GENRES)
    for genre in bank.genres:
        expected = genre.weight / total_weight
        assert counts[genre.name] / len(articles) == pytest.approx(expected, abs=0.03)


def test_diplomacy_reports_events_in_about_a_third_of_its_sentences(
    articles: list[ComposedArticle],
) -> None:
    diplomacy = [article for article in articles if article.genre == "diplomacy"]
    share = sum(a.num_event_sentences for a in diplomacy) / sum(a.num_sentences for a in diplomacy)
    assert 0.25 <= share <= 0.42
    assert all(a.num_event_sentences == 0 for a in articles if a.genre == "sports")


def test_every_file_parses_into_the_article_generated(tmp_path: Path) -> None:
    corpus = generate_corpus(tmp_path, 50, seed=SEED, articles_per_folder=20)
    bank = load_template_bank()
    generated = {
        f"batch_{index // 20:04d}/article_{index:06d}.txt": compose_article(
            article_rng(SEED, index), index, bank
        )
        for index in range(50)
    }

    results = list(read_corpus(tmp_path))

    assert all(isinstance(result, ArticleRecord) for result in results)
    records = [result for result in results if isinstance(result, ArticleRecord)]
    assert sorted(record.source_file for record in records) == sorted(generated)
    for record in records:
        article = generated[record.source_file]
        assert record.headline == article.headline
        assert record.num_words == article.num_words
        assert record.num_paragraphs == article.num_paragraphs
        # Every junk line is recognised as boilerplate and no news paragraph is mistaken for it.
        assert record.num_boilerplate_paragraphs == article.num_junk_lines
        assert dt.date(2024, 1, 1) <= record.crawl_date <= dt.date(2025, 12, 31)
        assert 0 <= (record.crawl_date - record.publication_date).days <= 1
    assert corpus.num_words == sum(record.num_words for record in records)
    assert corpus.num_paragraphs == sum(record.num_paragraphs for record in records)


def test_files_are_split_into_folders(tmp_path: Path) -> None:
    corpus = generate_corpus(tmp_path, 25, seed=SEED, articles_per_folder=10)

    folders = sorted(path for path in tmp_path.iterdir() if path.is_dir())
    assert [folder.name for folder in folders] == ["batch_0000", "batch_0001", "batch_0002"]
    assert [len(list(folder.glob("*.txt"))) for folder in folders] == [10, 10, 5]
    assert corpus.num_articles == 25
    assert corpus.directory == tmp_path


def test_refuses_to_mix_with_foreign_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("date 2024-01-01\nNot ours\n\nText.\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not a file of this corpus"):
        generate_corpus(tmp_path, 3, seed=SEED)


def test_rerun_over_an_interrupted_corpus_completes_it(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "full", 8, seed=SEED)
    generate_corpus(tmp_path / "again", 3, seed=SEED)
    generate_corpus(tmp_path / "again", 8, seed=SEED)
    assert _files(tmp_path / "again") == _files(tmp_path / "full")


@pytest.mark.parametrize(
    ("num_articles", "articles_per_folder"),
    [
        (-1, 10),  # a negative corpus size is a caller's mistake, not an empty corpus
        (5, 0),  # folders of zero files cannot hold anything
    ],
)
def test_rejects_bad_sizes(tmp_path: Path, num_articles: int, articles_per_folder: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        generate_corpus(tmp_path, num_articles, articles_per_folder=articles_per_folder)


def test_template_with_unknown_slot_is_refused(tmp_path: Path) -> None:
    shipped = load_template_bank().path.read_text(encoding="utf-8")
    broken = shipped.replace("{A_leader} met {B_leader}", "{A_leader} met {D_leader}", 1)
    assert broken != shipped
    path = tmp_path / "templates.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="unknown slot"):
        load_template_bank(path)
