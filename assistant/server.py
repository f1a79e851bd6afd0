"""The FastAPI application: `create_app()` wires the routers of every channel."""

from fastapi import FastAPI

from assistant import __version__


def create_app() -> FastAPI:
    """Build the app; stores and engines are created at start-up, never at import."""
    app = FastAPI(title="GrowthDoc", version=__version__, description="Marketing diagnosis assistant API")

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict:
        """Liveness probe."""
        return {"status": "ok", "version": __version__}

    return app
