"""The webhook inbox on SQLite and PostgreSQL: kept before the 200, deduplicated, claimed once, in each user's order."""

import threading
import time

from assistant.conversation.inbox import Inbox


def events(*specs: tuple[str, str]) -> list[tuple[str, str, dict]]:
    return [(event_id, user, {"text": event_id}) for event_id, user in specs]


def test_an_event_is_accepted_once_across_instances_and_restarts(database_url):
    first, second = Inbox(database_url, keep_s=3600), Inbox(database_url, keep_s=3600)
    assert first.accept("zalo", events(("m1", "u1"), ("m2", "u1"))) == [True, True]
    assert second.accept("zalo", events(("m1", "u1"), ("m3", "u2"))) == [False, True]  # another instance
    assert Inbox(database_url, keep_s=3600).accept("zalo", events(("m2", "u1"))) == [False]  # a restart
    assert first.accept("messenger", events(("m1", "u1"))) == [True]  # unique per channel and id
    assert first.backlog("zalo") == 3 and first.backlog() == 4


def test_a_users_events_are_claimed_one_at_a_time_in_order(database_url):
    inbox = Inbox(database_url, keep_s=3600)
    inbox.accept("zalo", events(("a1", "a"), ("a2", "a"), ("b1", "b")))
    first = inbox.claim("zalo", lease_s=60)
    second = inbox.claim("zalo", lease_s=60)
    assert (first.payload["text"], second.payload["text"]) == ("a1", "b1")  # a2 waits behind a1
    assert inbox.claim("zalo", lease_s=60) is None
    inbox.done(first)
    third = inbox.claim("zalo", lease_s=60)
    assert third.payload["text"] == "a2"
    inbox.done(second), inbox.done(third)
    assert inbox.backlog("zalo") == 0 and inbox.claim("zalo", lease_s=60) is None


def test_an_event_held_by_a_dead_instance_is_taken_again_when_its_lease_ends(database_url):
    dead, alive = Inbox(database_url, keep_s=3600), Inbox(database_url, keep_s=3600)
    dead.accept("messenger", events(("m1", "u1"), ("m2", "u1")))
    held = dead.claim("messenger", lease_s=0.5)  # then the process is killed: never marked done
    assert alive.claim("messenger", lease_s=60) is None  # still leased; m2 waits behind it
    time.sleep(0.7)
    again = alive.claim("messenger", lease_s=60)
    assert again.payload == held.payload and again.attempts == 2
    dead.done(held)  # a late word from the old claim changes nothing
    assert alive.backlog("messenger") == 2
    alive.done(again)
    assert alive.claim("messenger", lease_s=60).payload["text"] == "m2"


def test_concurrent_workers_on_two_instances_answer_every_event_once_in_each_users_order(database_url):
    instances = [Inbox(database_url, keep_s=3600), Inbox(database_url, keep_s=3600)]
    users = [f"u{i}" for i in range(6)]
    instances[0].accept("zalo", events(*[(f"{u}-{n}", u) for n in range(8) for u in users]))
    answered, lock = [], threading.Lock()

    def work(inbox: Inbox) -> None:
        idle_since = time.monotonic()
        while time.monotonic() - idle_since < 1.0:
            claimed = inbox.claim("zalo", lease_s=60)
            if claimed is None:
                time.sleep(0.01)
                continue
            with lock:
                answered.append(claimed.payload["text"])
            inbox.done(claimed)
            idle_since = time.monotonic()

    threads = [threading.Thread(target=work, args=(inbox,)) for inbox in instances for _ in range(3)]
    [thread.start() for thread in threads]
    [thread.join(60) for thread in threads]
    assert sorted(answered) == sorted(f"{u}-{n}" for n in range(8) for u in users)  # each exactly once
    for user in users:
        assert [t for t in answered if t.startswith(user + "-")] == [f"{user}-{n}" for n in range(8)]


def test_a_worker_whose_lease_ended_and_was_taken_can_write_nothing_about_the_event(database_url):
    stalled, other = Inbox(database_url, keep_s=3600), Inbox(database_url, keep_s=3600)
    stalled.accept("messenger", events(("m1", "u1")))
    late = stalled.claim("messenger", lease_s=30)
    assert stalled.extend(late, lease_s=0.3)  # renewed (shorter here) while it is still the holder
    time.sleep(0.6)  # then the process stalls past its lease
    taken = other.claim("messenger", lease_s=60)
    assert taken.id == late.id
    assert not stalled.extend(late, 60) and not stalled.keep_reply(late, ["late"]) and not stalled.sending(late, 0)
    assert other.keep_reply(taken, ["một", "hai"]) and other.sending(taken, 0)
    other.done(taken)
    assert not other.sending(taken, 1)  # done: nothing more is sent for it


def test_an_event_taken_again_after_a_crash_carries_its_reply_and_the_message_under_way(database_url):
    crashed, alive = Inbox(database_url, keep_s=3600), Inbox(database_url, keep_s=3600)
    crashed.accept("zalo", events(("m1", "u1")))
    first = crashed.claim("zalo", lease_s=0.3)
    assert first.reply is None and first.sending is None
    crashed.keep_reply(first, ["một", "hai", "ba"])
    crashed.sending(first, 1)  # killed while sending the second message
    time.sleep(0.5)
    again = alive.claim("zalo", lease_s=60)
    assert (again.reply, again.sending, again.attempts) == (["một", "hai", "ba"], 1, 2)
