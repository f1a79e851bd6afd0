"""20 honest users chatting while an attacker sends the hostile suite's attacks (issue 14).

Starts a locked-down server on loopback exactly as tests/security/test_hostile_server.py does (uvicorn,
keys required, admin token, Messenger and Zalo on, pointed at a local fake platform; offline engine and
a small knowledge index), then for `--seconds` (default 60): `--users` honest widget users send REST
messages (`POST /api/sessions/{id}/messages`, JSON) with a think time between turns, while an attacker
sends the rows of tests/security/hostile.py's ATTACKS in turn at `--rate` requests/s. Everything is
bounded (duration, request count, client timeouts) and stays on 127.0.0.1; the run stops by itself.

Prints one table: honest turns p50/p95, honest errors, attacker answers by status, server RSS
first/max/last, and the commit measured. Goal: honest p95 <= 300 ms and 0 errors, attacker 4xx only,
RSS bounded.

    .venv/bin/python benchmarks/hostile_load.py [--users 20] [--rate 5] [--seconds 60] [--think 1]
"""

import argparse
import asyncio
import collections
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the attack table lives beside the suite that checks it

from assistant.core.revision import commit
from tests.security.hostile import ATTACKS, FakePlatform, running_server, server_env

SMALL_INDEX = ("silos.md", "step-5-conversion-sales.md", "pillar-conversion.md")
MESSAGES = [
    "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn",
    "SLA giữa marketing và sales gồm những gì?",
    "chưa",
    "soạn giúp agenda họp kick-off",
    "làm sao tăng tỷ lệ chốt đơn từ tin nhắn?",
    "doanh thu tháng rồi khoảng 80 triệu, mục tiêu 150 triệu",
]
HONEST_TIMEOUT_S, ATTACK_TIMEOUT_S = 30.0, 10.0


def build_small_index(root: Path, platform_url: str) -> None:
    """A few knowledge files indexed into the server's data dir, so honest turns search as in production."""
    knowledge = root / "knowledge"
    knowledge.mkdir()
    for name in SMALL_INDEX:
        shutil.copy(ROOT / "knowledge" / name, knowledge / name)
    code = ("from assistant.core.config import get_settings; from assistant.retrieval.ingest import ingest; "
            "ingest(get_settings(), progress=False)")
    env = server_env(root / "data", platform_url) | {"GROWTHDOC_KNOWLEDGE_DIR": str(knowledge)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=root, timeout=600)


async def honest_user(n: int, server: dict, stop_at: float, think: float, turns: list, errors: list) -> None:
    """One widget user: a session, then a message every `think` seconds until the run ends."""
    headers = {"X-GrowthDoc-Key": server["widget_key"]}
    async with httpx.AsyncClient(base_url=server["url"], headers=headers, timeout=HONEST_TIMEOUT_S) as client:
        try:
            sid = (await client.post("/api/sessions")).json()["session_id"]
        except (httpx.HTTPError, ValueError, KeyError) as err:
            errors.append(f"session: {type(err).__name__}")
            return
        i = n
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                response = await client.post(f"/api/sessions/{sid}/messages", json={"text": MESSAGES[i % len(MESSAGES)]})
                if response.status_code == 200:
                    turns.append(time.monotonic() - started)
                else:
                    errors.append(str(response.status_code))
            except httpx.HTTPError as err:
                errors.append(type(err).__name__)
            i += 1
            await asyncio.sleep(think)


def attacker(server: dict, rate: float, seconds: float, answers: collections.Counter) -> None:
    """`rate` attacks a second for `seconds`, each in its own thread so a slow answer does not slow the pace."""
    lock = threading.Lock()

    def one(k: int) -> None:
        attack = ATTACKS[k % len(ATTACKS)]
        try:
            with httpx.Client(timeout=ATTACK_TIMEOUT_S) as client:
                status = str(attack.send(client, server).status_code)
        except httpx.TimeoutException:
            status = "timeout"
        except httpx.HTTPError as err:
            status = type(err).__name__
        with lock:
            answers[status] += 1

    total = int(rate * seconds)
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(4, int(rate * ATTACK_TIMEOUT_S))) as pool:
        for k in range(total):
            time.sleep(max(0.0, start + k / rate - time.monotonic()))
            pool.submit(one, k)


def sample_rss(pid: int, stop: threading.Event, samples: list) -> None:
    process = psutil.Process(pid)
    while not stop.is_set():
        try:
            samples.append(process.memory_info().rss)
        except psutil.Error:
            return
        stop.wait(0.5)


async def run(server: dict, args) -> dict:
    turns, errors, answers, rss = [], [], collections.Counter(), []
    stop = threading.Event()
    threading.Thread(target=sample_rss, args=(server["process"].pid, stop, rss), daemon=True).start()
    stop_at = time.monotonic() + args.seconds
    users = [honest_user(n, server, stop_at, args.think, turns, errors) for n in range(args.users)]
    attack = asyncio.to_thread(attacker, server, args.rate, args.seconds, answers)
    await asyncio.gather(*users, attack)
    alive = server["process"].poll() is None
    stop.set()
    return {"turns": turns, "errors": errors, "answers": answers, "rss": rss, "alive": alive}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def report(result: dict, args) -> None:
    turns, rss = sorted(result["turns"]), [r / 2**20 for r in result["rss"]] or [0.0]
    p95 = turns[int(0.95 * (len(turns) - 1))] if turns else float("nan")
    errors = collections.Counter(result["errors"])
    answers = ", ".join(f"{k}: {v}" for k, v in sorted(result["answers"].items()))
    print(f"\nhostile load — commit {commit()} — {args.users} honest users (think {args.think} s), "
          f"attacker {args.rate}/s for {args.seconds} s, {len(ATTACKS)} kinds of attack in turn\n")
    print("| honest turns | p50 | p95 | honest errors | attacker answers by status | server RSS first / max / last | server alive |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {len(turns)} | {ms(statistics.median(turns)) if turns else '—'} | {ms(p95) if turns else '—'} "
          f"| {sum(errors.values())}{' (' + ', '.join(f'{k}: {v}' for k, v in errors.items()) + ')' if errors else ''} "
          f"| {answers} | {rss[0]:.0f} / {max(rss):.0f} / {rss[-1]:.0f} MB | {'yes' if result['alive'] else 'NO'} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rate", type=float, default=5.0, help="attacks per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between an honest user's turns")
    args = parser.parse_args()
    platform = FakePlatform()
    with tempfile.TemporaryDirectory(prefix="growthdoc-hostile-") as tmp:
        root = Path(tmp)
        build_small_index(root, platform.url)
        with running_server(root, platform.url) as server:
            assert server["url"].startswith("http://127.0.0.1:"), "loopback only"
            result = asyncio.run(run(server, args))
    platform.close()
    report(result, args)


if __name__ == "__main__":
    main()
