"""`growthdoc agenda [--input snapshot.json | FILE...] [--lang] [-o out.md|.html]`: the kick-off agenda."""

import json
from pathlib import Path

from assistant.cli.report_cmd import add_input_arguments

DRAFTS = ("agenda", "sla", "kpi_tree")


def configure(parser) -> None:
    add_input_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, help="out.md or out.html (default: Markdown on stdout)")
    parser.add_argument("--draft", choices=DRAFTS, default="agenda",
                        help="which draft: kick-off agenda (default), marketing–sales SLA, KPI tree")
    parser.add_argument("--json", action="store_true", help="print the draft's data as JSON")


def _draft(kind: str, diagnosis, snapshot: dict, kpis: dict, lang: str):
    from assistant.drafting.agenda import draft_agenda
    from assistant.drafting.kpi_tree import build_kpi_tree
    from assistant.drafting.sla import draft_sla

    if kind == "sla":
        return draft_sla(diagnosis, snapshot, lang)
    if kind == "kpi_tree":
        return build_kpi_tree(None, diagnosis, lang, snapshot=snapshot, kpis=kpis)
    return draft_agenda(diagnosis, snapshot, lang)


def run(args) -> int:
    from assistant.cli.report_cmd import (
        diagnose_snapshot,
        load_inputs,
        output_format,
        write,
    )
    from assistant.drafting.markup import standalone_page

    lang = getattr(args, "lang", None) or "vi"
    fmt = output_format(args.output) if args.output else None  # fail before any work
    snapshot, kpis = load_inputs(args)
    draft = _draft(args.draft, diagnose_snapshot(snapshot), snapshot, kpis, lang)
    if args.json:
        print(json.dumps(draft.data, ensure_ascii=False, indent=2))
    elif fmt == "html":
        write(args.output, standalone_page(draft.data.get("title", ""), draft.html, lang), lang)
    elif fmt == "md":
        write(args.output, draft.markdown, lang)
    else:
        print(draft.markdown)
    return 0
