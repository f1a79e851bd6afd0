"""Prometheus metrics (prometheus-client), defined once per process; the server exposes them at /metrics.

`door` is set by the door that runs a turn (a context variable), so the conversation service can
label the turn's latency without knowing the doors.
"""

import contextvars

from prometheus_client import Counter, Gauge, Histogram

door: contextvars.ContextVar[str] = contextvars.ContextVar("growthdoc_door", default="other")

TURN_SECONDS = Histogram("growthdoc_turn_seconds", "Time to answer one turn, by the engine that answered and the door",
                         ["engine", "door"], buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
FALLBACKS = Counter("growthdoc_llm_fallbacks_total", "Turns the offline engine answered because the model failed")
LLM_TOKENS = Counter("growthdoc_llm_tokens_total", "Tokens the model read and wrote, as its server reports them")
WEBHOOK_BACKLOG = Gauge("growthdoc_webhook_backlog", "Webhook events acknowledged and not answered yet (all instances)")


def observe_turn(engine: str, seconds: float, fell_back: bool) -> None:
    TURN_SECONDS.labels(engine=engine, door=door.get()).observe(seconds)
    if fell_back:
        FALLBACKS.inc()


def count_llm_tokens(tokens: int) -> None:
    if tokens:
        LLM_TOKENS.inc(tokens)
