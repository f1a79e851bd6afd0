"""`growthdoc diagnose`: a funnel snapshot (--input) or export files -> bottleneck, priority, actions."""

import json
import math
import sys
from pathlib import Path

from assistant.core.errors import UserFacingError


def configure(parser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="exports to read (Meta/Google Ads, GA4, HubSpot, template)")
    parser.add_argument("--input", "-i", type=Path, help="a funnel snapshot JSON file (DESIGN.md contract); - for stdin")
    parser.add_argument("--json", action="store_true", help="print the diagnosis as JSON")
    parser.add_argument("--industry", help="industry, e.g. retail, fnb, education, b2b_services, health")
    parser.add_argument("--target-revenue", type=float, help="revenue target for the period")
    parser.add_argument("--gross-margin", type=float, help="gross margin, 0-1 (or a percentage)")


def load_snapshot_file(path: Path) -> dict:
    """The JSON snapshot at `path` (or stdin for "-"), or a UserFacingError naming the file and the problem."""
    if str(path) != "-" and not path.is_file():
        raise UserFacingError("diagnosis.file_missing", path=str(path))
    try:
        return json.loads(sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise UserFacingError("diagnosis.bad_json", path=str(path), problem=str(err)) from None


def snapshot_from_exports(files: list[str], gross_margin: float | None) -> dict:
    """Read each export with the KPI module and combine them into one snapshot."""
    from assistant.cli.kpi_cmd import upload_limit_mb
    from assistant.kpi import combine, read_export

    for name in files:
        if not Path(name).is_file():
            raise UserFacingError("diagnosis.file_missing", path=name)
    report = combine([read_export(Path(name), limit_mb=upload_limit_mb()) for name in files], gross_margin=gross_margin)
    return report.snapshot.model_dump(mode="json")


def apply_overrides(snapshot: dict, args) -> dict:
    """Command-line values fill or replace the snapshot's business facts."""
    if args.industry:
        snapshot.setdefault("business", {})["industry"] = args.industry
    if args.target_revenue is not None:
        snapshot["target_revenue"] = args.target_revenue
    if args.gross_margin is not None:
        snapshot["gross_margin"] = args.gross_margin
    return snapshot


def funnel_rows(snapshot: dict) -> list[dict]:
    """Known counts with a bar on a log scale (counts span several orders of magnitude)."""
    from assistant.contracts import STAGES
    funnel = snapshot.get("funnel") or {}
    known = [(s, funnel[s]) for s in STAGES if isinstance(funnel.get(s), (int, float)) and funnel[s] >= 0]
    top = max((c for _, c in known), default=0)
    scale = math.log10(top + 1) or 1
    return [{"stage": s, "count": c, "bar": "█" * max(1, round(24 * math.log10(c + 1) / scale))} for s, c in known]


def run(args) -> int:
    from assistant.core.templates import text
    from assistant.diagnosis import diagnose
    from assistant.drafting.diagnosis_view import render_diagnosis

    lang = getattr(args, "lang", None) or "vi"
    if args.input:
        snapshot = load_snapshot_file(args.input)
    elif args.files:
        snapshot = snapshot_from_exports(args.files, args.gross_margin)
    else:
        raise UserFacingError("diagnosis.need_input")
    if not isinstance(snapshot, dict):
        raise UserFacingError("diagnosis.no_funnel")
    snapshot = apply_overrides(snapshot, args)
    result = render_diagnosis(diagnose(snapshot), lang)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    industry = (snapshot.get("business") or {}).get("industry")
    sys.stdout.write(text("diagnosis.cli_report", lang, d=result, funnel=funnel_rows(snapshot), industry=industry) + "\n")
    return 0
