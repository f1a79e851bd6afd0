"""`growthdoc purge [--days N] [--yes] [--json]`: erase conversations and uploads older than the retention.

A dry run by default: it prints what would go and deletes nothing; `--yes` deletes (for a daily cron).
A session goes when it has been idle for longer than the retention, with its messages, uploads and
files; an older upload of a session still in use goes alone (its figures stay in the conversation).
"""

import json
from datetime import UTC, datetime, timedelta


def configure(parser) -> None:
    parser.add_argument("--days", type=int, default=None,
                        help="retention in days (default GROWTHDOC_RETENTION_DAYS; 0 keeps everything)")
    parser.add_argument("--yes", action="store_true", help="delete for real (without it: a dry run)")
    parser.add_argument("--json", action="store_true", help="print what was found as JSON")


def run(args) -> int:
    from assistant.conversation.store import ConversationStore
    from assistant.core.config import get_settings
    from assistant.core.templates import text

    settings = get_settings()
    lang = args.lang or "vi"
    days = settings.retention_days if args.days is None else args.days
    if days <= 0:
        print(text("common.purge_off", lang))
        return 0
    store = ConversationStore(settings.sqlalchemy_url)
    expired = store.expired(datetime.now(UTC) - timedelta(days=days))
    if args.yes:
        store.purge(expired)
    if args.json:
        print(json.dumps({"days": days, "deleted": args.yes, **expired}))
    else:
        print(text("common.purge_done" if args.yes else "common.purge_plan", lang, days=days,
                   sessions=len(expired["sessions"]), uploads=len(expired["uploads"])))
    return 0
