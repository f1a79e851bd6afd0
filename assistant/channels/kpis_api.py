"""`POST /api/kpis`: one uploaded export (multipart `file`) -> the `growthdoc kpi --json` report."""

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from assistant.core.errors import UserFacingError
from assistant.deps import SettingsDep

router = APIRouter(tags=["kpis"])

STATUS = {
    "common.file_too_large": 413,
    "kpi.zip_bomb": 413,
    "kpi.binary_file": 415,
    "kpi.encrypted_or_xls": 415,
    "kpi.not_xlsx": 415,
}


def request_lang(request: Request) -> str:
    """'en' or 'vi' from Accept-Language (highest q first); Vietnamese by default."""
    ranked = []
    for i, item in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, q = item.strip().partition(";q=")
        try:
            ranked.append((-float(q or 1), i, tag.strip().lower()[:2]))
        except ValueError:
            continue
    return next((tag for _, _, tag in sorted(ranked) if tag in ("vi", "en")), "vi")


def error_response(err: UserFacingError, lang: str) -> JSONResponse:
    """A user-facing error as `{"detail", "code"}` with the status that fits it."""
    return JSONResponse({"detail": err.message(lang), "code": err.key}, status_code=STATUS.get(err.key, 400))


@router.post("/api/kpis")
async def post_kpis(request: Request, file: UploadFile, settings: SettingsDep) -> dict:
    """Read an export (CSV/TSV/XLSX: Meta Ads, Google Ads, GA4, HubSpot, orders, template) and compute its KPIs."""
    from assistant.kpi import read_export
    from assistant.kpi.sniff import check_size

    lang = request_lang(request)
    try:
        if file.size is not None:
            check_size(file.size, settings.max_upload_mb)  # before reading it into memory
        data = await file.read()
        report = await run_in_threadpool(read_export, data, file.filename or "upload")
        return report.to_dict(lang)
    except UserFacingError as err:
        return error_response(err, lang)
