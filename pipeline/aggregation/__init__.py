"""Aggregating event mentions into events and daily dyad summaries."""
