"""LangChain tools over the domain (`session_tools.TOOLS`), reading one turn's state from the runtime context."""
