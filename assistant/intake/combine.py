"""Several figures of one field in one message: a total, a sum of line items, rows, or the later step."""

from functools import lru_cache

from assistant.intake import lexicon as lx
from assistant.intake.figure import Finding

MONTH_WEEKS = (4, 5)


@lru_cache(maxsize=1)
def _late_qualified() -> frozenset[str]:
    return frozenset(lx.data()["qualified_rank"][2])


def combine(findings: list[Finding], totals: set[int], joined: set[int]) -> list[Finding]:
    """One finding per field; `totals` are positions of figures said to be a total, `joined` of "+" items."""
    order, groups = [], {}
    for f in findings:
        key = (f.field, f.removed)
        if key not in groups:
            order.append(key)
        groups.setdefault(key, []).append(f)
    return [_merge(groups[key], totals, joined) for key in order]


def _merge(group: list[Finding], totals: set[int], joined: set[int]) -> Finding:
    if len(group) == 1:
        return group[0]
    stated = [f for f in group if f.start in totals]
    if stated:
        return _with_parts(stated[-1], [f for f in group if f is not stated[-1]], summed=False)
    if group[0].measure == "qualified" and len({_rank(f) for f in group}) > 1:
        return _later_step(group)
    if any(f.channel or f.period for f in group) or any(f.start in joined for f in group):
        return _sum(group)
    return _with_parts(group[-1], group[:-1], summed=False)


def _rank(f: Finding) -> int:
    return 2 if f.note in _late_qualified() else 1


def _later_step(group: list[Finding]) -> Finding:
    """"95 MQL, 30 SQL": the later qualification step fills the stage; the earlier is kept beside it."""
    late = [f for f in group if _rank(f) == 2]
    main = late[-1]
    return _with_parts(main, [f for f in group if f is not main], summed=False)


def _sum(group: list[Finding]) -> Finding:
    """Channels, line items or weekly rows added into one figure of the period."""
    main = group[0]
    total = sum(f.value for f in group)
    rows = [f.period for f in group if f.period]
    period = f"{len(rows)} {rows[0]}s" if rows and len(rows) == len(group) else main.period
    merged = Finding(**{**main.__dict__, "value": total, "raw": " + ".join(f.raw for f in group),
                        "channel": None, "period": period, "parts": [],
                        "estimated": any(f.estimated for f in group),
                        "quote": " … ".join(dict.fromkeys(f.quote for f in group))})
    return _with_parts(merged, group, summed=True)


def _with_parts(main: Finding, others: list[Finding], summed: bool) -> Finding:
    main.parts = [{"value": f.value, "channel": f.channel, "period": f.period, "said": f.raw,
                   "note": f.note, "summed": summed} for f in others]
    return main
