"""Coding events: triggers, arguments, modality and CAMEO attributes."""
