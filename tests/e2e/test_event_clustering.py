"""Two articles that report one visit differently become one row of `events`.

A meeting is a joint act: its row holds both directions, and names one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import dagster as dg
import duckdb
import pytest

WIRE = """date 2025-05-07
Wednesday, May 7, 2025
Kenyan president in Ethiopia

Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Addis Ababa on Tuesday.
"""
PAPER = """date 2025-05-08
May 8, 2025
Ruto, Abiy discuss regional trade

The two leaders held talks on a new road corridor. Kenyan President William Ruto met Ethiopian
Prime Minister Abiy Ahmed on May 6 to discuss trade.
"""


@pytest.fixture(scope="module")
def warehouse(
    tmp_path_factory: pytest.TempPathFactory,
    materialize_all: Callable[[Path, Path], dg.ExecuteInProcessResult],
) -> Path:
    landing = tmp_path_factory.mktemp("landing")
    (landing / "wire").mkdir()
    (landing / "paper").mkdir()
    (landing / "wire" / "ruto.txt").write_text(WIRE)
    (landing / "paper" / "ruto.txt").write_text(PAPER)
    output = tmp_path_factory.mktemp("warehouse")
    result = materialize_all(landing, output)
    chart = result.asset_materializations_for_node("dyad_day")[0].metadata["chart"]
    assert "data:image/png;base64," in str(chart.value)
    return output


def test_one_meeting_reported_twice_is_one_event(warehouse: Path) -> None:
    rows = duckdb.sql(
        f"""select num_mentions, num_articles, num_sources, event_date
        from read_parquet('{warehouse}/events/**/*.parquet')
        where cameo_root = '04' and ((source_country, target_country) = ('KEN', 'ETH')
            or (source_country, target_country) = ('ETH', 'KEN'))"""
    ).fetchall()
    assert len(rows) == 1
    num_mentions, num_articles, num_sources, event_date = rows[0]
    assert num_articles == 2
    assert num_sources == 2  # the "wire" and "paper" folders
    assert num_mentions >= 2
    assert str(event_date) == "2025-05-06"


def test_dyad_day_counts_the_event_once(warehouse: Path) -> None:
    rows = duckdb.sql(
        f"""select num_events, quad_class from read_parquet('{warehouse}/dyad_day/**/*.parquet')
        where (source_country, target_country) in (('KEN', 'ETH'), ('ETH', 'KEN'))"""
    ).fetchall()
    assert rows == [(1, 1)]
