"""The consultant report as a file: `GET /api/sessions/{id}/report?format=docx|pdf|html|md` (the widget's
download buttons) and `POST /api/report?format=…` (a snapshot JSON, with the options of /api/diagnose)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from assistant.channels.deps import LangDep, ServiceDep, WorkspaceDep, get_workspace
from assistant.channels.diagnose_api import BODY_DOC, OptionsDep, _snapshot_json
from assistant.channels.rest import SessionDep
from assistant.contracts import TurnContext

router = APIRouter(tags=["report"], dependencies=[Depends(get_workspace)])
Format = Annotated[Literal["html", "md", "docx", "pdf"], Query(alias="format", description="html, md, docx or pdf")]
MEDIA = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8", "pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _file(body: str | bytes, fmt: str, name: str = "growthdoc-report") -> Response:
    """The report as a download named after its format."""
    return Response(body.encode("utf-8") if isinstance(body, str) else body, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def session_rows(ctx: TurnContext) -> list[dict]:
    """Campaign rows of every upload, else their channel rows (the budget split's rows)."""
    from assistant.planning.scenario import split_rows

    rows = [r for u in ctx.uploads for r in ((u.get("report") or {}).get("breakdowns") or {}).get("campaign") or []]
    return rows or [r for u in ctx.uploads for r in split_rows((u.get("report") or {}).get("breakdowns"))]


def session_report(ctx: TurnContext, fmt: str) -> str | bytes:
    """The session's report with the one verdict, its campaigns and its months."""
    from assistant.diagnosis.verdict import industry_of
    from assistant.drafting.report import build_report
    from assistant.planning.scenario import scenario_json
    from assistant.tools.actions import (
        diagnose_session,
        latest_efficiency,
        latest_kpis,
        session_comparison,
    )

    diagnosis = diagnose_session(ctx)
    efficiency = latest_efficiency(ctx)
    extras = {"efficiency": efficiency, "industry": industry_of(ctx.snapshot),
              "comparison": session_comparison(ctx),
              "whatif": scenario_json(ctx.snapshot, diagnosis, campaigns=session_rows(ctx))}
    business = (ctx.snapshot.get("business") or {}).get("name")
    return build_report(diagnosis, ctx.snapshot, latest_kpis(ctx), ctx.lang, business=business, fmt=fmt,
                        extras=extras)


@router.get("/api/sessions/{session_id}/report")
async def get_session_report(session_id: SessionDep, service: ServiceDep, workspace: WorkspaceDep,
                             fmt: Format = "docx"):
    """Download the conversation's consultant report (DOCX by default; PDF, HTML or Markdown)."""
    row = service.store.load(session_id, workspace)  # SessionDep has checked it is the caller's
    ctx = TurnContext.from_state(session_id, row.lang or "vi", row.state or {}, row.diagnosis,
                                 service.store.uploads(session_id), [])
    return _file(await run_in_threadpool(session_report, ctx, fmt), fmt)


@router.post("/api/report", openapi_extra=BODY_DOC)
async def post_report(request: Request, lang: LangDep, options: OptionsDep, fmt: Format = "docx"):
    """A consultant report of a funnel snapshot (with an export's `totals` and `breakdowns` when sent)."""
    from assistant.diagnosis.verdict import apply_options, industry_of, verdict
    from assistant.drafting.report import build_report
    from assistant.kpi.campaigns import efficiency
    from assistant.kpi.compare import compare

    body = await _snapshot_json(request)
    diagnosis = verdict(body, options)
    snapshot = apply_options(body, options)
    breakdowns = body.get("breakdowns") if isinstance(body.get("breakdowns"), dict) else None
    from assistant.planning.scenario import scenario_json, split_rows

    table = efficiency(breakdowns)
    extras = {"efficiency": table, "comparison": compare(breakdowns), "industry": industry_of(snapshot),
              "whatif": scenario_json(snapshot, diagnosis, campaigns=split_rows(breakdowns))}
    business = (snapshot.get("business") or {}).get("name")
    content = await run_in_threadpool(build_report, diagnosis, snapshot, body.get("kpis") or {}, lang,
                                      business, fmt, extras)
    return _file(content, fmt)
