"""Shared fixtures: every test gets its own data dir and fresh settings; samples are on disk."""

from pathlib import Path

import pytest

from assistant.core.config import get_settings

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
