"""Resources: the landing directory, the spaCy pipeline and the Parquet warehouse."""

from __future__ import annotations

import os
import time
from pathlib import Path

import dagster as dg
from pydantic import Field, PrivateAttr, field_validator
from spacy.language import Language

from pipeline.defs.io_managers import ParquetIOManager
from pipeline.ingest.news_fields import FieldMapping
from pipeline.nlp.entities import EntitySource
from pipeline.nlp.model import DEFAULT_ENTITIES, DEFAULT_MODEL, load_nlp, model_module_name
from pipeline.process_pool import resolve_processes
from pipeline.storage import Location

#: Defaults for `dg dev` and `dg launch`: the bundled samples, and a git-ignored warehouse for
#: batch partitions kept apart from `make run`'s whole-corpus output in data/warehouse, so the
#: same files are never counted twice in one place.
DEFAULT_LANDING_DIR = "data/samples/raw"
DEFAULT_WAREHOUSE_DIR = "data/warehouse/batches"
#: Opens the log line that reports, per process, whether the spaCy model was loaded or reused.
SPACY_LOAD_LOG = "spacy-model:"
#: Models this resource has loaded in this process; `load_nlp` caches them for the process, so
#: a later set-up reuses that copy.
_LOADED_IN_THIS_PROCESS: set[tuple[str, str]] = set()


class LandingDirectory(dg.ConfigurableResource["LandingDirectory"]):
    """Where raw files arrive (searched recursively): a folder or `s3://…`.

    `.txt` articles, saved pages (`.html`, `.htm`) and dumps (`.jsonl`, `.csv`, optionally
    gzip-compressed, and `.parquet`); see `pipeline.ingest.input_formats`.
    """

    path: str = DEFAULT_LANDING_DIR
    processes: int | None = None
    """Processes that read and parse raw files; unset, one per available core
    (`os.sched_getaffinity`); `attache run --processes` sets it."""
    field_mapping: dict[str, str] = Field(default_factory=dict)
    """Which field of a dump record holds what, by role (`text`, `title`, `date`, `url`,
    `publisher`, `crawl_date`): `{"text": "article_body"}`. The field named is tried first,
    then the common names (`maintext`, `title`, `date_publish`, `url`, ...);
    `attache run --field ROLE=FIELD` sets it."""

    @field_validator("field_mapping")
    @classmethod
    def _known_roles(cls, value: dict[str, str]) -> dict[str, str]:
        FieldMapping.with_overrides(value)  # raises for an unknown role or an empty name
        return value

    def fields(self) -> FieldMapping:
        """The field names to read dump records by: `field_mapping` first, then the defaults."""
        return FieldMapping.with_overrides(self.field_mapping)

    def process_count(self) -> int:
        """The processes to read with: `processes`, or one per available core."""
        return resolve_processes(self.processes)

    def location(self) -> Location:
        """The landing directory: an absolute local path or an S3 prefix."""
        return Location.parse(self.path)

    def resolved(self) -> Path:
        """The directory as an absolute local path (an S3 landing prefix has none)."""
        return self.location().local_path


class SpacyPipeline(dg.ConfigurableResource["SpacyPipeline"]):
    """A spaCy pipeline loaded once per process; swap the model by name."""

    model_name: str = DEFAULT_MODEL
    entities: EntitySource = DEFAULT_ENTITIES
    """`gazetteer`: places and dates by rule, not the model's NER (see pipeline.nlp.entities)."""
    batch_size: int = 256
    n_process: int | None = None
    """Parser processes; unset, one per core this process may run on (`os.sched_getaffinity`).
    Each loads its own copy of the model; 1 parses in the step's own process."""
    _nlp: Language | None = PrivateAttr(default=None)
    _log: dg.DagsterLogManager | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Keep the run's log; the model loads when a step first asks for it.

        Not at set-up: Dagster also sets up every resource of the job in the run's own process
        (after the last step, under the multiprocess executor), which never parses, and a model
        load there would cost a second copy per run for nothing.
        """
        self._log = context.log

    @property
    def nlp(self) -> Language:
        """The loaded pipeline, loaded on first use in this process.

        `load_nlp` keeps one copy per process, so a process that executes several batches
        (an in-process run, a sequence of `materialize` calls) loads it once; under the
        multiprocess executor only each run's coding step loads it. A log line says which
        happened, with the process id.
        """
        if self._nlp is None:
            model = model_module_name(self.model_name)
            loaded_before = (model, self.entities) in _LOADED_IN_THIS_PROCESS
            started = time.perf_counter()
            self._nlp = load_nlp(self.model_name, self.entities)
            _LOADED_IN_THIS_PROCESS.add((model, self.entities))
            if self._log is not None:
                verb = "reused the" if loaded_before else "loaded"
                self._log.info(
                    f"{SPACY_LOAD_LOG} process {os.getpid()} {verb} spaCy model {model} "
                    f"with {self.entities} entities "
                    f"({time.perf_counter() - started:.2f} s)"
                )
        return self._nlp

    def process_count(self) -> int:
        """The parser processes to use: `n_process`, or one per available core."""
        return resolve_processes(self.n_process)


@dg.definitions
def resources() -> dg.Definitions:
    """Default resources for the UI and `dg launch`; `attache run` overrides the paths.

    A deployment sets the paths with `ATTACHE_LANDING` and `ATTACHE_WAREHOUSE` (local folders
    or `s3://` URIs), read when the code location loads, so one image serves every
    environment; the launchpad can still override them per run.
    """
    return dg.Definitions(
        resources={
            "landing": LandingDirectory(
                path=os.environ.get("ATTACHE_LANDING", DEFAULT_LANDING_DIR)
            ),
            "spacy": SpacyPipeline(),
            "io_manager": ParquetIOManager(
                base_dir=os.environ.get("ATTACHE_WAREHOUSE", DEFAULT_WAREHOUSE_DIR)
            ),
        }
    )
