"""50 concurrent widget users against one server process on loopback (offline engine).

Starts `uvicorn assistant.server:create_app` in its own process on a free port with a temp data
dir (a small knowledge index is built first, or `--data-dir` reuses one made by `growthdoc ingest`),
then runs simulated widget users with httpx: each creates a session and sends a few messages with
`Accept: text/event-stream`, reading the SSE stream to its `done` event, with a think time between
turns like a person typing. Prints one table: requests, 5xx, p50/p95 latency of an offline turn,
server RSS before and after. Bounded in users, turns and wall time. Rate limits are raised for the
run (every simulated user shares 127.0.0.1). Goal: no 5xx, p95 <= 300 ms.

    .venv/bin/python benchmarks/load_widget.py [--users 50] [--turns 4] [--think 5] [--deadline 300]
        [--rounds N --before ../main]   (N rounds, each running this checkout then the other, interleaved:
                                         one table of medians, per round figures and the load average)
        [--phases]                      (where a turn's time goes in the server: request, session check,
                                         wait for a compute slot, turn, reply sent; p50/p95/max each)
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
SMALL_INDEX = ("silos.md", "step-5-conversion-sales.md", "pillar-conversion.md")
MESSAGES = [
    "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn",
    "SLA giữa marketing và sales gồm những gì?",
    "chưa",
    "không biết",
    "soạn giúp agenda họp kick-off",
    "làm sao tăng tỷ lệ chốt đơn từ tin nhắn?",
    "doanh thu tháng rồi khoảng 80 triệu, mục tiêu 150 triệu",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_small_index(root: Path, env: dict) -> None:
    """Index a few knowledge files into the temp data dir (their vectors from the shipped cache)."""
    knowledge = root / "knowledge"
    knowledge.mkdir()
    for name in SMALL_INDEX:
        shutil.copy(ROOT / "knowledge" / name, knowledge / name)
    if (ROOT / "knowledge" / "embeddings").is_dir():
        shutil.copytree(ROOT / "knowledge" / "embeddings", knowledge / "embeddings")
    code = ("from assistant.core.config import get_settings; from assistant.retrieval.ingest import ingest; "
            "ingest(get_settings(), progress=False)")
    subprocess.run([sys.executable, "-c", code], env=env | {"GROWTHDOC_KNOWLEDGE_DIR": str(knowledge)},
                   check=True, cwd=root)


def start_server(root: Path, data_dir: Path, port: int, app: str, workers: int = 1,
                 code: Path | None = None, phases: Path | None = None) -> subprocess.Popen:
    """uvicorn (one process, or `workers` of them), offline engine, limits raised for a single-IP load test;
    `code` is the checkout whose code the server runs (default: whatever this interpreter imports);
    with `phases`, the app with a clock on each phase of a turn (benchmarks/turn_phases.py) writes there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "GROWTHDOC_"))}
    if code is not None:
        env["PYTHONPATH"] = str(code.resolve())
    if phases is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parent), env.get("PYTHONPATH")]))
        env["TURN_PHASES_OUT"] = str(phases)
        app = "turn_phases:create_app"
    env |= {"GROWTHDOC_DATA_DIR": str(data_dir), "OMP_NUM_THREADS": "1",
            "GROWTHDOC_RATE_LIMIT_IP_PER_MIN": "1000000", "GROWTHDOC_RATE_LIMIT_SESSION_PER_MIN": "1000"}
    if not (data_dir / "chroma").exists():
        build_small_index(root, env)
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", *(["--workers", str(workers)] if workers > 1 else [])],
        env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=(root / "server.log").open("w"))


def wait_until_up(url: str, process: subprocess.Popen, log: Path, limit_s: float = 180) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server exited during start-up:\n" + log.read_text()[-2000:])
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit("the server did not start in time")


class Tally:
    """Every request's status and every turn's latency."""

    def __init__(self):
        self.statuses: list[int] = []
        self.turns_ms: list[float] = []
        self.first_delta_ms: list[float] = []
        self.errors: list[str] = []

    def status(self, code: int) -> None:
        self.statuses.append(code)


