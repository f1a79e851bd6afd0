"""Turns beyond the per-process limit are served in the order they arrived (no turn overtaken)."""

import threading
import time

import pytest

from assistant.conversation.slots import FairSlots


def _wait_until(condition) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "the threads did not get there"
        time.sleep(0.001)


def _queue(slots: FairSlots, order: list[str], name: str) -> tuple[threading.Thread, threading.Event]:
    """A turn that takes a slot, notes its name and holds the slot until told; returns once it waits."""
    done = threading.Event()

    def turn():
        with slots:
            order.append(name)
            done.wait()

    queued = slots.waiting
    thread = threading.Thread(target=turn)
    thread.start()
    _wait_until(lambda: slots.waiting == queued + 1)
    return thread, done


def test_waiting_turns_get_a_freed_slot_in_arrival_order_even_against_a_newcomer():
    slots, order = FairSlots(1), []
    slots.acquire()
    turns = [_queue(slots, order, name) for name in ("a", "b")]
    slots.release()  # handed to "a" at once: a turn arriving now queues behind "b"
    _wait_until(lambda: order == ["a"])
    turns.append(_queue(slots, order, "late"))
    for thread, done in turns:
        done.set()
        thread.join()
    assert order == ["a", "b", "late"]
    assert slots.waiting == 0


def test_as_many_turns_as_slots_run_at_once_and_the_slots_come_back():
    slots, inside, most, guard = FairSlots(2), [0], [0], threading.Lock()
    go = threading.Event()

    def turn():
        with slots:
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            go.wait()
            with guard:
                inside[0] -= 1

    threads = [threading.Thread(target=turn) for _ in range(6)]
    for thread in threads:
        thread.start()
    _wait_until(lambda: slots.waiting == 4)
    go.set()
    for thread in threads:
        thread.join()
    assert most[0] == 2
    slots.acquire(), slots.acquire()  # both slots free again
    assert slots.waiting == 0


def test_a_limit_below_one_is_refused():
    with pytest.raises(ValueError):
        FairSlots(0)
