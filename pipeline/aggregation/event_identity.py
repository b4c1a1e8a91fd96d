"""When two event mentions can be one real-world event: the act family, the dyad and the days.

News reports one event many times, at different moments and in different words: an
announcement ("Ali and Maduro will meet on Thursday"), the report of the day ("the two leaders
met"), a follow-up ("during last week's talks"). The coder gives each its own code, modality
and date. Three things decide whether two mentions can stand for the same act:

1. **The act family** (`act_family`). Codes of one family are the same act seen at different
   moments or in different words: the CAMEO root, except that
   - the consultations are one family: 040-046 (meet, visit, host, talks, mediate,
     negotiate) together with the intents that announce them (036 intend to meet or negotiate,
     039 intend to mediate);
   - a signing of an agreement (057) and the material cooperation it seals (06x) are one
     family, with the intents that announce it (031x intend material cooperation);
   - an intent joins the family it announces elsewhere too (033x aid joins 07, 034x and 035x
     yielding join 08), and any other intent stays in 03.
   A summit (04) and the treaty signed at it (057) are therefore two events, as are a meeting
   and the criticism voiced at it.
2. **The dyad** (`identity_key`). Acts of a joint family (consultations, signings and
   cooperation) are done by both parties at once and are reported in either direction ("X met
   Y", "Y hosted X"), so their dyad is the unordered pair; every other act keeps its
   direction (an accusation of X by Y is not one of Y by X).
3. **The days** (`date_span`). Each mention stands for the days its own text allows, as a
   closed interval of ordinals, and mentions can be one event only when all their intervals
   share a day:
   - a date the sentence itself states: that day, month or year (`event_date_source` text);
   - an act the coder dated only by the story's time (`context`) or the publication day
     (`publication`): that day is when it was reported, not when it happened, so an act
     reported as done stands for the `RECENT_DAYS` days up to it and an announced one for the
     `AHEAD_DAYS` days from it;
   - an announced act (modality planned or intent) with a day: that day and the
     `SLIP_DAYS` after it, since a visit announced for a day starts then and its meetings
     follow;
   - a consultation is also widened by `VISIT_DAYS` on each side of a stated day: a visit
     runs over days and time zones shift its day in reports from elsewhere;
   - a mention with no date at all stands for any day.

The rule is deliberately about what the texts say, not about particular actors or dates; its
constants are named here and documented in the README.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from typing import NamedTuple, Protocol

from schemas.records import EventMention

#: Intent codes (by prefix) that announce an act of another family, and that family.
ANNOUNCED_FAMILY: dict[str, str] = {
    "036": "04",  # intend to meet or negotiate: a meeting, visit or talks
    "039": "04",  # intend to mediate: mediation (045)
    "031": "06",  # intend material cooperation (0311-0314): economic, military, ... cooperation
    "033": "07",  # intend to provide aid
    "034": "08",  # intend to institute reform: yield to demands (083x)
    "035": "08",  # intend to yield: ease sanctions, de-escalate (081x, 087x, ...)
}
#: Codes that join another root's family: a signed agreement seals the cooperation it sets up.
SIGNING_FAMILY: dict[str, str] = {"057": "06"}
#: Families whose acts both parties do at once, reported in either direction.
JOINT_FAMILIES: frozenset[str] = frozenset({"04", "06"})

#: Days before its story time or publication day that an act reported as done, with no date of
#: its own, may have happened.
RECENT_DAYS = 7
#: Days after its story time or publication day that an announced act with no date of its own
#: may be due.
AHEAD_DAYS = 31
#: Days after an announced day that the act may still be reported on.
SLIP_DAYS = 2
#: Days a consultation's stated day is widened by on each side.
VISIT_DAYS = 1
#: Family of the consultations (meetings, visits, talks).
CONSULTATION_FAMILY = "04"

#: Modalities of acts announced or offered rather than done.
ANNOUNCED_MODALITIES: frozenset[str] = frozenset({"planned", "intent"})

#: Ordinals standing for "no bound".
_NO_START = -math.inf
_NO_END = math.inf

Party = tuple[str | None, str | None]
IdentityKey = tuple[Party, Party, str]


class DaySpan(NamedTuple):
    """The days a mention can stand for: a closed interval of date ordinals (inf: no bound)."""

    start: float
    end: float

    def overlaps(self, other: DaySpan) -> bool:
        """Whether the two spans share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: DaySpan) -> DaySpan:
        """The days both spans share (empty when `start > end`)."""
        return DaySpan(max(self.start, other.start), min(self.end, other.end))

    @property
    def width(self) -> float:
        """Days in the span less one; infinite when a side is open."""
        return self.end - self.start

    def distance_to(self, day: float) -> float:
        """Days from a day to the nearest day of the span (0 inside it)."""
        if day < self.start:
            return self.start - day
        if day > self.end:
            return day - self.end
        return 0.0


