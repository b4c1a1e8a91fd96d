"""Matching predicted events to gold events, article by article, by the rules of EVALUATION.md.

Both the scores (`pipeline.evaluation.scoring`) and the error listing
(`pipeline.evaluation.details`) are read off the one `GoldMatching` that `match_gold` returns,
so the two can never disagree.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from pipeline.evaluation.predictions import PredictedEvent
from schemas.gold import GoldArticle, GoldEvent

GoldKind = Literal["real-news", "plover-only"]

# Organisations the gold names individually; any other organisation is the generic `IGO`.
NAMED_ORGANISATIONS: frozenset[str] = frozenset({"UN", "EU", "AU"})
GENERIC_ORGANISATION = "IGO"
# Acronyms the actor lexicon may emit for the same body the gold codes as UN or EU.
ORGANISATION_ALIASES: Mapping[str, str] = {"UNO": "UN", "EUR": "EU"}
# Codes that name no state: a prediction between two of them is not a domestic event.
NON_STATE_CODES: frozenset[str] = frozenset(
    {GENERIC_ORGANISATION, "NGO", "IMG", "ISM", *NAMED_ORGANISATIONS}
)


@dataclass(frozen=True, slots=True)
class GoldKey:
    """A distinct gold event of one article: its actors and its class.

    Attributes:
        source: Gold source code, or null when the gold has no codable source.
        target: Gold target code, or null (accepts any predicted target).
        cameo_root: Two-digit CAMEO root, null on PLOVER-only gold.
        plover: PLOVER type.
    """

    source: str | None
    target: str | None
    cameo_root: str | None
    plover: str | None

    def label(self) -> str:
        """Render the key compactly, e.g. `RUS→IND 04/CONSULT`."""
        actors = f"{self.source or '*'}→{self.target or '*'}"
        return f"{actors} {_class_label(self.cameo_root, self.plover)}"

    def to_dict(self) -> dict[str, str | None]:
        """Return the key as a JSON-ready mapping."""
        return {
            "source": self.source,
            "target": self.target,
            "cameo_root": self.cameo_root,
            "plover": self.plover,
        }


@dataclass(frozen=True, slots=True)
class PredictionKey:
    """A distinct predicted event of one article: the tuple predictions are reduced to.

    Attributes:
        source_country: Predicted source code (ISO alpha-3 or `IGO`).
        source_org: Organisation acronym when the source is an `IGO`.
        target_country: Predicted target code.
        target_org: Organisation acronym when the target is an `IGO`.
        cameo_root: Predicted CAMEO root.
        plover_type: Predicted PLOVER type.
    """

    source_country: str | None
    source_org: str | None
    target_country: str | None
    target_org: str | None
    cameo_root: str | None
    plover_type: str | None

    @classmethod
    def of(cls, event: PredictedEvent) -> "PredictionKey":
        """Reduce a predicted row to its key, dropping file, date and modality."""
        return cls(
            event.source_country,
            event.source_org,
            event.target_country,
            event.target_org,
            event.cameo_root,
            event.plover_type,
        )

    def sort_key(self) -> tuple[str, ...]:
        """Return a total order on keys (nulls first), so matching ignores row order."""
        return (
            self.source_country or "",
            self.source_org or "",
            self.target_country or "",
            self.target_org or "",
            self.cameo_root or "",
            self.plover_type or "",
        )

    def label(self) -> str:
        """Render the key compactly, e.g. `IGO(UN)→SDN 02/REQUEST`."""
        source = _actor_label(self.source_country, self.source_org)
        target = _actor_label(self.target_country, self.target_org)
        return f"{source}→{target} {_class_label(self.cameo_root, self.plover_type)}"

    def to_dict(self) -> dict[str, str | None]:
        """Return the key as a JSON-ready mapping."""
        return {
            "source_country": self.source_country,
            "source_org": self.source_org,
            "target_country": self.target_country,
            "target_org": self.target_org,
            "cameo_root": self.cameo_root,
            "plover_type": self.plover_type,
        }


def _class_label(cameo_root: str | None, plover: str | None) -> str:
    return f"{cameo_root or '--'}/{plover or '-'}"


def _actor_label(country: str | None, org: str | None) -> str:
    if country is None:
        return "*" if org is None else f"({org})"
    return country if org is None else f"{country}({org})"


def _canonical_org(org: str | None) -> str | None:
    if org is None:
        return None
    upper = org.upper()
    return ORGANISATION_ALIASES.get(upper, upper)


def actor_rank(gold: str | None, country: str | None, org: str | None) -> int | None:
    """Decide whether a predicted actor agrees with a gold actor, and how specifically.

    The rank orders the predictions that agree with one gold actor from the least to the most
    flexible, so that greedy matching spends the prediction that could serve fewest other gold
    events first: an exact code before an empty-org `IGO`, a null target before a named one
    where the gold target is null.

    Args:
        gold: The gold code; null accepts any predicted actor (stated for targets by
            EVALUATION.md, extended to the rare null gold source).
        country: The predicted `*_country`.
        org: The predicted `*_org`; `UNO` counts as `UN` and `EUR` as `EU`.

    Returns:
        None when the actors disagree, else 0 (most specific) to 2 (most flexible).
    """
    if gold is None:
        return 0 if country is None and org is None else 1
    if gold in NAMED_ORGANISATIONS:
        if country != GENERIC_ORGANISATION:
            return None
        canonical = _canonical_org(org)
        if canonical == gold:
            return 0
        return 1 if canonical is None else None
    if gold == GENERIC_ORGANISATION:
        # The generic gold code names no particular body (the PLOVER records code the UN, the
        # European Community and NATO all as IGO), so any predicted organisation agrees.
        if country != GENERIC_ORGANISATION:
            return None
        canonical = _canonical_org(org)
        if canonical is None:
            return 2
        return 1 if canonical in NAMED_ORGANISATIONS else 0
    return 0 if country == gold else None


def class_rank(gold: GoldKey, prediction: PredictionKey) -> int | None:
    """Decide whether a predicted event class agrees with a gold one.

    The CAMEO root decides where both have one, else the PLOVER type (two nulls never agree).

    Args:
        gold: The gold event.
        prediction: The predicted event.

    Returns:
        None when the classes disagree; 0 for agreement on the field that both sides fill
        natively; 1 when a rootless prediction agrees with a rooted gold event on the PLOVER
        type alone (that prediction could serve any gold event of the type, so keep it back).
    """
    if gold.cameo_root is not None and prediction.cameo_root is not None:
        return 0 if gold.cameo_root == prediction.cameo_root else None
    if gold.plover is None or gold.plover != prediction.plover_type:
        return None
    return 1 if gold.cameo_root is not None else 0


def match_rank(gold: GoldKey, prediction: PredictionKey) -> int | None:
    """Decide whether a prediction matches a gold event (EVALUATION.md, matching rule 4).

    Args:
        gold: The gold event.
        prediction: The predicted event.

    Returns:
        None when source, target or class disagree, else the summed specificity ranks of
        `actor_rank` and `class_rank` (lower is a more specific candidate).
    """
    ranks = (
        actor_rank(gold.source, prediction.source_country, prediction.source_org),
        actor_rank(gold.target, prediction.target_country, prediction.target_org),
        class_rank(gold, prediction),
    )
    if any(rank is None for rank in ranks):
        return None
    return sum(rank for rank in ranks if rank is not None)


def gold_kind(gold: Sequence[GoldArticle]) -> GoldKind:
    """Classify a gold set: PLOVER-only when it has events and none has a CAMEO root.

    Args:
        gold: The gold articles.

    Returns:
        `plover-only` or `real-news`; a gold set with no events at all counts as real-news,
        since nothing in it says it was coded in PLOVER only.
    """
    events = [event for article in gold for event in article.events]
    if events and all(event.cameo_root is None for event in events):
        return "plover-only"
    return "real-news"


def is_counted(prediction: PredictionKey, kind: GoldKind) -> bool:
    """Apply the gold set's scope rule (EVALUATION.md, matching rules 2 and 3).

    Args:
        prediction: The predicted event.
        kind: The gold set's kind.

    Returns:
        False for a prediction without PLOVER type on PLOVER-only gold, and for a prediction
        between one state and itself on real-news gold; True otherwise.
    """
    if kind == "plover-only":
        return prediction.plover_type is not None
    source = prediction.source_country
    domestic = (
        source is not None and source == prediction.target_country and source not in NON_STATE_CODES
    )
    return not domestic


def _basename(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def url_key(url: str) -> str:
    """A URL as compared with the gold's: no scheme, `www.`, fragment or trailing slash.

    A dump may keep the `http://` address a gold file cites as `https://`, and a saved page's
    canonical URL may add or drop a `www.` or a final slash; the page is the same.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # a malformed URL is compared as written
        return url.strip()
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def _url_index(gold: Sequence[GoldArticle]) -> dict[str, int]:
    keys = Counter(url_key(article.source_url) for article in gold if article.source_url)
    return {
        url_key(article.source_url): position
        for position, article in enumerate(gold)
        # Two gold articles citing one page cannot be told apart by it: files decide.
        if article.source_url and keys[url_key(article.source_url)] == 1
    }


