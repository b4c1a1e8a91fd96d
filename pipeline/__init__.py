"""attache's pipeline: pure event-coding logic, with Dagster wiring kept in pipeline.defs."""

import os

# Arrow's default allocator (mimalloc) keeps the pages a step frees for its own later use, so
# each step's transient peak (a row group decoded for a check, a bucket of mentions clustered)
# stays in the process's resident size for the rest of the run. The system allocator gives
# most of them back: on the 5,000- and 20,000-article benchmarks the peak fell from 548 and
# 597 MB to 503 and 572 MB, at the same speed. The variable is read when pyarrow is first
# imported, which for `attache` and the Dagster code location is after this line; a value
# the user set is kept.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
