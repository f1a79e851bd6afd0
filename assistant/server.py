"""The FastAPI application: `create_app()` wires the routers of every channel."""

from fastapi import FastAPI

from assistant import __version__
from assistant.channels import admin, diagnose_api, kpis_api, messenger, openai_compat, rest, web, zalo


def create_app() -> FastAPI:
    """Build the app; stores and engines are created at start-up, never at import."""
    app = FastAPI(title="GrowthDoc", version=__version__, description="Marketing diagnosis assistant API")

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict:
        """Liveness probe."""
        return {"status": "ok", "version": __version__}

    for module in (rest, kpis_api, diagnose_api, admin, messenger, zalo, openai_compat, web):
        app.include_router(module.router)
    return app
