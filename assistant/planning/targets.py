"""Achievable targets: from the current rate toward the benchmark, one bounded step a period."""

from pydantic import BaseModel, Field


class TargetStep(BaseModel):
    period: int   # 1 = next period
    rate: float


class TargetSteps(BaseModel):
    """Steps from `actual` toward `benchmark` (the horizon); `periods_to_benchmark` at that pace."""

    actual: float | None
    benchmark: float | None
    steps: list[TargetStep] = Field(default_factory=list)
    reaches_benchmark: bool = False
    periods_to_benchmark: int | None = None
    missing: list[str] = Field(default_factory=list)


def target_steps(actual: float | None, benchmark: float | None, periods: int = 3,
                 max_gain: float = 0.3, horizon: int = 24) -> TargetSteps:
    """Geometric steps of at most `max_gain` (30%) relative gain a period, never past the benchmark.

    3.1% toward 14% over 3 periods -> 4.03%, 5.24%, 6.81% (benchmark in 6 periods at that pace);
    10% toward 12% -> 10.63%, 11.29%, 12%. A rate at or above its benchmark has no steps.
    """
    missing = [name for name, v in (("actual", actual), ("benchmark", benchmark)) if v is None]
    if actual is not None and actual <= 0:
        missing.append("actual")
    if missing or periods < 1:
        return TargetSteps(actual=actual, benchmark=benchmark, missing=missing)
    if actual >= benchmark:
        return TargetSteps(actual=actual, benchmark=benchmark, reaches_benchmark=True, periods_to_benchmark=0)
    gain = min(max_gain, (benchmark / actual) ** (1 / periods) - 1)
    rates, rate = [], actual
    while rate < benchmark and len(rates) < horizon:
        rate = min(benchmark, rate * (1 + gain))
        if benchmark - rate < 1e-12:
            rate = benchmark
        rates.append(rate)
    reached = rates[-1] >= benchmark
    steps = [TargetStep(period=i + 1, rate=r) for i, r in enumerate(rates[:periods])]
    return TargetSteps(actual=actual, benchmark=benchmark, steps=steps,
                       reaches_benchmark=reached and len(rates) <= periods,
                       periods_to_benchmark=len(rates) if reached else None)
