"""`growthdoc db upgrade`: migrate the database to this version's schema (Alembic); `db current` shows it."""


def configure(parser) -> None:
    parser.add_argument("action", choices=["upgrade", "current"], help="upgrade: migrate in place; current: show")


def run(args) -> int:
    from assistant.conversation import schema
    from assistant.core.config import get_settings

    url = get_settings().sqlalchemy_url
    if args.action == "current":
        print(f"{schema.current(url) or 'empty'} (this version needs {schema.head()})")
        return 0
    before, after = schema.upgrade(url)
    print(f"database schema: {before or 'empty'} -> {after}")
    return 0
