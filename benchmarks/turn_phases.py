"""Where a streamed turn's time goes inside the server: the app of `load_widget.py --phases`.

`create_app` is the real app with clocks around each phase of a message (`POST …/messages`):
request in → session checked (its database read) → the turn's thread started → compute slot asked
for → slot got → slot given back (turn done) → last byte of the reply sent; and every
`Thread.start` (how long it held its caller). At shutdown the timeline goes to the JSON file named by
`TURN_PHASES_OUT`; `summary(path)` prints p50/p95/max per phase. Measurement only: the clocks add a few
microseconds a turn.

    .venv/bin/python benchmarks/load_widget.py --users 20 --turns 10 --think 0 --phases
"""

import contextvars
import json
import os
import statistics
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

_turn = contextvars.ContextVar("turn", default=None)  # the current message's timeline (copied into threads)
_slot = threading.local()
_turns: list[dict] = []
_starts: list[float] = []
PHASES = {
    "request → session check": ("request", "checked"),
    "session check (database read)": ("checked", "checked_end"),
    "session checked → turn's thread runs": ("checked_end", "thread"),
    "wait for a compute slot": ("asked", "got"),
    "turn (slot held)": ("got", "released"),
    "slot given back → reply sent": ("released", "sent"),
    "total in the server": ("request", "sent"),
}


def _note(**marks: float) -> None:
    timeline = _turn.get()
    if timeline is not None:
        timeline.update(marks)


class _TimedSlots:
    def __init__(self, inner):
        self.inner = inner

    def __enter__(self):
        asked = time.perf_counter()
        self.inner.__enter__()
        _note(asked=asked, got=time.perf_counter())

    def __exit__(self, *exc):
        _note(released=time.perf_counter())
        return self.inner.__exit__(*exc)


def _timed_start(start):
    def timed(thread):
        began = time.perf_counter()
        start(thread)
        _starts.append(time.perf_counter() - began)
    return timed


class _Timed:
    """ASGI wrapper: a timeline per message request, its end when the last byte is sent."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].endswith("/messages"):
            return await self.app(scope, receive, send)
        timeline = {"request": time.perf_counter()}
        _turn.set(timeline)
        _turns.append(timeline)

        async def timed_send(message):
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                timeline["sent"] = time.perf_counter()

        await self.app(scope, receive, timed_send)


def create_app():
    from assistant.server import create_app as real_app

    threading.Thread.start = _timed_start(threading.Thread.start)
    app = real_app()
    lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def timed_lifespan(app_):
        async with lifespan(app_) as state:
            service = app_.state.service
            service._slots = _TimedSlots(service._slots)
            lang_of, stream = service.store.lang_of, service.stream_message

            def timed_lang_of(*args, **kwargs):
                checked = time.perf_counter()
                found = lang_of(*args, **kwargs)
                _note(checked=checked, checked_end=time.perf_counter())
                return found

            def timed_stream(*args, **kwargs):
                _note(thread=time.perf_counter())
                yield from stream(*args, **kwargs)

            service.store.lang_of, service.stream_message = timed_lang_of, timed_stream
            yield state
            Path(os.environ.get("TURN_PHASES_OUT", "turn_phases.json")).write_text(
                json.dumps({"turns": _turns, "thread_starts": _starts}))

    app.router.lifespan_context = timed_lifespan
    return _Timed(app)


def summary(path: Path, skip: int = 0) -> None:
    """p50/p95/max per phase of the turns in `path` (the first `skip` are the warm-up's)."""
    data = json.loads(path.read_text())
    turns = [t for t in sorted(data["turns"], key=lambda t: t["request"])[skip:] if "sent" in t and "got" in t]
    print(f"\n| phase ({len(turns)} turns) | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|")
    for name, (start, end) in PHASES.items():
        values = sorted((t[end] - t[start]) * 1000 for t in turns if start in t and end in t)
        if values:
            print(f"| {name} | {statistics.median(values):.1f} | {values[int(0.95 * (len(values) - 1))]:.1f} | "
                  f"{values[-1]:.1f} |")
    starts = sorted(s * 1000 for s in data["thread_starts"])
    if starts:
        print(f"| `Thread.start` ({len(starts)}, all threads, whole run) | {statistics.median(starts):.1f} | "
              f"{starts[int(0.95 * (len(starts) - 1))]:.1f} | {starts[-1]:.1f} |")
