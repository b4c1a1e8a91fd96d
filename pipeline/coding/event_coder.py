"""Coding articles into event and actor rows: parsing, the sentence loop, the rows' fields.

The rules live apart: finding events (`sentence_events`), pairing their parties (`parties`),
open targets (`open_targets`), places (`event_places`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from pipeline.coding.arguments import SentenceActors
from pipeline.coding.article_topic import TopicRule, load_topic_rules, off_topic
from pipeline.coding.coded_event import CodedEvent, DatedCodedEvent
from pipeline.coding.discourse import ArticleDiscourse, actor_identity
from pipeline.coding.event_dating import StoryTime, date_event
from pipeline.coding.event_places import event_place
from pipeline.coding.open_targets import resolve_open_targets
from pipeline.coding.parties import dedupe_events
from pipeline.coding.sentence_events import sentence_events
from pipeline.coding.sentence_filter import sentence_filter_for
from pipeline.nlp.segmentation import ParsedSentence, parse_articles
from pipeline.normalize.actors import (
    ActorResolver,
    ActorSpan,
    ArticleActors,
    default_actor_resolver,
)
from pipeline.normalize.places import PlaceResolver, default_place_resolver
from pipeline.provenance import package_version, stable_id
from pipeline.reference.cameo import CameoTable, load_cameo_table
from pipeline.reference.triggers import TriggerLexicon, load_trigger_lexicon
from schemas.records import ActorMention, ArticleRecord, EventMention

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CodingReference:
    """Everything the coder looks up, loaded once per process."""

    lexicon: TriggerLexicon
    cameo: CameoTable
    actors: ActorResolver
    places: PlaceResolver
    topics: tuple[TopicRule, ...]
    coder_version: str

    @classmethod
    def default(cls) -> CodingReference:
        """The shipped reference data."""
        return cls(
            lexicon=load_trigger_lexicon(),
            cameo=load_cameo_table(),
            actors=default_actor_resolver(),
            places=default_place_resolver(),
            topics=load_topic_rules(),
            coder_version=package_version(),
        )


@dataclass
class CodedArticles:
    """The rows coding produced for a batch of articles."""

    actor_mentions: list[ActorMention] = field(default_factory=list)
    event_mentions: list[EventMention] = field(default_factory=list)
    failures: list[CodingFailure] = field(default_factory=list)


@dataclass(frozen=True)
class CodingFailure:
    """An article the coder could not code: kept as an article, reported, never silent."""

    article_id: str
    source_file: str
    error: str


@dataclass(frozen=True)
class CodedArticle:
    """The rows coding produced for one article, or why it produced none."""

    article: ArticleRecord
    actor_mentions: list[ActorMention]
    event_mentions: list[EventMention]
    failure: CodingFailure | None = None
    num_sentences: int = 0
    num_parsed_sentences: int = 0
    num_cut_sentences: int = 0
    """Sentences ended by a bound, not punctuation (see `pipeline.nlp.sentence_bounds`)."""
    rule_seconds: float = 0.0
    """Time spent coding the parsed sentences (after parsing), for the benchmark's split."""


@dataclass(frozen=True)
class CodingOptions:
    """How to run the parser: batch size, processes, and whether to pre-filter sentences."""

    batch_size: int = 64
    n_process: int = 1
    prefilter: bool = True
    """Parse only sentences that can hold an event (see pipeline.coding.sentence_filter)."""


