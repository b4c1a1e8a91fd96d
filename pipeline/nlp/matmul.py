"""The model's matrix products through numpy's BLAS, one thread per process: the same parse, sooner.

Most of a parse is matrix products: the `tok2vec` convolution that tagger and parser share,
and the parser's feature layer. thinc computes them with its bundled BLIS, which on the
machines we measured (AVX-512 cores) ran a single-threaded float32 product at about a third
of the speed of the OpenBLAS that numpy's wheels ship. thinc supports the swap itself:
`NumpyOps(use_blis=False)` keeps every other operation of its CPU backend and routes `gemm`
through `numpy.dot`.

The products differ only in the order of a few float additions; on the shared corpora and
the benchmark's real-news sentences the tags, heads, dependencies and lemmas came out
identical, and so did every event table (see the README's Performance section).

OpenBLAS would start a thread per core in each process, and attache already runs one coding
process per core (and Dagster may run steps side by side), so threads would only fight over
the same cores: each process is held to one BLAS thread.
"""

from __future__ import annotations

from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits

#: BLAS threads per process: parallelism comes from processes, one per core.
BLAS_THREADS = 1


def use_numpy_matmul(nlp: Language) -> int:
    """Route the matrix products of every trained component through numpy's BLAS.

    Returns:
        The number of model layers switched, 0 when the pipeline has no thinc models.
    """
    limit_blas_threads()
    ops = NumpyOps(use_blis=False)
    switched = 0
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for layer in model.walk():
            if isinstance(layer.ops, NumpyOps):
                layer.ops = ops
                switched += 1
    return switched


def limit_blas_threads(threads: int = BLAS_THREADS) -> None:
    """Hold this process's BLAS libraries to `threads` threads (a worker calls it too)."""
    threadpool_limits(limits=threads, user_api="blas")
