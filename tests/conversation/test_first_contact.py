"""First contact of a platform user is an upsert: instances racing on one database agree on one session."""

import threading

from assistant.conversation.store import ConversationStore


def test_a_new_user_hitting_two_instances_at_once_gets_one_session_and_no_error(database_url):
    stores = [ConversationStore(database_url), ConversationStore(database_url)]
    for round_ in range(5):
        gate, found, errors = threading.Barrier(12), [], []

        def contact(store: ConversationStore) -> None:
            gate.wait()
            try:
                found.append(store.session_for_external("default", "zalo", f"new-user-{round_}"))
            except Exception as error:  # the old find-then-insert raised IntegrityError here (HTTP 500)
                errors.append(error)

        threads = [threading.Thread(target=contact, args=(stores[i % 2],)) for i in range(12)]
        [t.start() for t in threads]
        [t.join(30) for t in threads]
        assert errors == [] and len(found) == 12 and len(set(found)) == 1