def _file_index(gold: Sequence[GoldArticle]) -> tuple[dict[str, int], dict[str, int]]:
    by_file: dict[str, int] = {}
    for position, article in enumerate(gold):
        if article.file in by_file:
            raise ValueError(f"gold lists {article.file!r} twice; merge its events into one line")
        by_file[article.file] = position
    basenames = Counter(_basename(article.file) for article in gold)
    by_basename = {
        _basename(article.file): position
        for position, article in enumerate(gold)
        # Two gold files with one basename cannot be told apart by name alone: exact only.
        if basenames[_basename(article.file)] == 1
    }
    return by_file, by_basename


def _distinct_gold(
    events: Iterable[GoldEvent],
) -> tuple[dict[GoldKey, GoldEvent], dict[GoldKey, int]]:
    # EVALUATION.md reduces gold to (source, target, class) triples; the first event of a
    # triple stands for it, so its date and mode are the ones scored. The others are counted,
    # so that a listing can say why the gold file has more events than the score.
    seen: dict[tuple[str | None, str | None, str | None], GoldKey] = {}
    distinct: dict[GoldKey, GoldEvent] = {}
    repeats: Counter[GoldKey] = Counter()
    for event in events:
        triple = (event.source, event.target, event.cameo_root or event.plover)
        if triple in seen:
            repeats[seen[triple]] += 1
            continue
        key = GoldKey(event.source, event.target, event.cameo_root, event.plover)
        seen[triple] = key
        distinct[key] = event
    return distinct, dict(repeats)


