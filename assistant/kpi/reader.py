"""`read_export`: one upload (path or bytes) -> `KpiReport`, every check before any parsing."""

from pathlib import Path

from assistant.core.errors import UserFacingError
from assistant.core.lang import strip_diacritics
from assistant.kpi import formats, sniff, tables
from assistant.kpi.extract import extract
from assistant.kpi.report import KpiReport

DEFAULT_LIMIT_MB = 20.0  # the edge passes its configured limit (`Settings.max_upload_mb`)


def _head(source: Path | bytes) -> bytes:
    if isinstance(source, bytes):
        return source[: sniff.HEAD_BYTES]
    with source.open("rb") as fh:
        return fh.read(sniff.HEAD_BYTES)


def _size(source: Path | bytes, name: str) -> int:
    if isinstance(source, bytes):
        return len(source)
    if not source.is_file():
        raise UserFacingError("kpi.not_found", name=name)
    return source.stat().st_size


def default_style(headers: list[str], preamble: list[str]) -> str:
    """'vi' when the export's UI language is Vietnamese (its headers carry diacritics)."""
    words = " ".join(headers + preamble)
    return "vi" if strip_diacritics(words) != words else "en"


def load_tables(source: Path | bytes, name: str, limit_mb: float) -> list[tables.Table]:
    """Size, magic bytes and zip directory checked, then the table(s) located (one per sheet)."""
    sniff.check_size(_size(source, name), limit_mb)
    head = _head(source)
    if sniff.kind_of(head, name) == "xlsx":
        data = source if isinstance(source, bytes) else source.read_bytes()
        sniff.check_zip(data, name, limit_mb)
        return tables.xlsx_tables(data, name)
    return [tables.text_table(source, sniff.text_encoding(head), name)]


def _recognised(candidates: list[tables.Table], name: str) -> tuple[tables.Table, formats.Recognition]:
    """The first table (sheet) whose columns GrowthDoc knows; else the first sheet's error."""
    first_error = None
    for table in candidates:
        try:
            return table, formats.recognise(table.headers, name)
        except UserFacingError as err:
            first_error = first_error or err
    raise first_error


def read_export(source: Path | bytes, filename: str | None = None, limit_mb: float = DEFAULT_LIMIT_MB) -> KpiReport:
    """Read one export (CSV/TSV/XLSX) of at most `limit_mb` and compute its KPIs; `UserFacingError` for bad input."""
    if isinstance(source, str):
        source = Path(source)
    name = filename or (source.name if isinstance(source, Path) else "upload")
    table, recognition = _recognised(load_tables(source, name, limit_mb), name)
    part = extract(table, recognition, name, default_style(table.headers, table.preamble))
    return KpiReport([part])
