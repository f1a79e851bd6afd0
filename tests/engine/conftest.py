import pytest

from assistant.core.config import PROJECT_ROOT
from assistant.engine.offline import OfflineEngine


@pytest.fixture(scope="session")
def classifier():
    """The intent classifier with its examples embedded once for the whole run."""
    from assistant.bootstrap import intent_classifier

    return intent_classifier()  # embedded once per process, shared with the apps the tests start


@pytest.fixture
def offline(classifier):
    from tests.engine.fakes import FakeSearch

    return OfflineEngine(PROJECT_ROOT / "knowledge", FakeSearch(), classifier)
