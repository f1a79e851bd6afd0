"""Background work for webhook doors: a bounded worker pool that keeps each user's order,
and a bounded, expiring memory of when each user last wrote (reply windows).

Platforms want a 200 at once and redeliver what they think was lost, so a webhook answers
first and the turn runs here, in a thread (the conversation service is blocking and thread-safe).
"""

import logging
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from cachetools import TTLCache

log = logging.getLogger(__name__)


class OrderedWorkers:
    """A fixed pool of threads; jobs with the same key run one after another, in order."""

    def __init__(self, name: str, workers: int = 2, max_pending: int = 5000):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._queues: dict[str, deque[Callable[[], None]]] = {}
        self._lock = threading.Lock()
        self._pending = 0
        self.max_pending = max_pending

    def submit(self, key: str, job: Callable[[], None]) -> bool:
        """Queue `job` behind the earlier jobs of `key`; False when the backlog is full."""
        with self._lock:
            if self._pending >= self.max_pending:
                return False
            self._pending += 1
            queue = self._queues.get(key)
            if queue is not None:  # a runner is already draining this key's jobs
                queue.append(job)
                return True
            self._queues[key] = deque([job])
        self._pool.submit(self._drain, key)
        return True

    def _drain(self, key: str) -> None:
        while True:
            with self._lock:
                queue = self._queues[key]
                if not queue:
                    del self._queues[key]
                    return
                job = queue.popleft()
            try:
                job()
            except Exception:  # one failed turn must not stop the user's next ones
                log.exception("background job for %s failed", key)
            finally:
                with self._lock:
                    self._pending -= 1

    @property
    def pending(self) -> int:
        """Jobs queued or running."""
        with self._lock:
            return self._pending

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until every queued job has run (tests, shutdown); False on timeout."""
        deadline = time.monotonic() + timeout
        while self.pending and time.monotonic() < deadline:
            time.sleep(0.01)
        return not self.pending

    def shutdown(self) -> None:
        """Finish what is queued, then stop the threads."""
        self._pool.shutdown(wait=True)


class ReplyWindow:
    """When each user last wrote; replies are allowed only within `hours` of it."""

    def __init__(self, hours: float = 24.0, maxsize: int = 100_000):
        self.seconds = hours * 3600
        self._last = TTLCache(maxsize=maxsize, ttl=self.seconds)
        self._lock = threading.Lock()

    def user_wrote(self, user_id: str, at: float) -> None:
        """Record a message of `user_id` sent at epoch seconds `at` (keeps the latest)."""
        with self._lock:
            self._last[user_id] = max(at, self._last.get(user_id, 0.0))

    def is_open(self, user_id: str, now: float | None = None) -> bool:
        """True while the user's last message is younger than the window."""
        with self._lock:
            last = self._last.get(user_id)
        return last is not None and (now or time.time()) - last < self.seconds

