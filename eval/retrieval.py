"""`growthdoc eval retrieval`: hit@1, hit@3, MRR and warm latency for hybrid, BM25 and dense search.

Ingests the knowledge base (both languages) into a temporary data dir (cold, then again with nothing
changed), runs every question of `eval/datasets/retrieval.jsonl` through each mode in its reader's
language (English questions search the English notes, Vietnamese ones the Vietnamese notes), prints
one table for the Vietnamese questions and one for the English ones, naming the commit. Questions
marked `"split": "frozen"` were written after the last tuning and are never tuned on. Options after the suite name: `--data-dir DIR` (where to build the index; default a temp
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
FROZEN = "frozen"


def reader_lang(item: dict) -> str:
    """The language the asker reads: English questions get English passages, the rest Vietnamese."""
    return "en" if item["lang"] == "en" else "vi"


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
    ranks, latencies, in_lang = [], [], []
    for item in questions:
        for run in range(repeat):
            forget_queries()  # each sample embeds its query: a repeat must not time the memo
            started = time.perf_counter()
            hits = searcher.search(item["q"], k=DEPTH, mode=mode, lang=reader_lang(item))
            latencies.append((time.perf_counter() - started) * 1000)
            if run == 0:
                ranks.append((item, first_relevant_rank([h.doc_id for h in hits], item["relevant"])))
                in_lang += [h.lang == reader_lang(item) and not h.fallback for h in hits[:3]]
    vi = [r for item, r in ranks if item["lang"] != "en"]
    en = [r for item, r in ranks if item["lang"] == "en"]
    return {"mode": mode, **_quality(vi),
            **{f"hit@3_{lang}": _quality([r for i, r in ranks if i["lang"] == lang])["hit@3"] for lang in LANGS},
            "en": {**_quality(en), "frozen_hit@3": _quality([r for i, r in ranks if i["lang"] == "en"
                                                           and i.get("split") == FROZEN])["hit@3"]},
            "in_reader_lang": round(sum(in_lang) / max(len(in_lang), 1), 3),
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
          f"({q['vi']} vi, {q['en']} en of which {q['en_frozen']} frozen, {q['vi-nodiac']} vi without diacritics) · "
          f"{ing['chunks']} chunks · load average {report['load_before']} → {report['load_after']} on {os.cpu_count()} cores")
    print("Vietnamese questions → Vietnamese passages (p50/p95: every question)")
    header = ["mode", "hit@1", "hit@3", "MRR", "hit@3 vi", "hit@3 no-diac", "p50 ms", "p95 ms"]
    keys = ["mode", "hit@1", "hit@3", "mrr", "hit@3_vi", "hit@3_vi-nodiac", "p50_ms", "p95_ms"]
    _table(header, [[row[k] for k in keys] for row in report["modes"]])
    print("English questions → English passages")
    header = ["mode", "hit@1", "hit@3", "MRR", "hit@3 frozen", "top 3 in the reader's language"]
    _table(header, [[row["mode"], row["en"]["hit@1"], row["en"]["hit@3"], row["en"]["mrr"], row["en"]["frozen_hit@3"],
                     row["in_reader_lang"]] for row in report["modes"]])
    first = "cold (empty index)" if ing["rebuilt"] else "first run (kept index)"
    print(f"ingest: {first} {ing['cold_s']:.1f} s ({ing['files']} files, {ing['cold_embedded']}/{ing['chunks']} chunks embedded); "
          f"second run, nothing changed: {ing['no_change_s']:.2f} s ({ing['no_change_embedded']} embedded)")


def _table(header: list[str], rows: list[list]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(v) for v in row) + " |")


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
                                                       for lang in LANGS},
                           "en_frozen": sum(q["lang"] == "en" and q.get("split") == FROZEN for q in questions)}
    report["modes"] = [evaluate_mode(searcher, questions, mode, options.repeat) for mode in MODES]
    report["load_after"] = round(os.getloadavg()[0], 2)
    if options.json or getattr(args, "json", False):
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_table(report)
    return 0
