"""Resources: the landing directory, the spaCy pipeline and the Parquet warehouse."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr
from spacy.language import Language

from pipeline.defs.io_managers import ParquetIOManager
from pipeline.nlp.model import DEFAULT_MODEL, load_nlp

#: Defaults for `dg dev` and `dg launch`: the bundled samples, and a git-ignored warehouse for
#: batch partitions kept apart from `make run`'s whole-corpus output in data/warehouse, so the
#: same files are never counted twice in one place.
DEFAULT_LANDING_DIR = "data/samples/raw"
DEFAULT_WAREHOUSE_DIR = "data/warehouse/batches"


class LandingDirectory(dg.ConfigurableResource["LandingDirectory"]):
    """Where raw article files (`*.txt`, searched recursively) arrive."""

    path: str = DEFAULT_LANDING_DIR

    def resolved(self) -> Path:
        """The directory as an absolute path."""
        return Path(self.path).expanduser().resolve()


class SpacyPipeline(dg.ConfigurableResource["SpacyPipeline"]):
    """A spaCy pipeline loaded once per process; swap the model by name."""

    model_name: str = DEFAULT_MODEL
    batch_size: int = 256
    n_process: int = 1
    """Parser processes; 2 or more uses more cores (each loads its own copy of the model)."""
    _nlp: Language | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Load the model when a run starts, not when definitions load."""
        self._nlp = load_nlp(self.model_name)

    @property
    def nlp(self) -> Language:
        """The loaded pipeline (loaded on first use outside a run)."""
        if self._nlp is None:
            self._nlp = load_nlp(self.model_name)
        return self._nlp


@dg.definitions
def resources() -> dg.Definitions:
    """Default resources for the UI and `dg launch`; `attache run` overrides the paths."""
    return dg.Definitions(
        resources={
            "landing": LandingDirectory(),
            "spacy": SpacyPipeline(),
            "io_manager": ParquetIOManager(base_dir=DEFAULT_WAREHOUSE_DIR),
        }
    )
