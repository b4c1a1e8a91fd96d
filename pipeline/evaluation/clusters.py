"""The pairwise score of the `events` table against gold clusters of reports of one event.

A gold cluster file (`clusters.json`) lists real-world events and, for each, its members: one
gold event of one article each, named by `file`, `source`, `target` and `cameo_root`. The
score (the README of `corpus/clusters-dev` in the shared material) asks whether `events` joins
the mentions that stand for the members of one cluster, across articles:

- a mention stands for a member when it comes from the member's file and its source, target
  and CAMEO root agree with it (the actor rules of `pipeline.evaluation.matching`);
- gold pairs are two members of one cluster from different files; one is joined when a single
  `events` row lists mentions standing for both;
- predicted joins are two mentions from different articles listed by one `events` row, both
  standing for some member; a join is right when both stand for members of one cluster.

Recall is joined gold pairs over gold pairs, precision right joins over predicted joins. A
member no mention stands for can never be joined, which caps the recall; the cap is reported.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow.dataset as ds

from pipeline.evaluation.matching import actor_rank

#: The event_mentions columns the score reads.
MENTION_COLUMNS = (
    "mention_id",
    "article_id",
    "source_file",
    "source_country",
    "source_org",
    "target_country",
    "target_org",
    "cameo_root",
)


@dataclass(frozen=True, slots=True)
class ClusterMember:
    """One gold event of one article that reports a clustered real-world event."""

    cluster_id: str
    file: str
    source: str | None
    target: str | None
    cameo_root: str

    def label(self) -> str:
        """E.g. `C4 a.txt USA→CHN 04`."""
        actors = f"{self.source or '*'}→{self.target or '*'}"
        return f"{self.cluster_id} {self.file} {actors} {self.cameo_root}"


@dataclass(frozen=True, slots=True)
class ScoredMention:
    """The columns of one event mention the score reads."""

    mention_id: str
    article_id: str
    source_file: str
    source_country: str | None
    source_org: str | None
    target_country: str | None
    target_org: str | None
    cameo_root: str

    @property
    def file_name(self) -> str:
        """The file name of `source_file`, without its folders."""
        return self.source_file.rsplit("/", 1)[-1]


def read_clusters(path: Path) -> list[ClusterMember]:
    """The members of every cluster of a `clusters.json` file, in file order.

    Raises:
        ValueError: when the file is not a list of clusters with members.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of clusters")
    members = []
    for cluster in data:
        for member in cluster["members"]:
            members.append(
                ClusterMember(
                    cluster_id=str(cluster["cluster_id"]),
                    file=str(member["file"]),
                    source=member.get("source"),
                    target=member.get("target"),
                    cameo_root=str(member["cameo_root"]),
                )
            )
    return members


def stands_for(mention: ScoredMention, member: ClusterMember) -> bool:
    """Whether a mention stands for a member: same file, agreeing actors, same CAMEO root."""
    return (
        member.file in (mention.source_file, mention.file_name)
        and mention.cameo_root == member.cameo_root
        and actor_rank(member.source, mention.source_country, mention.source_org) is not None
        and actor_rank(member.target, mention.target_country, mention.target_org) is not None
    )


