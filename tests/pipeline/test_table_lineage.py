"""Pins the lineage a table records and when the tables of a batch do not belong together.

A batch is six files written one after another; the lineage in their footers must tell a run
killed between two writes (a table built from an upstream version that has since been
replaced) from a legitimate later rerun of only a downstream table (which must not warn).
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.table_lineage import (
    INPUT_FINGERPRINT_KEY,
    RUN_ID_KEY,
    UPSTREAM_KEY,
    TableLineage,
    find_inconsistencies,
    ingest_fingerprint,
    input_fingerprint,
    lineage_for_output,
    run_independent_content,
    without_run_ids,
)
from schemas.arrow import TABLE_SCHEMAS, to_arrow_table
from schemas.records import ArticleReject

TABLES = ("articles", "article_rejects", "actor_mentions", "event_mentions", "events", "dyad_day")
UPSTREAM = {
    "articles": None,
    "article_rejects": None,
    "actor_mentions": "articles",
    "event_mentions": "articles",
    "events": "event_mentions",
    "dyad_day": "events",
}
TOGETHER = [{"articles", "article_rejects"}, {"actor_mentions", "event_mentions"}]


def full_run(run_id: str, fingerprint: str = "f1") -> dict[str, TableLineage]:
    """The six tables as one complete run writes them."""
    return {
        table: TableLineage(run_id, fingerprint, {upstream: run_id} if upstream else {})
        for table, upstream in UPSTREAM.items()
    }


def rerun(
    tables: Mapping[str, TableLineage], names: list[str], run_id: str, fingerprint: str = "f1"
) -> dict[str, TableLineage]:
    """`tables` after a run that rewrote only `names`, in the graph's order."""
    result = dict(tables)
    for name in names:
        upstream = UPSTREAM[name]
        read = {upstream: result[upstream].run_id} if upstream else {}
        inherited = result[upstream].input_fingerprint if upstream else fingerprint
        result[name] = TableLineage(run_id, inherited, read)
    return result


def kinds(lineages: Mapping[str, TableLineage | None]) -> list[tuple[str, tuple[str, ...]]]:
    found = find_inconsistencies(lineages, expected=TABLES, written_together=TOGETHER)
    return [(problem.kind, problem.tables) for problem in found]


A = full_run("run-a")