async def turn(client: httpx.AsyncClient, sid: str, text: str, tally: Tally) -> None:
    """One streamed message; latency = request sent → `done` event received."""
    started = time.perf_counter()
    first = None
    async with client.stream("POST", f"/api/sessions/{sid}/messages", json={"text": text},
                             headers={"Accept": "text/event-stream"}) as response:
        tally.status(response.status_code)
        if response.status_code != 200:
            await response.aread()
            return
        async for line in response.aiter_lines():
            if line.startswith("event: delta") and first is None:
                first = time.perf_counter()
            if line.startswith("event: done"):
                tally.turns_ms.append((time.perf_counter() - started) * 1000)
                tally.first_delta_ms.append(((first or time.perf_counter()) - started) * 1000)


async def user(client: httpx.AsyncClient, turns: int, think_s: float, tally: Tally, rng: random.Random) -> None:
    """A widget visitor: open a session, then a few messages with pauses to read and type."""
    await asyncio.sleep(rng.uniform(0, think_s))  # visitors do not all arrive in the same millisecond
    try:
        created = await client.post("/api/sessions", json={})
        tally.status(created.status_code)
        sid = created.json()["session_id"]
        for n in range(turns):
            await turn(client, sid, MESSAGES[(n + rng.randrange(len(MESSAGES))) % len(MESSAGES)], tally)
            await asyncio.sleep(rng.uniform(0.5 * think_s, 1.5 * think_s))
        history = await client.get(f"/api/sessions/{sid}")
        tally.status(history.status_code)
        if sum(m["role"] == "user" for m in history.json()["messages"]) != turns:
            tally.errors.append(f"session {sid}: messages missing from the history")
    except (httpx.HTTPError, json.JSONDecodeError, KeyError) as err:
        tally.errors.append(f"{type(err).__name__}: {err}")


async def run_users(url: str, users: int, turns: int, think_s: float, deadline_s: float) -> tuple[Tally, float]:
    tally = Tally()
    rng = random.Random(6)
    limits = httpx.Limits(max_connections=users + 10, max_keepalive_connections=users + 10)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        jobs = [user(client, turns, think_s, tally, random.Random(rng.random())) for _ in range(users)]
        try:
            await asyncio.wait_for(asyncio.gather(*jobs), timeout=deadline_s)
        except asyncio.TimeoutError:
            tally.errors.append(f"deadline of {deadline_s:.0f} s reached")
        return tally, time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else (values or [0])[0]


def rss_mb(process: psutil.Process) -> float:
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 2**20


def report(args, tally: Tally, wall_s: float, rss_before: float, rss_after: float) -> bool:
    five_xx = sum(code >= 500 for code in tally.statuses)
    p95 = pct(tally.turns_ms, 95)
    rows = [
        ("users × turns", f"{args.users} × {args.turns} (think {args.think:g} s, {args.workers} worker(s))"),
        ("requests", f"{len(tally.statuses)}"),
        ("5xx responses", f"{five_xx}"),
        ("other non-2xx", f"{sum(code < 500 and not 200 <= code < 300 for code in tally.statuses)}"),
        ("client errors / lost turns", f"{len(tally.errors)}"),
        ("turns completed", f"{len(tally.turns_ms)} / {args.users * args.turns}"),
        ("turn latency p50 (ms)", f"{pct(tally.turns_ms, 50):.0f}"),
        ("turn latency p95 (ms)", f"{p95:.0f}"),
        ("turn latency max (ms)", f"{max(tally.turns_ms, default=0):.0f}"),
        ("first delta p95 (ms)", f"{pct(tally.first_delta_ms, 95):.0f}"),
        ("throughput (turns/s)", f"{len(tally.turns_ms) / wall_s:.1f}"),
        ("server RSS before → after (MB)", f"{rss_before:.0f} → {rss_after:.0f}"),
        ("wall time (s)", f"{wall_s:.1f}"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"| {'metric'.ljust(width)} | value |\n| {'-' * width} | --- |")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")
    for error in tally.errors[:5]:
        print("error:", error)
    ok = five_xx == 0 and not tally.errors and p95 <= args.goal_ms
    print(f"goal (no 5xx, nothing lost, p95 <= {args.goal_ms} ms): {'met' if ok else 'NOT met'}")
    return five_xx == 0 and not tally.errors


def one_run(args, code: Path | None = None) -> tuple[Tally, float, float, float, str]:
    """Start a server (of `code`), warm it up, run the users; (tally, wall s, RSS before, RSS after, the
    end of the server's log)."""
    with tempfile.TemporaryDirectory(prefix="growthdoc-load-") as tmp:
        root = Path(tmp)
        port = free_port()
        phases = root / "turn_phases.json" if args.phases else None
        server = start_server(root, args.data_dir or root / "data", port, args.app, args.workers, code, phases)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, server, root / "server.log")
            process = psutil.Process(server.pid)
            asyncio.run(run_users(url, 2, 1, 0.1, 60))  # warm-up: first embeddings, first DB writes
            rss_before = rss_mb(process)
            tally, wall_s = asyncio.run(run_users(url, args.users, args.turns, args.think, args.deadline))
            rss_after = rss_mb(process)
        finally:
            server.terminate()
            server.wait(timeout=30)
        log = (root / "server.log").read_text()[-3000:] if (root / "server.log").exists() else ""
        if phases is not None and phases.exists():
            from turn_phases import summary

            summary(phases, skip=2)  # the warm-up's two turns
        return tally, wall_s, rss_before, rss_after, log


