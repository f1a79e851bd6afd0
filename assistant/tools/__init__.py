"""Thin LangChain tool wrappers over the domain modules, typed with pydantic."""
