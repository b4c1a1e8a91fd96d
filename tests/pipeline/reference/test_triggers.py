"""The trigger lexicon: read the same by either YAML loader; the keys of its newer entries."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.reference.errors import ReferenceDataError
from pipeline.reference.paths import reference_dir
from pipeline.reference.triggers import TriggerLexicon, load_trigger_lexicon


def test_the_fast_yaml_loader_reads_the_lexicon_as_the_pure_python_one_does() -> None:
    text = (reference_dir() / "event_triggers.yaml").read_text(encoding="utf-8")
    assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text)


def _lexicon_with(tmp_path: Path, entries: str) -> TriggerLexicon:
    (tmp_path / "event_triggers.yaml").write_text(f"triggers:\n{entries}", encoding="utf-8")
    shutil.copy(reference_dir() / "intent_codes.csv", tmp_path / "intent_codes.csv")
    return load_trigger_lexicon(tmp_path)


def test_characterising_negated_and_unpredicated_entries_load(tmp_path: Path) -> None:
    lexicon = _lexicon_with(
        tmp_path,
        '  - {lemma: brand, pos: VERB, code: "111", predicates: [Threat, provocation]}\n'
        '  - {lemma: trust, pos: VERB, code: "111", negated: true, modality: occurred}\n'
        '  - {lemma: call, pos: VERB, code: "041", unpredicated: true}\n',
    )
    (brand,) = lexicon.candidates("brand", "VERB")
    assert brand.predicates == frozenset({"threat", "provocation"})
    (trust,) = lexicon.candidates("trust", "VERB")
    assert trust.negated
    assert trust.modality == "occurred"
    (call,) = lexicon.candidates("call", "VERB")
    assert call.unpredicated
    assert not call.negated


def test_a_negated_entry_is_no_duplicate_of_the_plain_word(tmp_path: Path) -> None:
    # "will not stand idly by" (a warning) and "stand by" (support) are different entries
    lexicon = _lexicon_with(
        tmp_path,
        '  - {lemma: stand, pos: VERB, code: "130", negated: true}\n'
        '  - {lemma: stand, pos: VERB, code: "051"}\n',
    )
    assert [t.code for t in lexicon.candidates("stand", "VERB")] == ["130", "051"]


def test_predicates_must_be_words(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="list of words"):
        _lexicon_with(tmp_path, '  - {lemma: brand, pos: VERB, code: "111", predicates: threat}\n')


def test_subjects_load_as_words_and_tell_entries_apart(tmp_path: Path) -> None:
    # "peacekeepers arrived" (074) and "the minister arrived" (042) are different entries
    lexicon = _lexicon_with(
        tmp_path,
        '  - {lemma: arrive, pos: VERB, code: "074", subjects: [Peacekeeper]}\n'
        '  - {lemma: arrive, pos: VERB, code: "042"}\n',
    )
    deployment, visit = lexicon.candidates("arrive", "VERB")
    assert deployment.subjects == frozenset({"peacekeeper"})
    assert not visit.subjects


def test_located_groups_also_match_their_plural(tmp_path: Path) -> None:
    # a sentence-initial "Rebels" is tagged a proper noun and keeps its plural as its lemma
    (tmp_path / "event_triggers.yaml").write_text(
        "located_groups: {rebel: REB, militia: REB, policeman: COP, activist: CVL}\ntriggers: []\n",
        encoding="utf-8",
    )
    shutil.copy(reference_dir() / "intent_codes.csv", tmp_path / "intent_codes.csv")
    groups = load_trigger_lexicon(tmp_path).located_groups
    assert groups["rebels"] == "REB"
    assert groups["militias"] == "REB"
    assert groups["policemen"] == "COP"
    assert groups["activists"] == "CVL"
