"""Matrix products through numpy's BLAS parse exactly as thinc's BLIS does."""

from __future__ import annotations

from pathlib import Path

import spacy
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info

from pipeline.nlp.matmul import use_numpy_matmul
from pipeline.nlp.model import DEFAULT_MODEL, check_model_installed

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples" / "raw"


def _analyses(nlp: spacy.language.Language, texts: list[str]) -> list[list[tuple[str, ...]]]:
    return [
        [(t.tag_, t.dep_, str(t.head.i), t.lemma_, t.ent_type_) for t in doc]
        for doc in nlp.pipe(texts)
    ]


def test_numpy_products_give_the_same_parse() -> None:
    module = check_model_installed(DEFAULT_MODEL)
    blis = spacy.load(module, exclude=["senter"])
    numpy = spacy.load(module, exclude=["senter"])
    switched = use_numpy_matmul(numpy)
    assert switched > 0
    for _, component in numpy.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            assert all(not layer.ops.use_blis for layer in model.walk())
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.rglob("*.txt"))]
    texts.append("The two foreign ministers met in Geneva on Tuesday and signed a truce.")
    assert _analyses(numpy, texts) == _analyses(blis, texts)


def test_the_default_pipeline_uses_numpy_products_on_one_blas_thread(
    nlp: spacy.language.Language,
) -> None:
    tok2vec = nlp.get_pipe("tok2vec").model
    assert isinstance(tok2vec.ops, NumpyOps)
    assert not tok2vec.ops.use_blis
    assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")


def test_a_pipeline_without_models_is_left_alone() -> None:
    assert use_numpy_matmul(spacy.blank("en")) == 0
