"""attache's pipeline: pure event-coding logic, with Dagster wiring kept in pipeline.defs."""
