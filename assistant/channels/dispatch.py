"""Background work for webhook doors: workers that drain the database inbox in each user's order,
and a bounded, expiring memory of when each user last wrote (reply windows).

Platforms want a 200 at once and never redeliver what was acknowledged, so a webhook stores the
event (assistant/conversation/inbox.py) before its 200 and the turn runs here, in a thread (the
conversation service is blocking and thread-safe), from the stored row.
"""

import logging
import threading
import time
from typing import Callable

from cachetools import TTLCache

from assistant.conversation.inbox import MAX_ATTEMPTS

log = logging.getLogger(__name__)


class InboxWorkers:
    """Threads that drain one channel's events from the database inbox, each user's in order.

    `handle(claimed)` runs the turn; the event is marked done after it, so an instance killed during
    a turn leaves the event to be taken again when its lease ends (by this instance after a restart, or
    by another). While a turn runs its lease is renewed every third of the lease, so a slow turn is
    not taken by another worker. A failed turn is retried later, and set aside after MAX_ATTEMPTS so the
    user's next messages are not held forever."""

    def __init__(self, inbox, channel: str, handle: Callable, workers: int = 2, lease_s: float = 120.0,
                 poll_s: float = 0.5, max_pending: int = 5000):
        self.inbox, self.channel, self.handle = inbox, channel, handle
        self.lease_s, self.poll_s, self.max_pending = lease_s, poll_s, max_pending
        self._stop = threading.Event()
        self._held: dict[int, object] = {}  # inbox id -> Claimed, the turns under way here
        self._held_lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, name=f"{channel}-inbox-{i}", daemon=True)
                         for i in range(workers)]
        if workers:
            self._threads.append(threading.Thread(target=self._renew, name=f"{channel}-inbox-leases", daemon=True))
        for thread in self._threads:
            thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                claimed = self.inbox.claim(self.channel, self.lease_s)
            except Exception:  # the database is down or busy: the events wait in it, try again soon
                log.exception("%s: could not read the webhook inbox", self.channel)
                self._stop.wait(max(self.poll_s, 1.0))
                continue
            if claimed is None:
                self.inbox.wait_for_arrival(self.poll_s)
                continue
            self._one(claimed)

    def _renew(self) -> None:
        """Renew the leases of the turns under way, every third of the lease."""
        while not self._stop.wait(self.lease_s / 3):
            with self._held_lock:
                held = list(self._held.values())
            for claimed in held:
                try:
                    if not self.inbox.extend(claimed, self.lease_s):
                        log.warning("%s: event %s was taken by another worker while its turn ran here",
                                    self.channel, claimed.id)
                except Exception:  # the database is away: the next round tries again, the fence still holds
                    log.exception("%s: could not renew the lease of event %s", self.channel, claimed.id)

    def _one(self, claimed) -> None:
        with self._held_lock:
            self._held[claimed.id] = claimed
        try:
            self._turn(claimed)
        finally:
            with self._held_lock:
                self._held.pop(claimed.id, None)

    def _turn(self, claimed) -> None:
        try:
            self.handle(claimed)
        except Exception:  # one failed turn must not stop the user's next ones
            log.exception("%s: turn for event %s failed (attempt %d)", self.channel, claimed.id, claimed.attempts)
            try:
                if claimed.attempts >= MAX_ATTEMPTS:
                    self.inbox.done(claimed, "failed")
                else:
                    self.inbox.retry_later(claimed, delay_s=2.0 ** claimed.attempts)
            except Exception:  # the lease ends by itself
                log.exception("%s: could not record the failure of event %s", self.channel, claimed.id)
            return
        try:
            self.inbox.done(claimed)
        except Exception:  # answered, but not marked: after the lease it may be answered again
            log.exception("%s: could not mark event %s answered", self.channel, claimed.id)

    @property
    def pending(self) -> int:
        """Events of this channel accepted and not answered yet (every instance's)."""
        return self.inbox.backlog(self.channel)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until every accepted event of the channel is answered (tests, shutdown); False on timeout."""
        deadline = time.monotonic() + timeout
        while self.pending and time.monotonic() < deadline:
            time.sleep(0.02)
        return not self.pending

    def shutdown(self, timeout: float = 60.0) -> None:
        """Stop claiming; wait for the turns under way (what is left stays in the inbox for the next start)."""
        self._stop.set()
        with self.inbox.arrived:
            self.inbox.arrived.notify_all()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(deadline - time.monotonic(), 0.1))


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

