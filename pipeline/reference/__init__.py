"""Typed, cached loaders for the reference data under data/reference."""
