"""`growthdoc serve`: run the FastAPI app with uvicorn (its lifespan builds the service through `bootstrap`)."""


def configure(parser) -> None:
    parser.add_argument("--host", default=None, help="default: GROWTHDOC_HOST or 127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help="default: GROWTHDOC_PORT or 8000")


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
        **uvicorn_options(),
    )
    return 0
