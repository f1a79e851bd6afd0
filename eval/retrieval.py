"""`growthdoc eval retrieval`: hit@1, hit@3, MRR and warm latency for hybrid, BM25 and dense search.

Ingests the knowledge base into a temporary data dir (cold, then again with nothing changed), runs
every question of `eval/datasets/retrieval.jsonl` through each mode, prints one table naming the
commit. Options after the suite name: `--data-dir DIR` (where to build the index; default a temp
dir), `--keep-index` (incremental ingest only: reuse the index already in DIR), `--repeat N` (latency
samples per question, default 3). `--json` prints the metrics instead.
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from assistant.core.config import get_settings
from assistant.core.revision import commit
from assistant.retrieval.embeddings import forget_queries
from assistant.retrieval.ingest import ingest
from assistant.retrieval.search import MODES, KnowledgeSearch

DATASET = Path(__file__).parent / "datasets" / "retrieval.jsonl"
DEPTH = 10
LANGS = ("vi", "en", "vi-nodiac")


def load_dataset(path: Path = DATASET) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def first_relevant_rank(doc_ids: list[str], relevant: list[str]) -> int | None:
    """1-based rank of the first result from a relevant file, or None."""
    return next((rank for rank, doc_id in enumerate(doc_ids, 1) if doc_id in relevant), None)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def evaluate_mode(searcher: KnowledgeSearch, questions: list[dict], mode: str, repeat: int) -> dict:
    """Quality metrics from the first pass, latency over `repeat` passes."""
    ranks, latencies = [], []
    for item in questions:
        for run in range(repeat):
            forget_queries()  # each sample embeds its query: a repeat must not time the memo
            started = time.perf_counter()
            hits = searcher.search(item["q"], k=DEPTH, mode=mode)
            latencies.append((time.perf_counter() - started) * 1000)
            if run == 0:
                ranks.append((item["lang"], first_relevant_rank([h.doc_id for h in hits], item["relevant"])))
    return {"mode": mode, **_quality([r for _, r in ranks]),
            **{f"hit@3_{lang}": _quality([r for l, r in ranks if l == lang])["hit@3"] for lang in LANGS},
            "p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(percentile(latencies, 0.95), 1)}


def _quality(ranks: list[int | None]) -> dict:
    n = max(len(ranks), 1)
    return {"hit@1": round(sum(r == 1 for r in ranks if r) / n, 3),
            "hit@3": round(sum(r <= 3 for r in ranks if r) / n, 3),
            "mrr": round(sum(1 / r for r in ranks if r) / n, 3)}


def measure_ingest(settings, keep_index: bool = False) -> dict:
    """Cold ingest into an empty store, then a second run with nothing changed."""
    cold = ingest(settings, rebuild=not keep_index, progress=False)
    again = ingest(settings, progress=False)
    return {"cold_s": cold.seconds, "chunks": cold.chunks_total, "files": cold.added + cold.unchanged + cold.updated,
            "cold_embedded": cold.chunks_embedded, "rebuilt": not keep_index,
            "no_change_s": again.seconds, "no_change_embedded": again.chunks_embedded}


def print_table(report: dict) -> None:
    q, ing = report["questions"], report["ingest"]
    print(f"retrieval eval · commit {report['commit']} · {q['total']} questions "
          f"({q['vi']} vi, {q['en']} en, {q['vi-nodiac']} vi without diacritics) · {ing['chunks']} chunks · "
          f"load average {report['load_before']} → {report['load_after']} on {os.cpu_count()} cores")
    header = ["mode", "hit@1", "hit@3", "MRR", "hit@3 vi", "hit@3 en", "hit@3 no-diac", "p50 ms", "p95 ms"]
    keys = ["mode", "hit@1", "hit@3", "mrr", "hit@3_vi", "hit@3_en", "hit@3_vi-nodiac", "p50_ms", "p95_ms"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in report["modes"]:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    first = "cold (empty index)" if ing["rebuilt"] else "first run (kept index)"
    print(f"ingest: {first} {ing['cold_s']:.1f} s ({ing['files']} files, {ing['cold_embedded']}/{ing['chunks']} chunks embedded); "
          f"second run, nothing changed: {ing['no_change_s']:.2f} s ({ing['no_change_embedded']} embedded)")


def main(args) -> int:
    parser = argparse.ArgumentParser(prog="growthdoc eval retrieval")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--keep-index", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(getattr(args, "rest", []) or [])
    data_dir = options.data_dir or Path(tempfile.mkdtemp(prefix="growthdoc-eval-"))
    settings = get_settings().model_copy(update={"data_dir": data_dir, "chroma_host": None})
    report = {"commit": commit(), "load_before": round(os.getloadavg()[0], 2),
              "ingest": measure_ingest(settings, options.keep_index)}
    questions = load_dataset()
    searcher = KnowledgeSearch(settings)
    searcher.search("warm-up", k=DEPTH)  # model and caches hot: the figures are warm latencies
    report["questions"] = {"total": len(questions), **{lang: sum(q["lang"] == lang for q in questions)
                                                       for lang in LANGS}}
    report["modes"] = [evaluate_mode(searcher, questions, mode, options.repeat) for mode in MODES]
    report["load_after"] = round(os.getloadavg()[0], 2)
    if options.json or getattr(args, "json", False):
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_table(report)
    return 0
