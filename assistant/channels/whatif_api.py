"""`POST /api/whatif`: a funnel snapshot (with an export's `breakdowns` when sent) and a scenario in the query
-> forecast, bottleneck improving, one rate's what-if, break-even and a budget split (assistant.planning)."""

from fastapi import APIRouter, Depends, Query, Request

from assistant.channels.deps import LangDep, get_workspace
from assistant.channels.diagnose_api import BODY_DOC, OptionsDep, _snapshot_json
from assistant.conversation.uploads import finite

router = APIRouter(prefix="/api/whatif", tags=["planning"], dependencies=[Depends(get_workspace)])


@router.post("", openapi_extra=BODY_DOC)
async def post_whatif(request: Request, lang: LangDep, options: OptionsDep,
                      budget: float | None = Query(None, gt=0, description="the budget to plan"),
                      stage: str | None = Query(None, description="a rate id, e.g. lead_to_customer"),
                      rate: str | None = Query(None, description="0.1 or 10%")) -> dict:
    """What a budget brings at today's rates and with the bottleneck improving, what one rate reaching `rate`
    would bring, the break-even CPA/CPL/ROAS, and the budget split by cost per customer (with its caveats)."""
    from assistant.diagnosis.verdict import apply_options, verdict
    from assistant.drafting.whatif_view import worded
    from assistant.planning.scenario import (
        check_stage,
        parse_rate,
        scenario_json,
        split_rows,
    )

    stage, rate_value = check_stage(stage), parse_rate(rate)
    body = await _snapshot_json(request)
    diagnosis = verdict(body, options)
    snapshot = apply_options(body, options)
    breakdowns = body.get("breakdowns") if isinstance(body.get("breakdowns"), dict) else None
    plan = scenario_json(snapshot, diagnosis, budget, stage, rate_value, split_rows(breakdowns))
    return finite({**plan, "worded": worded(plan, lang, snapshot.get("currency") or "VND")})
