"""The trigger lexicon file reads the same whichever YAML loader PyYAML offers."""

from __future__ import annotations

import yaml

from pipeline.reference.paths import reference_dir


def test_the_fast_yaml_loader_reads_the_lexicon_as_the_pure_python_one_does() -> None:
    text = (reference_dir() / "event_triggers.yaml").read_text(encoding="utf-8")
    assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text)
