"""`growthdoc report FILE... [--input snapshot.json] [--industry …] -o report.html|.md|.docx|.pdf`."""

import argparse
import sys
from pathlib import Path

from assistant.core.errors import UserFacingError

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".docx": "docx", ".pdf": "pdf"}
REPORT_FORMATS = ("html", "md", "docx", "pdf")


def add_input_arguments(parser) -> None:
    """The inputs shared by `report` and `agenda`: exports and/or a snapshot JSON, and the verdict options."""
    from assistant.cli.inputs import add_verdict_options

    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="exports (Meta/Google Ads, GA4, HubSpot, orders, template)")
    parser.add_argument("--input", "-i", type=Path, help="a funnel snapshot JSON (DESIGN.md contract)")
    parser.add_argument("--lang", choices=["vi", "en"], default=argparse.SUPPRESS, help="language of the draft")
    add_verdict_options(parser)


def configure(parser) -> None:
    add_input_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, help="report.html (offline page), .md, .docx or .pdf")
    parser.add_argument("--format", choices=REPORT_FORMATS,
                        help="output format (default: from the file's suffix)")
    add_branding_arguments(parser)


def add_branding_arguments(parser) -> None:
    """The consultant's branding on the report."""
    parser.add_argument("--logo", type=Path, help="logo image (PNG, JPEG or SVG) shown on the report")
    parser.add_argument("--consultant", help="consultant's name shown on the report")
    parser.add_argument("--contact", help="consultant's contact (email, phone) shown on the report")
    parser.add_argument("--accent", help="accent colour, e.g. #0b6e4f")
    parser.add_argument("--team-size", type=int, help="people working on marketing and sales (tailors the plan)")
    parser.add_argument("--budget", type=float, help="next period's budget for the what-if (default: the plan or the spend)")


def load_inputs(args) -> tuple[dict, dict]:
    """(snapshot, kpis) from --input and/or FILEs, with the verdict options applied."""
    from assistant.cli.inputs import load

    inputs = load(args)
    return inputs.snapshot, inputs.kpis


def diagnose_snapshot(snapshot: dict, *held: dict):
    """The (keyed) one verdict of a snapshot; drafts word it in the reader's language."""
    from assistant.diagnosis.verdict import verdict

    return verdict(snapshot, None, *held)


def output_format(path: Path | None, fmt: str | None = None, allowed: tuple = ("html", "md")) -> str:
    """The format asked for (--format), else the output file's suffix; one of `allowed`."""
    if path is None:
        raise UserFacingError("drafting.output_required")
    key = "drafting.bad_output" if allowed == ("html", "md") else "drafting.bad_report_output"
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt not in allowed:
        raise UserFacingError(key, path=str(path))
    return fmt


def write(path: Path, content: str | bytes, lang: str) -> None:
    """Write the draft and say where."""
    from assistant.core.templates import text

    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content + "\n", encoding="utf-8")
    except OSError:
        raise UserFacingError("drafting.bad_output", path=str(path)) from None
    print(text("drafting.written", lang, path=str(path)))


def _progress(step: str, lang: str) -> None:
    """One progress line on stderr ("[2/3] Diagnosing…"), so stdout stays clean."""
    from assistant.core.templates import text

    print(text("drafting.progress", lang, step=step), file=sys.stderr, flush=True)


def run(args) -> int:
    from assistant.cli.inputs import load

    lang = getattr(args, "lang", None) or "vi"
    fmt = output_format(args.output, getattr(args, "format", None), REPORT_FORMATS)
    _progress("reading", lang)
    inputs = load(args)
    _progress("diagnosing", lang)
    diagnosis = inputs.diagnosis()
    _progress("rendering", lang)
    write(args.output, render_report(inputs, diagnosis, lang, fmt, args), lang)
    return 0


def render_report(inputs, diagnosis, lang: str, fmt: str, args=None) -> str | bytes:
    """The report of these inputs in `fmt` (html, md, docx, pdf)."""
    from assistant.cli.inputs import branding_from
    from assistant.drafting.report import build_report

    business = (inputs.snapshot.get("business") or {}).get("name")
    extras = {**inputs.extras(diagnosis, getattr(args, "budget", None)), "branding": branding_from(args),
              "team_size": getattr(args, "team_size", None)}
    return build_report(diagnosis, inputs.snapshot, inputs.kpis, lang, business=business, fmt=fmt, extras=extras)
