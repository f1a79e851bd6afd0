"""Several figures of one field in one message: a total, a sum of line items, rows, or the later step."""

from assistant.intake.figure import Finding


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
        return _with_parts(stated[-1], [f for f in group if f is not stated[-1]], summed=True)
    if group[0].measure == "qualified" and not all(f.period for f in group):
        return _first_step(group)
    if _distinct(group) or any(f.start in joined for f in group):
        return _sum(group)
    return _with_parts(group[-1], group[:-1], summed=False)  # two periods: the last one is the one talked about


def _distinct(group: list[Finding]) -> bool:
    """Line items of one period (channels, rows of weeks or days), not the same figure for several periods."""
    items = [f.item for f in group]
    if all(items) and len(set(items)) == len(items):
        return True  # "chi nhánh 1 … 1.200 bill, chi nhánh 2 … 900 bill", "cơ sở Q1 …, cơ sở Q7 …" (Q7 a district)
    when = [f.when for f in group if f.when]
    if len(set(when)) > 1:
        return False  # "tháng 9 … tháng 10 …": the last period is the one talked about
    return any(f.channel for f in group) or all(f.period for f in group)


def _first_step(group: list[Finding]) -> Finding:
    """"đặt lịch 420, đến khám 260": the first qualification step fills the stage, later ones kept beside it."""
    sql = [f for f in group if f.note in ("sql", "sqls")]
    main = sql[-1] if sql else group[0]
    return _with_parts(main, [f for f in group if f is not main], summed=False)


def _sum(group: list[Finding]) -> Finding:
    """Channels, line items or weekly rows added into one figure of the period."""
    main = group[0]
    total = sum(f.value for f in group)
    rows = [f.period for f in group if f.period]
    period = f"{len(rows)} {rows[0]}s" if rows and len(rows) == len(group) else main.period
    originals = [f.original for f in group if f.original]
    if len(originals) == len(group) and len({o["rate"] for o in originals}) == 1:  # USD stays USD through a sum
        main.original = {**originals[0], "value": sum(o["value"] for o in originals)}
    merged = Finding(**{**main.__dict__, "value": total, "raw": " + ".join(f.raw for f in group),
                        "channel": None, "period": period, "parts": [],
                        "estimated": any(f.estimated for f in group),
                        "quote": " … ".join(dict.fromkeys(f.quote for f in group))})
    return _with_parts(merged, group, summed=True)


def _with_parts(main: Finding, others: list[Finding], summed: bool) -> Finding:
    main.parts = [{"value": f.value, "channel": f.channel, "period": f.period, "said": f.raw,
                   "note": f.note, "summed": summed} for f in others]
    return main
