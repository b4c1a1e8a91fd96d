"""Coding events from parsed sentences: triggers, actors, CAMEO fields, modality, date, place."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.tokens import Span, Token

from pipeline.coding.arguments import Participant, SentenceActors, unique
from pipeline.coding.article_topic import TopicRule, load_topic_rules, off_topic
from pipeline.coding.confidence import confidence
from pipeline.coding.discourse import ArticleDiscourse, actor_identity
from pipeline.coding.event_dating import DatedEvent, StoryTime, date_event
from pipeline.coding.modality import (
    SPOKEN_FUTURE_ROOTS,
    classify_modality,
    condition_subjects,
    governing_chain,
)
from pipeline.coding.sentence_filter import EventSentenceFilter
from pipeline.coding.triggers import (
    absorbed,
    complements,
    match_trigger,
    matching_triggers,
    refined_code,
)
from pipeline.nlp.segmentation import ParsedSentence, parse_articles
from pipeline.normalize.actors import (
    Actor,
    ActorResolver,
    ActorSpan,
    ArticleActors,
    default_actor_resolver,
)
from pipeline.normalize.places import Place, PlaceResolver, default_place_resolver
from pipeline.provenance import package_version, stable_id
from pipeline.reference.cameo import CameoTable, load_cameo_table
from pipeline.reference.triggers import Modality, Trigger, TriggerLexicon, load_trigger_lexicon
from schemas.records import ActorMention, ArticleRecord, EventMention
from schemas.types import Sector

logger = logging.getLogger(__name__)

#: Words after which a place name says where something happened.
LOCATIVE_PREPOSITIONS = frozenset({"in", "at"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})


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
class _Event:
    trigger: Token
    trigger_entry: Trigger
    code: str
    source: Participant
    target: Participant | None
    modality: Modality
    confidence: float


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
    sentence_filter = (
        EventSentenceFilter.for_pipeline(nlp, reference.lexicon) if options.prefilter else None
    )
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
    coded: list[tuple[ParsedSentence, _DatedEvent]] = []
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
        events: Iterable[_Event] = ()
        if codes_events and sentence.parsed:
            actors = SentenceActors(span, found, discourse, reference.lexicon, reference.places)
            events = _sentence_events(span, actors, reference.lexicon)
        dated_here = [
            date_event(event, span, story, reference.lexicon) for event in _dedupe(events)
        ]
        coded.extend((sentence, d) for d in story.tell(span, sentence.paragraph_index, dated_here))
        if dated_here:  # the first event's source is the sentence's actor; the rest follow it
            discourse.acted(dated_here[0].event.source.actor, dated_here[0].event.source.text)
        for actor_span in found:
            discourse.add(actor_span.actor, actor_span.text)
    resolved = _resolve_open_targets([event for _, event in coded])
    event_rows = [
        _event_row(article, sentence, event, reference)
        for (sentence, _), event in zip(coded, resolved, strict=True)
    ]
    return actor_rows, event_rows


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


# -- events of a sentence -------------------------------------------------------------------------


def _sentence_events(
    sentence: Span, actors: SentenceActors, lexicon: TriggerLexicon
) -> Iterator[_Event]:
    yield from _reported_demands(sentence, actors, lexicon)
    for token in sentence:
        # Most tokens are no trigger at all; asking that first spares them the absorption test.
        triggers = list(matching_triggers(token, lexicon))
        if not triggers or absorbed(token, lexicon):
            continue
        # The first entry that codes something wins: "welcomed Modi" is a hosting (its
        # objects must be actors), "welcomed the decision" falls through to praise.
        for trigger in triggers:
            coder = _verb_events if trigger.pos == "VERB" else _noun_events
            events = list(coder(token, trigger, actors, lexicon))
            if events:
                yield from events
                break


def _reported_demands(
    sentence: Span, actors: SentenceActors, lexicon: TriggerLexicon
) -> Iterator[_Event]:
    """Reported demands: in "Russia said Sudan must return it", Russia demands of Sudan."""
    for clause in sentence:
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in lexicon.speech_verbs:
            continue
        modal = next(
            (
                c.lower_
                for c in clause.children
                if c.dep_ == "aux" and c.lower_ in lexicon.modal_demands
            ),
            None,
        )
        if modal is None or any(c.dep_ == "neg" for c in clause.children):
            continue
        addressees = [
            p
            for c in clause.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for p in actors.participants(c)
        ]
        speaker = clause.head
        entry = Trigger(lemma=speaker.lemma_.lower(), pos="VERB", code=lexicon.modal_demands[modal])
        for source in actors.verb_source(speaker):
            for target in addressees:
                if actor_identity(source.actor) != actor_identity(target.actor):
                    yield _Event(
                        trigger=speaker,
                        trigger_entry=entry,
                        code=entry.code,
                        source=source,
                        target=target,
                        modality="occurred",
                        confidence=confidence(source, target, speaker, code=entry.code),
                    )


def _verb_events(
    verb: Token, trigger: Trigger, actors: SentenceActors, lexicon: TriggerLexicon
) -> Iterator[_Event]:
    sources = actors.verb_source(verb)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    targets = actors.passive_subject(verb) if passive else []
    if passive and not targets:
        # "a camp for Congolese refugees was attacked": the party inside the passive subject
        for child in verb.children:
            if child.dep_ == "nsubjpass":
                targets = actors.nested(child, exclude=sources)
    targets = unique([*targets, *actors.targets(verb, trigger)])
    if not targets and verb.dep_ == "acl" and verb.lemma_.lower() in HOSTING_VERBS:
        # "held talks in Putrajaya hosted by Anwar": the host receives the talks' parties
        targets = _meeting_parties(verb.head, actors)
    if not targets and "oprd" in trigger.targets:
        # "called Scholz", "branded the Chinese move illegal": the parser takes the object for
        # an object predicate, or for the subject of a small clause.
        targets = unique(_small_clause_parties(verb, actors))
    stative = trigger.prep is not None and not any(c.dep_ == "agent" for c in verb.children)
    if passive and stative and not sources:
        # "Chile is opposed to Peru's proposal": a state, not a passive; the grammatical
        # subject holds the attitude toward the prepositional object.
        sources = actors.passive_subject(verb)
        targets = unique(
            [
                *actors.prep_targets(verb, [trigger.prep or ""]),
                *(
                    p
                    for c in verb.children
                    if c.dep_ == "prep" and c.lower_ == trigger.prep
                    for p in actors.nested(c, exclude=sources)
                ),
            ]
        )
    if passive and not sources and refined_code(verb, trigger)[:2] in AUTHORITY_ROOTS:
        # "a Danish sailor was arrested in Iran": arrested by Iran's authorities
        sources = _authority_of_place([verb], targets, actors)
    own_phrase = actors.has_target_phrase(verb, trigger)
    if trigger.absorbs and not targets and not own_phrase:
        targets = _addressees(verb, sources, actors, lexicon)
    if not targets and actors.has_target_phrase(verb, trigger):
        # "hit out at the crackdown on protests in Iran": the party inside the object phrase.
        for child in verb.children:
            if child.dep_ in ("dobj", "prep") and (
                child.dep_ in trigger.targets or child.lower_ in trigger.targets
            ):
                targets = actors.nested(child, exclude=sources)
                if targets:
                    break
    if not targets and trigger.code[:2] in VIOLENT_ROOTS:
        for child in verb.children:
            if child.dep_ in ("dobj", "prep") and (
                child.dep_ in trigger.targets or child.lower_ in trigger.targets
            ):
                targets = actors.place_target(child)
                if targets:
                    break
    if refined_code(verb, trigger)[:2] in VIOLENT_ROOTS:
        targets = _violence_targets(verb, sources, targets, actors)
    if trigger.objects_are_actors and not targets:
        return
    open_phrase = actors.has_target_phrase(verb, trigger) and not targets
    yield from _pairs(verb, trigger, sources, targets, actors, open_phrase=open_phrase)


def _small_clause_parties(verb: Token, actors: SentenceActors) -> Iterator[Participant]:
    for child in verb.children:
        if child.dep_ == "oprd":
            yield from actors.participants(child)
        elif child.dep_ == "ccomp":
            for subject in (c for c in child.children if c.dep_ == "nsubj"):
                yield from actors.participants(subject)


def _violence_targets(
    verb: Token, sources: list[Participant], targets: list[Participant], actors: SentenceActors
) -> list[Participant]:
    """Whom an attack hits when its object names no state.

    The purpose of the act names them ("opened fire to disperse the demonstrators"); else the
    place it happened stands for its state ("recaptured a town in western Laos"), and unnamed
    victims ("killed 23 people") are people of that place, not of the attackers' country.
    """
    if not targets:
        for clause in complements(verb):
            inner = Trigger(clause.lemma_, "VERB", "190", targets=("dobj", "dative"))
            targets = actors.targets(clause, inner)
            if targets:
                return targets
    places = [
        place
        for clause in (verb, *(c for c in verb.children if c.dep_ == "advcl"))
        for prep in clause.children
        if prep.dep_ == "prep" and prep.lower_ in ("in", "inside", "at")
        for place in (
            actors.nested(prep, exclude=sources)
            if clause is verb
            else actors.nested(prep, exclude=[*sources, *targets])
        )
        or actors.place_target(prep)
    ]
    if not targets:
        return places[:1]
    located = all(p.via == "located" for p in targets)
    if located and places and places[0].actor.country not in {p.actor.country for p in targets}:
        country = places[0].actor.country
        return [
            Participant(
                replace(p.actor, country=country, name=f"{p.text} ({country})"), p.text, "located"
            )
            for p in targets
        ]
    return targets


def _addressees(
    verb: Token, sources: list[Participant], actors: SentenceActors, lexicon: TriggerLexicon
) -> list[Participant]:
    """Whom an offer, threat, refusal or demand that names no object is aimed at.

    Tried in order: the objects of the act it contains ("offered to host Putin and
    Zelensky"), the party its condition names ("threatened an offensive unless Baghdad
    accepted"), a party inside the act ("declined to send troops to Haiti"), the subject
    of what it demands ("demanded that the US cancel the sale").
    """
    inner = complements(verb)
    strategies: tuple[Callable[[], Iterable[Participant]], ...] = (
        lambda: (p for c in inner for p in _complement_targets(c, actors, lexicon)),
        lambda: (p for c in inner for t in condition_subjects(c) for p in actors.participants(t)),
        lambda: next((found for c in inner if (found := actors.nested(c, exclude=sources))), []),
        lambda: (
            p
            for clause in verb.children
            if clause.dep_ == "ccomp"
            for s in clause.children
            if s.dep_ in ("nsubj", "nsubjpass")
            for p in actors.participants(s)
        ),
    )
    for strategy in strategies:
        found = unique(strategy())
        if found:
            return found
    return []


#: Prepositions that introduce the party an act is aimed at.
TARGET_PREPOSITIONS = ("on", "against", "to", "with", "toward", "towards", "between")
#: Nouns that only count or group the event noun after "of": "a round of sanctions".
GROUPING_NOUNS = frozenset(
    {
        "round",
        "package",
        "list",
        "series",
        "wave",
        "set",
        "raft",
        "batch",
        "number",
        "slew",
        "string",
        "host",
        "new",
        "fresh",
        "range",
        "tranche",
        "kind",
        "type",
        "form",
        # spans of time: "ten days of war games", "two weeks of talks"
        "hour",
        "day",
        "week",
        "month",
    }
)
#: Verbs that hold forces in a posture: "troops remained on alert", "put the army on alert".
POSTURE_VERBS = frozenset({"be", "remain", "stay", "go", "put", "place", "keep"})
#: Prepositions of the place where forces are held or sent ("on alert in the border region").
POSTURE_PLACE_PREPOSITIONS = ("in", "into", "near", "along", "inside")


def _complement_targets(
    complement: Token, actors: SentenceActors, lexicon: TriggerLexicon
) -> list[Participant]:
    """Who the act inside an offer, threat or appeal is aimed at ("to impose tariffs on Mexico")."""
    inner = match_trigger(complement, lexicon)
    found = list(actors.targets(complement, inner)) if inner else []
    found.extend(actors.prep_targets(complement, TARGET_PREPOSITIONS))
    for child in complement.children:
        if child.dep_ in ("dobj", "dative"):
            found.extend(actors.participants(child))
            found.extend(actors.prep_targets(child, TARGET_PREPOSITIONS))
    return unique(found)


def _phrase_head(noun: Token) -> Token:
    """The noun that stands in the clause for an event noun ("a round of sanctions" -> round)."""
    head = noun
    while True:
        if (
            head.dep_ == "pobj"
            and head.head.lower_ == "of"
            and head.head.head.lemma_.lower() in GROUPING_NOUNS
        ):
            head = head.head.head
        elif head.dep_ == "conj" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i < head.i:
            head = head.head  # "launched artillery, mortar and rocket fire": the list's head
        else:
            return head


def _noun_events(
    noun: Token, trigger: Trigger, actors: SentenceActors, lexicon: TriggerLexicon
) -> Iterator[_Event]:
    head = _phrase_head(noun)
    governor = head.head
    if trigger.symmetric and _helped_by_others(head):
        return  # "offered to assist in negotiations": the helpers are no party to the talks
    light = (
        head.dep_ in ("dobj", "attr", "nsubjpass")
        and governor.pos_ in ("VERB", "AUX")
        and governor.lemma_.lower() in lexicon.light_verbs
    )
    if not light and head.dep_ == "dobj" and match_trigger(governor, lexicon) is not None:
        return  # the verb codes the event ("signed an agreement")
    posture = _posture_verb(head, trigger)
    if posture is not None:
        # "troops remained on alert": the state the forces are held in is their act
        governor, light = posture, True
    if (
        head.dep_ == "pobj"
        and head.head.lower_ == "under"
        and head.head.head.lemma_.lower() in ("put", "place")
    ):
        # "was put under investigation", "placed under arrest"
        governor, light = head.head.head, True
    named = [p for p in actors.modifier_actors(noun) if p.via != "compound"]
    if not named and noun.dep_ == "pobj" and noun.head.lower_ == "of":
        # "Berlin's go-ahead for a tank sale to Kyiv": the one who approves sells.
        named = [p for p in actors.modifier_actors(noun.head.head) if p.via != "compound"]
    sources = unique([*named, *actors.prep_targets(noun, ("by",))])
    for child in noun.children:
        if child.dep_ == "acl" and any(c.dep_ == "agent" for c in child.children):
            if trigger.symmetric and child.lemma_.lower() in HOSTING_VERBS:
                continue  # "talks hosted by Malaysia": the host is no party to them
            # "the invitation extended by Modi"
            sources = unique([*sources, *actors.prep_targets(child, ("by",))])
    compound = [p for p in actors.modifier_actors(noun) if p not in sources]
    # "US-China talks resumed", "Russian sanctions took effect": names before the noun are
    # its parties when the event is the clause's subject; "will supersede the
    # U.S.-Mexico-Canada agreement" names a document, not an act.
    subject = head.dep_ in ("nsubj", "nsubjpass", "ROOT")
    owned = bool(sources) or (subject and bool(compound))
    if light and not sources:
        sources = [Participant(p.actor, p.text, "light_verb") for p in actors.verb_source(governor)]
    situated = _situating_verb(head, lexicon)
    if not sources and situated is not None:
        # "offered in a phone call with Putin": the call is the subject's.
        sources = [Participant(p.actor, p.text, "light_verb") for p in actors.verb_source(situated)]
    if trigger.requires_light_verb and not light and not owned:
        return
    if not sources and subject:
        sources = compound
    targets = actors.targets(noun, trigger)
    if not targets and head.dep_ == "nsubj" and governor.lemma_.lower() in CARRYING_VERBS:
        # "his trip will take him to Panama, El Salvador and Guatemala": where the trip
        # takes its traveller is where the visit goes
        targets = actors.prep_targets(governor, trigger.targets)
        if not sources:
            traveller = [c for c in governor.children if c.dep_ == "dobj"]
            sources = [p for c in traveller for p in actors.participants(c)]
    if light and not targets:
        targets = actors.targets(governor, trigger)
    passive = light and any(c.dep_ == "nsubjpass" for c in governor.children)
    if passive and not targets:
        targets = [p for p in actors.passive_subject(governor) if p not in sources]
    if passive and not sources and trigger.code[:2] in AUTHORITY_ROOTS:
        sources = _authority_of_place([noun, governor], targets, actors)
    if not targets and trigger.code[:2] in REQUEST_ROOTS:
        # "its demand that Israel ease restrictions": the demand is made of Israel, also when
        # the clause hangs off the light verb ("renewed its demand that Israel ease ...")
        holders = [noun, governor] if light else [noun]
        targets = [
            p
            for holder in holders
            for clause in holder.children
            if clause.dep_ in ("acl", "ccomp")
            for c in clause.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for p in actors.participants(c)
        ]
    if not targets and trigger.code[:2] in MOBILIZE_ROOTS:
        # "troops on alert in the West Bank": forces held ready in a place face its state
        verb = governor if light else _situating_verb(head, lexicon)
        if verb is not None:
            targets = _posture_place(verb, sources, actors)
    if not targets:
        # "a halt of flights to Moldova", "the pullout of troops from Mali"
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        targets = [
                            p
                            for p in actors.targets(pobj, trigger)
                            + actors.prep_targets(pobj, TARGET_PREPOSITIONS)
                            if p not in sources
                        ]
    if not targets:
        # "a hearing into the treatment of Palestinian detainees": the party inside the phrase
        holders = [noun, governor] if light else [noun]
        for phrase in (
            c
            for holder in holders
            for c in holder.children
            if c.dep_ == "prep" and c.lower_ in trigger.targets and c.lower_ != "between"
        ):
            targets = actors.nested(phrase, exclude=sources)
            if targets:
                break
    between = actors.prep_targets(noun, ("between",))
    parties_between = trigger.symmetric and actors.prep_targets_phrase(noun, "between")
    if (
        parties_between
        and light
        and governor.lemma_.lower() in HOSTING_VERBS
        and classify_modality(noun, trigger) in OFFERED
    ):
        # "ready to host a meeting between X and Y": the host's offer is the event (coded by
        # the verb); X and Y have agreed to nothing.
        return
    if parties_between:
        # "talks between X and Y" are X's and Y's, whoever hosted or announced them; with
        # only one side known there is no pair to code.
        sources, targets = (between, []) if len(between) >= 2 else ([], [])
    elif between:
        targets = unique([*targets, *between])
    if trigger.symmetric and len(sources) >= 2 and targets:
        targets = [t for t in targets if t not in sources]
    if not sources and targets and trigger.symmetric and not parties_between:
        # "Bilateral meetings with X and Y took place as well": an agentless meeting is held
        # by whoever the story is about (other than X and Y).
        host = actors.discourse.protagonist(exclude=[actor_identity(t.actor) for t in targets])
        if host is not None:
            sources = [Participant(host[0], host[1], "discourse")]
    # The "between" phrase named the parties themselves: it leaves no addressee open.
    open_phrase = actors.has_target_phrase(noun, trigger) and not targets and not parties_between
    yield from _pairs(noun, trigger, sources, targets, actors, open_phrase=open_phrase)


def _authority_of_place(
    holders: list[Token], targets: list[Participant], actors: SentenceActors
) -> list[Participant]:
    """Who investigates, charges or arrests when the text names only where ("in Italy")."""
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "by"):
                found = actors.nested(prep, exclude=targets) or actors.place_target(prep)
                if found:
                    return found
    return []


def _posture_verb(head: Token, trigger: Trigger) -> Token | None:
    """The verb of "remained on alert", "put the army on standby" for a force-posture noun."""
    if trigger.code[:2] not in MOBILIZE_ROOTS or head.dep_ != "pobj":
        return None
    preposition = head.head
    if preposition.lower_ != "on" or preposition.dep_ != "prep":
        return None
    verb = preposition.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in POSTURE_VERBS:
        return None
    return verb


def _posture_place(
    verb: Token, sources: list[Participant], actors: SentenceActors
) -> list[Participant]:
    """The state whose ground forces are held or massed on: "on alert in Crimea"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in POSTURE_PLACE_PREPOSITIONS:
            found = actors.nested(child, exclude=sources) or actors.place_target(child)
            if found:
                return found
    return []


def _situating_verb(noun: Token, lexicon: TriggerLexicon) -> Token | None:
    """The verb of "X offered in a call with Y", "X said during talks with Y".

    Not when the phrase is the verb's own argument: in "hit out at the crackdown" the
    crackdown is what is criticised, not something the critic did.
    """
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return None
    preposition = noun.head.lower_
    if preposition not in ("in", "during", "at", "after", "on"):
        return None
    verb = noun.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    trigger = match_trigger(verb, lexicon)
    if trigger is not None and preposition in trigger.targets:
        return None
    return verb


#: Roots of requests and demands, made of whoever must act.
REQUEST_ROOTS = frozenset({"02", "10"})
#: CAMEO "refuse to yield": what a denied concession or retreat amounts to.
REFUSAL_TO_YIELD = "124"
#: Roots of violence, whose target may be named by a place ("shelled Juba").
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
#: Roots of acts that only a state's authorities do where they happen: investigations,
#: charges, arrests ("was arrested in Iran" is Iran's act).
AUTHORITY_ROOTS = frozenset({"09", "11", "17"})
#: Roots of force posture (alerts, mobilisation, deployments).
MOBILIZE_ROOTS = frozenset({"15"})
#: Roots of punitive acts: announcing one is threatening it.
PUNITIVE_ROOTS = frozenset({"16", "17", "18", "19", "20"})
#: Hosting codes: when only planned or offered, the visit is coded, not the hosting.
HOSTING_CODES = frozenset({"043"})


def _pairs(
    token: Token,
    trigger: Trigger,
    sources: list[Participant],
    targets: list[Participant],
    actors: SentenceActors,
    *,
    open_phrase: bool = False,
) -> Iterator[_Event]:
    if not sources:
        return
    lexicon = actors.lexicon
    modality = classify_modality(token, trigger)
    code = refined_code(token, trigger)
    if code[:2] == "03" and _helps_with_talks(token):
        # "offered to assist in negotiations", "ready to help the peace talks": mediation
        code = MEDIATION_OFFER
    if modality == "planned" and code[:2] in SPOKEN_FUTURE_ROOTS:
        modality = "occurred"
    # Announced punishment (roots 16-20) is a threat; a retreat or withdrawal is one only when
    # made conditional ("will withdraw unless ..."): "is willing to withdraw" is an offer.
    punitive = code[:2] in PUNITIVE_ROOTS and modality in ("hypothetical", "planned")
    threatening = punitive or modality == "hypothetical"
    threat = lexicon.threat_code(code) if threatening and trigger.modality is None else None
    if threat is not None:
        # "will impose sanctions if Y does not ...", "plans to impose a curfew": announcing a
        # punitive act is threatening it, now (CAMEO practice), toward Y where a condition
        # names one.
        code, modality = threat, "occurred"
        targets = targets or [p for t in condition_subjects(token) for p in actors.participants(t)]
    if modality == "denied" and code[:2] == "08":
        # "would not meet the hostage-takers' demands": refusing to yield is itself an act.
        code, modality = REFUSAL_TO_YIELD, "occurred"
    if not targets and code[:2] in PROTEST_ROOTS:
        # "began a hunger strike to protest Sweden's decision", "in defiance of Chinese
        # authorities": the protest's purpose names whom it is against.
        clause = token if token.pos_ in ("VERB", "AUX") else token.head
        for child in clause.children:
            if child in complements(clause) or (
                child.dep_ == "prep" and child.lower_ in ("in", "against")
            ):
                targets = actors.nested(child, exclude=sources)
                if targets:
                    break
    future = modality in ("planned", "intent") and trigger.modality is None
    final_code = lexicon.intent_code(code) if future else code
    if final_code in MEDIATION_CODES:
        # "offered to help resolve differences between India and Pakistan": an offer to
        # mediate is made toward each party it would mediate between; with none named, to the
        # two parties the story is about ("also offered to assist in negotiations").
        targets = unique([*targets, *_parties_between(token, sources, actors)])
        if not targets:
            targets = _story_parties(sources, actors)
    pairs: list[tuple[Participant, Participant | None, str]] = []
    target: Participant | None
    reciprocal = _reciprocal_object(token)
    if reciprocal:
        # "Kenya and Uganda accused each other": each party is the other's target.
        targets, open_phrase = [], False
    if not targets and (trigger.symmetric or reciprocal) and len(sources) >= 2 and not open_phrase:
        pairs.extend((a, b, final_code) for a in sources for b in sources if a is not b)
    for source in sources:
        for target in targets:
            hosting_only_planned = future and code in HOSTING_CODES
            if not hosting_only_planned:
                pairs.append((source, target, final_code))
            if trigger.symmetric:
                pairs.append((target, source, final_code))
            elif trigger.inverse and code == trigger.code:
                # "welcomed the decision" (refined to praise) is no visit the other way
                inverse = lexicon.intent_code(trigger.inverse) if future else trigger.inverse
                pairs.append((target, source, inverse))
    kept = [
        (source, target, pair_code)
        for source, target, pair_code in pairs
        if target is None or actor_identity(source.actor) != actor_identity(target.actor)
    ]
    # "completed their withdrawal from a Bosnian town", said of Bosnian forces: a place of
    # the source's own state named by a preposition is no addressee, and an act that needs
    # none still happened. Objects and passive subjects are the act's own patients.
    from_phrase = all(
        t not in ("dobj", "dative", "nsubjpass") for t in trigger.targets
    ) and not any(c.dep_ == "nsubjpass" for c in token.children)
    if trigger.no_target and not kept and (not pairs or from_phrase):
        kept.extend((source, None, final_code) for source in sources)
    pairs = kept
    for source, target, pair_code in pairs:
        yield _Event(
            trigger=token,
            trigger_entry=trigger,
            code=pair_code,
            source=source,
            target=target,
            modality=modality,
            confidence=confidence(source, target, token, modality, pair_code),
        )


#: Words that make an object reciprocal ("each other", "one another").
RECIPROCAL_WORDS = frozenset({("each", "other"), ("one", "another")})


def _reciprocal_object(trigger: Token) -> bool:
    """Whether the trigger's object is "each other" or "one another".

    Directly or by a preposition: "accused each other", "talked to one another".
    """
    phrases = [c for c in trigger.children if c.dep_ in ("dobj", "dative", "prep")]
    phrases += [g for c in phrases if c.dep_ in ("prep", "dative") for g in c.children]
    for phrase in phrases:
        words = tuple(t.lower_ for t in phrase.subtree)
        if any(words[i : i + 2] in RECIPROCAL_WORDS for i in range(len(words) - 1)):
            return True
    return False


#: Verbs whose subject, a journey, carries its object somewhere ("the trip takes him to X").
CARRYING_VERBS = frozenset({"take", "bring", "lead"})
#: Verbs by which a third party arranges others' meeting ("host talks between X and Y").
HOSTING_VERBS = frozenset({"host", "organize", "organise", "arrange", "convene", "broker"})
#: Modalities of an act only offered or imagined, not yet agreed by its parties.
OFFERED = frozenset({"intent", "hypothetical"})
#: Offers and appeals to mediate: toward each of the parties mediated between.
MEDIATION_CODES = frozenset({"039", "028"})


#: Code of an offer to mediate, and the words that make an offer one: help with talks.
MEDIATION_OFFER = "039"
HELPING_WORDS = frozenset({"help", "assist", "facilitate", "support", "aid"})
TALK_WORDS = frozenset({"talk", "negotiation", "dialogue", "peace", "ceasefire", "truce"})


def _helps_with_talks(trigger: Token) -> bool:
    """Whether the trigger's phrase offers help with talks ("offered to assist in negotiations")."""
    lemmas = {t.lemma_.lower() for t in trigger.subtree}
    return bool(lemmas & HELPING_WORDS) and bool(lemmas & TALK_WORDS)


def _meeting_parties(meeting: Token, actors: SentenceActors) -> list[Participant]:
    """Who holds a meeting: the subject of the verb that holds it, or its own modifiers."""
    if meeting.dep_ in ("dobj", "nsubjpass") and meeting.head.pos_ in ("VERB", "AUX"):
        holders = actors.verb_source(meeting.head)
        if holders:
            return holders
    return actors.modifier_actors(meeting)


def _helped_by_others(head: Token) -> bool:
    """Whether a noun phrase is what a helping verb helps ("assist in the talks")."""
    governor = head.head.head if head.dep_ == "pobj" else head.head
    return head.dep_ in ("pobj", "dobj") and governor.lemma_.lower() in HELPING_WORDS


def _story_parties(sources: list[Participant], actors: SentenceActors) -> list[Participant]:
    """The two parties the article last named, other than the sources ("the two sides")."""
    own = {actor_identity(p.actor) for p in sources}
    parties = [
        Participant(actor, text, "discourse")
        for actor, text in actors.discourse.last_two_parties()
        if actor_identity(actor) not in own
    ]
    return parties if len(parties) == 2 else []


def _parties_between(
    trigger: Token, sources: list[Participant], actors: SentenceActors
) -> list[Participant]:
    """The parties of a "between A and B" phrase inside the trigger's own phrase."""
    for token in trigger.subtree:
        if token.dep_ == "prep" and token.lower_ == "between":
            found = [p for p in actors.prep_targets(token.head, ("between",)) if p not in sources]
            if found:
                return found
    return []


def _dedupe(events: Iterable[_Event]) -> list[_Event]:
    """One event per source, target and root in a sentence ("signed a memorandum" is one)."""
    seen: set[tuple[object, ...]] = set()
    kept: list[_Event] = []
    for event in events:
        key = (
            event.code[:2],
            actor_identity(event.source.actor),
            actor_identity(event.target.actor) if event.target else None,
        )
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept


# -- places ---------------------------------------------------------------------------------------

_DatedEvent = DatedEvent[_Event]


#: Roots of conflictual acts, whose unnamed target is the adversary already named in the article.
CONFLICT_ROOTS = frozenset({f"{r:02d}" for r in range(9, 21)})


#: Protests with no stated target are against the protesters' own government, and curfews,
#: crackdowns or emergency rule with none fall on the authority's own people (CAMEO practice).
PROTEST_ROOTS = frozenset({"14"})
#: Calling off a strike or protest yields to whom the protest was against.
DISSENT_EASING_CODES = frozenset({"082"})
DOMESTIC_COERCION_CODES = ("17", "132", "137", "081")
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "IGO"})


