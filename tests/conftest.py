"""Shared fixtures: every test gets its own data dir and fresh settings; samples are on disk."""

from pathlib import Path

import os

import pytest
from hypothesis import settings as hypothesis_settings

from assistant.core.config import get_settings

# Property tests explore new inputs on a developer's machine; in CI they replay the same examples, so a
# landing never depends on a lucky draw (a failure found locally is kept in .hypothesis/ and fixed).
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

SAMPLES = Path(__file__).parent / "fixtures" / "samples"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """No test touches ./data or a developer's .env: a temp data dir, no model key."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GROWTHDOC_DATA_DIR", str(tmp_path / "data"))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GROWTHDOC_CHROMA_HOST", "GROWTHDOC_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def postgres_server():
    """One real PostgreSQL for the session (tests/services.py); each test takes a fresh database."""
    from tests.services import Postgres

    server = Postgres()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database_url(request, tmp_path):
    """A fresh database of each kind the stores support: a SQLite file, and a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'growthdoc.db'}"
    return request.getfixturevalue("postgres_server").new_database()
