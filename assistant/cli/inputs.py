"""What `diagnose`, `report`, `agenda`, `compare` and `whatif` read: exports and/or a snapshot JSON, and the
options a consultant gives (industry, margin, target, business, period), applied one way for all."""

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from assistant.core.errors import UserFacingError


@dataclass
class Inputs:
    """A snapshot with the options applied, the exports' KPIs and totals, and the combined export report."""

    snapshot: dict
    kpis: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    export: object | None = None  # assistant.kpi.KpiReport when files were read

    def diagnosis(self):
        """The one verdict (assistant.diagnosis.verdict) of these inputs."""
        from assistant.diagnosis.verdict import verdict

        return verdict(self.snapshot, None, self.kpis, self.totals, efficiency=self.efficiency())

    def extras(self, diagnosis=None, budget: float | None = None) -> dict:
        """What the report shows beside the diagnosis: campaigns, period over period, the industry id and,
        with the diagnosis, the what-if and budget plan (assistant.planning)."""
        from assistant.diagnosis.verdict import industry_of
        from assistant.kpi.compare import compare_report

        efficiency = self.efficiency()
        out = {"efficiency": efficiency, "industry": industry_of(self.snapshot),
               "comparison": compare_report(self.export) if self.export is not None else None}
        if diagnosis is not None:
            from assistant.planning.scenario import scenario_json

            out["whatif"] = scenario_json(self.snapshot, diagnosis, budget, campaigns=self.split_rows())
        return out

    def split_rows(self) -> list[dict]:
        """The rows a budget is split across: the campaigns, else the channels of the exports."""
        breakdowns = self.export.breakdowns if self.export is not None else {}
        return breakdowns.get("campaign") or breakdowns.get("channel") or []

    def efficiency(self) -> dict:
        """The campaign and channel table of the exports."""
        from assistant.kpi.campaigns import efficiency

        return efficiency(self.export.breakdowns if self.export is not None else None)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError("YYYY-MM-DD") from None


def add_verdict_options(parser) -> None:
    """The options every door takes beside the data (DESIGN.md snapshot fields)."""
    parser.add_argument("--business", help="business name shown on the draft")
    parser.add_argument("--industry", help="industry, e.g. retail, fnb, education, b2b_services, health, thời trang")
    parser.add_argument("--gross-margin", type=float, help="gross margin, 0-1 (or a percentage)")
    parser.add_argument("--target-revenue", type=float, help="revenue target for the period")
    parser.add_argument("--start", type=_day, help="first day of the period, YYYY-MM-DD")
    parser.add_argument("--end", type=_day, help="last day of the period, YYYY-MM-DD")


def options_from(args):
    """The verdict options of parsed arguments."""
    from assistant.diagnosis.verdict import Options

    return Options(**{k: getattr(args, k, None) for k in Options.model_fields})


def read_snapshot_file(path: Path, missing_key: str = "drafting.file_not_found",
                       bad_key: str = "drafting.bad_snapshot") -> dict:
    """The snapshot JSON at `path` (stdin for "-"), or a clear error naming the file."""
    if str(path) != "-" and not path.is_file():
        raise UserFacingError(missing_key, path=str(path))
    try:
        data = json.loads(sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        detail = {"problem" if bad_key.startswith("diagnosis.") else "detail": str(err)}
        raise UserFacingError(bad_key, path=str(path), **detail) from None
    return data


def read_exports(files: list[str], gross_margin: float | None = None, missing_key: str = "drafting.file_not_found"):
    """The exports combined into one KpiReport (one period; the others kept per period)."""
    from assistant.cli.kpi_cmd import upload_limit_mb
    from assistant.kpi import combine, read_export

    for name in files:
        if not Path(name).is_file():
            raise UserFacingError(missing_key, path=name)
    return combine([read_export(Path(name), limit_mb=upload_limit_mb()) for name in files], gross_margin=gross_margin)


def merge(base: dict, given: dict) -> dict:
    """The snapshot JSON's fields win over the exports'; its funnel fills in counts."""
    merged = {**base, **{k: v for k, v in given.items() if k != "funnel" and v is not None}}
    funnel = {k: v for k, v in (given.get("funnel") or {}).items() if v is not None}
    merged["funnel"] = {**(base.get("funnel") or {}), **funnel}
    return merged


def load(args, missing_key: str = "drafting.file_not_found", bad_key: str = "drafting.bad_snapshot",
         none_key: str = "drafting.no_input") -> Inputs:
    """The inputs of a command: --input and/or FILEs, with the verdict options applied."""
    from assistant.diagnosis.verdict import apply_options

    if not getattr(args, "input", None) and not args.files:
        raise UserFacingError(none_key)
    snapshot, kpis, totals, export = {}, {}, {}, None
    if args.files:
        export = read_exports(args.files, getattr(args, "gross_margin", None), missing_key)
        snapshot, kpis, totals = export.snapshot.model_dump(mode="json"), export.kpis, dict(export.totals)
    if getattr(args, "input", None):
        given = read_snapshot_file(args.input, missing_key, bad_key)
        if not isinstance(given, dict) or not isinstance(given.get("funnel"), dict):
            if bad_key.startswith("diagnosis."):
                raise UserFacingError("diagnosis.no_funnel")
            raise UserFacingError(bad_key, path=str(args.input), detail='"funnel"')
        snapshot = merge(snapshot, given)
    return Inputs(apply_options(snapshot, options_from(args)), kpis, totals, export)


LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
MAX_LOGO_BYTES = 2 * 1024 * 1024


def logo(path: Path | None) -> tuple[str | None, bytes | None]:
    """(data: URI, raw bytes) of a logo file, or a clear error naming it."""
    import base64

    if path is None:
        return None, None
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None or not path.is_file() or path.stat().st_size > MAX_LOGO_BYTES:
        raise UserFacingError("drafting.bad_logo", path=str(path))
    data = path.read_bytes()
    if kind != "image/svg+xml" and not _picture(data):
        raise UserFacingError("drafting.bad_logo", path=str(path))
    return f"data:{kind};base64,{base64.b64encode(data).decode()}", (data if kind != "image/svg+xml" else None)


def _picture(data: bytes) -> bool:
    """True when Pillow reads the bytes as a picture (a broken file would break the DOCX)."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def branding_from(args) -> dict:
    """The consultant's branding from the command line (logo, name, contact, accent colour)."""
    import re

    if args is None:
        return {}
    accent = getattr(args, "accent", None)
    if accent and not re.match(r"^#[0-9a-fA-F]{6}$", accent):
        raise UserFacingError("drafting.bad_accent", value=accent)
    uri, raw = logo(getattr(args, "logo", None))
    return {"logo": uri, "logo_bytes": raw, "consultant": getattr(args, "consultant", None),
            "contact": getattr(args, "contact", None), "accent": accent}

