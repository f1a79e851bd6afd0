"""`growthdoc serve [--workers N]`: run the FastAPI app with uvicorn (its lifespan builds the service through `bootstrap`).

With `--workers N` uvicorn forks N processes sharing the port: turns of different owners run on
different cores. Each process holds its own search index and model (~200 MB each); what must be
shared between them (sessions' database, rate limits, the knowledge store) is the multi-instance
set-up of the README (a database server, `GROWTHDOC_RATE_LIMIT_STORAGE`, `GROWTHDOC_CHROMA_HOST`).
"""

import os


def configure(parser) -> None:
    parser.add_argument("--host", default=None, help="default: GROWTHDOC_HOST or 127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help="default: GROWTHDOC_PORT or 8000")
    parser.add_argument("--workers", type=_positive, default=1,
                        help=f"server processes (default 1; one per core at most: {os.cpu_count()} here)")


def _positive(value: str) -> int:
    import argparse

    number = int(value) if value.isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError("a whole number of at least 1")
    return number


def run(args) -> int:
    import uvicorn

    from assistant.bootstrap import load_settings
    from assistant.server import uvicorn_options

    settings = load_settings()
    uvicorn.run(
        "assistant.server:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        log_level="info",
        workers=args.workers,
        **uvicorn_options(),
    )
    return 0