def _pick(
    gold: GoldKey, unused: Sequence[PredictionKey], later: Sequence[GoldKey]
) -> PredictionKey | None:
    candidates = [(rank, key) for key in unused if (rank := match_rank(gold, key)) is not None]
    if not candidates:
        return None

    def preference(candidate: tuple[int, PredictionKey]) -> tuple[int, int]:
        rank, key = candidate
        # Contention first: a candidate no later gold event could take costs nothing to spend.
        contention = sum(match_rank(other, key) is not None for other in later)
        return contention, rank

    # min() keeps the first of equal candidates, and `unused` is in sort order: deterministic.
    return min(candidates, key=preference)[1]


def dyad_agrees(gold: GoldKey, prediction: PredictionKey) -> bool:
    """Tell whether a prediction has a gold event's source and target, whatever the class.

    Args:
        gold: The gold event.
        prediction: The predicted event.

    Returns:
        True when both actors agree by the rules of `actor_rank`.
    """
    return (
        actor_rank(gold.source, prediction.source_country, prediction.source_org) is not None
        and actor_rank(gold.target, prediction.target_country, prediction.target_org) is not None
    )


def class_agrees(gold: GoldKey, prediction: PredictionKey) -> bool:
    """Tell whether a prediction has a gold event's class, whatever the actors (`class_rank`)."""
    return class_rank(gold, prediction) is not None


@dataclass(frozen=True, slots=True)
class ArticleMatch:
    """How the predictions of one gold article were paired with its gold events.

    Attributes:
        article: The gold article.
        gold: Its distinct gold events in gold order, keyed by (source, target, class); each
            key stands for the first gold event of the article that has it.
        repeats: For a key, how many further gold events of the article have its triple
            (they are scored once); keys without repeats are absent.
        rows: The article's predicted rows collapsed by key, keys in the order first seen.
        positions: For each key, the positions of its rows in the predictions given to
            `match_gold`, so that a caller can join them to columns the scorer does not read.
        counted: The keys the gold set's scope rule counts (`is_counted`), in sort order.
        pairs: One (gold key, matched prediction key or None) pair per distinct gold event,
            in gold order.
    """

    article: GoldArticle
    gold: Mapping[GoldKey, GoldEvent]
    repeats: Mapping[GoldKey, int]
    rows: Mapping[PredictionKey, tuple[PredictedEvent, ...]]
    positions: Mapping[PredictionKey, tuple[int, ...]]
    counted: tuple[PredictionKey, ...]
    pairs: tuple[tuple[GoldKey, PredictionKey | None], ...]

    @property
    def matched(self) -> tuple[tuple[GoldKey, PredictionKey], ...]:
        """The matched (gold, prediction) pairs, in gold order (the true positives)."""
        return tuple(
            (gold, prediction) for gold, prediction in self.pairs if prediction is not None
        )

    @property
    def missed(self) -> tuple[GoldKey, ...]:
        """The gold events no prediction matched, in gold order (the false negatives)."""
        return tuple(gold for gold, prediction in self.pairs if prediction is None)

    @property
    def spurious(self) -> tuple[PredictionKey, ...]:
        """The counted predictions left unmatched, in sort order (the false positives)."""
        used = {prediction for _, prediction in self.pairs}
        return tuple(key for key in self.counted if key not in used)

    @property
    def uncounted(self) -> tuple[PredictionKey, ...]:
        """The predictions the scope rule set aside, in sort order."""
        counted = set(self.counted)
        return tuple(
            sorted((key for key in self.rows if key not in counted), key=PredictionKey.sort_key)
        )


