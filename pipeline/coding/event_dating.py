"""Dating coded events: their sentence's own expression, else the story's time, else publication.

An article tells its story at a time the text fixes ("met on Monday", "spent Monday (Jan. 2)
receiving leaders") and keeps telling it over the next sentences ("They also signed ...", "He
also met ..."). `StoryTime` follows that time through the article, one line for what was
done or said and one for what is planned, so that an undated act takes the time of its story
rather than the publication date. Which expression of a sentence dates which act is chosen in
`pipeline.coding.event_dates`; expressions are resolved in `pipeline.normalize.dates`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import Field, dataclass, field, replace
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar

from spacy.tokens import Span, Token

from pipeline.coding.event_dates import (
    FUTURE_DATE_WORDS,
    PAST_WORDS,
    after_publication,
    closest_expression,
    expression_span,
    expression_tokens,
    has_word,
    in_other_time,
    modifies_trigger,
    past_tense,
)
from pipeline.coding.modality import governing_chain
from pipeline.normalize.dates import (
    DateExpression,
    Direction,
    ResolvedDate,
    find_date_expressions,
    is_calendar_date,
    resolve_date_expression,
)
from pipeline.reference.triggers import Modality, Trigger, TriggerLexicon
from schemas.types import EventDateSource


class CodedAct(Protocol):
    """What dating reads of a coded event (the coder's own event dataclass)."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @property
    def trigger(self) -> Token:
        """The word that signals the event."""

    @property
    def trigger_entry(self) -> Trigger:
        """The lexicon entry it matched."""

    @property
    def code(self) -> str:
        """The CAMEO code."""

    @property
    def modality(self) -> Modality:
        """Occurred, planned, intent, denied or hypothetical."""


ActT = TypeVar("ActT", bound=CodedAct)


@dataclass(frozen=True)
class DatedEvent(Generic[ActT]):
    """A coded event with its date and where the date came from."""

    event: ActT
    date: ResolvedDate
    date_source: EventDateSource


Timeline = Literal["told", "planned"]

#: Acts done, offered or denied are dated when they happened or were said: one timeline.
#: Plans are dated at the planned act: another. Hypotheticals take no story time.
TIMELINES: dict[str, Timeline] = {
    "occurred": "told",
    "intent": "told",
    "denied": "told",
    "planned": "planned",
}

#: Words that set a sentence in the background of the story ("had previously met"): its
#: undated acts do not take the story's time, and the story's day ends there.
BACKGROUND_WORDS = ("previously", "formerly", "earlier", "ago")

#: Phrases that point back to the story's own day ("later that same day"), not to the
#: publication date. Their day is the story's day when it has one.
STORY_DAY = re.compile(
    r"\b(?:(?:earlier|later)\s+(?:in\s+the|that(?:\s+same)?)\s+day"
    r"|(?:on\s+)?(?:that|the)\s+same\s+day"
    r"|on\s+that\s+day)\b",
    re.IGNORECASE,
)


#: A yearless calendar day read more than this many days back ...
FAR_BACK_DAYS = 270
#: ... may be the coming one when that is at most this many days ahead: it sets no story time.
NEAR_AHEAD_DAYS = 90
#: A yearless calendar day read as more than this many days ahead ("January 20" in a late
#: January paper) is last year's, not a plan: it sets no planned story time.
FAR_AHEAD_DAYS = 270


@dataclass(frozen=True)
class _Moment:
    date: ResolvedDate
    paragraph_index: int


@dataclass
class StoryTime:
    """The time an article's story has reached, sentence by sentence.

    A day the text fixes holds for the following sentences, across paragraphs, until the
    text sets another time; a coarser time ("last year", "in 2019", "in April") is a shift
    that holds only within its own paragraph, and a background sentence ("had previously
    met", "earlier") ends the day. Only what the text says moves it: the publication date
    never becomes story time.
    """

    publication_date: dt.date
    _moments: dict[Timeline, _Moment | None] = field(
        default_factory=lambda: {"told": None, "planned": None}
    )
    # The article's sentences' expressions, found once each: the story's time and each event
    # of a sentence ask for them again. Held by the article, not by a process-wide cache keyed
    # by text, which would let a corpus that repeats sentences skip the work.
    _found: dict[str, tuple[DateExpression, ...]] = field(default_factory=dict)

    def expressions(self, sentence: Span) -> tuple[DateExpression, ...]:
        """The sentence's date expressions, with phrases for the story's day as one each."""
        text = sentence.text
        found = self._found.get(text)
        if found is None:
            found = self._found[text] = _sentence_expressions(text)
        return found

    def day(self, timeline: Timeline = "told") -> dt.date | None:
        """The story's current day on a timeline, if the text has fixed one."""
        moment = self._moments[timeline]
        if moment is None or moment.date.precision != "day":
            return None
        return moment.date.date

    def current(self, modality: Modality, paragraph_index: int) -> ResolvedDate | None:
        """The date an undated act of this modality takes from the story, if any."""
        timeline = TIMELINES.get(modality)
        if timeline is None:
            return None
        moment = self._moments[timeline]
        if moment is None:
            return None
        if moment.date.precision != "day" and moment.paragraph_index != paragraph_index:
            return None
        return moment.date

    def tell(
        self, sentence: Span, paragraph_index: int, dated: list[DatedEvent[ActT]]
    ) -> list[DatedEvent[ActT]]:
        """Date a sentence's undated acts by the story, then move the story past the sentence.

        "X met Y on Tuesday. They signed three agreements." — the signing is Tuesday's. An
        undated act takes first a date its own sentence gave an act of the same timeline.
        """
        placed: list[DatedEvent[ActT]] = []
        for current in dated:
            earlier = next(
                (
                    d.date
                    for d in reversed(placed)
                    if d.date_source == "text"
                    and TIMELINES.get(d.event.modality) == TIMELINES.get(current.event.modality)
                ),
                None,
            )
            placed.append(self.fall_back(current, paragraph_index, earlier))
        self.advance(sentence, paragraph_index, dated)
        return placed

    def fall_back(
        self,
        dated: DatedEvent[ActT],
        paragraph_index: int,
        sentence_date: ResolvedDate | None = None,
    ) -> DatedEvent[ActT]:
        """An undated act takes its sentence's or the story's time; a background act does not.

        Args:
            dated: The act as its own words dated it.
            paragraph_index: Its paragraph, for the reach of a coarse story time.
            sentence_date: A date its sentence already gave an act of the same timeline.

        Returns:
            The act unchanged when it has a date of its own, is hypothetical, stands in the
            background ("had previously", "earlier") or the story has no time for it; else
            the act with the story's date and source "context".
        """
        if dated.date_source != "publication" or TIMELINES.get(dated.event.modality) is None:
            return dated
        if sentence_date is not None:
            return DatedEvent(dated.event, sentence_date, "context")
        if has_word(_words(dated.event.trigger.sent.text), BACKGROUND_WORDS):
            return dated
        story = self.current(dated.event.modality, paragraph_index)
        if story is None:
            return dated
        return DatedEvent(dated.event, story, "context")

    def advance(self, sentence: Span, paragraph_index: int, dated: list[DatedEvent[ActT]]) -> None:
        """Move the story's time past a sentence and the events dated in it."""
        from_text = [d for d in dated if d.date_source == "text"]
        timelines = {TIMELINES.get(d.event.modality) for d in from_text}
        for d in from_text:
            timeline = TIMELINES.get(d.event.modality)
            if timeline is not None:
                self._set(timeline, d.date, paragraph_index)
        if "told" not in timelines:
            told = self._told_expression(sentence)
            if told is not None:
                self._set("told", told, paragraph_index)
            elif has_word(_words(sentence.text), BACKGROUND_WORDS):
                self._moments["told"] = None
        if "planned" not in timelines:
            planned = self._planned_expression(sentence)
            if planned is not None:
                self._set("planned", planned, paragraph_index)

    def _set(self, timeline: Timeline, date: ResolvedDate, paragraph_index: int) -> None:
        if date.date is not None and not self._unsure_year(date):
            self._moments[timeline] = _Moment(date, paragraph_index)

    def _unsure_year(self, resolved: ResolvedDate) -> bool:
        """Whether a yearless day read as most of a year back may be the coming one.

        A past act keeps the previous such day ("confirmed the trip on January 23" in an early
        January paper reads as last January), but a day printed without its year is near the
        news, so such a reading is too unsure to become the story's time.
        """
        if resolved.date is None or not _month_day(DateExpression(resolved.text, 0, 0)):
            return False
        if (self.publication_date - resolved.date).days <= FAR_BACK_DAYS:
            return False
        ahead = resolve_date_expression(resolved.text, self.publication_date, direction="future")
        return (
            ahead.date is not None and (ahead.date - self.publication_date).days <= NEAR_AHEAD_DAYS
        )

    def _told_expression(self, sentence: Span) -> ResolvedDate | None:
        """The first time a sentence with no dated act fixes for what was done or said."""
        for expression in self.expressions(sentence):
            if has_word(expression.text, FUTURE_DATE_WORDS):
                continue
            resolved = self.resolve(expression, "past")
            if resolved.date is not None and not after_publication(resolved, self.publication_date):
                return resolved
        return None

    def _planned_expression(self, sentence: Span) -> ResolvedDate | None:
        """The first future day a sentence with no dated plan fixes ("on May 3 they will")."""
        for expression in self.expressions(sentence):
            if has_word(expression.text, PAST_WORDS) or STORY_DAY.fullmatch(expression.text):
                continue
            resolved = resolve_date_expression(
                expression.text, self.publication_date, direction="future"
            )
            if (
                resolved.precision == "day"
                and resolved.date is not None
                and after_publication(resolved, self.publication_date)
                and not (
                    _month_day(expression)
                    and (resolved.date - self.publication_date).days > FAR_AHEAD_DAYS
                )
            ):
                return resolved
        return None

    def resolve(self, expression: DateExpression, direction: Direction) -> ResolvedDate:
        """Resolve an expression; one pointing to the story's day takes that day."""
        if STORY_DAY.fullmatch(expression.text):
            day = self.day("told") or self.publication_date
            return ResolvedDate(day, "day", expression.text)
        return resolve_date_expression(expression.text, self.publication_date, direction=direction)


def _words(text: str) -> str:
    return re.sub(r"[^\w\s]", " ", text)


def _sentence_expressions(text: str) -> tuple[DateExpression, ...]:
    """A sentence's date expressions, with phrases for the story's day as one expression."""
    story = [DateExpression(m.group(0), m.start(), m.end()) for m in STORY_DAY.finditer(text)]
    found = [
        e
        for e in find_date_expressions(text)
        if not any(s.char_start < e.char_end and e.char_start < s.char_end for s in story)
    ]
    return tuple(sorted([*found, *story], key=lambda e: e.char_start))


#: Nouns of time: "recent days" dates an act, "the recent violence" only the violence.
TIME_NOUNS = frozenset(
    {"day", "week", "month", "year", "time", "period", "hour", "weekend", "decade", "past"}
)


def _describes_a_thing(span: Span) -> bool:
    """Whether an expression is an adjective of a noun that is no time ("the recent violence")."""
    root = span.root
    return (
        len(span) == 1
        and root.dep_ == "amod"
        and root.head.pos_ in ("NOUN", "PROPN")
        and root.head.lemma_.lower() not in TIME_NOUNS
    )


def _month_day(expression: DateExpression) -> bool:
    """A calendar day printed without its year ("January 23", "23 Jan.")."""
    return is_calendar_date(expression.text) and re.search(r"\d{4}", expression.text) is None


def _direction(event: CodedAct, sentence: Span, expression: DateExpression) -> Direction:
    """Which way an expression of the event's sentence points from the publication date.

    Plans look ahead; past acts look back. A calendar day without its year is, for an offer
    or promise (dated when made, but often naming the day it is for), the nearest such day:
    "January 23" in a November paper is next January's.
    """
    if event.modality in ("planned", "hypothetical"):
        return "future"
    if _month_day(expression) and event.modality == "intent":
        return "nearest"
    return "past" if past_tense(event.trigger) else "nearest"


def date_event(
    event: ActT,
    sentence: Span,
    story: StoryTime,
    lexicon: TriggerLexicon,
) -> DatedEvent[ActT]:
    """Date an event by its sentence; an act dated after publication is planned.

    An event takes the expression that modifies its clause (else the nearest by the parse)
    among those that fit its modality, never one of a clause set apart in time ("after the
    veto last week"). An undated plan is placed in the reporting month.
    """
    publication_date = story.publication_date
    expressions = list(story.expressions(sentence))
    if event.modality in ("occurred", "intent"):
        expressions = [e for e in expressions if not has_word(e.text, FUTURE_DATE_WORDS)]
    elif event.modality == "planned":
        expressions = [e for e in expressions if not has_word(e.text, PAST_WORDS)]
    spans = {e: expression_span(sentence, e) for e in expressions}
    expressions = [
        e
        for e in expressions
        if (s := spans[e]) is None or not (in_other_time(event.trigger, s) or _describes_a_thing(s))
    ]
    if event.modality == "planned":
        # "expressed opposition on Thursday to the approval of a sale": Thursday dates the
        # statement, not the planned sale.
        own = {t.i for t in event.trigger.subtree} | {
            t.i for g in governing_chain(event.trigger)[:2] for t in g.children
        }
        expressions = [
            e
            for e in expressions
            if expression_tokens(sentence, e) & own
            or ((s := spans[e]) is not None and modifies_trigger(event.trigger, s))
        ]
    if expressions:
        chosen = closest_expression(event.trigger, sentence, expressions)
        direction = _direction(event, sentence, chosen)
        resolved = story.resolve(chosen, direction)
        if resolved.date is not None:
            if event.modality == "occurred" and after_publication(resolved, publication_date):
                code = event.code
                if event.trigger_entry.modality is None:
                    code = lexicon.intent_code(code)
                event = replace(event, modality="planned", code=code)
            return DatedEvent(event, resolved, "text")
    if event.modality == "planned":
        # An undated plan is placed in the month it was reported, which is how analysts
        # (and the annotation conventions) read "will sign", "will provide".
        month = publication_date.replace(day=1)
        return DatedEvent(event, ResolvedDate(month, "month", ""), "publication")
    return DatedEvent(event, ResolvedDate(publication_date, "day", ""), "publication")