def _is_state(actor: Actor) -> bool:
    """A state or its organs ("China", "the Kremlin", "the army"), not its people."""
    if actor.sector in STATE_SECTORS:
        return True
    return actor.sector is None and actor.resolution in ("country", "capital", "metonym")


def _own_country(source: Participant, name: str, sector: Sector) -> Participant | None:
    country = source.actor.country
    if country is None or country == "IGO":
        return None
    implied = Actor(
        name=name.format(country),
        country=country,
        org=None,
        sector=sector,
        role=None,
        person=None,
        resolution="country",
    )
    return Participant(implied, implied.name, "implied")


def _resolve_open_targets(events: list[_DatedEvent]) -> list[_DatedEvent]:
    """Give a target to events that name none, where the article makes it plain.

    Two coordinated acts of one kind in a sentence share their addressee ("called on the army
    to stop and appealed for calm"). An act without an addressee ("his latest offer to mediate",
    "a warning", "the aid flight") is aimed at the party its source last acted toward in the
    article, unless its own phrase names where or to whom it goes in words that are no actor
    ("aid to Africa", "peace in Ukraine"): that addressee is named, just not a state.
    """
    resolved: list[_DatedEvent] = []
    for index, dated in enumerate(events):
        event = dated.event
        if event.target is not None:
            resolved.append(dated)
            continue
        source = actor_identity(event.source.actor)[:2]
        sibling = next(
            (
                other.event
                for other in events
                if other.event.target is not None
                and other.event.trigger.sent == event.trigger.sent
                and actor_identity(other.event.source.actor)[:2] == source
                and other.event.code[:2] == event.code[:2]
            ),
            None,
        )
        if sibling is None and not _names_a_place_or_recipient(event.trigger):
            sibling = next(
                (
                    other.event
                    for other in reversed(resolved[:index])
                    if other.event.target is not None
                    and actor_identity(other.event.source.actor)[:2] == source
                ),
                None,
            )
        borrowed: Participant | None = None
        if sibling is not None and sibling.target is not None:
            borrowed = Participant(sibling.target.actor, sibling.target.text, "anaphora")
        elif (
            event.code[:2] in PROTEST_ROOTS or event.code in DISSENT_EASING_CODES
        ) and not _is_state(event.source.actor):
            borrowed = _own_country(event.source, "Government of {}", "GOV")
        elif event.code.startswith(DOMESTIC_COERCION_CODES):
            borrowed = _own_country(event.source, "People of {}", "CVL")
        if borrowed is not None:
            event = replace(
                event,
                target=borrowed,
                confidence=confidence(
                    event.source, borrowed, event.trigger, event.modality, event.code
                ),
            )
        resolved.append(_DatedEvent(event, dated.date, dated.date_source))
    return resolved


