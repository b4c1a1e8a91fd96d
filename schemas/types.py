"""Domain types shared by every table: country codes, CAMEO codes, QuadClass, modality, dates."""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import Annotated, Literal

import pycountry
from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

#: Codes that stand where an ISO 3166 alpha-3 code would: international organisations, and
#: Kosovo, which has no ISO code but the user-assigned XKX that most event datasets use.
NON_ISO_ACTOR_CODES = frozenset({"IGO", "XKX"})


@functools.cache
def _iso_alpha3_codes() -> frozenset[str]:
    return frozenset(country.alpha_3 for country in pycountry.countries)


def check_actor_country(code: str) -> str:
    """Accept an ISO 3166 alpha-3 code or one of the non-ISO actor codes.

    Raises:
        PydanticCustomError: `actor_country` when the code is neither.
    """
    if code in NON_ISO_ACTOR_CODES or code in _iso_alpha3_codes():
        return code
    raise PydanticCustomError(
        "actor_country",
        "{code!r} is not an ISO 3166 alpha-3 code nor one of {allowed}",
        {"code": code, "allowed": sorted(NON_ISO_ACTOR_CODES)},
    )


ActorCountry = Annotated[str, AfterValidator(check_actor_country)]
"""ISO 3166 alpha-3 code of a state, or `IGO` for an international organisation."""

CountryAlpha3 = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]{3}$"), AfterValidator(check_actor_country)
]
"""ISO 3166 alpha-3 code of a place's country."""

CameoCode = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")]
"""A CAMEO 1.1b3 event code as a string, leading zeros kept (`036`, `0256`, `1312`)."""

CameoRoot = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-9]|20)$")]
"""The two-digit CAMEO root (`01` to `20`)."""

QuadClass = Literal[1, 2, 3, 4]
"""1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""

Goldstein = Annotated[float, Field(ge=-10.0, le=10.0)]
"""Goldstein conflict-cooperation weight of the event code."""

Confidence = Annotated[float, Field(ge=0.0, le=1.0)]

PloverType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "CONCEDE",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "MOBILIZE",
    "SANCTION",
    "COERCE",
    "ASSAULT",
]

Modality = Literal["occurred", "planned", "intent", "denied", "hypothetical"]
"""Whether the text reports the event as happened, scheduled, offered, denied or conditional."""

DatePrecision = Literal["day", "month", "year", "unknown"]

EventDateSource = Literal["text", "context", "publication"]
"""`text`: a temporal expression of the event's own sentence; `context`: the story's time, fixed
by an earlier sentence; `publication`: no expression, the publication date stands in."""

PublicationDateSource = Literal["dateline", "crawl_date", "record", "page"]
"""`dateline`: the date a `.txt` file's dateline prints; `crawl_date`: its date line stands in;
`record`: the date field of a JSON Lines, CSV or Parquet record; `page`: a saved HTML page's
own date (its metadata, read by htmldate)."""

Sector = Literal[
    "GOV",  # government, executive, diplomats
    "MIL",  # armed forces
    "LEG",  # legislature
    "JUD",  # judiciary
    "COP",  # police
    "SPY",  # intelligence services
    "PTY",  # political party
    "OPP",  # opposition
    "REB",  # rebels, insurgents
    "CVL",  # civilians
    "BUS",  # business
    "MED",  # media
    "EDU",  # education
    "REL",  # religious
    "HLH",  # health
    "LAB",  # labour
    "REF",  # refugees
    "NGO",  # non-governmental organisations
    "IGO",  # international organisation
]


class RejectReason(StrEnum):
    """Why a raw file or record did not become an article; stable strings analysts filter on."""

    EMPTY_FILE = "empty_file"
    WHITESPACE_ONLY = "whitespace_only"
    BINARY_CONTENT = "binary_content"
    UNDECODABLE = "undecodable"
    UNREADABLE = "unreadable"
    NO_DATE_LINE = "no_date_line"
    INVALID_DATE_LINE = "invalid_date_line"
    FUTURE_DATE = "future_date"
    NO_HEADLINE = "no_headline"
    EMPTY_BODY = "empty_body"
    NOT_AN_ARTICLE = "not_an_article"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    DUPLICATE = "duplicate"
    NEAR_DUPLICATE = "near_duplicate"
    TOO_LARGE = "too_large"
    SYMLINK_OUTSIDE_INPUT = "symlink_outside_input"
    UNSUPPORTED_FORMAT = "unsupported_format"
    """A file whose name ends in no extension attache reads (`.txt`, `.jsonl`, `.csv`, ...)."""
    MALFORMED_RECORD = "malformed_record"
    """A dump record that cannot be read as one: bad JSON, not an object, a short CSV row."""
    TRUNCATED = "truncated"
    """A dump that ends early (a gzip stream cut off): the records before the cut were read."""
    NO_TEXT = "no_text"
    """A record or page with no article text (no text field, an empty one, no main text)."""
    NO_DATE = "no_date"
    """A record or page that gives no publication date."""
    INVALID_DATE = "invalid_date"
    """A record or page whose date is not a date, or an implausibly early one."""
    INTERNAL_ERROR = "internal_error"
    """The pipeline itself failed on this file (a bug to report); `detail` names the stage."""