@dataclass(frozen=True)
class ClusterScore:
    """The pairwise score, with the counts behind it."""

    gold_pairs: int
    joined_pairs: int
    reachable_pairs: int
    """Gold pairs both of whose members some mention stands for: the most recall can reach."""
    predicted_joins: int
    right_joins: int
    members: int
    members_with_mention: int
    missed_pairs: tuple[tuple[str, str], ...]
    wrong_joins: tuple[tuple[str, str], ...]

    @property
    def precision(self) -> float:
        """Right joins over predicted joins (1.0 when nothing is joined)."""
        return self.right_joins / self.predicted_joins if self.predicted_joins else 1.0

    @property
    def recall(self) -> float:
        """Joined gold pairs over gold pairs."""
        return self.joined_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def recall_cap(self) -> float:
        """The recall if every gold pair whose members are both coded were joined."""
        return self.reachable_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def to_dict(self) -> dict[str, object]:
        """The score as a JSON-ready mapping."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "recall_cap": round(self.recall_cap, 4),
            "gold_pairs": self.gold_pairs,
            "joined_pairs": self.joined_pairs,
            "reachable_pairs": self.reachable_pairs,
            "predicted_joins": self.predicted_joins,
            "right_joins": self.right_joins,
            "members": self.members,
            "members_with_mention": self.members_with_mention,
            "missed_pairs": [list(pair) for pair in self.missed_pairs],
            "wrong_joins": [list(pair) for pair in self.wrong_joins],
        }

    def format_text(self) -> str:
        """A short report for the terminal."""
        lines = [
            f"event clusters (pairwise): precision {self.precision:.3f}  recall "
            f"{self.recall:.3f}  F1 {self.f1:.3f}",
            f"  gold pairs {self.gold_pairs}, joined {self.joined_pairs}; reachable "
            f"{self.reachable_pairs} (recall cap {self.recall_cap:.3f}: "
            f"{self.members_with_mention} of {self.members} members have a mention)",
            f"  predicted joins {self.predicted_joins}, right {self.right_joins}",
        ]
        lines += [f"  MISSED PAIR  {a}  +  {b}" for a, b in self.missed_pairs]
        lines += [f"  WRONG JOIN   {a}  +  {b}" for a, b in self.wrong_joins]
        return "\n".join(lines)


def score_clusters(
    members: Sequence[ClusterMember],
    mentions: Iterable[ScoredMention],
    events: Iterable[Sequence[str]],
) -> ClusterScore:
    """Score the `events` rows (their mention_ids) against gold clusters, pairwise.

    Args:
        members: Every member of every gold cluster.
        mentions: The event_mentions rows (only those of the members' files matter).
        events: The mention_ids of each `events` row.

    Returns:
        The score, as defined in the module docstring.
    """
    files = {member.file for member in members}
    by_id = {m.mention_id: m for m in mentions if m.source_file in files or m.file_name in files}
    standing = {
        mention_id: frozenset(i for i, member in enumerate(members) if stands_for(m, member))
        for mention_id, m in by_id.items()
    }
    coded = set().union(*standing.values()) if standing else set()
    gold_pairs = [
        (i, j)
        for i, j in itertools.combinations(range(len(members)), 2)
        if members[i].cluster_id == members[j].cluster_id and members[i].file != members[j].file
    ]
    together: set[tuple[int, int]] = set()
    predicted = right = 0
    wrong: list[tuple[str, str]] = []
    for mention_ids in events:
        scored = [by_id[i] for i in mention_ids if i in by_id and standing[i]]
        represented = sorted(set().union(*(standing[m.mention_id] for m in scored)))
        together.update(itertools.combinations(represented, 2))
        for first, second in itertools.combinations(scored, 2):
            if first.article_id == second.article_id:
                continue
            predicted += 1
            if _same_cluster(members, standing[first.mention_id], standing[second.mention_id]):
                right += 1
            else:
                wrong.append((_label(members, first, standing), _label(members, second, standing)))
    joined = [pair for pair in gold_pairs if pair in together]
    return ClusterScore(
        gold_pairs=len(gold_pairs),
        joined_pairs=len(joined),
        reachable_pairs=sum(1 for i, j in gold_pairs if i in coded and j in coded),
        predicted_joins=predicted,
        right_joins=right,
        members=len(members),
        members_with_mention=len(coded),
        missed_pairs=tuple(
            (members[i].label(), members[j].label())
            for i, j in gold_pairs
            if (i, j) not in together and i in coded and j in coded
        ),
        wrong_joins=tuple(sorted(set(wrong))),
    )


def _same_cluster(
    members: Sequence[ClusterMember], first: frozenset[int], second: frozenset[int]
) -> bool:
    clusters = {members[i].cluster_id for i in first}
    return any(members[j].cluster_id in clusters for j in second)


def _label(
    members: Sequence[ClusterMember],
    mention: ScoredMention,
    standing: Mapping[str, frozenset[int]],
) -> str:
    return " | ".join(members[i].label() for i in sorted(standing[mention.mention_id]))


def read_scored_mentions(event_mentions_dir: Path) -> list[ScoredMention]:
    """The event_mentions dataset's rows, reduced to the columns the score reads."""
    table = ds.dataset(event_mentions_dir, partitioning="hive").to_table(
        columns=list(MENTION_COLUMNS)
    )
    return [ScoredMention(**row) for row in table.to_pylist()]


def read_event_mention_ids(events_dir: Path) -> list[list[str]]:
    """The mention_ids of every row of the events dataset."""
    table = ds.dataset(events_dir, partitioning="hive").to_table(columns=["mention_ids"])
    return [list(ids or []) for ids in table.column("mention_ids").to_pylist()]


def evaluate_clusters(
    clusters_path: Path, event_mentions_dir: Path, events_dir: Path
) -> ClusterScore:
    """Score a run's `events` against a gold cluster file (see the module docstring)."""
    return score_clusters(
        read_clusters(clusters_path),
        read_scored_mentions(event_mentions_dir),
        read_event_mention_ids(events_dir),
    )