def act_family(cameo_code: str) -> str:
    """The family of acts a CAMEO code belongs to (see the module docstring).

    Args:
        cameo_code: A CAMEO code, leading zeros kept.

    Returns:
        A two-digit root naming the family: "04" for 036, 040 and 042; "06" for 057 and 061.
    """
    if cameo_code in SIGNING_FAMILY:
        return SIGNING_FAMILY[cameo_code]
    for prefix, family in ANNOUNCED_FAMILY.items():
        if cameo_code.startswith(prefix):
            return family
    return cameo_code[:2]


def identity_key(
    source_country: str | None,
    source_org: str | None,
    target_country: str | None,
    target_org: str | None,
    cameo_code: str,
) -> IdentityKey:
    """The parties and act family mentions must share to be one event.

    Returns:
        (first party, second party, family), each party a (country, organisation) pair; for a
        joint family the two parties in sorted order, else (source, target).
    """
    family = act_family(cameo_code)
    source: Party = (source_country, source_org)
    target: Party = (target_country, target_org)
    if family in JOINT_FAMILIES and _party_order(target) < _party_order(source):
        source, target = target, source
    return source, target, family


def mention_identity_key(mention: EventMention) -> IdentityKey:
    """`identity_key` of one mention."""
    return identity_key(
        mention.source_country,
        mention.source_org,
        mention.target_country,
        mention.target_org,
        mention.cameo_code,
    )


def _party_order(party: Party) -> tuple[str, str]:
    # None sorts first and apart from any code.
    return (party[0] or "", party[1] or "")


def date_span(
    event_date: dt.date | None,
    precision: str,
    date_source: str,
    modality: str,
    cameo_code: str,
) -> DaySpan:
    """The days a mention can stand for (see the module docstring).

    Args:
        event_date: The mention's date (first day of its month or year), or None.
        precision: day, month, year or unknown.
        date_source: text, context or publication: where the date came from.
        modality: occurred, planned, intent, denied or hypothetical.
        cameo_code: The mention's code (consultations span days).

    Returns:
        The interval of date ordinals.
    """
    if event_date is None or precision == "unknown":
        return DaySpan(_NO_START, _NO_END)
    day = event_date.toordinal()
    announced = modality in ANNOUNCED_MODALITIES
    if precision == "year":
        return DaySpan(day, dt.date(event_date.year, 12, 31).toordinal())
    if precision == "month":
        last = calendar.monthrange(event_date.year, event_date.month)[1]
        return DaySpan(day, event_date.replace(day=last).toordinal())
    if date_source != "text":
        # Only when it was reported: the act happened before, or is due after.
        return DaySpan(day, day + AHEAD_DAYS) if announced else DaySpan(day - RECENT_DAYS, day)
    start, end = day, day + (SLIP_DAYS if announced else 0)
    if act_family(cameo_code) == CONSULTATION_FAMILY:
        start, end = start - VISIT_DAYS, end + VISIT_DAYS
    return DaySpan(start, end)


class DatedMention(Protocol):
    """What the days of a mention are read from: an EventMention, or its clustering facts."""

    @property
    def cameo_code(self) -> str:
        """The CAMEO code (consultations span days)."""

    @property
    def modality(self) -> str:
        """occurred, planned, intent, denied or hypothetical."""

    @property
    def event_date(self) -> dt.date | None:
        """The date, first day of its month or year; None when unknown."""

    @property
    def event_date_precision(self) -> str:
        """day, month, year or unknown."""

    @property
    def event_date_source(self) -> str:
        """text, context or publication: where the date came from."""


def mention_span(mention: DatedMention) -> DaySpan:
    """`date_span` of one mention."""
    return date_span(
        mention.event_date,
        mention.event_date_precision,
        mention.event_date_source,
        mention.modality,
        mention.cameo_code,
    )


def reference_day(mention: DatedMention, span: DaySpan) -> float:
    """The day within its span a mention most likely means, to choose between candidates.

    An act reported as done with no date of its own is most likely the latest one (news
    reports what just happened); an announced one the earliest; a stated date its middle.
    """
    if math.isinf(span.width):
        return span.end if not math.isinf(span.end) else 0.0
    if mention.event_date_source != "text" and mention.event_date_precision == "day":
        return span.start if mention.modality in ANNOUNCED_MODALITIES else span.end
    return (span.start + span.end) / 2
