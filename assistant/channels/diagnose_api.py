"""`POST /api/diagnose`: a funnel snapshot (DESIGN.md contract) -> the diagnosis JSON."""

import json
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from assistant.channels.access import request_lang
from assistant.contracts import Snapshot
from assistant.core.errors import UserFacingError
from assistant.deps import WorkspaceDep
from assistant.diagnosis import diagnose
from assistant.drafting.diagnosis_view import render_diagnosis

router = APIRouter(tags=["diagnosis"])

EXAMPLE = {
    "business": {"name": "Shop A", "industry": "retail", "model": "b2c"},
    "funnel": {"reach": 200000, "visits": 8000, "leads": 400, "qualified": 120, "customers": 30},
    "spend": 50000000, "revenue": 300000000, "target_revenue": 600000000, "gross_margin": 0.4,
    "practices": {"target_customer_defined": True, "kpis_tracked": True, "sales_sla": False},
}
BODY_DOC = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": Snapshot.model_json_schema(), "example": EXAMPLE}}}}


def _error(err: UserFacingError, lang: str, status: int) -> JSONResponse:
    return JSONResponse({"detail": err.message(lang), "code": err.key}, status_code=status)


@router.post("/api/diagnose", openapi_extra=BODY_DOC)
async def diagnose_snapshot(
    request: Request,
    workspace: WorkspaceDep,
    lang: Literal["vi", "en"] | None = Query(None, description="language of the texts; default from Accept-Language"),
):
    """Diagnose a funnel snapshot: bottleneck, stage rates, pillar priority, reasons, actions with citations."""
    lang = lang or request_lang(request.headers)
    try:
        data = json.loads(await request.body() or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        return _error(UserFacingError("diagnosis.bad_body", problem=str(err)), lang, 400)
    try:
        return render_diagnosis(diagnose(data), lang)
    except UserFacingError as err:
        return _error(err, lang, 422)