def paired(args) -> int:
    """`--rounds` rounds, each this checkout then `--before`: medians side by side, like benchmarks/speed.py."""
    sys.path.insert(0, str(ROOT))  # this checkout's revision, whichever checkout the interpreter installs
    from assistant.core.revision import commit

    checkouts = {f"this checkout ({commit()})": ROOT, f"{args.before.name}": args.before}
    runs = {label: [] for label in checkouts}
    print(f"{args.users} back-to-back users × {args.turns} turns (think {args.think:g} s), {args.workers} worker(s), "
          f"{os.cpu_count()} cores")
    for n in range(args.rounds):
        for label, code in checkouts.items():
            load = os.getloadavg()[0]
            tally, wall_s, _, _, log = one_run(args, code)
            row = (len(tally.turns_ms) / wall_s, pct(tally.turns_ms, 50), pct(tally.turns_ms, 95),
                   sum(c >= 500 for c in tally.statuses) + len(tally.errors))
            runs[label].append(row)
            print(f"round {n + 1}, {label}, load {load:.2f}: {row[0]:.1f} turns/s, p50 {row[1]:.0f} ms, "
                  f"p95 {row[2]:.0f} ms, {row[3]} errors", flush=True)
            if row[3]:
                print(log, file=sys.stderr)
    print(f"\n| code | turns/s | p50 ms | p95 ms | 5xx + lost | (median of {args.rounds} paired rounds) |")
    print("|---|---:|---:|---:|---:|---|")
    for label, rows in runs.items():
        print(f"| {label} | {statistics.median(r[0] for r in rows):.1f} | {statistics.median(r[1] for r in rows):.0f} | "
              f"{statistics.median(r[2] for r in rows):.0f} | {sum(r[3] for r in rows)} | |")
    return 0 if all(r[3] == 0 for rows in runs.values() for r in rows) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--turns", type=int, default=4, help="messages per user")
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between a user's messages")
    parser.add_argument("--deadline", type=float, default=300, help="stop the run after this many seconds")
    parser.add_argument("--goal-ms", type=int, default=300)
    parser.add_argument("--data-dir", type=Path, help="reuse a data dir with an index (default: a temp one)")
    parser.add_argument("--app", default="assistant.server:create_app", help="app factory to serve (to compare variants)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (uvicorn --workers)")
    parser.add_argument("--phases", action="store_true",
                        help="time each phase of a turn in the server (benchmarks/turn_phases.py) and print them")
    parser.add_argument("--before", type=Path, help="another checkout, run in the same rounds (e.g. ../main)")
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds with --before")
    args = parser.parse_args()
    if args.before:
        return paired(args)
    tally, wall_s, rss_before, rss_after, log = one_run(args)
    ok = report(args, tally, wall_s, rss_before, rss_after)
    if not ok:
        print(log, file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
