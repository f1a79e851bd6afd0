"""The growth bottleneck: the weakest rate against its benchmark, or `volume`."""

from assistant.contracts import Bottleneck
from assistant.diagnosis.stages import Rate


def find_bottleneck(rates: list[Rate], counts: dict[str, float], revenue: float | None,
                    target: float | None, target_customers: float | None = None) -> Bottleneck | None:
    """Smallest actual/benchmark ratio; `volume` when every rate is ok but the target is out of reach.

    The target is the revenue goal, or else the goal in customers (with the customers counted)."""
    measured = [r for r in rates if r.actual is not None]
    if not measured:
        return None
    if all(r.status == "ok" for r in measured):
        if revenue and target and target > revenue:
            return _volume(counts, "revenue", revenue, target, uplift=target - revenue)
        customers = counts.get("customers")
        if customers and target_customers and target_customers > customers:
            uplift = revenue * (target_customers / customers - 1) if revenue else None
            return _volume(counts, "customers", customers, target_customers, uplift)
    worst = min(measured, key=lambda r: r.ratio)
    # a contradictory rate between the bottleneck and the customers breaks the revenue link
    broken = any(r.actual is None for r in rates[rates.index(worst) + 1:] if r.end != "repeat_customers")
    uplift = None if broken else revenue_uplift(worst, counts, revenue)
    return Bottleneck(stage=worst.stage, actual=worst.actual, benchmark=worst.bench.typical,
                      ratio=worst.ratio, revenue_uplift=uplift)


def _volume(counts: dict[str, float], goal: str, reached: float, target: float, uplift: float | None) -> Bottleneck:
    """Top-of-funnel volume needed at the current rates: top count x target / reached (revenue or customers)."""
    top = next(iter(counts.values()))
    return Bottleneck(stage="volume", actual=top, benchmark=top * target / reached, ratio=reached / target,
                      revenue_uplift=uplift, goal=goal, reached=reached, target=target)


def revenue_uplift(rate: Rate, counts: dict[str, float], revenue: float | None) -> float | None:
    """Extra revenue per period if this rate reached its benchmark and every other rate held."""
    if revenue is None or rate.actual is None:
        return None
    if rate.ratio >= 1:
        return 0.0
    if rate.end == "repeat_customers":
        if rate.start != "customers" or not counts.get("customers"):
            return None
        per_customer = revenue / counts["customers"]
        return (rate.bench.typical - rate.actual) * counts["customers"] * per_customer
    if rate.actual == 0:
        return None
    return revenue * (rate.bench.typical / rate.actual - 1)