@pytest.mark.parametrize(
    ("lineages", "expected"),
    [
        # One complete run: nothing to say.
        (A, []),
        # A later run of every step (same input): all six are that run's.
        (rerun(A, list(UPSTREAM), "run-b"), []),
        # Re-materialising only dyad_day later is legitimate: it read the events there now.
        (rerun(A, ["dyad_day"], "run-b"), []),
        # ... and so is re-running everything downstream of ingest.
        (rerun(A, ["actor_mentions", "event_mentions", "events", "dyad_day"], "run-b"), []),
        # Killed after ingest wrote both tables (same input): the coding tables were built
        # from the articles that have since been replaced.
        (
            rerun(A, ["articles", "article_rejects"], "run-b"),
            [("stale_upstream", ("actor_mentions",)), ("stale_upstream", ("event_mentions",))],
        ),
        # The same kill with a changed input: the fingerprints now differ too, and the tables
        # at fault are those that disagree with the ingest tables.
        (
            rerun(A, ["articles", "article_rejects"], "run-b", fingerprint="f2"),
            [
                ("stale_upstream", ("actor_mentions",)),
                ("stale_upstream", ("event_mentions",)),
                ("mixed_inputs", ("actor_mentions", "dyad_day", "event_mentions", "events")),
            ],
        ),
        # Killed between the two coding writes: event_mentions is still run A's, built from
        # run A's articles, and the two tables of one step come from two runs.
        (
            rerun(A, ["articles", "article_rejects", "actor_mentions"], "run-b"),
            [
                ("stale_upstream", ("event_mentions",)),
                ("split_write", ("actor_mentions", "event_mentions")),
            ],
        ),
        # Killed between articles and article_rejects on a changed input: only the fingerprint
        # and the split write show the stale rejects, and the old coding tables are stale.
        (
            rerun(A, ["articles"], "run-b", fingerprint="f2"),
            [
                ("stale_upstream", ("actor_mentions",)),
                ("stale_upstream", ("event_mentions",)),
                ("split_write", ("article_rejects", "articles")),
                (
                    "mixed_inputs",
                    (
                        "actor_mentions",
                        "article_rejects",
                        "articles",
                        "dyad_day",
                        "event_mentions",
                        "events",
                    ),
                ),
            ],
        ),
        # An older copy of events put back over a newer one: events disagrees with the
        # event_mentions it claims, and dyad_day with the events it read.
        (
            {**rerun(A, list(UPSTREAM), "run-b"), "events": A["events"]},
            [("stale_upstream", ("dyad_day",)), ("stale_upstream", ("events",))],
        ),
        # A table not written yet.
        ({k: v for k, v in A.items() if k != "dyad_day"}, [("missing", ("dyad_day",))]),
        # A file from before lineage was recorded says nothing, which is itself worth a word.
        ({**A, "events": None}, [("unrecorded", ("events",))]),
    ],
)
def test_inconsistencies(
    lineages: Mapping[str, TableLineage | None], expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert kinds(lineages) == expected


def test_a_stale_upstream_names_the_table_and_the_three_run_ids() -> None:
    killed = rerun(A, ["articles", "article_rejects"], "run-b")
    problem = find_inconsistencies(killed, expected=TABLES)[0]
    assert problem.tables == ("actor_mentions",)
    assert problem.run_ids == {
        "actor_mentions": "run-a",
        "articles when read": "run-a",
        "articles": "run-b",
    }
    assert "actor_mentions (run run-a) was built from articles of run run-a" in problem.message
    assert json.loads(json.dumps(problem.to_dict()))["tables"] == ["actor_mentions"]


def test_lineage_round_trips_through_schema_metadata() -> None:
    lineage = TableLineage("run-a", "f1", {"events": "run-0"})
    metadata = lineage.to_metadata()
    assert metadata == {
        RUN_ID_KEY: "run-a",
        INPUT_FINGERPRINT_KEY: "f1",
        UPSTREAM_KEY: '{"events": "run-0"}',
    }
    schema = pa.schema([pa.field("x", pa.int64())], metadata={"model": "M", **metadata})
    assert TableLineage.from_metadata(schema.metadata) == lineage
    assert TableLineage.from_metadata({b"model": b"M"}) is None
    assert TableLineage.from_metadata(None) is None
    with pytest.raises(ValueError, match="run ids"):
        TableLineage.from_metadata({RUN_ID_KEY: "r", UPSTREAM_KEY: '["events"]'})


def test_an_output_inherits_its_upstream_fingerprint_unless_it_has_its_own() -> None:
    upstream = {"articles": TableLineage("run-a", "f1")}
    assert lineage_for_output("run-b", upstream) == TableLineage(
        "run-b", "f1", {"articles": "run-a"}
    )
    assert lineage_for_output("run-b", {}, "f9") == TableLineage("run-b", "f9", {})
    # Inputs from two different raw inputs: a combined value no other table carries.
    mixed = {"a": TableLineage("r1", "f1"), "b": TableLineage("r2", "f2")}
    assert lineage_for_output("run-c", mixed).input_fingerprint == "f1+f2"
    # An upstream file that recorded nothing is still named, with no run id.
    assert lineage_for_output("run-c", {"events": None}).upstream == {"events": ""}


def test_the_fingerprint_depends_on_the_files_not_their_order() -> None:
    files = [("a.txt", None, "aa"), ("b/c.txt", 12, "cc"), ("d.txt", 0, None)]
    fingerprint = input_fingerprint(files)
    assert len(fingerprint) == 64
    assert input_fingerprint(reversed(files)) == fingerprint
    assert input_fingerprint(files[:2]) != fingerprint  # a file fewer
    assert input_fingerprint([*files[:2], ("d.txt", 1, None)]) != fingerprint  # a size changed
    assert input_fingerprint([("a.txt", None, "ab"), *files[1:]]) != fingerprint  # a text


def test_the_ingest_fingerprint_is_read_from_the_two_ingest_tables() -> None:
    rejects = to_arrow_table(
        [
            ArticleReject(
                reject_id="r1",
                source_file="x/empty.txt",
                reason="empty_file",  # type: ignore[arg-type]
                detail="0 bytes",
                size_bytes=0,
                content_sha256="e3b0",
            )
        ],
        ArticleReject,
    )
    articles = pa.table(
        {"source_file": ["x/a.txt"], "content_sha256": ["aa"]},
        schema=pa.schema([("source_file", pa.string()), ("content_sha256", pa.string())]),
    )
    expected = input_fingerprint([("x/a.txt", None, "aa"), ("x/empty.txt", 0, "e3b0")])
    assert ingest_fingerprint(articles, rejects) == expected
    empty = TABLE_SCHEMAS["articles"].empty_table()
    assert ingest_fingerprint(empty, rejects) != expected


def _parquet(table: pa.Table, lineage: TableLineage) -> bytes:
    sink = io.BytesIO()
    metadata = {**(table.schema.metadata or {}), **lineage.to_metadata()}
    pq.write_table(table.replace_schema_metadata(metadata), sink, compression="zstd")
    return sink.getvalue()


def test_two_runs_files_differ_only_in_their_run_ids() -> None:
    table = pa.table({"event_id": ["e1", "e2"], "n": [1, 2]}).replace_schema_metadata(
        {"model": "EventRecord"}
    )
    first = _parquet(table, TableLineage("0" * 36, "f1", {"event_mentions": "1" * 36}))
    second = _parquet(table, TableLineage("2" * 36, "f1", {"event_mentions": "3" * 36}))
    assert first != second
    assert run_independent_content(first) == run_independent_content(second)
    content = run_independent_content(first)
    assert content.metadata == {
        "model": "EventRecord",
        INPUT_FINGERPRINT_KEY: "f1",
        UPSTREAM_KEY: '["event_mentions"]',
    }
    # Anything else that differs does count: another fingerprint, another upstream, a row.
    other_input = _parquet(table, TableLineage("2" * 36, "f2", {"event_mentions": "3" * 36}))
    other_upstream = _parquet(table, TableLineage("2" * 36, "f1", {"events": "3" * 36}))
    other_rows = _parquet(
        table.slice(0, 1), TableLineage("0" * 36, "f1", {"event_mentions": "1" * 36})
    )
    for changed in (other_input, other_upstream, other_rows):
        assert run_independent_content(changed) != content


def test_without_run_ids_keeps_everything_else() -> None:
    metadata = {
        b"model": b"M",
        b"description": b"d",
        **{
            k.encode(): v.encode()
            for k, v in TableLineage("r", "f", {"b": "x", "a": "y"}).to_metadata().items()
        },
    }
    assert without_run_ids(metadata) == {
        "model": "M",
        "description": "d",
        INPUT_FINGERPRINT_KEY: "f",
        UPSTREAM_KEY: '["a", "b"]',
    }
