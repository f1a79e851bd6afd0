"""`growthdoc search QUERY [--k N] [--json] [--mode hybrid|bm25|dense]`: ask the knowledge base.

Passages come in the language of `--lang`, else in the query's language (Vietnamese or English).

When the index is empty the command indexes the knowledge base first (and says so on stderr).
"""

import json
import sys
import textwrap


def configure(parser) -> None:
    parser.add_argument("query", nargs="+", help="what to look for (Vietnamese or English)")
    parser.add_argument("--k", type=int, default=5, help="how many results (default 5)")
    parser.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid")
    parser.add_argument("--json", action="store_true", help="print the results as JSON, best first")


def _searcher(lang: str):
    from assistant.core.config import get_settings
    from assistant.core.errors import UserFacingError
    from assistant.core.templates import text
    from assistant.retrieval.ingest import ingest
    from assistant.retrieval.search import KnowledgeSearch

    settings = get_settings()
    try:
        return KnowledgeSearch(settings)
    except UserFacingError as err:
        if err.key != "retrieval.index_empty":
            raise
    print(text("retrieval.auto_ingest", lang), file=sys.stderr)
    ingest(settings, progress=sys.stderr.isatty(), lang=lang)
    return KnowledgeSearch(settings)


def _print_readable(hits) -> None:
    for rank, hit in enumerate(hits, start=1):
        print(f"{rank}. {hit.citation}  [{hit.source}]  ({hit.score:.4f})")
        snippet = " ".join(hit.text.split())
        print(textwrap.indent(textwrap.shorten(snippet, width=300, placeholder=" …"), "   "))
        print()


def run(args) -> int:
    from assistant.core.templates import text

    lang = args.lang or "vi"
    query = " ".join(args.query)
    # passages in the language asked for with --lang, else in the query's own language
    hits = _searcher(lang).search(query, k=max(1, args.k), mode=args.mode, lang=args.lang)
    if args.json:
        print(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
    elif not hits:
        print(text("retrieval.no_results", lang, query=query))
    else:
        _print_readable(hits)
    return 0
