"""`growthdoc whatif FILE… [--budget B] [--stage S --rate R] [--json]`: the forecast at today's rates for a
budget, with the bottleneck improving month by month, one rate's what-if, break-even CPA/CPL/ROAS and a split
of the budget across campaigns or channels by their cost per customer."""

import json
import sys
from pathlib import Path

from assistant.core.errors import UserFacingError


def configure(parser) -> None:
    from assistant.cli.inputs import add_verdict_options

    parser.add_argument("files", nargs="*", metavar="FILE", help="exports (Meta/Google Ads, GA4, HubSpot, template)")
    parser.add_argument("--input", "-i", type=Path, help="a funnel snapshot JSON (DESIGN.md contract)")
    parser.add_argument("--budget", type=float, help="the budget to plan (default: the planned budget, else the spend)")
    parser.add_argument("--stage", help="a rate id, e.g. lead_to_customer (default: the bottleneck)")
    parser.add_argument("--rate", help="the rate it reaches: 0.1 or 10%% (default: its benchmark)")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON")
    add_verdict_options(parser)


def run(args) -> int:
    from assistant.cli.inputs import load
    from assistant.core.templates import render
    from assistant.drafting.whatif_view import worded
    from assistant.planning.scenario import check_stage, parse_rate, scenario_json

    lang = getattr(args, "lang", None) or "vi"
    stage, rate = check_stage(args.stage), parse_rate(args.rate)
    inputs = load(args)
    diagnosis = inputs.diagnosis()
    plan = scenario_json(inputs.snapshot, diagnosis, args.budget, stage, rate, inputs.split_rows())
    if plan["budget"] is None and plan["what_if"] is None:
        raise UserFacingError("whatif.need_budget")
    currency = inputs.snapshot.get("currency") or "VND"
    if args.json:
        print(json.dumps({**plan, "worded": worded(plan, lang, currency)}, ensure_ascii=False, indent=2))
        return 0
    sys.stdout.write(render("report_whatif.md.j2", lang, r={"whatif": worded(plan, lang, currency)}) + "\n")
    return 0
