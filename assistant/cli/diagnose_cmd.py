"""`growthdoc diagnose`: a funnel snapshot (--input) or export files -> bottleneck, priority, actions."""

import json
import math
import sys
from pathlib import Path

from assistant.core.errors import UserFacingError


def configure(parser) -> None:
    from assistant.cli.inputs import add_verdict_options

    parser.add_argument("files", nargs="*", metavar="FILE", help="exports to read (Meta/Google Ads, GA4, HubSpot, template)")
    parser.add_argument("--input", "-i", type=Path, help="a funnel snapshot JSON file (DESIGN.md contract); - for stdin")
    parser.add_argument("--json", action="store_true", help="print the diagnosis as JSON")
    add_verdict_options(parser)


def load_snapshot_file(path: Path) -> dict:
    """The JSON snapshot at `path` (or stdin for "-"), or a UserFacingError naming the file and the problem."""
    from assistant.cli.inputs import read_snapshot_file

    return read_snapshot_file(path, "diagnosis.file_missing", "diagnosis.bad_json")


def funnel_rows(snapshot: dict) -> list[dict]:
    """Known counts with a bar on a log scale (counts span several orders of magnitude)."""
    from assistant.contracts import STAGES
    funnel = snapshot.get("funnel") or {}
    known = [(s, funnel[s]) for s in STAGES if isinstance(funnel.get(s), (int, float)) and funnel[s] >= 0]
    top = max((c for _, c in known), default=0)
    scale = math.log10(top + 1) or 1
    return [{"stage": s, "count": c, "bar": "█" * max(1, round(24 * math.log10(c + 1) / scale))} for s, c in known]


def _inputs(args):
    """The snapshot file (read as given: a list or a number is refused by the diagnosis) or the exports."""
    from assistant.cli.inputs import Inputs, load, options_from
    from assistant.diagnosis.verdict import apply_options

    if args.input and not args.files:
        snapshot = load_snapshot_file(args.input)
        if not isinstance(snapshot, dict) or not isinstance(snapshot.get("funnel"), dict):
            raise UserFacingError("diagnosis.no_funnel")
        return Inputs(apply_options(snapshot, options_from(args)))
    return load(args, "diagnosis.file_missing", "diagnosis.bad_json", "diagnosis.need_input")


def run(args) -> int:
    from assistant.core.templates import text
    from assistant.drafting.diagnosis_view import render_diagnosis

    lang = getattr(args, "lang", None) or "vi"
    inputs = _inputs(args)
    result = render_diagnosis(inputs.diagnosis(), lang)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    snapshot = inputs.snapshot
    industry = (snapshot.get("business") or {}).get("industry")
    sys.stdout.write(text("diagnosis.cli_report", lang, d=result, funnel=funnel_rows(snapshot), industry=industry) + "\n")
    return 0
