"""Shared vocabulary of the actor tests: what a found span is summarised to, and test dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pipeline.normalize.actors import ActorSpan

# (span text, country, org, sector, role)
Expected = tuple[str, str | None, str | None, str | None, str | None]
Find = Callable[..., list[ActorSpan]]
Summarise = Callable[[list[ActorSpan]], list[Expected]]

D1988 = dt.date(1988, 6, 1)
D1990 = dt.date(1990, 6, 1)
D2000 = dt.date(2000, 1, 1)
D2005 = dt.date(2005, 6, 1)
D2019 = dt.date(2019, 6, 1)
D2022 = dt.date(2022, 9, 1)
D2023 = dt.date(2023, 6, 1)
D2024 = dt.date(2024, 6, 1)
