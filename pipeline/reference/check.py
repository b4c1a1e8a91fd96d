"""Loading every reference table once, so a malformed file stops a run before it starts.

Each table is loaded by the module that uses it; this module only knows which loader reads
which file, calls them all, and makes sure whatever goes wrong comes out as one
`ReferenceDataError` naming the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from pipeline.coding.article_topic import load_topic_rules
from pipeline.coding.confidence import shipped_weights
from pipeline.normalize.dates import RELATIVE_LEXICON_FILE, load_relative_lexicon
from pipeline.reference import actors
from pipeline.reference.actors import load_actor_reference
from pipeline.reference.boilerplate import BOILERPLATE_FILE, load_boilerplate_patterns
from pipeline.reference.cameo import CAMEO_CODES_FILE, load_cameo_table
from pipeline.reference.confidence_weights import CONFIDENCE_WEIGHTS_FILE
from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir
from pipeline.reference.triggers import load_trigger_lexicon

TOPIC_TERMS_FILE = "topic_terms.yaml"
TRIGGER_FILES = ("event_triggers.yaml", "intent_codes.csv")
ACTOR_FILES = (
    actors.COUNTRIES_FILE,
    actors.IGOS_FILE,
    actors.INSTITUTIONS_FILE,
    actors.ROLES_FILE,
    actors.LEADERS_FILE,
    actors.NEWS_AGENCIES_FILE,
    actors.STOP_PHRASES_FILE,
)


def _in(directory: Path | None, name: str) -> Path | None:
    # None keeps each loader on its default, cached path: the run that follows in the same
    # process then finds the tables already loaded instead of parsing them twice.
    return None if directory is None else directory / name


#: (files a loader reads, the loader given the directory or None for the shipped one).
LOADERS: tuple[tuple[tuple[str, ...], Callable[[Path | None], object]], ...] = (
    ((CAMEO_CODES_FILE,), lambda d: load_cameo_table(_in(d, CAMEO_CODES_FILE))),
    (ACTOR_FILES, load_actor_reference),
    ((BOILERPLATE_FILE,), lambda d: load_boilerplate_patterns(_in(d, BOILERPLATE_FILE))),
    (TRIGGER_FILES, load_trigger_lexicon),
    ((RELATIVE_LEXICON_FILE,), lambda d: load_relative_lexicon(_in(d, RELATIVE_LEXICON_FILE))),
    ((TOPIC_TERMS_FILE,), lambda d: load_topic_rules(_in(d, TOPIC_TERMS_FILE))),
    ((CONFIDENCE_WEIGHTS_FILE,), lambda d: shipped_weights(_in(d, CONFIDENCE_WEIGHTS_FILE))),
)

#: Every file the checks cover; a test keeps it equal to the files in data/reference.
REFERENCE_FILES = frozenset(name for names, _ in LOADERS for name in names)


def check_reference_data(directory: Path | None = None) -> None:
    """Load and validate every reference table.

    Args:
        directory: A folder laid out like `data/reference`; the shipped one by default.

    Raises:
        ReferenceDataError: For the first table that cannot be loaded, naming its file (and
            line, when the loader knows it). A loader's unexpected error (a file that is not
            UTF-8, a YAML value of the wrong type) is turned into one too, naming the files
            that loader reads.
    """
    for names, load in LOADERS:
        try:
            load(directory)
        except ReferenceDataError:
            raise
        except (OSError, ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError) as error:
            folder = directory if directory is not None else reference_dir()
            where = folder / names[0] if len(names) == 1 else folder
            what = "" if len(names) == 1 else f" ({', '.join(names)})"
            raise ReferenceDataError(
                where, None, f"cannot be loaded{what}: {type(error).__name__}: {error}"
            ) from error
