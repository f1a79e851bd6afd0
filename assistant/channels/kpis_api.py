"""`POST /api/kpis`: one uploaded export (multipart `file`) -> the `growthdoc kpi --json` report."""

from fastapi import APIRouter, Depends, UploadFile
from starlette.concurrency import run_in_threadpool

from assistant.channels.deps import LangDep, SettingsDep, get_workspace
from assistant.conversation.isolation import reader_for
from assistant.conversation.names import upload_name
from assistant.conversation.uploads import finite

router = APIRouter(prefix="/api/kpis", tags=["kpis"], dependencies=[Depends(get_workspace)])


@router.post("")
async def post_kpis(file: UploadFile, settings: SettingsDep, lang: LangDep) -> dict:
    """Read an export (CSV/TSV/XLSX: Meta Ads, Google Ads, GA4, HubSpot, orders, template) and compute its KPIs."""
    from assistant.kpi.sniff import check_size

    if file.size is not None:
        check_size(file.size, settings.max_upload_mb)  # before reading it into memory
    data = await file.read()
    reader = reader_for(settings)  # a stranger's file: read in a bounded worker process
    report = await run_in_threadpool(reader.read, data, upload_name(file.filename), settings.max_upload_mb)
    return finite(report.to_dict(lang))
