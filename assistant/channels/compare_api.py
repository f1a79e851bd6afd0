"""`POST /api/compare`: exports spanning several months (multipart `files`) -> this month vs the previous one."""

from fastapi import APIRouter, Depends, UploadFile
from starlette.concurrency import run_in_threadpool

from assistant.channels.deps import LangDep, SettingsDep, get_workspace
from assistant.conversation.isolation import reader_for
from assistant.conversation.names import upload_name
from assistant.conversation.uploads import finite
from assistant.core.errors import UserFacingError

router = APIRouter(prefix="/api/compare", tags=["kpis"], dependencies=[Depends(get_workspace)])
MAX_FILES = 24  # a year of monthly exports from two platforms


async def read_files(files: list[UploadFile], settings) -> list:
    """Each upload read in a bounded worker (a stranger's file), its size checked before reading."""
    from assistant.kpi.sniff import check_size

    if len(files) > MAX_FILES:
        raise UserFacingError("compare.too_many_files", limit=MAX_FILES)
    reader, reports = reader_for(settings), []
    for file in files:
        if file.size is not None:
            check_size(file.size, settings.max_upload_mb)
        data = await file.read()
        reports.append(await run_in_threadpool(reader.read, data, upload_name(file.filename), settings.max_upload_mb))
    return reports


@router.post("")
async def post_compare(files: list[UploadFile], settings: SettingsDep, lang: LangDep) -> dict:
    """Every KPI and stage rate of the latest month vs the previous one (and the same month last year when
    present), better or worse, with campaigns' cost per result when each month is its own file."""
    from assistant.drafting.compare_view import worded
    from assistant.kpi import combine
    from assistant.kpi.compare import compare_report

    comparison = compare_report(combine(await read_files(files, settings)))
    if comparison is None:
        raise UserFacingError("compare.need_periods")
    return finite(worded(comparison, lang))
