"""End to end: the real asset graph on the seed article, read back as an analyst would."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

SEED = "seed_putin_india.txt"


@pytest.fixture(scope="module")
def warehouse(
    tmp_path_factory: pytest.TempPathFactory,
    shared_dir: Path,
    materialize_all: Callable[[Path, Path], dg.ExecuteInProcessResult],
) -> Path:
    landing = tmp_path_factory.mktemp("landing")
    shutil.copy(shared_dir / "corpus" / "dev" / "raw" / SEED, landing / SEED)
    (landing / "empty.txt").write_text("")
    output = tmp_path_factory.mktemp("warehouse")
    result = materialize_all(landing, output)
    evaluations = result.get_asset_check_evaluations()
    assert evaluations, "the blocking checks ran"
    assert all(e.passed for e in evaluations), [e.check_name for e in evaluations if not e.passed]
    return output


def events(warehouse: Path) -> pl.DataFrame:
    return pl.read_parquet(
        warehouse / "event_mentions" / "**" / "*.parquet", hive_partitioning=True
    )


def test_tables_are_readable_with_duckdb(warehouse: Path) -> None:
    counts = {
        table: duckdb.sql(
            f"select count(*) from read_parquet('{warehouse}/{table}/**/*.parquet', "
            "hive_partitioning = true)"
        ).fetchall()[0][0]
        for table in ("articles", "article_rejects", "event_mentions")
    }
    assert counts["articles"] == 1
    assert counts["article_rejects"] == 1
    assert counts["event_mentions"] >= 4
    reasons = duckdb.sql(
        f"select reason from read_parquet('{warehouse}/article_rejects/**/*.parquet')"
    ).fetchall()
    assert reasons == [("empty_file",)]


def test_putin_planned_visit_to_india(warehouse: Path) -> None:
    rows = events(warehouse).filter(
        (pl.col("source_country") == "RUS")
        & (pl.col("target_country") == "IND")
        & pl.col("cameo_code").is_in(["036", "042"])
        & (pl.col("modality") == "planned")
    )
    assert rows.height >= 1
    assert rows["source_name"].str.contains("Putin").any()


def test_modi_invitation_to_putin(warehouse: Path) -> None:
    rows = events(warehouse).filter(
        (pl.col("source_country") == "IND")
        & (pl.col("target_country") == "RUS")
        & (pl.col("cameo_code") == "036")
        & (pl.col("modality") == "intent")
    )
    assert rows.height >= 1
    assert rows["source_name"].str.contains("Modi").any()
    assert rows["plover_type"].to_list()[0] == "AGREE"


def test_kazan_meeting_located_in_russia(warehouse: Path) -> None:
    rows = events(warehouse).filter(
        (pl.col("cameo_root") == "04")
        & (pl.col("modality") == "occurred")
        & (pl.col("location_name") == "Kazan")
    )
    assert set(rows["source_country"]) >= {"IND", "RUS"}
    assert set(rows["location_country"]) == {"RUS"}
    assert rows["latitude"].to_list()[0] == pytest.approx(55.79, abs=0.1)
    assert rows["longitude"].to_list()[0] == pytest.approx(49.12, abs=0.1)
    assert rows["geonames_id"].to_list()[0] == 551487


def test_putin_appreciation_of_india(warehouse: Path) -> None:
    rows = events(warehouse).filter(
        (pl.col("source_country") == "RUS")
        & (pl.col("target_country") == "IND")
        & (pl.col("cameo_root") == "05")
        & (pl.col("modality") == "occurred")
    )
    assert rows.height >= 1
    assert rows["quad_class"].to_list()[0] == 1
    assert rows["goldstein"].to_list()[0] > 0


def test_news_agency_is_never_an_actor(warehouse: Path) -> None:
    frame = events(warehouse)
    names = [n for n in [*frame["source_name"], *frame["target_name"]] if n]
    assert not any("Sputnik" in name for name in names)
    mentions = pl.read_parquet(warehouse / "actor_mentions" / "**" / "*.parquet")
    sputnik = mentions.filter(pl.col("mention_text").str.contains("Sputnik"))
    assert sputnik["actor_country"].is_null().all()


def test_provenance_points_at_the_trigger(warehouse: Path) -> None:
    articles = pl.read_parquet(warehouse / "articles" / "**" / "*.parquet")
    text = articles["text"][0]
    frame = events(warehouse)
    assert frame["source_file"].unique().to_list() == [SEED]
    for start, end, trigger in frame.select("char_start", "char_end", "trigger_text").iter_rows():
        assert text[start:end] == trigger
    assert frame["mention_id"].n_unique() == frame.height


def test_events_trace_back_to_their_mentions(warehouse: Path) -> None:
    mentions = events(warehouse)
    clustered = pl.read_parquet(warehouse / "events" / "**" / "*.parquet")
    assert clustered.height >= 1
    assert clustered["num_mentions"].sum() == mentions.height
    traced = {m for ids in clustered["mention_ids"].to_list() for m in ids}
    assert traced == set(mentions["mention_id"])
    assert (clustered["num_mentions"] == clustered["mention_ids"].list.len()).all()
