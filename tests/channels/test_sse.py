"""SSE from a blocking generator: order kept, still streaming, errors surface, turns always finish."""

import asyncio
import threading
import time

import pytest

from assistant.channels.sse import in_one_thread


async def _collect(parts) -> list[str]:
    return [chunk async for chunk in in_one_thread(parts)]


def test_every_part_arrives_in_order_from_one_thread():
    threads = set()

    def parts():
        for n in range(200):
            threads.add(threading.get_ident())
            yield f"event: delta\ndata: {n}\n\n"

    chunks = asyncio.run(_collect(parts()))
    assert "".join(chunks) == "".join(f"event: delta\ndata: {n}\n\n" for n in range(200))
    assert len(threads) == 1 and threading.get_ident() not in threads


def test_a_part_is_sent_before_the_producer_has_finished():
    delivered = threading.Event()

    def producer():
        yield "một "
        assert delivered.wait(timeout=10), "the first part was held back until the end"
        yield "hai"

    async def consume() -> list[str]:
        chunks = []
        async for chunk in in_one_thread(producer()):
            chunks.append(chunk)
            delivered.set()
        return chunks

    assert asyncio.run(consume()) == ["một ", "hai"]


def test_an_error_surfaces_after_what_was_already_sent():
    def failing():
        yield "partial"
        raise RuntimeError("engine down")

    received = []

    async def consume():
        async for chunk in in_one_thread(failing()):
            received.append(chunk)

    with pytest.raises(RuntimeError, match="engine down"):
        asyncio.run(consume())
    assert received == ["partial"]


def test_a_reader_who_leaves_early_does_not_cut_the_turn_short():
    finished = threading.Event()

    def turn():
        for n in range(5):
            time.sleep(0.02)
            yield str(n)
        finished.set()  # stands for "the reply is stored and the session lock released"

    async def leave_after_first():
        stream = in_one_thread(turn())
        await stream.__anext__()
        await stream.aclose()

    asyncio.run(leave_after_first())
    assert finished.wait(timeout=5)


def test_a_burst_of_parts_wakes_the_event_loop_once_not_once_per_part():
    """Each wake-up is a write that lets go of the GIL; an offline reply's deltas come in one burst."""
    go, producer = threading.Event(), []

    def burst():
        producer.append(threading.get_ident())
        assert go.wait(timeout=10)
        for n in range(200):
            yield f"{n} "

    async def consume() -> tuple[list[str], int]:
        loop = asyncio.get_running_loop()
        wake_ups = []
        real = loop.call_soon_threadsafe

        def counting(callback, *args, **kwargs):
            if threading.get_ident() in producer:  # the parts' wake-ups (and the thread's end, anyio's)
                wake_ups.append(callback)
            return real(callback, *args, **kwargs)

        loop.call_soon_threadsafe = counting
        stream = in_one_thread(burst())
        first = asyncio.ensure_future(stream.__anext__())
        await asyncio.sleep(0.05)  # the producer's thread has started and waits for `go`
        go.set()
        time.sleep(0.3)  # the loop is busy while every part is produced
        chunks = [await first] + [chunk async for chunk in stream]
        return chunks, len(wake_ups)

    chunks, wake_ups = asyncio.run(consume())
    assert "".join(chunks) == "".join(f"{n} " for n in range(200))
    assert wake_ups <= 3
