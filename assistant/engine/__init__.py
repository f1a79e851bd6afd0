"""Engines answer a turn: `offline` (deterministic, default) or `llm` (LangChain agent)."""
