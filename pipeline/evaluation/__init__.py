"""Scoring extracted events against gold JSONL files."""