def iter_coded_articles(
    nlp: Language,
    articles: Iterable[ArticleRecord],
    reference: CodingReference,
    options: CodingOptions = CodingOptions(),
) -> Iterator[CodedArticle]:
    """Parse and code articles one at a time, streaming: rows come back as articles finish.

    An article whose splitting, parsing or coding raises comes back with a `failure` and no
    rows; one odd article must not cost a day's batch its events. The run reports the
    failures (and a check flags them), so they are fixed rather than hidden.
    """
    sentence_filter = sentence_filter_for(nlp, reference.lexicon) if options.prefilter else None
    keep = sentence_filter.may_hold_event if sentence_filter is not None else None

    # Whether an article is on topic is decided once, as it enters the parse stream.
    on_topic: dict[str, bool] = {}

    def skip_article(article: ArticleRecord) -> bool:
        # A sports report codes no events (see code_article), so none of it needs parsing.
        on_topic[article.article_id] = off_topic(article.text, reference.topics) is None
        return not on_topic[article.article_id]

    parsed = parse_articles(
        nlp,
        articles,
        batch_size=options.batch_size,
        keep=keep,
        n_process=options.n_process,
        skip_article=skip_article if options.prefilter else None,
    )
    for parsed_article in parsed:
        article, sentences = parsed_article.article, parsed_article.sentences
        parsed_count = sum(1 for s in sentences if s.parsed)
        started = time.perf_counter()
        failure: CodingFailure | None = None
        actor_rows: list[ActorMention] = []
        event_rows: list[EventMention] = []
        codes_events = on_topic.pop(article.article_id, None)
        if parsed_article.failure is not None:
            failure = CodingFailure(article.article_id, article.source_file, parsed_article.failure)
        else:
            try:
                actor_rows, event_rows = code_article(
                    article, sentences, reference, codes_events=codes_events
                )
            except Exception as error:  # recorded and reported, see the docstring
                failure = CodingFailure(article.article_id, article.source_file, repr(error))
                logger.warning("could not code %s: %s", article.source_file, failure.error)
                actor_rows, event_rows = [], []
        yield CodedArticle(
            article,
            actor_rows,
            event_rows,
            failure,
            num_sentences=len(sentences),
            num_parsed_sentences=parsed_count,
            num_cut_sentences=sum(1 for s in sentences if s.cut),
            rule_seconds=time.perf_counter() - started,
        )


def code_articles(
    nlp: Language,
    articles: Iterable[ArticleRecord],
    reference: CodingReference,
    *,
    batch_size: int = 64,
    prefilter: bool = True,
) -> CodedArticles:
    """Parse and code a batch of articles, collecting every row (see `iter_coded_articles`)."""
    coded = CodedArticles()
    options = CodingOptions(batch_size=batch_size, prefilter=prefilter)
    for result in iter_coded_articles(nlp, articles, reference, options):
        if result.failure is not None:
            coded.failures.append(result.failure)
        coded.actor_mentions.extend(result.actor_mentions)
        coded.event_mentions.extend(result.event_mentions)
    return coded


def code_article(
    article: ArticleRecord,
    sentences: list[ParsedSentence],
    reference: CodingReference,
    *,
    codes_events: bool | None = None,
) -> tuple[list[ActorMention], list[EventMention]]:
    """Code every sentence of one article, carrying the discourse from sentence to sentence.

    `codes_events` is False for an off-topic article (a sports report), whose actors are still
    listed; a caller that has already decided it passes it, else it is decided here.
    """
    memory = ArticleActors()
    discourse = ArticleDiscourse()
    actor_rows: list[ActorMention] = []
    coded: list[tuple[ParsedSentence, DatedCodedEvent]] = []
    story = StoryTime(article.publication_date)
    # A sports report's "clashes" between national teams are not events; its actors are still
    # listed in actor_mentions.
    if codes_events is None:
        codes_events = off_topic(article.text, reference.topics) is None
    for sentence in sentences:
        span = sentence.span
        person_spans = [
            (e.start_char - span.start_char, e.end_char - span.start_char)
            for e in span.ents
            if e.label_ == "PERSON"
        ]
        found = reference.actors.find(
            span.text, when=article.publication_date, memory=memory, person_spans=person_spans
        )
        actor_rows.extend(_actor_rows(article, sentence, found))
        events: Iterable[CodedEvent] = ()
        if codes_events and sentence.parsed:
            actors = SentenceActors(span, found, discourse, reference.lexicon, reference.places)
            events = sentence_events(span, actors, reference.lexicon)
        dated_here = [
            date_event(event, span, story, reference.lexicon) for event in dedupe_events(events)
        ]
        coded.extend((sentence, d) for d in story.tell(span, sentence.paragraph_index, dated_here))
        if dated_here:  # the first event's source is the sentence's actor; the rest follow it
            discourse.acted(dated_here[0].event.source.actor, dated_here[0].event.source.text)
        for dated in dated_here:
            discourse.took_part(dated.event.source.actor, dated.event.source.text)
        for actor_span in found:
            discourse.add(actor_span.actor, actor_span.text)
    resolved = resolve_open_targets([event for _, event in coded])
    event_rows = [
        _event_row(article, sentence, event, reference)
        for (sentence, _), event in zip(coded, resolved, strict=True)
        if _has_addressee_or_is_target_free(event.event)
    ]
    return actor_rows, event_rows


