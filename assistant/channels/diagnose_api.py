"""`POST /api/diagnose`: a funnel snapshot (DESIGN.md contract) -> the diagnosis JSON."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from assistant.channels import jsonbody
from assistant.channels.deps import LangDep, get_workspace
from assistant.contracts import Snapshot
from assistant.core.errors import UserFacingError
from assistant.diagnosis.verdict import Options, verdict
from assistant.drafting.diagnosis_view import render_diagnosis

router = APIRouter(prefix="/api/diagnose", tags=["diagnosis"], dependencies=[Depends(get_workspace)])

EXAMPLE = {
    "business": {"name": "Shop A", "industry": "retail", "model": "b2c"},
    "funnel": {"reach": 200000, "visits": 8000, "leads": 400, "qualified": 120, "customers": 30},
    "spend": 50000000, "revenue": 300000000, "target_revenue": 600000000, "gross_margin": 0.4,
    "practices": {"target_customer_defined": True, "kpis_tracked": True, "sales_sla": False},
}
BODY_DOC = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": Snapshot.model_json_schema(), "example": EXAMPLE}}}}


async def _snapshot_json(request: Request):
    """The body as JSON (parsed in a thread when large); a 400 naming the problem otherwise."""
    try:
        return await jsonbody.read(await request.body())
    except jsonbody.BadJson as error:  # too deep or a lone surrogate keeps its own, clearer message
        if error.key != "common.json_invalid":
            raise
        raise UserFacingError("diagnosis.bad_body", **error.params) from None


OptionsDep = Annotated[Options, Query()]


@router.post("", openapi_extra=BODY_DOC)
async def diagnose_snapshot(request: Request, lang: LangDep, options: OptionsDep):
    """Diagnose a funnel snapshot: bottleneck, stage rates, pillar priority, reasons, actions with citations.

    The query options (industry, gross_margin, target_revenue, business, start, end) win over the body's,
    exactly as `growthdoc diagnose --industry …` and `growthdoc report --industry …` apply them."""
    return render_diagnosis(verdict(await _snapshot_json(request), options), lang)