@dataclass(frozen=True, slots=True)
class GoldMatching:
    """The matching of one prediction run against one gold set.

    Attributes:
        kind: The gold set's kind (`gold_kind`), which decides the scope rule.
        articles: One match per gold article, in gold order.
        ignored: Predicted rows per `source_file` that names no gold article.
    """

    kind: GoldKind
    articles: tuple[ArticleMatch, ...]
    ignored: Mapping[str, int]


def _match_article(
    article: GoldArticle, numbered: Iterable[tuple[int, PredictedEvent]], kind: GoldKind
) -> ArticleMatch:
    gold, repeats = _distinct_gold(article.events)
    rows: dict[PredictionKey, list[PredictedEvent]] = {}
    positions: dict[PredictionKey, list[int]] = {}
    for position, row in numbered:
        key = PredictionKey.of(row)
        rows.setdefault(key, []).append(row)
        positions.setdefault(key, []).append(position)
    counted = tuple(
        sorted((key for key in rows if is_counted(key, kind)), key=PredictionKey.sort_key)
    )
    unused = list(counted)
    gold_keys = list(gold)
    pairs: list[tuple[GoldKey, PredictionKey | None]] = []
    for index, gold_key in enumerate(gold_keys):
        best = _pick(gold_key, unused, gold_keys[index + 1 :])
        if best is not None:
            unused.remove(best)
        pairs.append((gold_key, best))
    return ArticleMatch(
        article=article,
        gold=gold,
        repeats=repeats,
        rows={key: tuple(found) for key, found in rows.items()},
        positions={key: tuple(found) for key, found in positions.items()},
        counted=counted,
        pairs=tuple(pairs),
    )


def match_gold(gold: Sequence[GoldArticle], predictions: Sequence[PredictedEvent]) -> GoldMatching:
    """Pair a run's predictions with a gold set's events, as EVALUATION.md specifies.

    Predictions are grouped into gold articles by `source_url` where both give one (a dump
    or saved page names no gold file; `url_key` compares the URLs), else by `source_file`:
    first by the exact gold `file`, then by basename, since `source_file` is relative to the
    run's input folder and may include subfolders. Predictions that name no gold article are
    ignored and counted.

    Per article, predictions are reduced to distinct `PredictionKey` tuples and gold events to
    distinct (source, target, class) triples; the scope rule (`is_counted`) sets some
    predictions aside. Gold events are then matched one-to-one in gold order: each takes the
    unused counted prediction that matches it (`match_rank`), preferring, in this order, the
    candidate fewest later gold events of the article could also match, then the one with the
    lowest specificity rank (an exact org before an empty-org IGO, a null target before a named
    one for a null gold target, a rooted class before a rootless one), then the first in the
    tuples' sort order. Those preferences keep flexible predictions for the later gold events
    they may be the only match for, and make the result independent of the order of the
    prediction rows. Matching stays greedy in gold order, as EVALUATION.md prescribes; no
    globally maximal matching is sought.

    Args:
        gold: The gold articles, one per file.
        predictions: The predicted rows of a run, in any order.

    Returns:
        The matching, one `ArticleMatch` per gold article.

    Raises:
        ValueError: If the gold lists one file twice.
    """
    by_file, by_basename = _file_index(gold)
    by_url = _url_index(gold)
    kind = gold_kind(gold)
    numbered: list[list[tuple[int, PredictedEvent]]] = [[] for _ in gold]
    ignored: Counter[str] = Counter()
    for position, prediction in enumerate(predictions):
        article = by_url.get(url_key(prediction.source_url)) if prediction.source_url else None
        if article is None:
            name = prediction.source_file.replace("\\", "/").removeprefix("./")
            article = by_file.get(name, by_basename.get(_basename(name)))
        if article is None:
            ignored[prediction.source_file] += 1
        else:
            numbered[article].append((position, prediction))
    return GoldMatching(
        kind=kind,
        articles=tuple(
            _match_article(article, rows, kind)
            for article, rows in zip(gold, numbered, strict=True)
        ),
        ignored=dict(ignored),
    )
