"""Private files: created 0600, and a live SQLite database is never opened behind SQLite's back."""

import os
import stat

from assistant.conversation import private
from assistant.conversation.store import ConversationStore
from assistant.conversation.tenants import TenantStore


def test_a_missing_file_is_created_private(tmp_path):
    path = private.private_file(tmp_path / "new.db")
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_existing_file_is_tightened_without_being_opened(tmp_path, monkeypatch):
    """Closing any descriptor of a SQLite file drops the process's locks on it, so none may be opened."""
    path = tmp_path / "live.db"
    path.write_bytes(b"x")
    os.chmod(path, 0o644)
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a, **k: opened.append(str(p)) or real_open(p, *a, **k))
    private.private_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and str(path) not in opened


def test_several_stores_on_one_database_in_one_process_keep_it_readable(tmp_path):
    url = f"sqlite:///{tmp_path / 'growthdoc.db'}"
    store = ConversationStore(url)
    sessions = [store.create_session("default", "web", None)]
    for _ in range(3):  # each store makes its engine (and makes the file private) while the first is live
        workspace, _ = TenantStore(url).create_workspace("Shop")
        sessions.append(ConversationStore(url).create_session(workspace, "web", None))
    assert store.load(sessions[0], "default") is not None
    assert all(ConversationStore(url).engine.connect() for _ in range(2))
