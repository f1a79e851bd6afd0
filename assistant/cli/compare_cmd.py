"""`growthdoc compare FILE… [--json]`: every KPI and stage rate, this month vs the previous one (and the same
month last year when present), better or worse, and campaigns' cost per result across the two months."""

import json
import sys

from assistant.core.errors import UserFacingError


def configure(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="exports spanning several months (one file with dates, or a file per month)")
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.add_argument("--gross-margin", type=float, help="gross margin, 0-1")


def run(args) -> int:
    from assistant.cli.inputs import read_exports
    from assistant.drafting.compare_view import answer, worded
    from assistant.kpi.compare import compare_report

    lang = getattr(args, "lang", None) or "vi"
    report = read_exports(args.files, args.gross_margin, "diagnosis.file_missing")
    comparison = compare_report(report)
    if comparison is None:
        raise UserFacingError("compare.need_periods")
    if args.json:
        print(json.dumps(worded(comparison, lang), ensure_ascii=False, indent=2))
        return 0
    sys.stdout.write(answer(comparison, lang, report.currency) + "\n")
    return 0
