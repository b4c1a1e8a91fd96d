"""Pydantic models of every table attache writes: one model per Parquet dataset."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from schemas.types import (
    ActorCountry,
    CameoCode,
    CameoRoot,
    Confidence,
    CountryAlpha3,
    DatePrecision,
    EventDateSource,
    Goldstein,
    Modality,
    PloverType,
    PublicationDateSource,
    QuadClass,
    RejectReason,
    Sector,
)

# Columns that event_mentions, events and dyad_day share, defined once with their descriptions.
SourceCountry = Annotated[ActorCountry | None, Field(description="ISO alpha-3 state, or IGO.")]
SourceOrg = Annotated[str | None, Field(description="Acronym of the source organisation (IGO).")]
SourceSector = Annotated[Sector | None, Field(description="PLOVER sector of the source actor.")]
TargetCountry = Annotated[ActorCountry | None, Field(description="ISO alpha-3 state, or IGO.")]
TargetOrg = Annotated[str | None, Field(description="Acronym of the target organisation (IGO).")]
TargetSector = Annotated[Sector | None, Field(description="PLOVER sector of the target actor.")]
CameoCodeColumn = Annotated[
    CameoCode, Field(description="CAMEO 1.1b3 event code, leading zeros kept.")
]
CameoRootColumn = Annotated[CameoRoot, Field(description="The code's two-digit root.")]
EventLabel = Annotated[str, Field(description="CAMEO label of the code.")]
QuadClassColumn = Annotated[
    QuadClass, Field(description="1 verbal coop, 2 material coop, 3/4 conflict.")
]
GoldsteinColumn = Annotated[
    Goldstein, Field(description="Goldstein weight of the code, -10 to 10.")
]
PloverTypeColumn = Annotated[
    PloverType | None, Field(description="PLOVER event type (none for root 01).")
]
PloverMode = Annotated[
    str | None, Field(description="PLOVER mode of the type, when the code has one.")
]
EventDatePrecision = Annotated[DatePrecision, Field(description="day, month, year or unknown.")]
LocationCountry = Annotated[CountryAlpha3 | None, Field(description="Country of the location.")]
Latitude = Annotated[float | None, Field(ge=-90, le=90, description="Latitude of the location.")]
Longitude = Annotated[
    float | None, Field(ge=-180, le=180, description="Longitude of the location.")
]
GeonamesId = Annotated[int | None, Field(description="GeoNames id of the location.")]
CoderVersion = Annotated[str, Field(description="Version of attache and its reference data.")]


def _check_coding(
    cameo_code: str, cameo_root: str, event_date: dt.date | None, precision: str
) -> None:
    """The invariants every coded row keeps: its root is its code's, a date has a precision."""
    if cameo_code[:2] != cameo_root:
        raise ValueError(f"cameo_root {cameo_root} is not the root of {cameo_code}")
    if (event_date is None) != (precision == "unknown"):
        raise ValueError("event_date must be null exactly when its precision is unknown")


#: `source_file` in every table that has it (see `pipeline.ingest.file_names`).
SOURCE_FILE_DESCRIPTION = (
    "Path of the raw file relative to the input directory, '/'-separated; bytes that are not "
    "UTF-8, control characters and backslashes written as backslash escapes. For a record of a "
    "dump, followed by ':' and the record's line (JSON Lines, CSV) or row (Parquet)."
)
#: `source_url` in every table that has it.
SOURCE_URL_DESCRIPTION = (
    "Where the article was published on the web: a dump record's URL field, a saved page's "
    "canonical URL; null when the input does not give one (`.txt` files)."
)
#: `publisher` in every table that has it.
PUBLISHER_DESCRIPTION = (
    "Who published the article: a dump record's publisher field (news-please's "
    "`source_domain`), a saved page's site name; null when the input does not give one."
)


