import pytest

from assistant.conversation.service import ConversationService
from assistant.core.config import PROJECT_ROOT, get_settings
from assistant.engine.offline import OfflineEngine


@pytest.fixture(scope="session")
def classifier():
    from assistant.bootstrap import intent_classifier

    return intent_classifier()  # embedded once per process, shared with the apps the tests start


@pytest.fixture
def make_service(classifier):
    """A service over the test's data dir; call it again to simulate a restart."""
    from tests.engine.fakes import FakeSearch

    def make(engine=None):
        settings = get_settings()
        return ConversationService(settings, engine or OfflineEngine(PROJECT_ROOT / "knowledge", FakeSearch(),
                                                                     classifier))
    return make
