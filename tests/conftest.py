"""Shared fixtures: shared corpus, trained spaCy pipeline, hostile input, unprivileged runs."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from pipeline.provenance import sha256_hex, stable_id
from schemas.records import ArticleRecord

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SEED_ARTICLE = SHARED / "corpus" / "dev" / "raw" / "seed_putin_india.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared`, which CI places beside the checkout; tests needing it skip without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default trained pipeline, loaded once for the whole session."""
    from pipeline.nlp.model import load_nlp

    return load_nlp()


ArticleFactory = Callable[..., ArticleRecord]


@pytest.fixture(scope="session")
def make_article() -> ArticleFactory:
    """Build an `ArticleRecord` around an invented body, as the parser would have."""

    def build(
        body: str, *, published: dt.date = dt.date(2024, 11, 20), name: str = "test.txt"
    ) -> ArticleRecord:
        head = f"date {published.isoformat()}\nInvented headline\n\n"
        text = head + body + "\n"
        return ArticleRecord(
            article_id=stable_id(name, text),
            source_file=name,
            content_sha256=sha256_hex(text),
            encoding="utf-8",
            crawl_date=published,
            crawl_section=None,
            dateline=None,
            publication_date=published,
            publication_date_source="crawl_date",
            headline="Invented headline",
            text=text,
            body_char_start=len(head),
            num_paragraphs=body.count("\n\n") + 1,
            num_boilerplate_paragraphs=0,
            num_words=len(body.split()),
        )

    return build


HOSTILE_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "hostile"

#: What every file of the hostile corpus becomes: "article", or the reason it is rejected.
#: Files under generated/ are made by `hostile_corpus` (too big, or impossible to commit).
HOSTILE_OUTCOMES = {
    "binary.txt": "binary_content",  # a PNG saved as .txt: NUL bytes
    "cp1252.txt": "article",  # Windows-1252 curly quotes, dash and euro sign
    "duplicates/site-a/lake-ferry.txt": "article",  # the first copy of a story is kept
    "duplicates/site-b/lake-ferry.txt": "duplicate",  # byte-identical copy on another site
    "duplicates/site-c/lake-ferry-syndicated.txt": "near_duplicate",  # reworded, reframed copy
    "empty.txt": "empty_file",  # zero bytes: a failed download
    "future-date.txt": "future_date",  # date 2091-01-01
    "generated/huge-50mb.txt": "too_large",  # 50 MiB of text, rejected unread
    "generated/ledger-10000-sentences.txt": "article",  # 10,000 sentences, coded like any other
    "generated/link-inside.txt": "duplicate",  # a symlink to cp1252.txt: read once, as a copy
    "generated/link-outside-dir": "symlink_outside_input",  # a linked folder outside the input
    "generated/link-outside.txt": "symlink_outside_input",  # a linked file outside the input
    "generated/named-pipe.txt": "unreadable",  # a FIFO: would block a reader forever
    "generated/vanishing.txt": "unreadable",  # deleted after listing, before reading
    "impossible-date.txt": "invalid_date_line",  # date 2024-02-30
    "invisible-controls.txt": "article",  # zero-width and bidi controls, stripped
    "latin-1.txt": "article",  # ISO 8859-1 with a byte cp1252 leaves undefined
    "mojibake.txt": "article",  # UTF-8 read as cp1252 and saved again, repaired by ftfy
    "no-date-line.txt": "no_date_line",  # starts with the headline
    "other-language-fr.txt": "unsupported_language",  # French
    "other-language-ru.txt": "unsupported_language",  # Russian, Cyrillic script
    "saved-page.txt": "not_an_article",  # a web page's HTML source
    "utf-16-bom.txt": "article",  # UTF-16 little-endian with a byte-order mark
    "whitespace-only.txt": "whitespace_only",  # spaces, tabs and newlines
}

#: The generated file the tests delete between listing and reading.
VANISHING_FILE = "generated/vanishing.txt"
HUGE_FILE_BYTES = 50 * 1024 * 1024
LEDGER_SENTENCES = 10_000


@pytest.fixture(scope="session")
def hostile_outcomes() -> dict[str, str]:
    """`HOSTILE_OUTCOMES`: the expected result of each hostile file."""
    return dict(HOSTILE_OUTCOMES)


@pytest.fixture(scope="session")
def make_hostile_corpus() -> Callable[[Path], Path]:
    """Build the hostile corpus (committed files plus generated ones) in a given folder."""
    return _build_hostile_corpus