class Record(BaseModel):
    """Base of all table rows: immutable, no unknown fields, validated on assignment."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=True)


class ArticleRecord(Record):
    """A raw file that parsed into a news article: metadata, headline and normalised text."""

    article_id: str = Field(description="Stable hash of the source file path and its text.")
    source_file: str = Field(description=SOURCE_FILE_DESCRIPTION)
    source_url: str | None = Field(default=None, description=SOURCE_URL_DESCRIPTION)
    publisher: str | None = Field(default=None, description=PUBLISHER_DESCRIPTION)
    content_sha256: str = Field(description="SHA-256 of the normalised article text.")
    encoding: str = Field(description="Encoding the raw bytes were decoded from.")
    crawl_date: dt.date | None = Field(
        description="When the page was fetched: the `date YYYY-MM-DD` line of a `.txt` file, a "
        "dump record's download date (news-please's `date_download`); null when not given."
    )
    crawl_section: str | None = Field(
        description="Breadcrumb words after the crawl date on the first line, if any."
    )
    dateline: str | None = Field(description="The site's dateline as printed, if any.")
    publication_date: dt.date = Field(
        description="Dateline parsed (missing year resolved against the crawl date), "
        "else the crawl date; for a dump record its date field, for a saved page its date."
    )
    publication_date_source: PublicationDateSource = Field(
        description="Where publication_date came from: the dateline, the crawl date, a dump "
        "record's date field (record) or a saved page's date (page)."
    )
    headline: str | None = Field(
        description="The article's headline; null for a dump record without a title."
    )
    text: str = Field(
        description="The whole normalised article text; char offsets of every table point here."
    )
    body_char_start: int = Field(ge=0, description="Offset in `text` where the body begins.")
    num_paragraphs: int = Field(ge=0, description="Body paragraphs, boilerplate included.")
    num_boilerplate_paragraphs: int = Field(
        ge=0, description="Paragraphs recognised as captions, links or other boilerplate."
    )
    num_words: int = Field(ge=0, description="Whitespace-separated words in the body.")


class ArticleReject(Record):
    """A raw file or dump record that did not become an article, with the reason.

    Nothing is dropped silently: every raw file, and every record of a dump, ends up either
    in `articles` or here.
    """

    reject_id: str = Field(description="Stable hash of the source file path (and record).")
    source_file: str = Field(description=SOURCE_FILE_DESCRIPTION)
    reason: RejectReason = Field(description="Machine-readable reason code.")
    detail: str = Field(description="What exactly was wrong, for a human.")
    size_bytes: int | None = Field(
        ge=0, description="Size of the file, or of the dump record, when it was read."
    )

    @field_validator("detail")
    @classmethod
    def _detail_is_utf8(cls, detail: str) -> str:
        # A detail may quote what it found: an error message naming undecodable bytes as
        # lone surrogates, which Arrow cannot store. They are written as escapes instead.
        return detail.encode("utf-8", "backslashreplace").decode("utf-8")

    content_sha256: str | None = Field(
        description="SHA-256 of the raw bytes of the file or record, when readable."
    )


class ActorMention(Record):
    """A span of an article resolved (or not) to a political actor."""

    actor_mention_id: str = Field(description="Stable hash of article and span.")
    article_id: str = Field(description="The article the mention is in.")
    sentence_index: int = Field(ge=0, description="Sentence number within the article body.")
    char_start: int = Field(ge=0, description="Start offset of the mention in the article text.")
    char_end: int = Field(ge=0, description="End offset of the mention in the article text.")
    mention_text: str = Field(description="The mention as written.")
    actor_name: str | None = Field(description="Canonical name of the actor.")
    actor_country: ActorCountry | None = Field(description="ISO alpha-3 state, or IGO.")
    actor_org: str | None = Field(description="Acronym of an international organisation.")
    actor_sector: Sector | None = Field(description="PLOVER sector code.")
    actor_role: str | None = Field(description="Role or title, e.g. 'president'.")
    resolution: str = Field(
        description="How the mention was resolved: country, demonym, metonym, igo, title, "
        "person, coreference, or unresolved."
    )


class EventMention(Record):
    """One event found in one sentence: who did what to whom, when and where, with provenance."""

    mention_id: str = Field(description="Stable hash of article, trigger span and actors.")
    article_id: str = Field(description="The article the sentence belongs to.")
    source_file: str = Field(description=SOURCE_FILE_DESCRIPTION)
    source_url: str | None = Field(default=None, description=SOURCE_URL_DESCRIPTION)
    publisher: str | None = Field(default=None, description=PUBLISHER_DESCRIPTION)
    publication_date: dt.date = Field(description="Publication date of the article.")
    sentence_index: int = Field(ge=0, description="Sentence number within the article body.")
    sentence_text: str = Field(description="The sentence the event was coded from.")
    char_start: int = Field(ge=0, description="Start of the trigger in the article text.")
    char_end: int = Field(ge=0, description="End of the trigger in the article text.")
    trigger_text: str = Field(description="The words that signalled the event.")
    source_name: str = Field(description="The source actor as named in the text.")
    source_country: SourceCountry
    source_org: SourceOrg
    source_sector: SourceSector
    target_name: str | None = Field(description="The target actor as named in the text.")
    target_country: TargetCountry
    target_org: TargetOrg
    target_sector: TargetSector
    cameo_code: CameoCodeColumn
    cameo_root: CameoRootColumn
    event_label: EventLabel
    quad_class: QuadClassColumn
    goldstein: GoldsteinColumn
    plover_type: PloverTypeColumn
    plover_mode: PloverMode
    modality: Modality = Field(description="occurred, planned, intent, denied or hypothetical.")
    event_date: dt.date | None = Field(description="Date of the event at its precision.")
    event_date_precision: EventDatePrecision
    event_date_text: str | None = Field(description="The temporal expression used, if any.")
    event_date_source: EventDateSource = Field(
        description="text, context (the paragraph) or publication (no expression found)."
    )
    location_name: str | None = Field(description="Where the event took place.")
    location_country: LocationCountry
    latitude: Latitude
    longitude: Longitude
    geonames_id: GeonamesId
    confidence: Confidence = Field(description="Coder's confidence that the row is right, 0-1.")
    coder_version: CoderVersion

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _check_coding(self.cameo_code, self.cameo_root, self.event_date, self.event_date_precision)
        if self.char_end < self.char_start:
            raise ValueError("char_end precedes char_start")
        if self.target_name is None and (self.target_country or self.target_org):
            raise ValueError("target fields are set without a target")
        return self


class EventRecord(Record):
    """One real-world event: the mentions of one act between the same parties, across articles."""

    event_id: str = Field(description="Stable hash of the cluster's key and anchor mention.")
    source_name: str = Field(description="The source as named in the most confident mention.")
    source_country: SourceCountry
    source_org: SourceOrg
    source_sector: SourceSector
    target_name: str | None = Field(description="The target as named in the most confident one.")
    target_country: TargetCountry
    target_org: TargetOrg
    target_sector: TargetSector
    cameo_code: CameoCodeColumn
    cameo_root: CameoRootColumn
    event_label: EventLabel
    quad_class: QuadClassColumn
    goldstein: GoldsteinColumn
    plover_type: PloverTypeColumn
    plover_mode: PloverMode
    modality: Modality = Field(
        description="Modality of the most confident mention (one that occurred, if any)."
    )
    modalities: list[Modality] = Field(
        description="Every modality the mentions give, sorted: planned and occurred when an "
        "announced act was then reported done."
    )
    event_date: dt.date | None = Field(
        description="The best date the mentions give: a date of a sentence's own text before "
        "a story-time or publication one, then the most precise."
    )
    event_date_precision: EventDatePrecision
    occurred_code: CameoCode | None = Field(
        description="CAMEO code of the act as reported done; null when no mention says it "
        "happened (only announced, intended or denied)."
    )
    occurred_date: dt.date | None = Field(
        description="When the act happened, when a mention reports it done."
    )
    occurred_date_precision: EventDatePrecision
    announcement_date: dt.date | None = Field(
        description="Earliest publication date of a mention announcing the act (planned or "
        "intent); null when it was never reported ahead."
    )
    location_name: str | None = Field(description="Where the event took place, if stated.")
    location_country: LocationCountry
    latitude: Latitude
    longitude: Longitude
    geonames_id: GeonamesId
    confidence: Confidence = Field(description="Highest confidence among the mentions.")
    num_mentions: int = Field(ge=1, description="Event mentions clustered into this event.")
    num_articles: int = Field(ge=1, description="Distinct articles that report it.")
    num_sources: int = Field(
        ge=1,
        description="Distinct sources: the publisher, else the host of source_url, else the "
        "first folder of source_file, else the file.",
    )
    first_seen: dt.date = Field(description="Earliest publication date among the mentions.")
    last_seen: dt.date = Field(description="Latest publication date among the mentions.")
    mention_ids: list[str] = Field(description="The event_mentions rows behind this event.")
    source_urls: list[str] = Field(
        default_factory=list,
        description="The distinct source_url of the mentions' articles, sorted; empty when "
        "no input gave one.",
    )
    publishers: list[str] = Field(
        default_factory=list,
        description="The distinct publishers of the mentions' articles, sorted.",
    )
    coder_version: CoderVersion

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _check_coding(self.cameo_code, self.cameo_root, self.event_date, self.event_date_precision)
        if (self.occurred_date is None) != (self.occurred_date_precision == "unknown"):
            raise ValueError("occurred_date must be null exactly when its precision is unknown")
        if self.occurred_date is not None and self.occurred_code is None:
            raise ValueError("occurred_date is set without an occurred_code")
        if not self.modalities or self.modality not in self.modalities:
            raise ValueError("modalities must include the event's modality")
        if self.num_mentions != len(self.mention_ids):
            raise ValueError("num_mentions must count mention_ids")
        if self.last_seen < self.first_seen:
            raise ValueError("last_seen precedes first_seen")
        return self


class DyadDayRecord(Record):
    """Daily counts and mean Goldstein of events between two states, by QuadClass."""

    dyad_day_id: str = Field(description="Stable hash of date, dyad and QuadClass.")
    event_date: dt.date = Field(description="Day of the events (events dated to a day only).")
    source_country: ActorCountry = Field(description="ISO alpha-3 state, or IGO.")
    target_country: ActorCountry = Field(description="ISO alpha-3 state, or IGO.")
    quad_class: QuadClassColumn
    num_events: int = Field(ge=1, description="Distinct events (rows of `events`).")
    num_mentions: int = Field(ge=1, description="Mentions behind those events.")
    mean_goldstein: Goldstein = Field(description="Mean Goldstein weight of the events.")


#: Every table attache writes, by dataset name: the one list the IO layer and checks iterate.
TABLE_MODELS: dict[str, type[Record]] = {
    "articles": ArticleRecord,
    "article_rejects": ArticleReject,
    "actor_mentions": ActorMention,
    "event_mentions": EventMention,
    "events": EventRecord,
    "dyad_day": DyadDayRecord,
}
