"""`growthdoc kpi FILE... [--json]`: read exports, print KPIs (table + funnel) or the JSON report.

Imports only the KPI domain (polars, no LangChain/Chroma/FastAPI) so start-up stays lean.
"""

import json
from pathlib import Path

# A consultant's own files on the command line are not held to the web upload limit
# (`Settings.max_upload_mb`); this only stops a path given by mistake (a disk image, a backup).
LOCAL_LIMIT_MB = 2048.0


def configure(parser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="CSV, TSV or XLSX exports")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--margin", type=float, default=None, help="gross margin (0-1) for break-even ROAS and LTV")
    parser.add_argument("--rate", action="append", default=[], metavar="CUR=VALUE",
                        help="exchange rate into the report's currency, e.g. USD=25400 (repeatable)")
    parser.add_argument("--currency", default=None, help="the report's currency (default VND)")


def upload_limit_mb() -> float:
    """The size limit of a local export: the web upload limit does not apply to one's own files."""
    return LOCAL_LIMIT_MB


def rates(given: list[str]) -> dict[str, float]:
    """Exchange rates: the configured ones (the CLI is an edge: it may read the settings), then `--rate`."""
    from assistant.core.config import get_settings
    from assistant.kpi.money import parse_rates

    return {**(get_settings().currency_rates or {}), **parse_rates(given)}


def run(args) -> int:
    from assistant.kpi import combine, read_export

    lang = getattr(args, "lang", None) or "vi"
    reports = [read_export(path, limit_mb=upload_limit_mb()) for path in args.files]
    report = combine(reports, gross_margin=args.margin, rates=rates(getattr(args, "rate", [])),
                     currency=getattr(args, "currency", None))
    if args.json:
        print(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2))
    else:
        print(format_report(report, lang))
    return 0


def _value(name: str, value, lang: str) -> str:
    from assistant.core.templates import environment
    from assistant.kpi.catalog import BY_NAME

    env = environment(lang)
    unit = BY_NAME[name].unit if name in BY_NAME else "count"
    if unit == "ratio":
        return env.filters["pct"](value, 2)
    return env.filters["num"](value, 2 if unit == "times" or (value and abs(value) < 100 and value % 1) else 0)


def format_report(report, lang: str = "vi") -> str:
    """The readable form: files, period, a KPI table, the funnel in one line, then notes."""
    from assistant.core.templates import text
    from assistant.kpi.catalog import label

    lines = [text("kpi.file_line", lang, name=p.filename, format=text("kpi.format_name", lang, format_id=p.format_id),
                  rows=p.rows, platform=_platform_label(p.platform)) for p in report.parts]
    period = report.period
    lines.append(text("kpi.period_line", lang, start=period.start, end=period.end))
    hidden = {"cost_per_message"} if report.message_leads else set()  # CPL already is the cost per message
    hidden.add("repeat_window_days")  # said in the repeat rate's label
    on_revenue, window = not report.gross_margin, report.kpis.get("repeat_window_days")
    rows = [(label(k, lang, report.message_leads, on_revenue, window), _value(k, v, lang))
            for k, v in report.kpis.items() if v is not None and k not in hidden]
    width = max([len(text("kpi.heading_kpi", lang))] + [len(r[0]) for r in rows])
    lines += ["", f"{text('kpi.heading_kpi', lang):<{width}}  {text('kpi.heading_value', lang):>18}", "-" * (width + 20)]
    lines += [f"{name:<{width}}  {value:>18}" for name, value in rows]
    lines += ["", funnel_line(report, lang), "", text("kpi.sources_heading", lang)]
    lines += [f"- {label(name, lang, report.message_leads)}: {where}" for name, where in report.snapshot.sources.items()]
    warnings = report.warnings(lang)
    if warnings:
        lines += ["", text("kpi.warnings_heading", lang)] + [f"- {w}" for w in warnings]
    return "\n".join(lines)


def _platform_label(platform: str | None) -> str | None:
    from assistant.kpi.formats import platforms

    return platforms()[platform]["label"] if platform else None


def funnel_line(report, lang: str = "vi") -> str:
    """'Funnel: reach 459,483 → leads 1,907 (0.4%)…': each rate from the previous known stage."""
    from assistant.core.templates import text

    known = report.snapshot.funnel.known()
    stages, previous = [], None
    for name, value in known.items():
        stages.append({"name": name, "value": value, "rate": value / previous if previous else None})
        previous = value
    snapshot = report.snapshot
    return text("kpi.funnel_summary", lang, stages=stages, currency=snapshot.currency or "",
                spend=snapshot.spend, revenue=snapshot.revenue, message_leads=report.message_leads)
