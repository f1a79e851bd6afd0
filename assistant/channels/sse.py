"""Server-sent events from a blocking generator, without one thread hop per event.

Starlette iterates a sync generator with one thread-pool hop per item; an offline reply is ~80
deltas, so under 50 concurrent streams the hops, not the engine, dominated a turn's latency
(benchmarks/load_widget.py). Here the generator runs in one worker thread from start to end, and
whatever it has produced is sent in one write. Running it to the end also means a visitor who
closes the tab mid-reply still gets the reply stored (and the session's lock released).

The thread wakes the event loop once per batch, not once per part: each wake-up is a write to the
loop's socket, which lets go of the GIL, and on a busy server getting it back took up to a switch
interval (5 ms) while the turn still held its compute slot; an offline reply's ~80 deltas come in
one burst.
"""

import asyncio
import threading
from collections import deque
from collections.abc import AsyncIterator, Iterator

import anyio.to_thread

_END = object()


async def in_one_thread(parts: Iterator[str]) -> AsyncIterator[str]:
    """Yield a blocking iterator's strings, batched as they become available."""
    loop = asyncio.get_running_loop()
    ready: deque = deque()
    guard = threading.Lock()
    arrived = asyncio.Event()
    waking = False  # a wake-up is on its way to the loop: parts put meanwhile go with it

    def put(item) -> None:  # in the producer's thread
        nonlocal waking
        with guard:
            ready.append(item)
            if waking:
                return
            waking = True
        loop.call_soon_threadsafe(arrived.set)

    def take() -> list:  # on the loop
        nonlocal waking
        with guard:
            batch = list(ready)
            ready.clear()
            waking = False
        return batch

    def produce() -> None:
        try:
            for part in parts:
                put(part)
        except BaseException as err:  # handed to the consumer, which re-raises it
            put(err)
        finally:
            put(_END)

    producer = asyncio.ensure_future(anyio.to_thread.run_sync(produce))
    try:
        while True:
            await arrived.wait()
            arrived.clear()
            batch = take()
            ended = bool(batch) and batch[-1] is _END
            texts = [part for part in batch if isinstance(part, str)]
            if texts:
                yield "".join(texts)
            for part in batch:
                if isinstance(part, BaseException):
                    raise part
            if ended:
                break
    finally:
        await asyncio.shield(producer)  # the turn always completes and is stored