def _build_hostile_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "hostile"
    shutil.copytree(HOSTILE_FIXTURES, corpus)
    generated = corpus / "generated"
    generated.mkdir()
    _write_huge_file(generated / "huge-50mb.txt")
    (generated / "ledger-10000-sentences.txt").write_text(_ledger_article(), encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private-notes.txt").write_text(
        "date 2024-01-05\nNot part of the corpus\n\nNotes kept outside the input.\n"
    )
    os.symlink(outside / "private-notes.txt", generated / "link-outside.txt")
    os.symlink(outside, generated / "link-outside-dir")
    os.symlink(Path("..") / "cp1252.txt", generated / "link-inside.txt")
    os.mkfifo(generated / "named-pipe.txt")
    (generated / "vanishing.txt").write_text(
        "date 2024-02-12\nLesotho and Eswatini hold water talks\n\n"
        "Lesotho and Eswatini held talks on sharing river water in Maseru on Monday.\n"
    )
    return corpus


def _write_huge_file(path: Path) -> None:
    paragraph = (
        b"The committee read out the minutes of its previous session and adjourned until the "
        b"following week, when the remaining items on the agenda are to be taken up again.\n\n"
    )
    with path.open("wb") as handle:
        handle.write(b"date 2024-01-15\nThe longest minutes ever kept\n\n")
        while handle.tell() < HUGE_FILE_BYTES:
            handle.write(paragraph * 1000)


def _ledger_article() -> str:
    """An invented article of exactly `LEDGER_SENTENCES` sentences, ten to a paragraph."""
    bodies = ("The harbour board", "A customs working group", "The ferry company", "Inspectors")
    verbs = ("logged", "reviewed", "re-weighed", "sealed", "cleared")
    objects = ("the grain cargo", "the timber load", "the container stack", "the fuel barges")
    sentences = [
        f"{bodies[i % 4]} {verbs[i // 4 % 5]} {objects[i // 20 % 4]} on berth {i % 97} "
        f"in shift {i}."
        for i in range(LEDGER_SENTENCES)
    ]
    paragraphs = [" ".join(sentences[i : i + 10]) for i in range(0, LEDGER_SENTENCES, 10)]
    return "date 2024-06-03\nPort ledger for the year\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="session")
def without_root_override() -> list[str]:
    """A command prefix that makes file permissions bind even when the tests run as root.

    Root ignores permission bits through the CAP_DAC_* capabilities; `setpriv` drops them from
    the bounding set of the command it starts, so a mode-000 folder is unreadable to it too.
    Without root no prefix is needed.
    """
    if os.geteuid() != 0:
        return []
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to bind")
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"setpriv cannot drop capabilities here: {probe.stderr.decode().strip()}")
    return prefix


@dataclass(frozen=True)
class S3Server:
    """A moto S3 server on loopback, and the environment that points clients at it."""

    endpoint: str
    env: dict[str, str]

    def client(self) -> Any:
        """A boto3 S3 client for this server (to upload inputs and list outputs)."""
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name=S3_REGION)

    def upload(self, folder: Path, bucket: str, prefix: str) -> list[str]:
        """Upload every regular file below `folder` to `s3://bucket/prefix/<relative path>`."""
        client = self.client()
        keys = []
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
            key = f"{prefix}/{path.relative_to(folder).as_posix()}"
            client.put_object(Bucket=bucket, Key=key, Body=path.read_bytes())
            keys.append(key)
        return keys

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        """Every object key below a prefix, sorted."""
        pages = (
            self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        )
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


S3_REGION = "us-east-1"


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """An S3-compatible server (moto) on 127.0.0.1 for the session, this process pointed at it.

    The AWS variables are set for the whole session (and handed to subprocesses through
    `env`): fake credentials, a fixed region, the loopback endpoint, no instance-metadata
    look-ups and no shared config files, so no client ever reaches for the internet.
    """
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        empty = tmp_path_factory.mktemp("aws") / "none"
        env = {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": S3_REGION,
            "AWS_DEFAULT_REGION": S3_REGION,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": str(empty),
            "AWS_SHARED_CREDENTIALS_FILE": str(empty),
        }
        with pytest.MonkeyPatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            yield S3Server(endpoint=endpoint, env=env)
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_server: S3Server, request: pytest.FixtureRequest) -> str:
    """A new, empty bucket named after the test."""
    name = "t-" + "".join(c if c.isalnum() else "-" for c in request.node.name.lower())[:50]
    s3_server.client().create_bucket(Bucket=name.strip("-"))
    return name.strip("-")
