"""The what-if and budget plan in words: a `Scenario` (assistant.planning.scenario, as JSON) turned into the
rows the report (HTML, Markdown, DOCX), `growthdoc whatif` and `POST /api/whatif` show."""

from assistant.core.templates import text as say
from assistant.drafting.labels import stage_label


def worded(scenario: dict | None, lang: str, currency: str | None = "VND") -> dict | None:
    """{"rows": [scenario, customers, revenue, cac], "break_even", "split", "caveats"} in the reader's language."""
    if not scenario:
        return None
    fc, imp, wi = scenario.get("forecast"), scenario.get("improved"), scenario.get("what_if")
    rows = []
    base_customers = (wi or {}).get("customers_before")
    if wi or fc:
        rows.append({"label": say("whatif.now", lang), "customers": base_customers,
                     "revenue": (wi or {}).get("revenue_before"), "cac": (wi or {}).get("cac_before")})
    if fc and fc.get("scale") is not None:
        rows.append({"label": say("whatif.at_budget", lang, budget=scenario["budget"], currency=currency,
                                  source=scenario.get("budget_source")),
                     "customers": fc.get("customers"), "revenue": fc.get("revenue"), "cac": fc.get("cac")})
    for period in (imp or {}).get("periods") or []:
        rows.append({"label": say("whatif.improved", lang, period=period["period"],
                                  stage=stage_label(imp["stage"], lang), rate=period["rate"]),
                     "customers": period.get("customers"), "revenue": period.get("revenue"), "cac": period.get("cac")})
    if wi and wi.get("customers_after") is not None:
        rows.append({"label": say("whatif.what_if", lang, stage=stage_label(wi["stage"], lang), rate=wi["rate"]),
                     "customers": wi.get("customers_after"), "revenue": wi.get("revenue_after"),
                     "cac": wi.get("cac_after")})
    split = scenario.get("split") or {}
    caveats = list(dict.fromkeys([*(fc or {}).get("caveats", []), *(imp or {}).get("caveats", []),
                                  *split.get("caveats", []),
                                  *(["campaigns"] if scenario.get("split_basis") == "campaigns" else [])]))
    return {"rows": rows, "currency": currency,
            "break_even": say("whatif.break_even", lang, b=scenario.get("break_even") or {"missing": []},
                              currency=currency),
            "split": [{**s, "status_label": say("whatif.status", lang, id=s["status"])}
                      for s in split.get("shares") or []],
            "unallocated": _unallocated(split.get("unallocated"), scenario.get("budget")), "budget": scenario.get("budget"),
            "caveats": [say("whatif.caveat", lang, id=c) for c in caveats]}


def _unallocated(amount: float | None, budget: float | None) -> float | None:
    """What the split left over, when it is more than a rounding error (0.1 % of the budget)."""
    return amount if amount and budget and amount > budget * 0.001 else None


def _money(v, lang, currency):
    return "—" if v is None else say("report.value", lang, v=v, unit="money", currency=currency)


def _count(v, lang):
    return "—" if v is None else say("report.value", lang, v=round(v, 1), unit="count", currency=None)


def docx_section(doc, r: dict, lang: str) -> None:
    """The section in the Word report (`doc` is docx_report._Doc)."""
    w = r["whatif"]
    h = lambda key: say("whatif.h", lang, id=key)
    doc.heading(h("title"))
    if w["rows"]:
        doc.table([h("scenario"), h("customers"), h("revenue"), h("cac")],
                  [[row["label"], _count(row["customers"], lang), _money(row["revenue"], lang, w["currency"]),
                    _money(row["cac"], lang, w["currency"])] for row in w["rows"]], numeric={1, 2, 3})
    doc.heading(h("break_even"), 2)
    doc.para(w["break_even"])
    if w["split"]:
        doc.heading(h("split"), 2)
        doc.table([h("name"), h("status"), h("spend"), h("budget"), h("share"), h("expected")],
                  [[s["name"], s["status_label"], _money(s["spend"], lang, w["currency"]),
                    _money(s["budget"], lang, w["currency"]), say("report.ratio", lang, v=s["share"]),
                    _count(s["expected_customers"], lang)] for s in w["split"]]
                  + ([[h("unallocated"), "", "", _money(w["unallocated"], lang, w["currency"]),
                       say("report.ratio", lang, v=w["unallocated"] / w["budget"]), ""]] if w["unallocated"] else []),
                  numeric={2, 3, 4, 5})
    if w["caveats"]:
        doc.heading(h("caveats"), 3)
        doc.bullets(w["caveats"])
