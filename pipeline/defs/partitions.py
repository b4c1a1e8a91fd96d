"""Partitions: one per ingest batch (a folder of the landing directory), plus `all`."""

from __future__ import annotations

import dagster as dg

#: Registered by the landing sensor as batch folders appear; `attache run` uses `all`.
INGEST_BATCHES = "ingest_batches"
ingest_batches = dg.DynamicPartitionsDefinition(name=INGEST_BATCHES)
