"""Load data/reference/cameo_codes.csv into a validated, typed, cached table of CAMEO codes."""

from __future__ import annotations

import csv
import functools
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, get_args, overload

from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir
from schemas.types import PloverType

#: File name of the CAMEO table inside the reference directory.
CAMEO_CODES_FILE = "cameo_codes.csv"

#: Columns the CSV must have, in this order.
COLUMNS = (
    "cameo_code",
    "label",
    "root",
    "goldstein",
    "quad_class",
    "plover_type",
    "plover_mode",
)

#: The sixteen PLOVER event types; the schema's Literal is the single source of truth.
PLOVER_TYPES: frozenset[str] = frozenset(get_args(PloverType))

_T = TypeVar("_T")

_CODE_PATTERN = re.compile(r"[0-9]{2,4}")
# Modes are short machine-readable words (`third_party`, `martial_law`): reject anything an
# analyst might type by accident, such as "Third-party" or a trailing space.
_MODE_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


def quad_class_for_root(root: str) -> int:
    """Return the QuadClass of a CAMEO root, as GDELT 1.0/2.0 assign it.

    Args:
        root: Two-digit CAMEO root, `"01"` to `"20"`.

    Returns:
        1 verbal cooperation (01-05), 2 material cooperation (06-08), 3 verbal conflict (09-13)
        or 4 material conflict (14-20).

    Raises:
        ValueError: If `root` is not one of the twenty CAMEO roots.
    """
    if len(root) != 2 or not root.isdigit() or not 1 <= int(root) <= 20:
        raise ValueError(f"{root!r} is not a CAMEO root (01-20)")
    number = int(root)
    if number <= 5:
        return 1
    if number <= 8:
        return 2
    if number <= 13:
        return 3
    return 4


@dataclass(frozen=True)
class CameoEvent:
    """One CAMEO 1.1b3 event code with everything the coder attaches to an event of that code.

    Attributes:
        code: The code as a string with leading zeros kept (`"036"`, `"0256"`, `"1312"`).
        label: CAMEO short label ("Express intent to meet or negotiate").
        root: The first two characters of `code`.
        goldstein: Goldstein conflict-cooperation weight, -10 to 10.
        quad_class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
            4 material conflict.
        plover_type: PLOVER event type, or None for root 01 (statements have no PLOVER type).
        plover_mode: PLOVER mode implied by the code (`"visit"`, `"arrest"`), or None.
    """

    code: str
    label: str
    root: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None


# The name reads as the condition at call sites (`except UnknownCameoCode`) and is public API.
class UnknownCameoCode(KeyError):  # noqa: N818
    """A code was looked up that the CAMEO table does not contain."""

    def __init__(self, code: object, size: int) -> None:
        self.code = code
        super().__init__(
            f"{code!r} is not a CAMEO 1.1b3 event code known to the reference table "
            f"({size} codes; codes are strings with leading zeros, e.g. '036')"
        )

    def __str__(self) -> str:
        # KeyError's own __str__ repr-quotes the message; show it as written.
        return str(self.args[0])


class CameoTable(Mapping[str, CameoEvent]):
    """Read-only mapping from CAMEO code to `CameoEvent`, in file order.

    Args:
        events: The validated events, keyed by code.
    """

    def __init__(self, events: Mapping[str, CameoEvent]) -> None:
        self._events: dict[str, CameoEvent] = dict(events)

    def __getitem__(self, code: str) -> CameoEvent:
        return self.lookup(code)

    def __contains__(self, code: object) -> bool:
        return code in self._events

    def __iter__(self) -> Iterator[str]:
        return iter(self._events)

    def __len__(self) -> int:
        return len(self._events)

    def __repr__(self) -> str:
        return f"CameoTable({len(self._events)} codes)"

    @overload
    def get(self, code: str, /) -> CameoEvent | None: ...

    @overload
    def get(self, code: str, default: CameoEvent | _T, /) -> CameoEvent | _T: ...

    def get(self, code: str, default: object = None, /) -> object:
        """Return the event for `code`, or `default` (None) when the table has no such code.

        Args:
            code: CAMEO code with leading zeros.
            default: Returned when `code` is unknown.

        Returns:
            The event, or `default`.
        """
        return self._events.get(code, default)

    def lookup(self, code: str) -> CameoEvent:
        """Return the event for `code`, failing with a message that says what a code looks like.

        Args:
            code: CAMEO code with leading zeros.

        Returns:
            The event.

        Raises:
            UnknownCameoCode: If the table has no such code.
        """
        try:
            return self._events[code]
        except KeyError:
            raise UnknownCameoCode(code, len(self._events)) from None

    def codes(self) -> tuple[str, ...]:
        """Return every code, in file order (roots first within each family).

        Returns:
            The codes as strings.
        """
        return tuple(self._events)


