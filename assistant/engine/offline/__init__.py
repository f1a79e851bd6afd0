"""The offline engine (default): intents, intake, extractive answers, templated replies."""

from assistant.engine.offline.engine import OfflineEngine

__all__ = ["OfflineEngine"]
