"""LangChain tools over the domain, bound to one session's turn (see `build_tools`)."""