def load_cameo_table(path: Path | None = None) -> CameoTable:
    """Load and validate the CAMEO table.

    The shipped file is parsed once per process; an explicit `path` is parsed on every call so
    tests and analysts editing a copy always see the file as it is now.

    Args:
        path: CSV to read; None reads `<repo>/data/reference/cameo_codes.csv`.

    Returns:
        The validated table.

    Raises:
        ReferenceDataError: If the file is missing, unreadable or any row is invalid; the
            message names the file, the line and the problem.
    """
    if path is None:
        return _load_default_table()
    return _parse_table(path)


@functools.cache
def _load_default_table() -> CameoTable:
    return _parse_table(reference_dir() / CAMEO_CODES_FILE)


def _parse_table(path: Path) -> CameoTable:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise ReferenceDataError(path, None, "file is empty; expected a header row")
            if tuple(header) != COLUMNS:
                raise ReferenceDataError(path, 1, f"header is {header}, expected {list(COLUMNS)}")
            events: dict[str, CameoEvent] = {}
            lines: dict[str, int] = {}
            for row in reader:
                line = reader.line_num
                event = _parse_row(path, line, row)
                if event.code in events:
                    raise ReferenceDataError(
                        path,
                        line,
                        f"duplicate cameo_code {event.code!r} (first on line {lines[event.code]})",
                    )
                events[event.code] = event
                lines[event.code] = line
    except csv.Error as error:
        raise ReferenceDataError(path, None, f"not valid CSV: {error}") from error
    except UnicodeDecodeError as error:
        raise ReferenceDataError(path, None, f"not UTF-8: {error}") from error
    except OSError as error:
        raise ReferenceDataError(path, None, f"cannot be read: {error}") from error
    if not events:
        raise ReferenceDataError(path, None, "has a header but no codes")
    # Parents may legitimately follow their children in the file, so check after reading all.
    for code, event in events.items():
        parent = code[:-1]
        if len(code) > 2 and parent not in events:
            raise ReferenceDataError(
                path,
                lines[code],
                f"cameo_code {code!r} ({event.label}) has no parent code {parent!r} in the table",
            )
    return CameoTable(events)


def _parse_row(path: Path, line: int, row: list[str]) -> CameoEvent:
    if len(row) != len(COLUMNS):
        raise ReferenceDataError(
            path, line, f"has {len(row)} fields, expected {len(COLUMNS)} ({', '.join(COLUMNS)})"
        )
    code, label, root, goldstein_text, quad_text, plover_type, plover_mode = row

    if not _CODE_PATTERN.fullmatch(code):
        raise ReferenceDataError(path, line, f"cameo_code {code!r} is not 2-4 digits")
    if not label.strip():
        raise ReferenceDataError(path, line, f"cameo_code {code!r} has an empty label")
    if root != code[:2]:
        raise ReferenceDataError(
            path, line, f"root {root!r} is not the first two characters of cameo_code {code!r}"
        )
    try:
        expected_quad = quad_class_for_root(root)
    except ValueError as error:
        raise ReferenceDataError(path, line, str(error)) from None

    goldstein = _parse_goldstein(path, line, code, goldstein_text)

    if quad_text not in {"1", "2", "3", "4"}:
        raise ReferenceDataError(
            path, line, f"quad_class {quad_text!r} of {code!r} is not one of 1, 2, 3, 4"
        )
    quad_class = int(quad_text)
    if quad_class != expected_quad:
        raise ReferenceDataError(
            path,
            line,
            f"quad_class {quad_class} of {code!r} disagrees with root {root}, "
            f"which is QuadClass {expected_quad}",
        )

    if plover_type and plover_type not in PLOVER_TYPES:
        raise ReferenceDataError(
            path,
            line,
            f"plover_type {plover_type!r} of {code!r} is not a PLOVER type "
            f"({', '.join(sorted(PLOVER_TYPES))}) nor empty",
        )
    if plover_mode and not plover_type:
        raise ReferenceDataError(
            path, line, f"plover_mode {plover_mode!r} of {code!r} is set without a plover_type"
        )
    if plover_mode and not _MODE_PATTERN.fullmatch(plover_mode):
        raise ReferenceDataError(
            path, line, f"plover_mode {plover_mode!r} of {code!r} is not lowercase snake_case"
        )

    return CameoEvent(
        code=code,
        label=label,
        root=root,
        goldstein=goldstein,
        quad_class=quad_class,
        plover_type=plover_type or None,
        plover_mode=plover_mode or None,
    )


def _parse_goldstein(path: Path, line: int, code: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ReferenceDataError(
            path, line, f"goldstein {text!r} of {code!r} is not a number"
        ) from None
    # float() accepts "nan" and "inf", which would slip through a plain range comparison.
    if not math.isfinite(value) or not -10.0 <= value <= 10.0:
        raise ReferenceDataError(path, line, f"goldstein {text!r} of {code!r} is outside [-10, 10]")
    return value
