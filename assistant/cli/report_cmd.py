"""`growthdoc report FILE... [--input snapshot.json] [--business NAME] -o report.html|.md`."""

import argparse
import json
import sys
from pathlib import Path

from assistant.core.errors import UserFacingError

FORMATS = {".html": "html", ".htm": "html", ".md": "md"}


def add_input_arguments(parser) -> None:
    """The inputs shared by `report` and `agenda`: exports and/or a snapshot JSON."""
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="exports (Meta/Google Ads, GA4, HubSpot, orders, template)")
    parser.add_argument("--input", "-i", type=Path, help="a funnel snapshot JSON (DESIGN.md contract)")
    parser.add_argument("--business", help="business name shown on the draft")
    parser.add_argument("--lang", choices=["vi", "en"], default=argparse.SUPPRESS, help="language of the draft")


def configure(parser) -> None:
    add_input_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, help="report.html (offline page) or report.md")


def _read_snapshot(path: Path) -> dict:
    """The snapshot JSON at `path`, or a clear error naming the file."""
    if not path.is_file():
        raise UserFacingError("drafting.file_not_found", path=str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise UserFacingError("drafting.bad_snapshot", path=str(path), detail=str(err)) from None
    if not isinstance(data, dict) or not isinstance(data.get("funnel"), dict):
        raise UserFacingError("drafting.bad_snapshot", path=str(path), detail='"funnel"')
    return data


def _read_exports(files: list[str]) -> tuple[dict, dict]:
    """(snapshot, kpis) of the exports combined into one funnel."""
    from assistant.cli.kpi_cmd import upload_limit_mb
    from assistant.kpi import combine, read_export

    for name in files:
        if not Path(name).is_file():
            raise UserFacingError("drafting.file_not_found", path=name)
    report = combine([read_export(Path(name), limit_mb=upload_limit_mb()) for name in files])
    return report.snapshot.model_dump(mode="json"), report.kpis


def _merge(base: dict, given: dict) -> dict:
    """The snapshot JSON's fields win over the exports'; its funnel fills in counts."""
    merged = {**base, **{k: v for k, v in given.items() if k != "funnel" and v is not None}}
    funnel = {k: v for k, v in (given.get("funnel") or {}).items() if v is not None}
    merged["funnel"] = {**(base.get("funnel") or {}), **funnel}
    return merged


def load_inputs(args) -> tuple[dict, dict]:
    """(snapshot, kpis) from --input and/or FILEs, with --business applied."""
    if not args.input and not args.files:
        raise UserFacingError("drafting.no_input")
    snapshot, kpis = _read_exports(args.files) if args.files else ({}, {})
    if args.input:
        snapshot = _merge(snapshot, _read_snapshot(args.input))
    if args.business:
        snapshot["business"] = {**(snapshot.get("business") or {}), "name": args.business}
    return snapshot, kpis


def diagnose_snapshot(snapshot: dict):
    """The (keyed) diagnosis of a snapshot; drafts word it in the reader's language."""
    from assistant.diagnosis import diagnose

    return diagnose(snapshot)


def output_format(path: Path | None) -> str:
    """'html' or 'md' from the output file's suffix."""
    if path is None:
        raise UserFacingError("drafting.output_required")
    if path.suffix.lower() not in FORMATS:
        raise UserFacingError("drafting.bad_output", path=str(path))
    return FORMATS[path.suffix.lower()]


def write(path: Path, content: str, lang: str) -> None:
    """Write the draft and say where."""
    from assistant.core.templates import text

    try:
        path.write_text(content + "\n", encoding="utf-8")
    except OSError:
        raise UserFacingError("drafting.bad_output", path=str(path)) from None
    print(text("drafting.written", lang, path=str(path)))


def _progress(step: str, lang: str) -> None:
    """One progress line on stderr ("[2/3] Diagnosing…"), so stdout stays clean."""
    from assistant.core.templates import text

    print(text("drafting.progress", lang, step=step), file=sys.stderr, flush=True)


def run(args) -> int:
    from assistant.drafting.report import build_report

    lang = getattr(args, "lang", None) or "vi"
    fmt = output_format(args.output)
    _progress("reading", lang)
    snapshot, kpis = load_inputs(args)
    _progress("diagnosing", lang)
    diagnosis = diagnose_snapshot(snapshot)
    _progress("rendering", lang)
    write(args.output, build_report(diagnosis, snapshot, kpis, lang, business=args.business, fmt=fmt), lang)
    return 0
