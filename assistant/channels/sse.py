"""Server-sent events from a blocking generator, without one thread hop per event.

Starlette iterates a sync generator with one thread-pool hop per item; an offline reply is ~80
deltas, so under 50 concurrent streams the hops, not the engine, dominated a turn's latency
(benchmarks/load_widget.py). Here the generator runs in one worker thread from start to end, and
whatever it has produced is sent in one write. Running it to the end also means a visitor who
closes the tab mid-reply still gets the reply stored (and the session's lock released).
"""

import asyncio
from collections.abc import AsyncIterator, Iterator

import anyio.to_thread

_END = object()


async def in_one_thread(parts: Iterator[str]) -> AsyncIterator[str]:
    """Yield a blocking iterator's strings, batched as they become available."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()

    def produce() -> None:
        try:
            for part in parts:
                loop.call_soon_threadsafe(queue.put_nowait, part)
        except BaseException as err:  # handed to the consumer, which re-raises it
            loop.call_soon_threadsafe(queue.put_nowait, err)
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, _END)

    producer = asyncio.ensure_future(anyio.to_thread.run_sync(produce))
    try:
        while True:
            batch = [await queue.get()]
            while not queue.empty():
                batch.append(queue.get_nowait())
            ended = batch[-1] is _END
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
