"""Background turns of the webhook doors: per-user order, a bounded backlog, seen ids, the reply window."""

import threading
import time

from assistant.channels.dispatch import OrderedWorkers, ReplyWindow


def test_jobs_of_one_user_run_in_order_while_users_run_in_parallel():
    workers, done, lock = OrderedWorkers("t", workers=4), [], threading.Lock()

    def job(user, i):
        def run():
            time.sleep(0.002 * (5 - i))  # later jobs are quicker: only the queue keeps them in order
            with lock:
                done.append((user, i))
        return run

    for i in range(5):
        for user in ("a", "b", "c"):
            assert workers.submit(user, job(user, i))
    assert workers.wait_idle(10)
    for user in ("a", "b", "c"):
        assert [i for u, i in done if u == user] == list(range(5))
    workers.shutdown()


def test_a_full_backlog_refuses_and_a_failing_job_does_not_stop_the_next():
    gate, ran = threading.Event(), []
    workers = OrderedWorkers("t", workers=1, max_pending=2)
    assert workers.submit("a", gate.wait)
    assert workers.submit("a", lambda: 1 / 0)
    assert not workers.submit("b", lambda: ran.append("b"))  # backlog full: the door answers 503
    gate.set()
    assert workers.wait_idle(10)
    assert workers.submit("a", lambda: ran.append("a")) and workers.wait_idle(10)
    assert ran == ["a"]
    workers.shutdown()


def test_seen_ids_are_seen_once_until_forgotten_even_after_a_restart(tmp_path):
    from assistant.conversation.inbox import SeenEvents

    url = f"sqlite:///{tmp_path / 'seen.db'}"
    seen = SeenEvents(url, keep_s=3600)
    assert seen.first_time("zalo", "m1") and not seen.first_time("zalo", "m1")
    assert seen.first_time("messenger", "m1")  # unique per channel and id
    seen.forget("zalo", "m1")
    assert seen.first_time("zalo", "m1")
    assert not SeenEvents(url, keep_s=3600).first_time("zalo", "m1")  # a new process still knows it


def test_reply_window_closes_24_hours_after_the_last_message():
    window, now = ReplyWindow(hours=24), time.time()
    assert not window.is_open("u")
    window.user_wrote("u", now - 23 * 3600)
    assert window.is_open("u", now)
    assert not window.is_open("u", now + 2 * 3600)
    window.user_wrote("u", now - 30 * 3600)  # an older message does not move the window back
    assert window.is_open("u", now)
