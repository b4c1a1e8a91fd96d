"""Finding the temporal expressions of English news text and resolving them to dated values."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir
from schemas.types import DatePrecision

Direction = Literal["past", "future", "nearest"]
"""Which side of the publication date an expression without a year or week should land on."""

#: The analyst-editable lexicon of fixed relative phrases ("last month", "soon", ...), in
#: the reference directory.
RELATIVE_LEXICON_FILE = "relative_date_expressions.csv"

_RelativeUnit = Literal["day", "week", "weekend", "month", "year"]


@dataclass(frozen=True)
class DateExpression:
    """A temporal expression found in a text.

    Attributes:
        text: The expression as written, including a leading preposition such as "on" or
            "since" when there is one (it tells the resolver which way to look).
        char_start: Offset of its first character in the searched string.
        char_end: Offset just past its last character.
    """

    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class ResolvedDate:
    """A temporal expression resolved against a publication date.

    Attributes:
        date: The date at its precision: month precision stores the 1st of the month, year
            precision January 1st; None when the expression could not be resolved.
        precision: day, month, year, or unknown (exactly when `date` is None).
        text: The expression that was resolved, as given.
    """

    date: dt.date | None
    precision: DatePrecision
    text: str


@dataclass(frozen=True)
class _RelativeRule:
    unit: _RelativeUnit
    offset: int
    precision: DatePrecision


# --- Lexicon of the calendar: these are facts of English, not tunable data. ----------------

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_WEEKDAY_ABBREVIATIONS = {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
#: Month names and abbreviations, and weekday names, as lowercase words: for code that
#: recognises a date without resolving it (`pipeline.nlp.entities`).
MONTH_WORDS = frozenset(_MONTHS) | frozenset(_MONTH_ABBREVIATIONS)
WEEKDAY_WORDS = frozenset(_WEEKDAYS)
# Whether a text holds a month or weekday name anywhere, as a substring: one pass of one
# pattern rather than a substring test per name (the longest names first, though any will do).
_MONTH_SUBSTRING = re.compile("|".join(sorted(map(re.escape, MONTH_WORDS), key=len, reverse=True)))
_WEEKDAY_SUBSTRING = re.compile(
    "|".join(sorted(map(re.escape, WEEKDAY_WORDS), key=len, reverse=True))
)
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def _cased_alternation(words: Iterable[str], *, abbreviation: bool = False) -> str:
    """Title- and upper-case forms only: lower-case "may", "march" and "sun" are ordinary words."""
    forms = sorted(
        {form for word in words for form in (word.capitalize(), word.upper())},
        key=len,
        reverse=True,
    )
    suffix = r"\.?" if abbreviation else ""
    return "(?:" + "|".join(forms) + ")" + suffix


_MONTH = (
    f"(?:{_cased_alternation(_MONTHS)}|"
    f"{_cased_alternation(_MONTH_ABBREVIATIONS, abbreviation=True)})(?![A-Za-z])"
)
_WEEKDAY = f"{_cased_alternation(_WEEKDAYS)}(?![A-Za-z])"
_ANY_WEEKDAY = (
    f"(?:{_cased_alternation(_WEEKDAYS)}|"
    f"{_cased_alternation(_WEEKDAY_ABBREVIATIONS, abbreviation=True)})(?![A-Za-z])"
)
# Not after or before another digit, nor before ':' (so "12:47" is a time, not the 12th).
_DAY = r"(?<!\d)(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?<!\d)(?:1[89]\d\d|2[01]\d\d)(?!\d)"
_RANGE = r"\s*(?:-|–|—|(?i:to|and|through|until|till))\s*"

# Prepositions kept inside the expression: "since" and "last" decide the direction.
_PREPOSITION = (
    r"(?:\b(?i:on|in|since|from|by|until|till|through|during|before|after|between|as\s+of)\s+)"
)
# A bare month or year is only temporal behind one of these ("in June", "since 2015");
# alone, "June" may be a name and "2015" a count.
_PERIOD_PREFIX = (
    r"(?:\b(?i:in|since|from|by|until|till|through|throughout|during|before|after|between"
    r"|last|next|this|early|mid|late|(?:at\s+)?the\s+(?:end|beginning|start|middle)\s+of"
    r"|end\s+of)(?:\s+|-)){1,3}"
)

_ISO_CORE = r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])"
_NUMERIC_CORE = (
    r"(?:(?<![\d/.-])\d{1,2}([/-])\d{1,2}\1(?:\d{4}|\d{2})(?![\d/-])"
    r"|(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}(?![\d.]))"
)
_MONTH_DAY_CORE = (
    rf"(?:{_ANY_WEEKDAY}[,.]?\s+)?{_MONTH}\s+{_DAY}(?:{_RANGE}{_DAY})?(?:,?\s*{_YEAR})?"
)
_DAY_MONTH_CORE = (
    rf"(?:{_ANY_WEEKDAY}[,.]?\s+)?(?:(?i:the)\s+)?{_DAY}(?:{_RANGE}{_DAY})?"
    rf"\s+(?:(?i:of)\s+)?{_MONTH}(?:,?\s*{_YEAR})?"
)
_MONTH_YEAR_CORE = rf"{_MONTH},?\s+(?:(?i:of)\s+)?{_YEAR}"

_FINDER_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        rf"{_PREPOSITION}?{_ISO_CORE}",
        rf"{_PREPOSITION}?{_NUMERIC_CORE}",
        rf"{_PREPOSITION}?{_MONTH_DAY_CORE}",
        rf"{_PREPOSITION}?{_DAY_MONTH_CORE}",
        rf"{_PREPOSITION}?{_MONTH_YEAR_CORE}",
        rf"{_PERIOD_PREFIX}{_MONTH}(?:{_RANGE}{_MONTH})?",
        rf"{_PERIOD_PREFIX}{_YEAR}(?:{_RANGE}{_YEAR})?",
        r"(?:\b(?i:on|last|next|this|coming|since|by|until|till|from|before|after|early|late)\s+)?"
        rf"(?<![A-Za-z]){_WEEKDAY}(?:['’]s)?(?:\s+(?i:morning|afternoon|evening|night)\b)?",
        r"\b(?i:(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|several)"
        r"\s+(?:hour|day|week|month|year)s?\s+ago)\b",
    )
)


# The resolver sees one expression and is lenient about case ("on thursday" from a lower-cased
# pipeline still means Thursday), unlike the finder, which must not read "may" as May.
_RESOLVER_FLAGS = re.IGNORECASE
_ISO_FULL = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMERIC_FULL = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_MONTH_DAY_FULL = re.compile(
    rf"(?:(?P<weekday>{_ANY_WEEKDAY})[,.]?\s+)?(?P<month>{_MONTH})\s+(?P<day>{_DAY})"
    rf"(?P<range>{_RANGE}{_DAY})?(?:,?\s*(?P<year>{_YEAR}))?",
    _RESOLVER_FLAGS,
)
_DAY_MONTH_FULL = re.compile(
    rf"(?:(?P<weekday>{_ANY_WEEKDAY})[,.]?\s+)?(?:the\s+)?(?P<day>{_DAY})(?P<range>{_RANGE}{_DAY})?"
    rf"\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s*(?P<year>{_YEAR}))?",
    _RESOLVER_FLAGS,
)
_MONTH_YEAR_FULL = re.compile(
    rf"(?P<month>{_MONTH}),?\s+(?:of\s+)?(?P<year>{_YEAR})", _RESOLVER_FLAGS
)
_MONTH_FULL = re.compile(rf"(?P<month>{_MONTH})(?:{_RANGE}{_MONTH})?", _RESOLVER_FLAGS)
_YEAR_FULL = re.compile(rf"(?P<year>{_YEAR})(?:{_RANGE}{_YEAR})?", _RESOLVER_FLAGS)
_WEEKDAY_FULL = re.compile(
    rf"(?P<weekday>{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?", _RESOLVER_FLAGS
)
_AGO_FULL = re.compile(
    r"(?P<count>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a\s+few|several)"
    r"\s+(?P<unit>hour|day|week|month|year)s?\s+ago",
    _RESOLVER_FLAGS,
)
# Leading words the resolver peels off, and what each says about the direction.
_LEADING_WORD = re.compile(
    r"(?P<word>on|in|since|from|by|until|till|through|throughout|during|before|after|between"
    r"|as\s+of|last|next|this|coming|past|previous|early|mid|late"
    r"|(?:at\s+)?the\s+(?:end|beginning|start|middle)\s+of|end\s+of)(?:\s+|-)",
    _RESOLVER_FLAGS,
)
_FORCED_DIRECTION: dict[str, tuple[Direction, bool]] = {
    # word: (direction, strict: the publication day/month itself does not count)
    "since": ("past", False),
    "last": ("past", True),
    "past": ("past", True),
    "previous": ("past", True),
    "next": ("future", True),
    "coming": ("future", True),
}


# --- Relative-phrase lexicon (data/reference) ------------------------------------------------


@functools.cache
def _relative_lexicon() -> dict[str, _RelativeRule]:
    return load_relative_lexicon()


def load_relative_lexicon(path: Path | None = None) -> dict[str, _RelativeRule]:
    """The relative phrases of `relative_date_expressions.csv`, keyed by lower-case phrase.

    Args:
        path: The file to read; the shipped one by default. Parsed on every call (the
            resolver keeps its own cached copy of the shipped file).

    Raises:
        ReferenceDataError: The file is missing or not UTF-8, lacks a column, or a row has an
            unknown unit or precision, a non-integer offset, or repeats a phrase; the message
            names the file, the line and the phrase.
    """
    path = path if path is not None else reference_dir() / RELATIVE_LEXICON_FILE
    units = get_args(_RelativeUnit)
    precisions = tuple(p for p in get_args(DatePrecision) if p != "unknown")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceDataError(path, None, f"cannot be read: {exc}") from exc
    # Header comments start with '#', as in the other CSV files of data/reference.
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and line[0] != "#"]
    if not numbered:
        raise ReferenceDataError(path, None, "has no header row")
    header = next(csv.reader([numbered[0][1]]))
    missing = {"phrase", "unit", "offset", "precision"} - set(header)
    if missing:
        raise ReferenceDataError(path, numbered[0][0], f"missing columns {sorted(missing)}")
    lexicon: dict[str, _RelativeRule] = {}
    for line_number, line in numbered[1:]:
        row = dict(zip(header, next(csv.reader([line])), strict=False))
        phrase = " ".join(row.get("phrase", "").lower().split())
        unit, precision = row.get("unit", ""), row.get("precision", "")
        if not phrase:
            raise ReferenceDataError(path, line_number, "empty phrase")
        if unit not in units:
            raise ReferenceDataError(
                path, line_number, f"phrase {phrase!r}: unit {unit!r} is not one of {units}"
            )
        if precision not in precisions:
            raise ReferenceDataError(
                path,
                line_number,
                f"phrase {phrase!r}: precision {precision!r} is not one of {precisions}",
            )
        try:
            offset = int(row.get("offset", ""))
        except ValueError:
            raise ReferenceDataError(
                path,
                line_number,
                f"phrase {phrase!r}: offset {row.get('offset')!r} is not an integer",
            ) from None
        if phrase in lexicon:
            raise ReferenceDataError(path, line_number, f"phrase {phrase!r} is repeated")
        lexicon[phrase] = _RelativeRule(unit, offset, precision)  # type: ignore[arg-type]
    return lexicon


@functools.cache
def _relative_finder() -> re.Pattern[str]:
    phrases = sorted(_relative_lexicon(), key=len, reverse=True)  # longest phrase wins
    alternation = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


# --- Finding ------------------------------------------------------------------------------


_LETTER_RUN = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")


@functools.cache
def _relative_cues() -> frozenset[str]:
    """Lower-case words one of which every phrase of the relative lexicon contains."""
    cues: set[str] = set()
    for phrase in _relative_lexicon():
        # A phrase matches only where all its words stand, so any one of them is a cue: the
        # longest, because "in" and "the" would let almost every sentence through.
        runs = _LETTER_RUN.findall(phrase.lower())
        if runs:
            cues.add(max(runs, key=len))
    return frozenset(cues)


_YEAR_ANYWHERE = re.compile(_YEAR)
_SEPARATED_DIGITS = re.compile(r"\d[/.-]\d")


def find_date_expressions(text: str) -> list[DateExpression]:
    """Find the temporal expressions of a news text.

    Recognises weekdays ("on Thursday", "last Monday", "Saturday's"), the relative phrases of
    the lexicon ("yesterday", "later this month", "over the weekend", "recently"), "N days
    ago", dates with month names with or without day and year ("July 12", "12 July 2023",
    "Aug. 5"), months and years behind a preposition ("in June", "since 2015"), ISO and
    numeric dates, and day ranges ("from June 21 to 24", kept whole). Where candidates
    overlap, the longest wins.

    Args:
        text: Any string, typically a sentence or paragraph.

    Returns:
        Non-overlapping expressions in text order, offsets into `text`.
    """
    # Not cached by text: a corpus that repeats its sentences (the benchmark's) would skip
    # the work; the dating of an article keeps each sentence's expressions itself (StoryTime).
    # Each pattern runs only on text holding what it cannot match without (a digit joined to
    # another by "/", "." or "-"; a month or weekday name, tested as a substring, since the
    # patterns look for them without a word boundary before; a year; "ago"; a word of a
    # lexicon phrase): the same result as every pattern over every text (a property test
    # checks it), at a fraction of the regex work on news, where most sentences have a number.
    lowered = text.lower()
    has_month = _MONTH_SUBSTRING.search(lowered) is not None
    patterns: list[re.Pattern[str]] = []
    if _DIGIT.search(text) is not None:
        if _SEPARATED_DIGITS.search(text) is not None:
            patterns.extend(_FINDER_PATTERNS[i] for i in (0, 1))
        if has_month:
            patterns.extend(_FINDER_PATTERNS[i] for i in (2, 3, 4))
        if _YEAR_ANYWHERE.search(text) is not None:
            patterns.append(_FINDER_PATTERNS[6])
    if has_month:
        patterns.append(_FINDER_PATTERNS[5])
    if _WEEKDAY_SUBSTRING.search(lowered) is not None:
        patterns.append(_FINDER_PATTERNS[7])
    if "ago" in lowered:
        patterns.append(_FINDER_PATTERNS[8])
    if not _relative_cues().isdisjoint(_LETTER_RUN.findall(lowered)):
        patterns.append(_relative_finder())
    candidates: list[tuple[int, int]] = []
    for pattern in patterns:
        candidates.extend(match.span() for match in pattern.finditer(text))
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(candidates, key=lambda span: (span[0] - span[1], span[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end in chosen):
            chosen.append((start, end))
    return [DateExpression(text[start:end], start, end) for start, end in sorted(chosen)]


# --- Resolving ----------------------------------------------------------------------------


def _clean(expression: str) -> str:
    cleaned = " ".join(expression.replace("’", "'").split())
    cleaned = re.sub(r"(?<=[A-Za-z])'s\b", "", cleaned)  # "Saturday's talks" is Saturday
    return cleaned.strip(" ,;:.!?()")


def _at_precision(day: dt.date, precision: DatePrecision) -> dt.date:
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return dt.date(day.year, 1, 1)
    return day


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _pick(
    candidates: list[dt.date],
    anchor: dt.date,
    direction: Direction,
    *,
    strict: bool,
    distance: Callable[[dt.date, dt.date], int] = lambda a, b: abs((a - b).days),
) -> dt.date | None:
    """The candidate on the requested side of `anchor` nearest to it; ties go to the past."""
    if direction == "past":
        before = [c for c in candidates if c < anchor or (not strict and c == anchor)]
        return max(before, default=None)
    if direction == "future":
        after = [c for c in candidates if c > anchor or (not strict and c == anchor)]
        return min(after, default=None)
    eligible = [c for c in candidates if not (strict and c == anchor)]
    return min(eligible, key=lambda c: (distance(c, anchor), c), default=None)


def _weekday_date(
    weekday: int, publication_date: dt.date, direction: Direction, *, strict: bool
) -> dt.date:
    back = (publication_date.weekday() - weekday) % 7
    ahead = (weekday - publication_date.weekday()) % 7
    if strict:
        back, ahead = back or 7, ahead or 7
    past = publication_date - dt.timedelta(days=back)
    future = publication_date + dt.timedelta(days=ahead)
    if direction == "past":
        return past
    if direction == "future":
        return future
    return past if back <= ahead else future


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTH_ABBREVIATIONS[key]


def _weekday_number(name: str) -> int:
    key = name.lower().rstrip(".")
    return _WEEKDAYS.get(key, _WEEKDAY_ABBREVIATIONS.get(key, -1))


def _calendar_date(year: int, month: str, day: str = "1") -> dt.date | None:
    """The date a printed year, month name and day number name; None if there is no such day.

    The finder's pattern has already read each part, so they are read off its groups rather
    than parsed again (dateparser took most of a millisecond per new expression, and a test
    checks both agree on every spelling the patterns accept).
    """
    try:
        return dt.date(year, _month_number(month), int(re.sub(r"\D", "", day)))
    except ValueError:  # "February 30, 2023", or a year past the ends of the calendar
        return None


_Resolution = tuple[dt.date, DatePrecision] | None
_Resolver = Callable[[str, dt.date, Direction, bool], _Resolution]


def _resolve_relative(core: str, publication_date: dt.date, direction: Direction) -> _Resolution:
    rule = _relative_lexicon().get(core.lower())
    if rule is None:
        return None
    if rule.unit == "day":
        day = publication_date + dt.timedelta(days=rule.offset)
    elif rule.unit == "week":
        day = publication_date + dt.timedelta(weeks=rule.offset)
    elif rule.unit == "weekend":
        # A weekend is dated by its Saturday; -1 looks back (the day itself counts), +1 ahead.
        side: Direction = direction
        if rule.offset < 0:
            side = "past"
        elif rule.offset > 0:
            side = "future"
        day = _weekday_date(5, publication_date, side, strict=rule.offset > 0)
    elif rule.unit == "month":
        day = _add_months(publication_date, rule.offset)
    else:
        day = dt.date(publication_date.year + rule.offset, 1, 1)
    return _at_precision(day, rule.precision), rule.precision


def _resolve_ago(
    core: str, publication_date: dt.date, direction: Direction, strict: bool
) -> _Resolution:
    match = _AGO_FULL.fullmatch(core)
    if match is None:
        return None
    count_text = " ".join(match["count"].lower().split())
    exact = count_text.isdigit() or count_text in _NUMBER_WORDS
    count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS.get(count_text, 3)
    unit = match["unit"].lower()
    if unit == "hour":
        return publication_date, "day"
    if unit == "day":
        day = publication_date - dt.timedelta(days=count)
        precision: DatePrecision = "day" if exact else "month"
    elif unit == "week":
        day, precision = publication_date - dt.timedelta(weeks=count), "month"
    elif unit == "month":
        day, precision = _add_months(publication_date, -count), "month" if exact else "year"
    else:
        day, precision = dt.date(publication_date.year - count, 1, 1), "year"
    return _at_precision(day, precision), precision


def _resolve_weekday(
    core: str, publication_date: dt.date, direction: Direction, strict: bool
) -> _Resolution:
    match = _WEEKDAY_FULL.fullmatch(core)
    if match is None:
        return None
    weekday = _weekday_number(match["weekday"])
    return _weekday_date(weekday, publication_date, direction, strict=strict), "day"


def _resolve_iso(
    core: str, publication_date: dt.date, direction: Direction, strict: bool
) -> _Resolution:
    match = _ISO_FULL.fullmatch(core)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])), "day"
    except ValueError:
        return None


def _resolve_numeric(
    core: str, publication_date: dt.date, direction: Direction, strict: bool
) -> _Resolution:
    match = _NUMERIC_FULL.fullmatch(core)
    if match is None:
        return None
    first, separator, second, year_text = int(match[1]), match[2], int(match[3]), match[4]
    year = int(year_text)
    if len(year_text) == 2:
        # The century that puts the year nearest the publication year.
        year = min((1900 + year, 2000 + year), key=lambda y: abs(y - publication_date.year))
    # Dotted dates are European (day first); with slashes and hyphens both orders occur, so
    # keep the reading nearest the publication date ("05/10/23" on 2023-05-10 is May 10).
    orders = [(second, first)] if separator == "." else [(first, second), (second, first)]
    candidates = []
    for month, day in orders:
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    chosen = _pick(candidates, publication_date, "nearest", strict=False)
    return (chosen, "day") if chosen is not None else None


def _resolve_day_month(
    core: str, publication_date: dt.date, direction: Direction, strict: bool
) -> _Resolution:
    match = _MONTH_DAY_FULL.fullmatch(core) or _DAY_MONTH_FULL.fullmatch(core)
    if match is None:
        return None
    if match["year"] is not None:
        parsed = _calendar_date(int(match["year"]), match["month"], match["day"])
        return (parsed, "day") if parsed is not None else None
    # The year that fits the direction, among those with such a day (February 29th).
    candidates = [
        day
        for year in range(publication_date.year - 1, publication_date.year + 2)
        if (day := _calendar_date(year, match["month"], match["day"])) is not None
    ]
    if match["weekday"]:
        # A printed weekday settles the year when only one candidate falls on it.
        weekday = _weekday_number(match["weekday"])
        on_weekday = [c for c in candidates if c.weekday() == weekday]
        candidates = on_weekday or candidates
    chosen = _pick(candidates, publication_date, direction, strict=strict)
    return (chosen, "day") if chosen is not None else None


def _resolve_month_year(
    core: str, publication_date: dt.date, direction: Direction, strict: bool
) -> _Resolution:
    match = _MONTH_YEAR_FULL.fullmatch(core)
    if match is None:
        return None
    parsed = _calendar_date(int(match["year"]), match["month"])
    return (parsed, "month") if parsed is not None else None


def _resolve_month(
    core: str, publication_date: dt.date, direction: Direction, strict: bool
) -> _Resolution:
    match = _MONTH_FULL.fullmatch(core)
    if match is None:
        return None
    month = _month_number(match["month"])
    candidates = [
        dt.date(y, month, 1) for y in range(publication_date.year - 1, publication_date.year + 2)
    ]
    chosen = _pick(
        candidates,
        publication_date.replace(day=1),
        direction,
        strict=strict,
        # Calendar months, not days: May is as far from November on either side.
        distance=lambda a, b: abs((a.year - b.year) * 12 + a.month - b.month),
    )
    return (chosen, "month") if chosen is not None else None


def _resolve_year(
    core: str, publication_date: dt.date, direction: Direction, strict: bool
) -> _Resolution:
    match = _YEAR_FULL.fullmatch(core)
    if match is None:
        return None
    return dt.date(int(match["year"]), 1, 1), "year"


_RESOLVERS: tuple[_Resolver, ...] = (
    _resolve_ago,
    _resolve_weekday,
    _resolve_iso,
    _resolve_numeric,
    _resolve_day_month,
    _resolve_month_year,
    _resolve_month,
    _resolve_year,
)


def _peel(expression: str) -> tuple[str, Direction | None, bool, list[str]]:
    """Strip leading prepositions; return the core, any forced direction, and the stages."""
    core = _clean(expression)
    stages = [core]
    forced: Direction | None = None
    strict = False
    while (match := _LEADING_WORD.match(core)) is not None and match.end() < len(core):
        word = " ".join(match["word"].lower().split())
        if word in _FORCED_DIRECTION:
            forced, strict = _FORCED_DIRECTION[word]
        core = core[match.end() :]
        stages.append(core)
    return core, forced, strict, stages


def resolve_date_expression(
    expression: str,
    publication_date: dt.date,
    *,
    direction: Direction = "nearest",
) -> ResolvedDate:
    """Resolve a temporal expression against the publication date of its article.

    Relative phrases move from the publication date ("next year" from 2024-11-20 is
    2025-01-01 at year precision; "later this month" is the publication month). A weekday is
    the nearest such day on the requested side, the publication day itself included ("on
    Thursday" in a Thursday paper, looking back, is that day); "last" and "since" force the
    past, "next" and "coming" the future, and "last"/"next" exclude the day itself. A date or
    month without a year takes the year that fits the direction. Day ranges keep their start.

    Args:
        expression: One expression, e.g. from `find_date_expressions`; case-insensitive.
        publication_date: The date relative expressions count from.
        direction: Where an underspecified expression should fall: "past" for reported
            events, "future" for planned ones, "nearest" when unknown.

    Returns:
        The date at its precision (month → 1st of the month, year → January 1st), or
        date None with precision "unknown" when nothing is recognised, or when the date would
        lie beyond the ends of the calendar (before year 1, after year 9999).
    """
    try:
        return _resolve(expression, publication_date, direction)
    except ReferenceDataError:
        raise  # a broken lexicon file (a ValueError too) is to be fixed, not read as no date
    except (OverflowError, ValueError):
        # Arithmetic past the ends of the calendar ("last Monday" on 0001-01-01, "in January"
        # looking back from year 1, "99999 days ago") raises OverflowError from a timedelta or
        # ValueError from a year-0 or year-10000 date: there is no such date.
        return ResolvedDate(None, "unknown", expression)


def _resolve(expression: str, publication_date: dt.date, direction: Direction) -> ResolvedDate:
    core, forced, strict, stages = _peel(expression)
    for stage in stages:
        resolved = _resolve_relative(stage, publication_date, forced or direction)
        if resolved is not None:
            return ResolvedDate(resolved[0], resolved[1], expression)
    for resolver in _RESOLVERS:
        resolved = resolver(core, publication_date, forced or direction, strict)
        if resolved is not None:
            return ResolvedDate(resolved[0], resolved[1], expression)
    return ResolvedDate(None, "unknown", expression)


def is_calendar_date(expression: str) -> bool:
    """Whether an expression names a calendar day by itself (month and day, or numeric).

    Such expressions need at most a year from context, unlike "yesterday" or "on Friday";
    datelines are only trusted when they are of this kind.

    Args:
        expression: One expression, e.g. from `find_date_expressions`.

    Returns:
        True for "Nov. 20, 2024", "20 November", "2024-11-20", "15-04-2020"; False otherwise.
    """
    core = _peel(expression)[0]
    return any(
        pattern.fullmatch(core) is not None
        for pattern in (_ISO_FULL, _NUMERIC_FULL, _MONTH_DAY_FULL, _DAY_MONTH_FULL)
    )
