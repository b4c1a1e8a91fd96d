"""Which field of a dump record holds the text, title, date, URL and publisher: the field mapping.

Scrapers agree on what a news record holds but not on what to call it: news-please writes
`maintext`, `title`, `date_publish`, `url` and `source_domain`; trafilatura `text`, `date`,
`source`; newspaper4k `text`, `publish_date`; others `content`, `body`, `headline`, `link`.
`DEFAULT_FIELD_NAMES` lists the names in common use for each role, tried in that order and
without regard to case (CSV headers are often capitalised). Anything else is set by the user:
`attache run --field text=article_body`, or the `field_mapping` of the `landing` resource; a
field named so is tried first, the common names after it, so one mapping serves an input
folder that mixes a custom dump with news-please ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

FieldRole = Literal["text", "title", "date", "url", "publisher", "crawl_date"]
"""What a field holds: the article text, its title, its publication date, the URL it was
published at, its publisher, and the date it was downloaded."""

FIELD_ROLES: tuple[FieldRole, ...] = get_args(FieldRole)

#: The field names in common use for each role, in the order they are tried.
DEFAULT_FIELD_NAMES: Mapping[FieldRole, tuple[str, ...]] = {
    "text": ("maintext", "text", "content", "body"),
    "title": ("title", "headline"),
    "date": ("date_publish", "published", "date", "pub_date"),
    "url": ("url", "source_url", "link"),
    "publisher": ("source_domain", "publisher", "source"),
    # news-please's download date; other scrapers rarely write one.
    "crawl_date": ("date_download", "crawl_date", "date_crawled"),
}


@dataclass(frozen=True)
class FieldMapping:
    """The field names tried for each role, in order.

    Attributes:
        names: For each role, the candidate field names, compared without case.
    """

    names: Mapping[FieldRole, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_FIELD_NAMES)
    )

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, str]) -> FieldMapping:
        """The default mapping, with the user's field tried first for each role they named.

        Args:
            overrides: Role to field name, such as `{"text": "article_body"}`.

        Raises:
            ValueError: For a role that is not one of `FIELD_ROLES`, or an empty field name.
        """
        names: dict[FieldRole, tuple[str, ...]] = dict(DEFAULT_FIELD_NAMES)
        for role, name in overrides.items():
            if role not in FIELD_ROLES:
                roles = ", ".join(FIELD_ROLES)
                raise ValueError(f"unknown field role {role!r}; the roles are {roles}")
            if not name.strip():
                raise ValueError(f"the field name for {role!r} is empty")
            field_name = name.strip()
            others = (n for n in DEFAULT_FIELD_NAMES[role] if n.casefold() != field_name.casefold())
            names[role] = (field_name, *others)
        return cls(names)

    def columns(self, available: Iterable[str]) -> list[str]:
        """The columns of a table that some role may be read from, in the table's order."""
        wanted = {name.casefold() for names in self.names.values() for name in names}
        return [column for column in available if column.casefold() in wanted]


def parse_field_overrides(pairs: Iterable[str]) -> dict[str, str]:
    """Read `role=field` pairs, as given on the command line, into a role-to-field mapping.

    Args:
        pairs: Strings such as `text=article_body`.

    Returns:
        Role to field name; a role given twice keeps its last field.

    Raises:
        ValueError: For a pair without `=`, an unknown role or an empty field name.
    """
    overrides: dict[str, str] = {}
    for pair in pairs:
        role, separator, name = pair.partition("=")
        if not separator:
            raise ValueError(f"{pair!r} is not ROLE=FIELD (e.g. text=article_body)")
        overrides[role.strip()] = name
    FieldMapping.with_overrides(overrides)  # validates roles and names
    return {role: name.strip() for role, name in overrides.items()}


@dataclass(frozen=True)
class NewsFields:
    """The values a record gives for each role, as found (not yet checked or converted).

    Attributes:
        text: The article text, or None when no text field is there.
        title: The title.
        date: The publication date as the record has it: a string, a number (a Unix time),
            or a date or datetime (Parquet's own types).
        url: Where the article was published.
        publisher: Who published it.
        crawl_date: When it was downloaded, as `date` is.
        text_field: The field the text was read from, for messages.
    """

    text: str | None
    title: str | None = None
    date: object = None
    url: str | None = None
    publisher: str | None = None
    crawl_date: object = None
    text_field: str | None = None


def pick_fields(record: Mapping[str, object], mapping: FieldMapping) -> NewsFields:
    """The values of a record for each role: the first candidate field that has one.

    A field counts when it is present and not null, empty or blank. A text given as a list of
    strings (paragraphs, as some scrapers write it) is joined with blank lines.

    Args:
        record: One JSON object, CSV row or Parquet row, by field name.
        mapping: The field names to try.
    """
    by_name = {str(key).casefold(): (str(key), value) for key, value in record.items()}

    def first(role: FieldRole) -> tuple[str | None, object]:
        for name in mapping.names[role]:
            found = by_name.get(name.casefold())
            if found is not None and _has_value(found[1]):
                return found
        return None, None

    text_field, text = first("text")
    return NewsFields(
        text=_as_text(text, paragraph_separator="\n\n"),
        title=_as_text(first("title")[1], paragraph_separator=" "),
        date=first("date")[1],
        url=_as_text(first("url")[1], paragraph_separator=" "),
        publisher=_as_text(first("publisher")[1], paragraph_separator=" "),
        crawl_date=first("crawl_date")[1],
        text_field=text_field,
    )


def _has_value(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return any(_has_value(item) for item in value)
    return True


def _as_text(value: object, *, paragraph_separator: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return paragraph_separator.join(str(item) for item in value if _has_value(item))
    return str(value)
