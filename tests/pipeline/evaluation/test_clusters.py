"""Pins the pairwise score of `events` against gold clusters (clusters-dev README's definition).

Clusters, mentions and events are invented here; the shared clusters are scored end to end in
tests/e2e/test_clusters_dev.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluation.clusters import (
    ClusterMember,
    ScoredMention,
    read_clusters,
    score_clusters,
)

MEMBERS = [
    # One meeting: announced in a.txt, held in b.txt (both directions), recalled in c.txt.
    ClusterMember("meet", "a.txt", "NOR", "CHL", "03"),
    ClusterMember("meet", "b.txt", "NOR", "CHL", "04"),
    ClusterMember("meet", "b.txt", "CHL", "NOR", "04"),
    ClusterMember("meet", "c.txt", "NOR", "CHL", "04"),
    # The accord signed at it, in b.txt and c.txt.
    ClusterMember("accord", "b.txt", "NOR", "CHL", "05"),
    ClusterMember("accord", "c.txt", "NOR", "CHL", "05"),
]


def _m(mention_id: str, file: str, source: str, target: str, root: str) -> ScoredMention:
    return ScoredMention(
        mention_id, f"art-{file}", f"feed/{file}", source, None, target, None, root
    )


MENTIONS = [
    _m("a03", "a.txt", "NOR", "CHL", "03"),
    _m("b04", "b.txt", "NOR", "CHL", "04"),
    _m("b04r", "b.txt", "CHL", "NOR", "04"),
    _m("c04", "c.txt", "NOR", "CHL", "04"),
    _m("b05", "b.txt", "NOR", "CHL", "05"),
    _m("c05", "c.txt", "NOR", "CHL", "05"),
    # A mention no member stands for (another act) never counts.
    _m("c11", "c.txt", "CHL", "NOR", "11"),
]


def test_gold_pairs_come_from_different_files() -> None:
    score = score_clusters(MEMBERS, MENTIONS, [])
    # meet: a-b twice, a-c, b-c twice = 5; accord: b-c = 1. b.txt's two directions are no pair.
    assert score.gold_pairs == 6
    assert (score.joined_pairs, score.predicted_joins) == (0, 0)
    assert (score.precision, score.recall, score.recall_cap) == (1.0, 0.0, 1.0)


def test_perfect_rows_join_every_pair() -> None:
    rows = [["a03", "b04", "b04r", "c04"], ["b05", "c05", "c11"]]
    score = score_clusters(MEMBERS, MENTIONS, rows)
    assert (score.joined_pairs, score.gold_pairs) == (6, 6)
    # Mention pairs across articles: a03-b04, a03-b04r, a03-c04, b04-c04, b04r-c04, b05-c05.
    assert (score.predicted_joins, score.right_joins) == (6, 6)
    assert score.f1 == 1.0


def test_a_row_joining_two_events_is_wrong_where_it_crosses() -> None:
    # The meeting and the accord in one row: right within each cluster, wrong across.
    rows = [["a03", "b04", "b04r", "c04", "b05", "c05"]]
    score = score_clusters(MEMBERS, MENTIONS, rows)
    assert score.joined_pairs == 6
    # 15 pairs of mentions, 4 of them within one article (b.txt's three, c.txt's one): 11
    # joins, 6 right and 5 wrong (a03-b05, a03-c05, b04-c05, b04r-c05, c04-b05).
    assert (score.predicted_joins, score.right_joins) == (11, 6)
    assert score.precision == pytest.approx(6 / 11)


def test_an_uncoded_member_caps_the_recall() -> None:
    mentions = [m for m in MENTIONS if m.mention_id != "a03"]
    score = score_clusters(MEMBERS, mentions, [["b04", "b04r", "c04"], ["b05", "c05"]])
    assert (score.members_with_mention, score.reachable_pairs) == (5, 3)
    assert score.recall == score.recall_cap == pytest.approx(3 / 6)


def test_read_clusters(tmp_path: Path) -> None:
    path = tmp_path / "clusters.json"
    path.write_text(
        json.dumps(
            [
                {
                    "cluster_id": "K1",
                    "description": "an invented visit",
                    "members": [
                        {
                            "file": "x.txt",
                            "source": "NOR",
                            "target": "CHL",
                            "cameo_root": "04",
                            "event_date": "2031-03",
                        },
                        {
                            "file": "y.txt",
                            "source": "NOR",
                            "target": None,
                            "cameo_root": "03",
                            "event_date": "2031-03-06",
                        },
                    ],
                }
            ]
        )
    )
    assert read_clusters(path) == [
        ClusterMember("K1", "x.txt", "NOR", "CHL", "04"),
        ClusterMember("K1", "y.txt", "NOR", None, "03"),
    ]
