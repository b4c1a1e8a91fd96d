"""Bad files beside good articles cost nothing but themselves.

The run succeeds, every file is accounted for, and the good articles' rows are exactly those of
a run without the bad files. Property-based: hypothesis builds input folders of random file
names (any bytes Linux allows) and random bodies (no punctuation, one giant line, only digits,
mixed scripts, nested quotes,
100,000-character tokens), each with or without a valid header, around the bundled sample
articles, and the real asset graph is materialised over them. Examples are few and derandomised
here because each one runs the whole pipeline; `HYPOTHESIS_PROFILE=explore` runs many more.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest.file_names import source_name, stored_path
from pipeline.nlp.sentence_bounds import MAX_SENTENCE_TOKENS
from tests.e2e.conftest import Materialize

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples" / "raw"

settings.register_profile(
    "e2e-ci",
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "explore",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = "explore" if os.environ.get("HYPOTHESIS_PROFILE") == "explore" else "e2e-ci"

# Words that trigger events and name actors, so that junk bodies reach the parser and the coder.
WORDS = [
    *("the", "minister", "met", "officials", "from", "Kenya", "and", "Uganda", "said"),
    *("talks", "would", "resume", "sanctions", "on", "Iran", "were", "imposed", "by"),
    *("France", "after", "Russia", "threatened", "Ukraine", "they", "it", "its", "their"),
    *("envoy", "ambassador", "recalled", "summoned", "visited", "hosted", "signed"),
]

no_punctuation = st.lists(
    st.sampled_from(WORDS), min_size=50, max_size=4 * MAX_SENTENCE_TOKENS
).map(" ".join)
giant_line = st.lists(
    st.sampled_from(["Kenya met Uganda.", "They said it would.", "Iran, Iraq; Oman:"]),
    min_size=100,
    max_size=1500,
).map(" ".join)
only_digits = st.text(alphabet="0123456789 ,.", min_size=1, max_size=20_000)
mixed_scripts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=3000
)
nested_quotes = st.integers(min_value=1, max_value=300).map(
    lambda depth: (
        " ".join(f"{q}Kenya said" for q in ('"', "'", "“", "«") * depth)
        + " Uganda recalled its envoy"
        + "".join(q for q in ("»", "”", "'", '"') * depth)
    )
)
long_token = st.tuples(
    st.sampled_from(["(", '"', "a-", "9", "x", "'s", "—"]),
    st.integers(min_value=1000, max_value=100_000),
).map(lambda pair: "Kenya met Uganda. " + (pair[0] * pair[1])[: pair[1]] + " Iran said so.")
bodies = st.one_of(
    no_punctuation, giant_line, only_digits, mixed_scripts, nested_quotes, long_token
)


@st.composite
def bad_files(draw: st.DrawFn) -> dict[bytes, bytes]:
    """Relative paths (bytes) and contents of the bad files of one input folder."""
    files: dict[bytes, bytes] = {}
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        stem = draw(
            st.one_of(
                st.binary(min_size=1, max_size=40),
                st.integers(min_value=200, max_value=240).map(lambda n: b"n" * n),  # near NAME_MAX
            )
        )
        # A name may hold any byte but '/' and NUL; some lie in folders of odd names too.
        stem = stem.replace(b"/", b"_").replace(b"\0", b"_")
        folder = draw(st.sampled_from([b"", b"dump/", b"\xe9t\xe9/", b"a\nb/", b"d/" * 40]))
        name = folder + str(index).encode() + b"-" + stem[: 250 - len(str(index))] + b".txt"
        header = draw(st.booleans())
        body = draw(bodies)
        text = f"date 2024-05-0{index + 1}\nExample Wire, May {index + 1} 2024\nA headline\n\n"
        files[name] = ((text if header else "") + body + "\n").encode("utf-8")
    return files


@pytest.fixture(scope="module")
def good_only(materialize_all: Materialize, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse of a run over the sample articles alone."""
    root = tmp_path_factory.mktemp("good-only")
    shutil.copytree(SAMPLES, root / "landing")
    materialize_all(root / "landing", root / "warehouse")
    return root / "warehouse"


def _table(warehouse: Path, name: str) -> pa.Table:
    return ds.dataset(warehouse / name, partitioning="hive").to_table()


def _rows_of(table: pa.Table, articles: set[str]) -> list[dict[str, object]]:
    rows = [row for row in table.to_pylist() if row["article_id"] in articles]
    return sorted(rows, key=repr)


@settings(settings.get_profile(PROFILE))
@given(bad=bad_files())
def test_bad_files_cost_nothing_but_themselves(
    bad: dict[bytes, bytes], good_only: Path, materialize_all: Materialize
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        landing = Path(scratch) / "landing"
        shutil.copytree(SAMPLES, landing)
        for relative, content in bad.items():
            path = Path(os.fsdecode(os.path.join(os.fsencode(landing), relative)))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        warehouse = Path(scratch) / "warehouse"

        result = materialize_all(landing, warehouse)  # asserts that the run succeeded

        articles = _table(warehouse, "articles")
        rejects = _table(warehouse, "article_rejects")
        stored = articles["source_file"].to_pylist() + rejects["source_file"].to_pylist()
        written = [
            source_name(path.relative_to(landing).as_posix())
            for path in landing.rglob("*")
            if path.is_file()
        ]
        # Every file is accounted for once, under a name that finds it again.
        assert sorted(stored) == sorted(written)
        assert all(stored_path(landing, name).is_file() for name in stored)
        checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
        assert checks["every_raw_file_accounted_for"]
        assert checks["every_article_coded"]

        # The good articles are coded exactly as without the bad files beside them.
        good = set(_table(good_only, "articles")["article_id"].to_pylist())
        assert good <= set(articles["article_id"].to_pylist())
        for name in ("actor_mentions", "event_mentions"):
            expected = _rows_of(_table(good_only, name), good)
            assert _rows_of(_table(warehouse, name), good) == expected, name
        assert _rows_of(_table(good_only, "event_mentions"), good)  # there is something to compare
