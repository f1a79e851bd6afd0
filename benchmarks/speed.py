"""The waits a user notices, each against its baseline in the same run: `make bench-speed`.

Whole processes run interleaved (each round runs every command once, so a busy moment on a shared
machine hits all alike); a figure is the median of `--repeat` rounds, and "× baseline" is the median
of the per-round ratios. Prints one Markdown table per part, naming the commit and the load.

1. cold `growthdoc ingest` into an empty store: with the shipped vectors (knowledge/embeddings/) and,
   once (minutes), without them (`--no-cache-rounds N`, default 1; 0 skips it);
2. start-up: `python -c pass` (the baseline), `growthdoc --help`, `growthdoc kpi` on a 50-row Meta
   export, `growthdoc search "…"` on a ready index, `import assistant.server`;
3. warm search (in this process): p50/p95 over the retrieval eval's questions, every query embedded
   (the query memo emptied before each; the questions are distinct, so a memo never answers), as the
   product runs it and with the query held to one thread (interleaved), the query embedding alone,
   the query's length in tokens (the model's time grows with it) and the load during the part, and
   the embeddings one offline method-question turn runs;
4. `growthdoc kpi --json` on a 1,000,000-row Meta export against `pandas.read_csv` + sum.

    .venv/bin/python benchmarks/speed.py [--repeat 5] [--rows 1000000] [--no-cache-rounds 1] [--skip-kpi]
                                         [--search-only] [--before ../main]   (the same commands on another checkout)
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import kpi_scale  # noqa: E402  (the 1M-row export generator and its pandas baseline)

QUERY = "khách hàng mục tiêu là ai"


def cli() -> list[str]:
    """The `growthdoc` of this interpreter, running this checkout's code."""
    return [sys.executable, "-c", "import sys; from assistant.cli import main; sys.exit(main())"]


def environment(data_dir: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "GROWTHDOC_"))}
    return env | {"PYTHONPATH": str(ROOT), "GROWTHDOC_DATA_DIR": str(data_dir), **extra}