def _names_a_place_or_recipient(trigger: Token) -> bool:
    """Whether the trigger's own phrase names a place or a recipient by a proper noun."""
    return any(
        token.dep_ == "pobj" and token.head.dep_ == "prep" and token.pos_ == "PROPN"
        for token in trigger.subtree
    )


def _event_place(event: _Event, places: PlaceResolver) -> Place | None:
    countries = [
        c
        for c in (event.source.actor.country, event.target.actor.country if event.target else None)
        if c and c != "IGO"
    ]
    for token in governing_chain(event.trigger):
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in LOCATIVE_PREPOSITIONS:
                for pobj in prep.children:
                    place = _place_of(pobj, places, countries)
                    if place is not None:
                        return place
        if token.dep_ == "relcl" and token.head.ent_type_ in PLACE_ENTITIES:
            place = _place_of(token.head, places, countries)
            if place is not None:
                return place
    for token in event.trigger.subtree:
        if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS:
            place = _place_of(token, places, countries)
            if place is not None:
                return place
    if event.trigger_entry.location_from_target and event.target:
        country = event.target.actor.country
        if country and country != "IGO":
            return places.country(country)
    return None


def _place_of(token: Token, places: PlaceResolver, countries: list[str]) -> Place | None:
    if token.ent_type_ not in PLACE_ENTITIES:
        return None
    entity = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    name = entity.text if entity is not None else token.text
    return places.resolve(name, countries)


def _event_row(
    article: ArticleRecord,
    sentence: ParsedSentence,
    dated: _DatedEvent,
    reference: CodingReference,
) -> EventMention:
    event, resolved, date_source = dated.event, dated.date, dated.date_source
    cameo = reference.cameo.lookup(event.code)
    span = sentence.span
    trigger_start = sentence.char_offset + event.trigger.idx
    trigger_end = trigger_start + len(event.trigger.text)
    place = _event_place(event, reference.places)
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
