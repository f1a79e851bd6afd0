"""Webhook burst and soak against one GrowthDoc server process on loopback.

Starts local fake Graph and Zalo APIs (tests/channels/fakes.py) and one `uvicorn` process of the
real app (offline engine, temp data dir, Messenger and Zalo pointed at the fakes, rate limits out of
the way), then:

1. burst: N webhook deliveries (half Messenger, half Zalo), 10% duplicates, 10% forged, sent by
   `--concurrency` clients at once (spread over `--client-processes`: one Python client process
   cannot keep 50 requests in flight without becoming the bottleneck); checks no 5xx, every forged one refused (403), every genuine
   message answered exactly once (sends counted at the fakes against the stored reply), no message
   lost (each one in its session's history); reports p50/p95 webhook ack and time to reply.
2. soak (`--soak-seconds`, 0 to skip): a steady `--soak-rate` of deliveries per second from a
   bounded set of users; samples the server's RSS every 10 s; prints first/last/max RSS and, once
   the backlog drains, how many soak messages were stored and answered.

Bounded in count and time; stops by itself. Prints a table (`--json` for data).

    .venv/bin/python benchmarks/load_webhooks.py --soak-seconds 600
    .venv/bin/python benchmarks/load_webhooks.py --deliveries 100 --soak-seconds 30   # quick look
"""

import argparse
import asyncio
import hashlib
import hmac
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.channels.split import reply_messages  # noqa: E402
from assistant.contracts import (
    Citation,  # noqa: E402
    Reply,  # noqa: E402
)
from assistant.conversation.store import ConversationStore  # noqa: E402
from tests.channels.fakes import FakeGraph, FakeZalo, LocalServer  # noqa: E402

APP_SECRET, VERIFY, PAGE_TOKEN = "bench-app-secret", "bench-verify", "bench-page-token"
ZALO_APP_ID, OA_SECRET = "4318569102287163391", "bench-oa-secret"
TEXTS = [
    "chào shop",
    "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn",
    "SLA giữa marketing và sales là gì?",
    "làm sao để tăng tỉ lệ chốt đơn",
    "doanh thu tháng 10 là 300 triệu, mục tiêu 600 triệu",
    "KPI nào nên theo dõi hằng tuần?",
    "shop em bán mỹ phẩm online, khách chủ yếu nữ 25-35",
    "How do I set SMART goals for my shop?",
]


@dataclass
class Delivery:
    channel: str  # messenger | zalo
    user: str
    text: str
    raw: bytes
    headers: dict
    kind: str  # genuine | duplicate | forged
    status: int = 0
    started: float = 0.0
    ack_s: float = 0.0


@dataclass
class Run:
    deliveries: list[Delivery] = field(default_factory=list)
    rss: list[tuple[float, int]] = field(default_factory=list)


def messenger_delivery(user: str, text: str, mid: str, forged: bool = False) -> Delivery:
    body = {"object": "page", "entry": [{"id": "PAGE", "time": int(time.time() * 1000), "messaging": [
        {"sender": {"id": user}, "recipient": {"id": "PAGE"}, "timestamp": int(time.time() * 1000),
         "message": {"mid": mid, "text": text}}]}]}
    raw = json.dumps(body, ensure_ascii=False).encode()
    secret = "forged-secret" if forged else APP_SECRET
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature}
    return Delivery("messenger", user, text, raw, headers, "forged" if forged else "genuine")


def zalo_delivery(user: str, text: str, msg_id: str, forged: bool = False) -> Delivery:
    timestamp = str(int(time.time() * 1000))
    body = {"app_id": ZALO_APP_ID, "event_name": "user_send_text", "timestamp": timestamp,
            "sender": {"id": user}, "recipient": {"id": "579745863508352884"},
            "message": {"text": text, "msg_id": msg_id}}
    raw = json.dumps(body, ensure_ascii=False).encode()
    secret = "forged-secret" if forged else OA_SECRET
    mac = hashlib.sha256(ZALO_APP_ID.encode() + raw + timestamp.encode() + secret.encode()).hexdigest()
    headers = {"Content-Type": "application/json", "X-ZEvent-Signature": f"mac={mac}"}
    return Delivery("zalo", user, text, raw, headers, "forged" if forged else "genuine")


