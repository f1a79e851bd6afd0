"""50 widget users on one instance, then across two instances (no sticky sessions), both on one PostgreSQL.

Each user's turns alternate between the instances, as a round-robin proxy would send them, so every
turn of a session after the first reads what the other instance wrote. The same users, turns and
think times run against one instance first. Prints errors and turn p95 of both, and their ratio.

    python benchmarks/widget_two_instances.py [--users 50] [--turns 4] [--think 5]
"""

import argparse
import asyncio
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402
from load_widget import Tally, build_small_index, pct, turn  # noqa: E402

from tests.servers import server_env, uvicorn_server  # noqa: E402
from tests.services import Postgres  # noqa: E402


async def user(clients, turns: int, think_s: float, tally: Tally, rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(0, think_s))
    try:
        created = await clients[0].post("/api/sessions", json={})
        tally.status(created.status_code)
        sid = created.json()["session_id"]
        for n in range(turns):
            await turn(clients[(n + 1) % len(clients)], sid, "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn"
                       if n == 0 else "SLA giữa marketing và sales gồm những gì?", tally)
            await asyncio.sleep(rng.uniform(0.5 * think_s, 1.5 * think_s))
        history = await clients[-1].get(f"/api/sessions/{sid}")
        tally.status(history.status_code)
        if sum(m["role"] == "user" for m in history.json()["messages"]) != turns:
            tally.errors.append(f"session {sid}: messages missing")
    except (httpx.HTTPError, ValueError, KeyError) as err:
        tally.errors.append(f"{type(err).__name__}: {err}")


async def run(urls: list[str], users: int, turns: int, think: float) -> Tally:
    tally, rng = Tally(), random.Random(6)
    limits = httpx.Limits(max_connections=users + 10)
    clients = [httpx.AsyncClient(base_url=url, timeout=60, limits=limits) for url in urls]
    try:
        await asyncio.wait_for(asyncio.gather(*[user(clients, turns, think, tally, random.Random(rng.random()))
                                                for _ in range(users)]), timeout=600)
    finally:
        for client in clients:
            await client.aclose()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--turns", type=int, default=4)
    parser.add_argument("--think", type=float, default=5.0)
    args = parser.parse_args()
    postgres = Postgres()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            (base / "a").mkdir()
            limits = {"GROWTHDOC_RATE_LIMIT_IP_PER_MIN": "1000000", "GROWTHDOC_RATE_LIMIT_SESSION_PER_MIN": "1000"}
            build_small_index(base / "a", server_env(base / "a" / "data"))
            shutil.copytree(base / "a" / "data", base / "b" / "data")
            for count in (1, 2):
                database_url = postgres.new_database()
                with uvicorn_server(base / "a", server_env(base / "a" / "data", GROWTHDOC_DATABASE_URL=database_url,
                                                          **limits)) as (url_a, _):
                    urls = [url_a]
                    if count == 2:
                        server_b = uvicorn_server(base / "b", server_env(base / "b" / "data",
                                                                         GROWTHDOC_DATABASE_URL=database_url, **limits))
                        url_b, _ = server_b.__enter__()
                        urls.append(url_b)
                    try:
                        asyncio.run(run(urls, 2, 1, 0.1))  # warm-up
                        started = time.perf_counter()
                        tally = asyncio.run(run(urls, args.users, args.turns, args.think))
                        wall = time.perf_counter() - started
                    finally:
                        if count == 2:
                            server_b.__exit__(None, None, None)
                five_xx = sum(code >= 500 for code in tally.statuses)
                rows.append((count, five_xx, len(tally.errors), len(tally.turns_ms), pct(tally.turns_ms, 95), wall))
                for error in tally.errors[:5]:
                    print(f"{count} instance(s): {error}")
                bad = [code for code in tally.statuses if code != 200]
                if bad:
                    print(f"{count} instance(s): non-200 statuses {sorted(set(bad))}")
    finally:
        postgres.stop()
    print("| instances | 5xx | errors | turns | turn p95 | wall |")
    print("| --- | --- | --- | --- | --- | --- |")
    for count, five_xx, errors, turns, p95, wall in rows:
        print(f"| {count} | {five_xx} | {errors} | {turns} | {p95:.0f} ms | {wall:.0f} s |")
    print(f"p95 two instances / one: {rows[1][4] / rows[0][4]:.2f}")


if __name__ == "__main__":
    main()
