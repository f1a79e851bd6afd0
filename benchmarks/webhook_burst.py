"""Webhook burst across two app instances on one PostgreSQL: deliveries with duplicates, one instance killed.

Two uvicorn processes share a PostgreSQL database (started here, tests/services.py); a local fake Graph
API records the answers. DELIVERIES Messenger deliveries (USERS users), DUP_SHARE of them sent a second
time to the other instance, go out from 16 threads; halfway, instance A is killed with SIGKILL and what
was meant for it goes to B (as a proxy would). Prints: acknowledged, lost (acknowledged and never
answered), answered twice, p95 acknowledgement. The senders share one pooled HTTP client, as a platform
keeps its connections: a new client per delivery costs ~50 ms of this process' CPU (its TLS context),
which under 16 threads and the GIL was most of the acknowledgement time measured before.

    python benchmarks/webhook_burst.py [--deliveries 1000]
"""

import argparse
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from tests.channels.fakes import FakeGraph, LocalServer  # noqa: E402
from tests.channels.test_instances import answered, deliver, messenger_env  # noqa: E402
from tests.servers import uvicorn_server  # noqa: E402
from tests.services import Postgres  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--dup-share", type=float, default=0.10)
    args = parser.parse_args()
    rng = random.Random(7)
    postgres, graph = Postgres(), FakeGraph()
    try:
        with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
            server = stack.enter_context(LocalServer(graph.app))
            graph.url = server.url
            database_url = postgres.new_database()
            instances = []
            for name in ("a", "b"):
                root = Path(tmp) / name
                root.mkdir()
                instances.append(stack.enter_context(uvicorn_server(
                    root, messenger_env(root, graph, database_url, GROWTHDOC_WEBHOOK_LEASE_S="10"))))
            (url_a, proc_a), (url_b, _) = instances
            plan = []
            for i in range(args.deliveries):
                target = i % 2
                plan.append((target, f"u{rng.randrange(args.users)}", f"mid.{i}"))
                if rng.random() < args.dup_share:
                    plan.append((1 - target, plan[-1][1], plan[-1][2]))  # the same event to the other instance
            killed, acked, latencies = [False], set(), []
            client = stack.enter_context(httpx.Client(limits=httpx.Limits(max_connections=32)))

            def send(job):
                index, (target, user, mid) = job
                if index == len(plan) // 2 and not killed[0]:
                    killed[0] = True
                    os.kill(proc_a.pid, signal.SIGKILL)
                url = url_a if target == 0 and not killed[0] else url_b
                for attempt in (url, url_b):  # refused by a dead instance: the proxy (and Meta) retry on B
                    start = time.monotonic()
                    try:
                        if deliver(attempt, user, "chào shop", mid, client).status_code == 200:
                            latencies.append(time.monotonic() - start)
                            return user, mid
                    except httpx.HTTPError:
                        continue
                return None

            started = time.monotonic()
            with ThreadPoolExecutor(16) as pool:
                for result in pool.map(send, enumerate(plan)):
                    if result:
                        acked.add(result)
            sent_s = time.monotonic() - started
            expected = Counter(user for user, _ in acked)
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline and any(answered(graph)[u] < n for u, n in expected.items()):
                time.sleep(0.5)
            time.sleep(12)  # past the lease: a second answer of a claimed event would show by now
            got = answered(graph)
            lost = sum(max(n - got[u], 0) for u, n in expected.items())
            twice = sum(max(got[u] - n, 0) for u, n in expected.items())
            latencies.sort()
            p95 = latencies[int(len(latencies) * 0.95) - 1]
            print("| deliveries sent (with duplicates) | unique acknowledged | lost | answered twice | p95 ack | send time |")
            print("| --- | --- | --- | --- | --- | --- |")
            print(f"| {len(plan)} | {len(acked)} | {lost} | {twice} | {p95 * 1000:.0f} ms | {sent_s:.1f} s |")
    finally:
        postgres.stop()


if __name__ == "__main__":
    main()
