"""Doors into the engine: web widget + REST/SSE, Messenger, Zalo, OpenAI-compatible API."""
