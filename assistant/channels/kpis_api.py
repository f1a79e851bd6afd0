"""`POST /api/kpis`: one uploaded export (multipart `file`) -> the `growthdoc kpi --json` report."""

from fastapi import APIRouter, Depends, UploadFile
from starlette.concurrency import run_in_threadpool

from assistant.channels.deps import LangDep, SettingsDep, get_workspace

router = APIRouter(prefix="/api/kpis", tags=["kpis"], dependencies=[Depends(get_workspace)])


@router.post("")
async def post_kpis(file: UploadFile, settings: SettingsDep, lang: LangDep) -> dict:
    """Read an export (CSV/TSV/XLSX: Meta Ads, Google Ads, GA4, HubSpot, orders, template) and compute its KPIs."""
    from assistant.kpi import read_export
    from assistant.kpi.sniff import check_size

    if file.size is not None:
        check_size(file.size, settings.max_upload_mb)  # before reading it into memory
    data = await file.read()
    report = await run_in_threadpool(read_export, data, file.filename or "upload", settings.max_upload_mb)
    return report.to_dict(lang)
