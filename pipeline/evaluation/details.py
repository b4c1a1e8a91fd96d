"""Article-by-article listing of matched, missed and spurious events, with the text behind them.

`build_details` reads the same `GoldMatching` the scores are counted from, so every event it
lists as matched, missed or spurious is one the summary counted as a true positive, a false
negative or a false positive; it only joins the text columns of `event_mentions` to it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pipeline.evaluation.matching import (
    ArticleMatch,
    GoldKey,
    GoldMatching,
    PredictionKey,
    class_agrees,
    dyad_agrees,
)
from pipeline.evaluation.mentions import Mention
from pipeline.evaluation.scoring import date_agrees, mode_agrees
from schemas.gold import GoldEvent

PredictionStatus = Literal["matched", "spurious", "out_of_scope"]
Shared = Literal["actors", "class"]

# Sentences are cut for the terminal (the JSON keeps them whole): a parse gone wrong can make
# a "sentence" of thousands of characters.
SENTENCE_CHARACTERS = 240
# Mentions shown per predicted tuple in text; one tuple may collapse dozens of repetitions.
MENTIONS_SHOWN = 3
_INDENT = "      "


@dataclass(frozen=True, slots=True)
class PredictionDetail:
    """One distinct predicted tuple of an article and the mentions collapsed into it.

    Attributes:
        key: The tuple the scorer matched on.
        mentions: Its `event_mentions` rows, in article order.
    """

    key: PredictionKey
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the tuple, its label and its mentions as JSON-ready data."""
        return {
            "key": self.key.to_dict(),
            "label": self.key.label(),
            "mentions": [mention.to_dict() for mention in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A prediction of the article that shares the actors or the class of a missed gold event.

    Attributes:
        prediction: The predicted tuple.
        shares: What it shares with the gold event: `actors` (source and target agree),
            `class` (CAMEO root, else PLOVER type, agrees), or both; both means another
            gold event was matched to it first.
        status: What became of it: `matched` to another gold event, `spurious`, or
            `out_of_scope` (set aside by the gold set's scope rule).
        matched_to: The gold event it was matched to, when `status` is `matched`.
    """

    prediction: PredictionDetail
    shares: tuple[Shared, ...]
    status: PredictionStatus
    matched_to: GoldKey | None

    def to_dict(self) -> dict[str, object]:
        """Return the near miss as JSON-ready data."""
        return {
            "shares": list(self.shares),
            "status": self.status,
            "matched_to": None if self.matched_to is None else self.matched_to.to_dict(),
            "prediction": self.prediction.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class GoldDetail:
    """One distinct gold event of an article and what the run made of it.

    Attributes:
        key: The gold (source, target, class) key.
        event: The gold event that stands for the key (the first with its triple).
        repeats: Further gold events of the article with the same triple, scored once.
        prediction: The predicted tuple matched to it; None when it was missed.
        date_agrees: Whether the match has the gold date (None: missed, or not scored).
        mode_agrees: Whether the match has the gold mode (None: missed, or not scored).
        near_misses: For a missed event, the article's predictions that share its actors
            or its class, in the tuples' sort order; empty for a matched one.
    """

    key: GoldKey
    event: GoldEvent
    repeats: int
    prediction: PredictionDetail | None
    date_agrees: bool | None
    mode_agrees: bool | None
    near_misses: tuple[NearMiss, ...]

    @property
    def matched(self) -> bool:
        """True when a prediction was matched to the gold event."""
        return self.prediction is not None

    def to_dict(self) -> dict[str, object]:
        """Return the gold event, its match or near misses, as JSON-ready data."""
        event = self.event
        return {
            "status": "matched" if self.matched else "missed",
            "gold": {
                **self.key.to_dict(),
                "label": self.key.label(),
                "cameo_code": event.cameo_code,
                "mode": event.mode,
                "event_date": event.event_date,
                "date_precision": event.date_precision,
                "source_actor": event.source_actor,
                "target_actor": event.target_actor,
                "evidence": event.evidence,
                "repeats": self.repeats,
            },
            "prediction": None if self.prediction is None else self.prediction.to_dict(),
            "date_agrees": self.date_agrees,
            "mode_agrees": self.mode_agrees,
            "near_misses": [near.to_dict() for near in self.near_misses],
        }


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """Everything the run found or missed in one gold article.

    Attributes:
        file: The gold `file`.
        published: The gold publication date.
        gold: One row per distinct gold event, in gold order.
        spurious: Counted predictions left unmatched (false positives), in sort order.
        out_of_scope: Predictions the gold set's scope rule set aside, in sort order.
    """

    file: str
    published: str
    gold: tuple[GoldDetail, ...]
    spurious: tuple[PredictionDetail, ...]
    out_of_scope: tuple[PredictionDetail, ...]

    @property
    def matched(self) -> int:
        """Gold events matched (true positives)."""
        return sum(row.matched for row in self.gold)

    @property
    def missed(self) -> int:
        """Gold events missed (false negatives)."""
        return len(self.gold) - self.matched

    def to_dict(self) -> dict[str, object]:
        """Return the article's listing as JSON-ready data."""
        return {
            "file": self.file,
            "published": self.published,
            "gold": len(self.gold),
            "matched": self.matched,
            "missed": self.missed,
            "spurious": len(self.spurious),
            "out_of_scope": len(self.out_of_scope),
            "gold_events": [row.to_dict() for row in self.gold],
            "spurious_predictions": [row.to_dict() for row in self.spurious],
            "out_of_scope_predictions": [row.to_dict() for row in self.out_of_scope],
        }

    def format_lines(self, max_mentions: int = MENTIONS_SHOWN) -> list[str]:
        """Render the article as one block: a header line, then one entry per event.

        Args:
            max_mentions: Most mentions shown per predicted tuple.

        Returns:
            The block's lines.
        """
        lines = [
            f"== {self.file}  (published {self.published})  gold {len(self.gold)}  "
            f"matched {self.matched}  missed {self.missed}  spurious {len(self.spurious)}"
            + (f"  out of scope {len(self.out_of_scope)}" if self.out_of_scope else "")
        ]
        if not self.gold and not self.spurious and not self.out_of_scope:
            lines.append("  (no gold events, no predictions)")
        for row in self.gold:
            lines.extend(_gold_lines(row, max_mentions))
        for prediction in self.spurious:
            lines.append(f"  SPURIOUS {prediction.key.label()}")
            lines.extend(_mention_lines(prediction.mentions, max_mentions))
        for prediction in self.out_of_scope:
            lines.append(f"  OUT OF SCOPE {prediction.key.label()}  (not counted)")
            lines.extend(_mention_lines(prediction.mentions, max_mentions))
        return lines


@dataclass(frozen=True, slots=True)
class EvaluationDetails:
    """The article-by-article listing of one run against one gold set.

    Attributes:
        articles: One block per gold article, in gold order.
    """

    articles: tuple[ArticleDetail, ...]

    @property
    def matched(self) -> int:
        """Matched gold events over all articles (the report's `tp`)."""
        return sum(article.matched for article in self.articles)

    @property
    def missed(self) -> int:
        """Missed gold events over all articles (the report's `fn`)."""
        return sum(article.missed for article in self.articles)

    @property
    def spurious(self) -> int:
        """Spurious predictions over all articles (the report's `fp`)."""
        return sum(len(article.spurious) for article in self.articles)

    def to_dict(self) -> dict[str, object]:
        """Return the listing as JSON-ready data, totals first."""
        return {
            "matched": self.matched,
            "missed": self.missed,
            "spurious": self.spurious,
            "articles": [article.to_dict() for article in self.articles],
        }

    def format_text(self, max_mentions: int = MENTIONS_SHOWN) -> str:
        """Render the listing for a terminal: a legend, one block per article, the totals.

        Args:
            max_mentions: Most mentions shown per predicted tuple (the JSON has them all).

        Returns:
            Lines of text; no trailing newline.
        """
        lines = [
            "details by article, in gold order: MATCHED and MISSED gold events, then "
            "SPURIOUS predictions (false positives)",
            'keys read source→target root/PLOVER; mentions read s<sentence> "text", then '
            "trigger | source | target | CAMEO code | modality | date | confidence",
        ]
        for article in self.articles:
            lines.append("")
            lines.extend(article.format_lines(max_mentions))
        lines.append("")
        lines.append(
            f"details total: matched {self.matched}, missed {self.missed}, "
            f"spurious {self.spurious} (the summary's tp, fn and fp)"
        )
        return "\n".join(lines)


def _prediction(
    match: ArticleMatch, key: PredictionKey, mentions: Sequence[Mention]
) -> PredictionDetail:
    rows = [mentions[position] for position in match.positions[key]]
    return PredictionDetail(key=key, mentions=tuple(sorted(rows, key=Mention.sort_key)))


def _near_misses(
    match: ArticleMatch,
    gold: GoldKey,
    matched_to: dict[PredictionKey, GoldKey],
    mentions: Sequence[Mention],
) -> tuple[NearMiss, ...]:
    counted = set(match.counted)
    near: list[NearMiss] = []
    for key in sorted(match.rows, key=PredictionKey.sort_key):
        shares: list[Shared] = []
        # The same agreement rules as the matcher: a hint is only offered where one half of
        # the match would have succeeded.
        if dyad_agrees(gold, key):
            shares.append("actors")
        if class_agrees(gold, key):
            shares.append("class")
        if not shares:
            continue
        status: PredictionStatus = (
            "out_of_scope" if key not in counted else "matched" if key in matched_to else "spurious"
        )
        near.append(
            NearMiss(
                prediction=_prediction(match, key, mentions),
                shares=tuple(shares),
                status=status,
                matched_to=matched_to.get(key),
            )
        )
    return tuple(near)


def _article_detail(match: ArticleMatch, mentions: Sequence[Mention]) -> ArticleDetail:
    matched_to = {prediction: gold for gold, prediction in match.matched}
    rows: list[GoldDetail] = []
    for gold_key, prediction in match.pairs:
        event = match.gold[gold_key]
        if prediction is None:
            found = None
            date_ok = mode_ok = None
            near = _near_misses(match, gold_key, matched_to, mentions)
        else:
            found = _prediction(match, prediction, mentions)
            date_ok = date_agrees(event, match.rows[prediction])
            mode_ok = mode_agrees(event, match.rows[prediction])
            near = ()
        rows.append(
            GoldDetail(
                key=gold_key,
                event=event,
                repeats=match.repeats.get(gold_key, 0),
                prediction=found,
                date_agrees=date_ok,
                mode_agrees=mode_ok,
                near_misses=near,
            )
        )
    return ArticleDetail(
        file=match.article.file,
        published=match.article.published,
        gold=tuple(rows),
        spurious=tuple(_prediction(match, key, mentions) for key in match.spurious),
        out_of_scope=tuple(_prediction(match, key, mentions) for key in match.uncounted),
    )


def build_details(matching: GoldMatching, mentions: Sequence[Mention]) -> EvaluationDetails:
    """List, per gold article, each gold event matched or missed and each spurious prediction.

    Args:
        matching: The matching the report was scored from (`match_gold`), computed on the
            `event` of each of `mentions`, in the same order.
        mentions: The run's `event_mentions` rows with their evidence (`read_mentions`).

    Returns:
        The listing; its totals equal the report's tp, fn and fp.

    Raises:
        ValueError: If `matching` was not computed from `mentions`.
    """
    for match in matching.articles:
        for key, positions in match.positions.items():
            if any(
                position >= len(mentions) or mentions[position].event != row
                for position, row in zip(positions, match.rows[key], strict=True)
            ):
                raise ValueError("the matching was not computed from these mentions")
    return EvaluationDetails(
        articles=tuple(_article_detail(match, mentions) for match in matching.articles)
    )


def _gold_lines(row: GoldDetail, max_mentions: int) -> list[str]:
    event = row.event
    repeats = f"  (+{row.repeats} more gold events with this key)" if row.repeats else ""
    if row.prediction is None:
        lines = [f"  MISSED   {row.key.label()}{repeats}"]
    else:
        checks = "  ".join(
            f"{name} {_verdict(agrees)}"
            for name, agrees in (("date", row.date_agrees), ("mode", row.mode_agrees))
            if agrees is not None
        )
        lines = [
            f"  MATCHED  {row.key.label()}  by {row.prediction.key.label()}"
            + (f"  {checks}" if checks else "")
            + repeats
        ]
    # Only what the gold records: PLOVER-only gold has no mode and no date.
    facts = [f"mode {event.mode}"] if event.mode else []
    if event.event_date:
        precision = f" ({event.date_precision})" if event.date_precision else ""
        facts.append(f"date {event.event_date}{precision}")
    if event.cameo_code:
        facts.append(f"cameo {event.cameo_code}")
    if event.source_actor or event.target_actor:
        facts.append(f"actors {_quoted(event.source_actor)} → {_quoted(event.target_actor)}")
    if facts:
        lines.append(f"{_INDENT}gold: {', '.join(facts)}")
    if event.evidence:
        lines.append(f"{_INDENT}gold evidence: {_quoted(event.evidence, SENTENCE_CHARACTERS)}")
    if row.prediction is not None:
        lines.extend(_mention_lines(row.prediction.mentions, max_mentions))
    elif not row.near_misses:
        lines.append(f"{_INDENT}no prediction in the article has its actors or its class")
    for near in row.near_misses:
        status = (
            f"matched to {near.matched_to.label()}"
            if near.matched_to is not None
            else near.status.replace("_", " ")
        )
        # "class" is the CAMEO root where the gold has one, else the PLOVER type: say which.
        klass = "root" if row.key.cameo_root is not None else "PLOVER type"
        shared = " and ".join(klass if share == "class" else share for share in near.shares)
        lines.append(f"{_INDENT}near miss (same {shared}): {near.prediction.key.label()}, {status}")
        lines.extend(_mention_lines(near.prediction.mentions, max_mentions, depth=2))
    return lines


def _mention_lines(mentions: Sequence[Mention], max_mentions: int, depth: int = 1) -> list[str]:
    indent = _INDENT + "  " * (depth - 1)
    lines: list[str] = []
    for mention in mentions[:max_mentions]:
        event = mention.event
        sentence = "s?" if mention.sentence_index is None else f"s{mention.sentence_index}"
        date = "no date" if event.event_date is None else event.event_date.isoformat()
        if event.event_date is not None and mention.event_date_precision:
            date += f" ({mention.event_date_precision})"
        confidence = "-" if event.confidence is None else f"{event.confidence:.2f}"
        lines.append(f"{indent}{sentence} {_quoted(mention.sentence_text, SENTENCE_CHARACTERS)}")
        lines.append(
            f"{indent}   trigger {_quoted(mention.trigger_text)}"
            f" | source {_actor(mention.source_name, event.source_country, event.source_org)}"
            f" | target {_actor(mention.target_name, event.target_country, event.target_org)}"
            f" | cameo {mention.cameo_code or event.cameo_root or '-'}"
            f" | {event.modality or 'no modality'} | {date} | confidence {confidence}"
        )
    if len(mentions) > max_mentions:
        lines.append(f"{indent}… and {len(mentions) - max_mentions} more mentions of this key")
    return lines


def _actor(name: str | None, country: str | None, org: str | None) -> str:
    if name is None and country is None and org is None:
        return "none"
    code = "/".join(part for part in (country, org) if part) or "uncoded"
    return f"{_quoted(name)} ({code})" if name is not None else f"({code})"


def _verdict(agrees: bool) -> str:
    return "ok" if agrees else "wrong"


def _quoted(text: str | None, limit: int | None = None) -> str:
    if text is None:
        return "-"
    # Newlines and runs of spaces in a sentence would break the block's layout.
    flat = " ".join(text.split())
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f'"{flat}"'