def make_delivery(i: int, rng: random.Random, prefix: str, forged: bool = False, user: str | None = None) -> Delivery:
    """One delivery; Zalo user ids are 19-digit numbers (above 2^53), as on the platform."""
    text = rng.choice(TEXTS)
    if i % 2:
        return zalo_delivery(user or f"87312684619387{i:05d}", text, f"{prefix}-z{i}", forged)
    return messenger_delivery(user or f"{prefix}-psid-{i}", text, f"{prefix}-m{i}", forged)


def burst_plan(total: int, seed: int = 7) -> list[Delivery]:
    """80% genuine (one user each), 10% exact redeliveries of genuine ones, 10% forged; shuffled."""
    rng = random.Random(seed)
    n_dup, n_forged = total // 10, total // 10
    genuine = [make_delivery(i, rng, "b") for i in range(total - n_dup - n_forged)]
    forged = [make_delivery(i, rng, "f", forged=True, user=f"forged-{i}") for i in range(n_forged)]
    dups = []
    for original in rng.sample(genuine, n_dup):
        dups.append(Delivery(original.channel, original.user, original.text, original.raw, original.headers, "duplicate"))
    plan = genuine + forged + dups
    rng.shuffle(plan)
    return plan


def start_server(data_dir: Path, graph_url: str, zalo_url: str) -> tuple[subprocess.Popen, str]:
    """The real app in its own process (offline engine, channels pointed at the fakes)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GROWTHDOC_", "OPENAI_"))}
    env |= {"GROWTHDOC_DATA_DIR": str(data_dir), "GROWTHDOC_RATE_LIMIT_IP_PER_MIN": "1000000",
            "GROWTHDOC_RATE_LIMIT_SESSION_PER_MIN": "1000000",
            "GROWTHDOC_MESSENGER_APP_SECRET": APP_SECRET, "GROWTHDOC_MESSENGER_VERIFY_TOKEN": VERIFY,
            "GROWTHDOC_MESSENGER_PAGE_TOKEN": PAGE_TOKEN, "GROWTHDOC_MESSENGER_API_BASE": graph_url,
            "GROWTHDOC_ZALO_APP_ID": ZALO_APP_ID, "GROWTHDOC_ZALO_OA_SECRET": OA_SECRET,
            "GROWTHDOC_ZALO_ACCESS_TOKEN": "access-1", "GROWTHDOC_ZALO_REFRESH_TOKEN": "refresh-1",
            "GROWTHDOC_ZALO_APP_SECRET": "app-secret", "GROWTHDOC_ZALO_API_BASE": zalo_url,
            "GROWTHDOC_ZALO_OAUTH_BASE": zalo_url}
    log = (data_dir / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "assistant.server:create_app", "--factory",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            cwd=data_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"server did not start; see {data_dir / 'server.log'}")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def fire(url: str, plan: list[Delivery], concurrency: int) -> None:
    """Send every delivery, `concurrency` at a time; record status and ack latency."""
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=concurrency)) as client:
        async def one(d: Delivery) -> None:
            async with limit:
                d.started = time.monotonic()
                try:
                    response = await client.post(f"{url}/channels/{d.channel}/webhook", content=d.raw, headers=d.headers)
                    d.status = response.status_code
                except httpx.HTTPError:
                    d.status = -1
                d.ack_s = time.monotonic() - d.started
        await asyncio.gather(*(one(d) for d in plan))


def fire_from_processes(url: str, plan: list[Delivery], concurrency: int, processes: int) -> None:
    """Send the plan from several client processes (one Python client cannot keep 50 requests in flight)."""
    shares = [(url, plan[i::processes], max(1, concurrency // processes)) for i in range(processes)]
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        for i, results in enumerate(pool.map(_fire_share, shares)):
            for d, (status, started, ack_s) in zip(plan[i::processes], results):
                d.status, d.started, d.ack_s = status, started, ack_s


def _fire_share(share: tuple) -> list[tuple]:
    url, plan, concurrency = share
    asyncio.run(fire(url, plan, concurrency))
    return [(d.status, d.started, d.ack_s) for d in plan]  # time.monotonic is system-wide on Linux


def sends_to(fake, channel: str, user: str) -> list[dict]:
    key = (lambda s: s["recipient"]["id"]) if channel == "messenger" else (lambda s: s["recipient"]["user_id"])
    with fake.lock:
        return [s for s in fake.sent if key(s) == user]


def wait_answered(fakes: dict, genuine: list[Delivery], timeout: float) -> float:
    """Wait until every genuine user got a reply and sends stop growing; seconds waited."""
    start, last_count, stable_since = time.monotonic(), -1, time.monotonic()
    while time.monotonic() - start < timeout:
        answered = sum(1 for d in genuine if sends_to(fakes[d.channel], d.channel, d.user))
        count = len(fakes["messenger"].sent) + len(fakes["zalo"].sent)
        if count != last_count:
            last_count, stable_since = count, time.monotonic()
        if answered == len(genuine) and time.monotonic() - stable_since > 2:
            break
        time.sleep(0.25)
    return time.monotonic() - start


def expected_parts(message: dict, lang: str) -> int:
    """How many platform messages the stored reply makes once split."""
    reply = Reply(text=message["text"], citations=[Citation(**c) for c in message["citations"]], lang=lang)
    return len(reply_messages(reply))


def check_burst(plan: list[Delivery], fakes: dict, store: ConversationStore) -> dict:
    """The burst's pass/fail checks and latency figures."""
    genuine = [d for d in plan if d.kind == "genuine"]
    forged = [d for d in plan if d.kind == "forged"]
    lost, not_once, reply_s, last_send = 0, 0, [], 0.0
    for d in genuine:
        session_id = store.find_external("default", d.channel, d.user)
        history = store.messages(session_id) if session_id else []
        users = [m for m in history if m["role"] == "user"]
        replies = [m for m in history if m["role"] == "assistant"]
        lost += [m["text"] for m in users] != [d.text]
        sent = sends_to(fakes[d.channel], d.channel, d.user)
        row = store.load(session_id, "default") if session_id else None
        lang = (row.lang if row else None) or "vi"
        not_once += len(replies) != 1 or len(sent) != expected_parts(replies[0], lang)
        if sent:
            reply_s.append(sent[0]["at"] - d.started)
            last_send = max(last_send, sent[-1]["at"])
    forged_sessions = sum(1 for d in forged if store.find_external("default", d.channel, d.user))
    return {
        "deliveries": len(plan), "genuine": len(genuine), "duplicates": sum(d.kind == "duplicate" for d in plan),
        "forged": len(forged),
        "5xx": sum(d.status >= 500 or d.status < 0 for d in plan),
        "forged refused (403)": sum(d.status == 403 for d in forged),
        "forged that reached a session": forged_sessions,
        "genuine acked (200)": sum(d.status == 200 for d in plan if d.kind != "forged"),
        "answered exactly once": len(genuine) - not_once,
        "lost (not in history)": lost,
        "ack p50 ms": pct(([d.ack_s for d in plan]), 50) * 1000,
        "ack p95 ms": pct(([d.ack_s for d in plan]), 95) * 1000,
        "turns per s": len(genuine) / max(last_send - min(d.started for d in plan), 1e-9),
        "reply p50 s": pct(reply_s, 50), "reply p95 s": pct(reply_s, 95), "reply max s": max(reply_s or [0]),
    }


def pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


async def soak(url: str, pid: int, seconds: float, rate: float, users: int) -> tuple[dict, set]:
    """A steady load for `seconds`; RSS of the server sampled every 10 s. Figures and (channel, user)s."""
    rng, proc, samples, sent, statuses, who = random.Random(11), psutil.Process(pid), [], 0, [], set()
    start = time.monotonic()
    async with httpx.AsyncClient(timeout=30) as client:
        async def one(d: Delivery) -> None:
            try:
                statuses.append((await client.post(f"{url}/channels/{d.channel}/webhook", content=d.raw,
                                                   headers=d.headers)).status_code)
            except httpx.HTTPError:
                statuses.append(-1)
        tasks, next_sample = [], start
        while time.monotonic() - start < seconds:
            if time.monotonic() >= next_sample:
                samples.append(proc.memory_info().rss)
                next_sample += 10
            i = sent % users
            d = make_delivery(i, rng, f"soak{sent}", user=("87312684619399%05d" if i % 2 else "soak-psid-%d") % i)
            tasks.append(asyncio.create_task(one(d)))
            who.add((d.channel, d.user))
            sent += 1
            await asyncio.sleep(1 / rate)
        await asyncio.gather(*tasks)
    samples.append(proc.memory_info().rss)
    mb = [s / 2**20 for s in samples]
    return {"soak seconds": seconds, "soak deliveries": sent, "soak 5xx": sum(s >= 500 or s < 0 for s in statuses),
            "RSS first MB": mb[0], "RSS last MB": mb[-1], "RSS max MB": max(mb), "RSS samples": len(mb)}, who


