"""Background turns of the webhook doors: drained from the inbox in each user's order, retries, the reply window."""

import threading
import time

from assistant.channels.dispatch import InboxWorkers, ReplyWindow


def _inbox(tmp_path):
    from assistant.conversation.inbox import Inbox

    return Inbox(f"sqlite:///{tmp_path / 'inbox.db'}", keep_s=3600)


def test_jobs_of_one_user_run_in_order_while_users_run_in_parallel(tmp_path):
    inbox, done, lock = _inbox(tmp_path), [], threading.Lock()

    def handle(claimed):
        user, i = claimed.user_id, claimed.payload["i"]
        time.sleep(0.002 * (5 - i))  # later jobs are quicker: only the inbox keeps them in order
        with lock:
            done.append((user, i))

    workers = InboxWorkers(inbox, "t", handle, workers=4, poll_s=0.05)
    for i in range(5):
        for user in ("a", "b", "c"):
            inbox.accept("t", [(f"{user}{i}", user, {"i": i})])
    assert workers.wait_idle(20)
    for user in ("a", "b", "c"):
        assert [i for u, i in done if u == user] == list(range(5))
    workers.shutdown()


def test_a_failing_turn_is_retried_then_set_aside_and_the_users_next_message_runs(tmp_path, monkeypatch):
    monkeypatch.setattr("assistant.conversation.inbox.MAX_ATTEMPTS", 2)
    monkeypatch.setattr("assistant.channels.dispatch.MAX_ATTEMPTS", 2)
    inbox, tries, ran = _inbox(tmp_path), [], []

    def handle(claimed):
        if claimed.payload["text"] == "bad":
            tries.append(claimed.attempts)
            raise RuntimeError("the model is down")
        ran.append(claimed.payload["text"])

    inbox.accept("t", [("1", "a", {"text": "bad"}), ("2", "a", {"text": "next"})])
    workers = InboxWorkers(inbox, "t", handle, workers=1, poll_s=0.05)
    assert workers.wait_idle(20)
    assert tries == [1, 2] and ran == ["next"]
    workers.shutdown()


def test_workers_started_later_answer_what_was_accepted_before_a_restart(tmp_path):
    inbox, ran = _inbox(tmp_path), []
    inbox.accept("t", [(str(i), "a", {"i": i}) for i in range(5)])  # acknowledged, then the process died
    workers = InboxWorkers(_inbox(tmp_path), "t", lambda c: ran.append(c.payload["i"]), workers=2, poll_s=0.05)
    assert workers.wait_idle(20)
    assert ran == [0, 1, 2, 3, 4]
    workers.shutdown()


def test_reply_window_closes_24_hours_after_the_last_message():
    window, now = ReplyWindow(hours=24), time.time()
    assert not window.is_open("u")
    window.user_wrote("u", now - 23 * 3600)
    assert window.is_open("u", now)
    assert not window.is_open("u", now + 2 * 3600)
    window.user_wrote("u", now - 30 * 3600)  # an older message does not move the window back
    assert window.is_open("u", now)


def test_a_turn_slower_than_its_lease_is_not_taken_by_another_instance(tmp_path):
    """Each worker pool is an instance; the lease is renewed while the turn runs, so it runs once."""
    from assistant.conversation.inbox import Inbox

    url = f"sqlite:///{tmp_path / 'inbox.db'}"
    ran, lock = [], threading.Lock()

    def slow(claimed):
        with lock:
            ran.append(claimed.payload["i"])
        time.sleep(4.0)  # more than two leases long

    pools = [InboxWorkers(Inbox(url, keep_s=3600), "t", slow, workers=2, lease_s=1.5, poll_s=0.05)
             for _ in range(2)]
    pools[0].inbox.accept("t", [(f"e{i}", f"user{i}", {"i": i}) for i in range(3)])
    idle = pools[0].wait_idle(30)
    time.sleep(1.6)  # past a lease: a second run would have started by now
    for pool in pools:
        pool.shutdown()
    assert sorted(ran) == [0, 1, 2] and idle  # without renewal: taken again at every lease's end, never done