#: Roots whose bare code still says what was done without an addressee: refusals.
TARGET_FREE_ROOTS = ("12",)


def _has_addressee_or_is_target_free(event: CodedEvent) -> bool:
    """Whether an event may stand: it has a target, or its act needs none.

    A trigger marked `no_target` may go without one only when its code says what was done
    ("offered to mediate" 039, "withdrew" 087, "appealed for a ceasefire" 0256), or when it
    refuses something (root 12: "will not accept refugees"): a bare root code with no
    addressee ("promised", "demanded", "offered") says nothing coders can use. An answer to
    "the offer" whose offer the article does not tell has no addressee either.
    """
    if event.target is not None:
        return True
    specific = not _bare_root_code(event.code) or event.code.startswith(TARGET_FREE_ROOTS)
    return event.trigger_entry.no_target and specific


def _bare_root_code(code: str) -> bool:
    """A root's own unspecified code: "03", "030", "100"."""
    return len(code) == 2 or (len(code) == 3 and code.endswith("0"))


def _actor_rows(
    article: ArticleRecord, sentence: ParsedSentence, found: Iterable[ActorSpan]
) -> Iterator[ActorMention]:
    for actor_span in found:
        yield actor_mention_row(article.article_id, sentence.index, sentence.char_start, actor_span)


def actor_mention_row(
    article_id: str, sentence_index: int, sentence_start: int, actor_span: ActorSpan
) -> ActorMention:
    """The `actor_mentions` row of an actor found in a sentence starting at `sentence_start`.

    News agencies keep their row but no country: they are sources, never actors.
    """
    start = sentence_start + actor_span.char_start
    end = sentence_start + actor_span.char_end
    actor = actor_span.actor
    return ActorMention(
        actor_mention_id=stable_id(article_id, start, end),
        article_id=article_id,
        sentence_index=sentence_index,
        char_start=start,
        char_end=end,
        mention_text=actor_span.text,
        actor_name=actor.name,
        actor_country=None if actor.is_news_source else actor.country,
        actor_org=actor.org,
        actor_sector=actor.sector,
        actor_role=actor.role,
        resolution="news_source" if actor.is_news_source else actor.resolution,
    )


def _event_row(
    article: ArticleRecord,
    sentence: ParsedSentence,
    dated: DatedCodedEvent,
    reference: CodingReference,
) -> EventMention:
    event, resolved, date_source = dated.event, dated.date, dated.date_source
    cameo = reference.cameo.lookup(event.code)
    span = sentence.span
    trigger_start = sentence.char_offset + event.trigger.idx
    trigger_end = trigger_start + len(event.trigger.text)
    place = event_place(event, reference.places)
    source, target = event.source.actor, event.target.actor if event.target else None
    return EventMention(
        mention_id=stable_id(
            article.article_id,
            trigger_start,
            trigger_end,
            event.code,
            actor_identity(source),
            actor_identity(target) if target else None,
        ),
        article_id=article.article_id,
        source_file=article.source_file,
        source_url=article.source_url,
        publisher=article.publisher,
        publication_date=article.publication_date,
        sentence_index=sentence.index,
        sentence_text=span.text,
        char_start=trigger_start,
        char_end=trigger_end,
        trigger_text=event.trigger.text,
        source_name=event.source.text,
        source_country=source.country,
        source_org=source.org,
        source_sector=source.sector,
        target_name=event.target.text if event.target else None,
        target_country=target.country if target else None,
        target_org=target.org if target else None,
        target_sector=target.sector if target else None,
        cameo_code=cameo.code,
        cameo_root=cameo.root,
        event_label=cameo.label,
        quad_class=cameo.quad_class,
        goldstein=cameo.goldstein,
        plover_type=cameo.plover_type,
        plover_mode=cameo.plover_mode,
        modality=event.modality,
        event_date=resolved.date,
        event_date_precision=resolved.precision,
        event_date_text=resolved.text or None,
        event_date_source=date_source,
        location_name=place.location_name if place else None,
        location_country=place.location_country if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geonames_id=place.geonames_id if place else None,
        confidence=event.confidence,
        coder_version=reference.coder_version,
    )
