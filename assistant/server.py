"""The FastAPI application: `create_app()` wires the doors to what the composition root builds."""

import gc
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant import __version__, bootstrap
from assistant.channels import (
    admin,
    compare_api,
    diagnose_api,
    knowledge_api,
    errors,
    kpis_api,
    messenger,
    openai_compat,
    ops,
    redact,
    report_api,
    rest,
    web,
    whatif_api,
    zalo,
)
from assistant.channels.bodylimit import BodyLimitMiddleware
from assistant.channels.cors import KeyedCORSMiddleware
from assistant.channels.proxies import ForwardedClientMiddleware
from assistant.channels.ratelimit import RateLimitMiddleware
from assistant.core import logs
from assistant.core.config import Settings

WEBHOOK_DOORS = (messenger.MessengerBot, zalo.ZaloBot)


@asynccontextmanager
async def lifespan(app: FastAPI):
    """Build the knowledge search, the engines and the conversation service once per process."""
    settings = app.state.settings
    parts = bootstrap.assemble(settings)
    app.state.search, app.state.service = parts.search, parts.service  # read by `get_service`
    for door in WEBHOOK_DOORS:
        door.log_status(settings)  # a door without its settings is off, and says so
        if door.is_configured(settings):  # its workers drain what an earlier run acknowledged
            door.start_for(app, settings, parts.service, app.state.inbox)
    # What start-up built (~170,000 objects: the app, the engines, the knowledge) lives as long as the
    # process: out of the collector's sight, a full collection no longer stops every turn in flight
    # for 0.1-0.2 s to walk through it again.
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()
    for door in WEBHOOK_DOORS:
        door.close_for(app)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; stores and engines are created at start-up, never at import."""
    settings = settings or bootstrap.load_settings()
    app = FastAPI(title="GrowthDoc", version=__version__, description="Marketing diagnosis assistant API",
                  lifespan=lifespan)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict:
        """Liveness probe."""
        return {"status": "ok", "version": __version__}

    for module in (ops, rest, kpis_api, diagnose_api, compare_api, report_api, whatif_api, knowledge_api, admin,
                   messenger, zalo, openai_compat, web):
        app.include_router(module.router)
    app.state.settings = settings
    bootstrap.check_schema(settings)  # an older schema stops here, naming `growthdoc db upgrade`
    app.state.tenants = bootstrap.build_tenants(settings)  # the CORS middleware needs it before any route
    app.state.inbox = bootstrap.build_inbox(settings)  # webhook events, durable before their 200
    redact.install(settings)  # secrets never in logs, whatever handlers uvicorn or the host adds
    logs.configure(settings.log_format, settings.log_level)  # text or JSON lines with the request id
    errors.install(app)
    # outermost last: CORS on every answer (429 and 413 too), then the real client address, which the
    # rate limiter counts, then the body limit, so a flood of large bodies is counted before it is read
    app.add_middleware(BodyLimitMiddleware, settings=settings)
    app.add_middleware(RateLimitMiddleware, settings=settings)
    app.add_middleware(ForwardedClientMiddleware, settings=settings)
    app.add_middleware(KeyedCORSMiddleware)
    app.add_middleware(openai_compat.OpenAIErrorShape)  # /v1 errors of every layer in OpenAI's shape
    app.add_middleware(ops.RequestIdMiddleware)  # outermost: every answer and log line has its id
    return app


def uvicorn_options() -> dict:
    """What `growthdoc serve` passes uvicorn: forwarded headers are ours to judge (GROWTHDOC_TRUSTED_PROXIES)."""
    return {"proxy_headers": False}
