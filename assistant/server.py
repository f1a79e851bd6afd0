"""The FastAPI application: `create_app()` wires the routers of every channel."""

from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant import __version__
from assistant.channels import admin, diagnose_api, kpis_api, messenger, openai_compat, rest, web, zalo
from assistant.channels.access import AccessError, access_error_handler
from assistant.channels.cors import KeyedCORSMiddleware
from assistant.channels.ratelimit import RateLimitMiddleware
from assistant.conversation.tenants import TenantStore
from assistant.core.config import get_settings


@asynccontextmanager
async def lifespan(app: FastAPI):
    """Build the knowledge search, the engine and the conversation service once per process."""
    from assistant.engine.factory import build_search, build_service

    if getattr(app.state, "service", None) is None:
        app.state.search = build_search(get_settings())  # None until `growthdoc ingest` has run
        app.state.service = build_service(get_settings(), app.state.search)
    for door in (messenger, zalo):
        door.log_status(get_settings())  # a door without its settings is off, and says so
    yield
    for door in (messenger, zalo):
        door.close_bot(app)


def create_app(service=None) -> FastAPI:
    """Build the app; stores and engines are created at start-up, never at import."""
    app = FastAPI(title="GrowthDoc", version=__version__, description="Marketing diagnosis assistant API",
                  lifespan=lifespan)
    app.state.service = service  # tests may pass one; otherwise the lifespan builds it

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict:
        """Liveness probe."""
        return {"status": "ok", "version": __version__}

    for module in (rest, kpis_api, diagnose_api, admin, messenger, zalo, openai_compat, web):
        app.include_router(module.router)
    app.state.tenants = TenantStore(get_settings().sqlalchemy_url)  # tables are created on first use
    app.add_exception_handler(AccessError, access_error_handler)
    app.add_middleware(RateLimitMiddleware)
    app.add_middleware(KeyedCORSMiddleware)  # outermost, so 429s and refusals carry CORS headers too
    return app
