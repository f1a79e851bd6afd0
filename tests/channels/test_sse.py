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
