"""`growthdoc ingest [--rebuild]`: index the knowledge base; only changed files are re-embedded."""

import json
import sys


def configure(parser) -> None:
    parser.add_argument("--rebuild", action="store_true", help="drop the index and embed everything again")
    parser.add_argument("--json", action="store_true", help="print the stats as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args) -> int:
    from assistant.core.config import get_settings
    from assistant.retrieval.ingest import ingest

    lang = args.lang or "vi"
    stats = ingest(get_settings(), rebuild=args.rebuild, progress=not (args.quiet or args.json), lang=lang,
                   save_cache=True)
    if args.json:
        print(json.dumps(stats.to_dict()))
    else:
        print(stats.message(lang), file=sys.stdout)
    return 0
