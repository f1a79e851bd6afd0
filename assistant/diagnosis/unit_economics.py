"""Unit economics where the data allows: CAC, ROAS vs break-even ROAS, LTV:CAC, payback."""

from assistant.contracts import UnitEconomics


def _div(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def unit_economics(spend: float | None, revenue: float | None, customers: float | None,
                   repeat_rate: float | None, gross_margin: float | None) -> UnitEconomics:
    """Per-customer money; `loses_money_per_customer` when CAC exceeds the first order's gross profit."""
    cac = _div(spend, customers)
    aov = _div(revenue, customers)
    profit = None if aov is None or gross_margin is None else aov * gross_margin
    # Each purchase is followed by another with probability = repeat rate (geometric series).
    purchases = 1 / (1 - repeat_rate) if repeat_rate is not None and repeat_rate < 1 else 1.0
    ltv = None if profit is None else profit * purchases
    return UnitEconomics(
        cac=cac,
        roas=_div(revenue, spend),
        break_even_roas=_div(1.0, gross_margin),
        gross_profit_per_customer=profit,
        ltv=ltv,
        ltv_cac=_div(ltv, cac),
        payback_orders=_div(cac, profit),
        loses_money_per_customer=None if cac is None or profit is None else cac > profit,
    )
