"""Dagster wiring only: assets, resources, IO managers and checks over the pure pipeline code."""
