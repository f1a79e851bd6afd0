"""A first-come, first-served limit on turns computed at once (threads of one process).

`threading.Semaphore` lets a thread that just arrived take a freed slot before the threads already
waiting (the one woken must still win the lock and the GIL): under 20 busy clients some turns waited
three times as long as the others, which made the p95. Here a freed slot is handed to the thread that
has waited longest, so every turn waits about as long as the queue ahead of it.
"""

import threading
from collections import deque
from typing import Self


class FairSlots:
    """A context manager: at most `size` holders at once, the others served in arrival order."""

    def __init__(self, size: int):
        if size < 1:
            raise ValueError("at least one slot")
        self._free = size
        self._guard = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()

    @property
    def waiting(self) -> int:
        """How many threads wait for a slot."""
        return len(self._waiting)

    def acquire(self) -> None:
        with self._guard:
            if self._free and not self._waiting:
                self._free -= 1
                return
            handoff = threading.Lock()
            handoff.acquire()
            self._waiting.append(handoff)
        handoff.acquire()  # released by the holder that hands its slot over: the slot is ours

    def release(self) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().release()  # the slot goes straight to the longest waiter
            else:
                self._free += 1

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