def wall(cmd: list[str], env: dict, before=None) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MB, CPU seconds) of one child process; `before()` runs first, untimed."""
    if before:
        before()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(cmd[-3:])} failed:\n{proc.stderr.read().decode(errors='replace')[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def rounds(runs: dict, repeat: int) -> dict[str, list[tuple[float, float, float]]]:
    """Each command `repeat` times, interleaved; label -> [(wall s, RSS MB, CPU s)]."""
    results = {label: [] for label in runs}
    for _ in range(repeat):
        for label, (cmd, env, before) in runs.items():
            results[label].append(wall(cmd, env, before))
    return results


def table(results: dict, baseline: str, repeat: int) -> None:
    """Wall figures are medians over the rounds; "×" and "−" are medians of the per-round pairs."""
    base = [w for w, _, _ in results[baseline]]
    print(f"| command | median wall s | best wall s | × {baseline} (median of {repeat} paired) | "
          f"− {baseline} s | median CPU s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, rows in results.items():
        walls = [w for w, _, _ in rows]
        ratio = statistics.median(w / b for w, b in zip(walls, base))
        extra = statistics.median(w - b for w, b in zip(walls, base))
        print(f"| {label} | {statistics.median(walls):.2f} | {min(walls):.2f} | {ratio:.2f} | {extra:+.2f} | "
              f"{statistics.median(c for _, _, c in rows):.2f} | {max(r for _, r, _ in rows):.0f} |")


def ingest_part(tmp: Path, repeat: int, no_cache_rounds: int) -> None:
    bare = tmp / "knowledge-without-vectors"
    shutil.copytree(ROOT / "knowledge", bare, ignore=shutil.ignore_patterns("embeddings"))
    store = tmp / "ingest-data"

    def empty():
        shutil.rmtree(store, ignore_errors=True)

    cmd, files = [*cli(), "ingest", "--quiet"], sum(1 for _ in (ROOT / "knowledge").glob("*.md"))
    baseline = ([sys.executable, "-c", "pass"], environment(store), None)
    print(f"\n### Cold ingest ({files} files into an empty store)\n")
    runs = {"python -c pass": baseline, "growthdoc ingest (shipped vectors)": (cmd, environment(store), empty)}
    if no_cache_rounds:
        no_vectors = (cmd, environment(store, GROWTHDOC_KNOWLEDGE_DIR=str(bare)), empty)
        table(rounds({**runs, "growthdoc ingest (no vectors)": no_vectors}, no_cache_rounds), "python -c pass",
              no_cache_rounds)
        print()
    table(rounds(runs, repeat), "python -c pass", repeat)


def search_index(tmp: Path) -> Path:
    """A ready index of knowledge/ (built once per run)."""
    data = tmp / "search-data"
    if not (data / "chroma").exists():
        subprocess.run([*cli(), "ingest", "--quiet"], env=environment(data), cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return data


def start_up_part(tmp: Path, repeat: int, before: Path | None) -> None:
    data = search_index(tmp)
    sample = tmp / "meta_ads_vi_50.csv"
    kpi_scale.generate(sample, 50)
    env = environment(data)
    runs = {
        "python -c pass": ([sys.executable, "-c", "pass"], env, None),
        "growthdoc --help": ([*cli(), "--help"], env, None),
        "growthdoc kpi (50 rows)": ([*cli(), "kpi", str(sample)], env, None),
        f'growthdoc search "{QUERY}"': ([*cli(), "search", QUERY], env, None),
        "python -c 'import assistant.server'": ([sys.executable, "-c", "import assistant.server"], env, None),
    }
    if before:  # the same commands on another checkout (e.g. main before this branch), same rounds
        runs |= {f"{label} [{before.name}]": (cmd, env | {"PYTHONPATH": str(before)}, None)
                 for label, (cmd, _, _) in list(runs.items())[1:]}
    print("\n### Start-up (whole processes)\n")
    table(rounds(runs, repeat), "python -c pass", repeat)


def search_part(tmp: Path) -> None:
    """Warm search over the eval's questions, the product against one-thread queries, query by query.

    Each question is searched twice in a row, the memo emptied before each: as the product runs it
    (the query on two threads while a core is idle, `embeddings.query_threads`) and with the query
    held to one thread (what it did before); the order alternates, so a busy moment hits both alike.
    """
    from assistant.core.config import Settings
    from assistant.core.revision import commit
    from assistant.retrieval import embeddings
    from assistant.retrieval.search import KnowledgeSearch

    sys.path.insert(0, str(ROOT / "eval"))
    from retrieval import load_dataset, percentile

    searcher = KnowledgeSearch(Settings(data_dir=search_index(tmp), chroma_host=None))
    questions = [q["q"] for q in load_dataset()]
    searcher.search("warm-up")
    model = embeddings.get_model()
    arms = {"product (1 or 2 threads)": embeddings.QUERY_THREADS_MAX, "one thread (before)": 1}
    wall = {arm: [] for arm in arms}
    cpu = {arm: [] for arm in arms}
    alone = {arm: [] for arm in arms}
    two_threads, tokens, chosen = [], [], []
    choose = embeddings.query_threads

    def recorded() -> int:  # the thread count each search's query embedding was given
        chosen.append(choose())
        return chosen[-1]

    embeddings.query_threads = recorded
    load_start = os.getloadavg()[0]
    for round_ in range(3):
        for n, question in enumerate(questions):
            view = searcher._view()
            lang, _ = searcher.pick_lang(question, None, view)
            text = embeddings.normal_query(searcher.dense_query(question, lang, view))
            if round_ == 0:
                tokens.append(model.token_count(text, True))
            order = list(arms) if (n + round_) % 2 == 0 else list(arms)[::-1]
            for arm in order:
                embeddings.QUERY_THREADS_MAX = arms[arm]
                try:
                    embeddings.forget_queries()
                    started, cpu_started = time.perf_counter(), time.process_time()
                    searcher.search(question)
                    wall[arm].append((time.perf_counter() - started) * 1000)
                    cpu[arm].append((time.process_time() - cpu_started) * 1000)
                    if arm.startswith("product"):
                        two_threads.append(chosen[-1] == 2)
                    embeddings.forget_queries()  # the query embedding alone, on the text the search embeds
                    started = time.perf_counter()
                    embeddings.embed_queries([text])
                    alone[arm].append((time.perf_counter() - started) * 1000)
                finally:
                    embeddings.QUERY_THREADS_MAX = arms["product (1 or 2 threads)"]
    embeddings.query_threads = choose
    load_end = os.getloadavg()[0]
    print("\n### Warm search (in process, every query embedded: the memo emptied before each)\n")
    print(f"commit {commit()} · {os.cpu_count()} cores ({embeddings.usable_cores()} usable) · load average "
          f"{load_start:.2f} at the start of this part, {load_end:.2f} at its end · {len(questions)} questions × 3, "
          f"query tokens (with `query: `) p50 / p95 / max {statistics.median(tokens):.0f} / "
          f"{percentile(tokens, 0.95):.0f} / {max(tokens)}\n")
    print("| arm | searches | p50 ms | p95 ms | p95 CPU ms (all threads) | query embedding alone p50 / p95 ms | "
          "queries on 2 threads | goal p95 ≤ 30 ms |\n|---|---:|---:|---:|---:|---|---:|---|")
    for arm in arms:
        p95 = percentile(wall[arm], 0.95)
        share = f"{sum(two_threads) / len(two_threads):.0%}" if arm.startswith("product") else "0%"
        print(f"| {arm} | {len(wall[arm])} | {statistics.median(wall[arm]):.1f} | {p95:.1f} | "
              f"{percentile(cpu[arm], 0.95):.1f} | {statistics.median(alone[arm]):.1f} / "
              f"{percentile(alone[arm], 0.95):.1f} | {share} | {'met' if p95 <= 30 else 'NOT met'} |")
    typed, bare = "Làm sao để sales phản hồi lead nhanh hơn?", "lam sao de sales phan hoi lead nhanh hon"
    print(f"\nembeddings per offline method-question turn: {turn_embeddings(searcher, typed)} for «{typed}» "
          f"(classifier and search share one); {turn_embeddings(searcher, bare)} for «{bare}» (the classifier "
          "embeds it as typed, the search with its diacritics restored)")


def turn_embeddings(searcher, message: str) -> int:
    """How many times the model runs for one offline method question."""
    from assistant.bootstrap import intent_classifier
    from assistant.contracts import TurnContext
    from assistant.engine.offline.engine import OfflineEngine
    from assistant.retrieval import embeddings

    engine = OfflineEngine(ROOT / "knowledge", searcher, intent_classifier())
    calls = []
    real = embeddings.get_model

    class Counting:
        def __init__(self, model):
            self.model = model

        def query(self, texts):
            calls.append(texts)
            return self.model.query(texts)

    embeddings.forget_queries()
    embeddings.get_model = lambda variant="original": Counting(real(variant))
    try:
        engine.respond(TurnContext(session_id="bench"), message)
    finally:
        embeddings.get_model = real
    return len(calls)


def kpi_part(rows: int, repeat: int, before: Path | None) -> None:
    path = kpi_scale.OUT / f"meta_ads_vi_{rows}.csv"
    if not path.exists():
        kpi_scale.generate(path, rows)
    env = environment(Path(tempfile.gettempdir()) / "growthdoc-bench-kpi")
    runs = {"pandas.read_csv + sum": ([sys.executable, "-c", kpi_scale.BASELINE, str(path)], env, None),
            "growthdoc kpi FILE --json": ([*cli(), "kpi", str(path), "--json"], env, None)}
    if before:
        runs[f"growthdoc kpi FILE --json [{before.name}]"] = ([*cli(), "kpi", str(path), "--json"],
                                                              env | {"PYTHONPATH": str(before)}, None)
    print(f"\n### KPI reading: {path.name} ({path.stat().st_size / 2**20:.0f} MB, {rows:,} rows)\n")
    table(rounds(runs, repeat), "pandas.read_csv + sum", repeat)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-cache-rounds", type=int, default=1)
    parser.add_argument("--skip-kpi", action="store_true")
    parser.add_argument("--search-only", action="store_true", help="only the warm search part")
    parser.add_argument("--before", type=Path, help="another checkout to time in the same rounds (e.g. main)")
    args = parser.parse_args()
    from assistant.core.revision import commit

    print(f"speed · commit {commit()} · {os.cpu_count()} cores · load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory(prefix="growthdoc-speed-") as tmp:
        if not args.search_only:
            ingest_part(Path(tmp), args.repeat, args.no_cache_rounds)
            start_up_part(Path(tmp), args.repeat, args.before)
        search_part(Path(tmp))
    if not (args.skip_kpi or args.search_only):
        kpi_part(args.rows, args.repeat, args.before)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
