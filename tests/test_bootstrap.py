"""The composition root: one search shared by the engines, the service built once per app, the LLM only when asked."""

from fastapi.testclient import TestClient

from assistant import bootstrap
from assistant.core.config import Settings
from tests.channels.fakes import FakeService
from tests.engine.fakes import FakeSearch


class Recorder:
    """Stands in for `bootstrap.assemble` and records each call."""

    def __init__(self):
        self.calls: list[Settings] = []
        self.search, self.service = FakeSearch(), FakeService()

    def __call__(self, settings=None, chat_model=None) -> bootstrap.Assembly:
        self.calls.append(settings)
        return bootstrap.Assembly(settings, self.search, self.service)


def test_the_app_gets_its_service_and_search_from_the_composition_root_once(monkeypatch):
    from assistant.server import create_app

    recorder = Recorder()
    monkeypatch.setattr(bootstrap, "assemble", recorder)
    app = create_app()
    with TestClient(app) as client:
        sessions = [client.post("/api/sessions").json()["session_id"] for _ in range(3)]
        assert app.state.search is recorder.search and app.state.service is recorder.service
    assert recorder.calls == [app.state.settings]  # once, with the settings the app was made with
    assert all(sid in recorder.service.history for sid in sessions)  # the routes used that service


def test_the_engine_and_the_service_share_one_search(monkeypatch):
    searches = []
    monkeypatch.setattr(bootstrap, "build_search", lambda settings: searches.append(FakeSearch()) or searches[-1])
    parts = bootstrap.assemble(Settings())
    assert len(searches) == 1 and parts.search is searches[0]
    assert parts.service.engine.search is parts.search


def test_the_llm_engine_stands_in_front_only_when_enabled():
    from assistant.engine.llm import LlmEngine
    from assistant.engine.offline import OfflineEngine

    assert isinstance(bootstrap.build_engine(Settings()), OfflineEngine)
    assert isinstance(bootstrap.build_engine(Settings(openai_api_key="sk-test")), LlmEngine)

