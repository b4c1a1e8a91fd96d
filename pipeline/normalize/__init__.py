"""Normalising mentions: actors, dates and places."""