def soak_turns(store: ConversationStore, who: set, expected: int, timeout: float) -> dict:
    """Once the backlog drains: the soak's user messages stored and the replies stored for them."""
    deadline = time.monotonic() + timeout
    while True:
        roles = [m["role"] for channel, user in who
                 for m in store.messages(store.find_external("default", channel, user) or "")]
        stored, answered = roles.count("user"), roles.count("assistant")
        if (stored == expected and answered == stored) or time.monotonic() > deadline:
            return {"soak messages stored": stored, "soak messages answered": answered}
        time.sleep(1)


def prepare_data_dir(index_from: Path | None) -> Path:
    """A temp data dir with a copy of an existing knowledge index, or a fresh `growthdoc ingest`."""
    data_dir = Path(tempfile.mkdtemp(prefix="growthdoc-load-"))
    if index_from and (index_from / "chroma").is_dir():
        shutil.copytree(index_from / "chroma", data_dir / "chroma")
    else:
        env = os.environ | {"GROWTHDOC_DATA_DIR": str(data_dir)}
        growthdoc = Path(sys.executable).with_name("growthdoc")
        subprocess.run([str(growthdoc), "ingest"], cwd=data_dir, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    return data_dir


def print_table(figures: dict) -> None:
    width = max(map(len, figures))
    print(f"{'measure'.ljust(width)} | value")
    print(f"{'-' * width}-|------")
    for name, value in figures.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{name.ljust(width)} | {shown}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--deliveries", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=50, help="deliveries in flight at once")
    parser.add_argument("--client-processes", type=int, default=5)
    parser.add_argument("--soak-seconds", type=float, default=600)
    parser.add_argument("--soak-rate", type=float, default=2.0, help="deliveries per second during the soak")
    parser.add_argument("--soak-users", type=int, default=100)
    parser.add_argument("--reply-timeout", type=float, default=600)
    parser.add_argument("--index-from", type=Path, default=ROOT / "data",
                        help="data dir whose knowledge index is copied (else a fresh ingest)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    data_dir = prepare_data_dir(args.index_from)
    graph, zalo = FakeGraph(), FakeZalo()
    with LocalServer(graph.app) as graph_server, LocalServer(zalo.app) as zalo_server:
        proc, url = start_server(data_dir, graph_server.url, zalo_server.url)
        try:
            figures = run_all(args, url, proc.pid, {"messenger": graph, "zalo": zalo}, data_dir)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(figures, indent=2) if args.json else "", end="")
    if not args.json:
        print_table(figures)
    ok = figures["5xx"] == 0 and figures["lost (not in history)"] == 0 \
        and figures["answered exactly once"] == figures["genuine"] \
        and figures["forged refused (403)"] == figures["forged"] \
        and figures.get("soak messages stored", 0) == figures.get("soak messages answered", 0) \
        == figures.get("soak deliveries", 0)
    return 0 if ok else 1


def run_all(args, url: str, pid: int, fakes: dict, data_dir: Path) -> dict:
    plan = burst_plan(args.deliveries)
    fire_from_processes(url, plan, args.concurrency, args.client_processes)
    waited = wait_answered(fakes, [d for d in plan if d.kind == "genuine"], args.reply_timeout)
    store = ConversationStore(f"sqlite:///{data_dir / 'growthdoc.db'}")
    figures = check_burst(plan, fakes, store)
    figures["waited for replies s"] = waited
    if args.soak_seconds > 0:
        soak_figures, who = asyncio.run(soak(url, pid, args.soak_seconds, args.soak_rate, args.soak_users))
        figures |= soak_figures | soak_turns(store, who, soak_figures["soak deliveries"], args.reply_timeout)
    return figures


if __name__ == "__main__":
    sys.exit(main())
