"""The real-text corpus: only sentences of the source articles, dealt evenly, same seed same files.

Sources here are the bundled sample articles copied into two corpus folders; the benchmark
itself reads the shared corpora at run time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.benchmark.real_text import (
    build_real_text_corpus,
    collect_sentences,
    default_corpus_folders,
    split_sentences,
)

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples" / "raw"


@pytest.fixture
def folders(tmp_path: Path) -> list[Path]:
    made = []
    for name, files in (("set-a", ["france-summons-envoy.txt"]), ("set-b", ["2025-03"])):
        raw = tmp_path / "sources" / name / "raw"
        raw.mkdir(parents=True)
        for file in files:
            source = SAMPLES / file
            if source.is_dir():
                shutil.copytree(source, raw / file)
            else:
                shutil.copy(source, raw / file)
        made.append(raw.parent)
    return made


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # Two plain sentences.
        ("Paris recalled its envoy. Rome said nothing at all.", 2),
        # A closing quote after the stop stays with its sentence.
        ('"We will respond," he said. The talks resume on Monday.', 2),
        # Fragments under four words are headings or bylines, not sentences.
        ("By Staff. The minister met his counterpart in Nairobi.", 1),
    ],
)
def test_split_sentences(paragraph: str, expected: int) -> None:
    assert len(split_sentences(paragraph)) == expected


def test_every_body_sentence_comes_from_a_source_article(
    folders: list[Path], tmp_path: Path
) -> None:
    pool = collect_sentences(folders)
    assert pool.source_articles == 3
    corpus = build_real_text_corpus(tmp_path / "corpus", 12, folders, seed=7)
    files = sorted((tmp_path / "corpus").rglob("*.txt"))
    assert len(files) == corpus.num_articles == 12
    sources = " ".join(
        " ".join(p.read_text(encoding="utf-8").split())
        for p in (tmp_path / "sources").rglob("*.txt")
    )
    for file in files:
        date_line, headline, blank, *paragraphs = file.read_text(encoding="utf-8").split("\n")
        assert date_line[:5] == "date "
        assert date_line[5:] in pool.crawl_dates
        assert headline in pool.headlines
        assert blank == ""
        for paragraph in filter(None, paragraphs):
            for sentence in split_sentences(paragraph):
                assert sentence in sources
    # The deck deals every sentence before any comes round again.
    assert corpus.num_sentences >= len(pool.sentences)


def test_same_seed_same_bytes_other_seed_other_order(folders: list[Path], tmp_path: Path) -> None:
    def texts(directory: Path) -> list[bytes]:
        return [p.read_bytes() for p in sorted(directory.rglob("*.txt"))]

    build_real_text_corpus(tmp_path / "a", 5, folders, seed=1)
    build_real_text_corpus(tmp_path / "b", 5, folders, seed=1)
    build_real_text_corpus(tmp_path / "c", 5, folders, seed=2)
    assert texts(tmp_path / "a") == texts(tmp_path / "b")
    assert texts(tmp_path / "a") != texts(tmp_path / "c")


def test_default_folders_are_those_holding_raw(folders: list[Path]) -> None:
    root = folders[0].parent
    (root / "notes").mkdir()
    assert default_corpus_folders(root) == folders
    assert default_corpus_folders(root / "missing") == []


def test_no_sentence_no_corpus(tmp_path: Path) -> None:
    (tmp_path / "empty" / "raw").mkdir(parents=True)
    with pytest.raises(ValueError, match="no article"):
        collect_sentences([tmp_path / "empty"])
