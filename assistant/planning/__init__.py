"""Planning and what-if on a funnel snapshot (pure, deterministic; numbers and keys only, no wording).

Every function takes a `Snapshot` (or its JSON dict) and, where a benchmark is needed, the `Diagnosis`
of that snapshot; each returns a pydantic model whose `missing` lists the figures it lacked (then the
numbers it could not compute are None: unknown is not zero) and whose `caveats` are keys to word at
the edge (`prompts/{lang}/planning.j2`).

- `forecast(snapshot, budget)`: leads, customers, revenue, CAC for a budget at the current rates.
- `forecast_improved(snapshot, diagnosis, budget, periods)`: the same with the bottleneck rate
  stepping toward its benchmark, one `TargetStep` a period.
- `what_if(snapshot, stage, rate)`: customers, revenue and CAC if one rate (e.g. `lead_to_customer`)
  reached `rate`, every other rate held.
- `plan_for_target(snapshot, diagnosis, customers=..., revenue=...)`: the budget needed at the
  current rates, and the bottleneck rate needed at the current budget.
- `break_even(snapshot)` / `break_even_from(aov, margin, lead_to_customer)`: break-even CPA, CPL
  and ROAS from the order value and gross margin, beside the current ones.
- `split_budget(performances, budget)` with `channels_of(snapshot)`: a budget across channels or
  campaigns by cost per customer; zero-result channels get nothing, scaling is capped.
- `target_steps(actual, benchmark, periods)`: achievable targets from the current rate toward the
  benchmark (the benchmark is the horizon, not the next target).
"""

from assistant.planning.baseline import Baseline, baseline
from assistant.planning.breakeven import BreakEven, break_even, break_even_from
from assistant.planning.forecast import (
    Forecast,
    Improvement,
    TargetPlan,
    forecast,
    forecast_improved,
    plan_for_target,
)
from assistant.planning.split import (
    BudgetSplit,
    ChannelShare,
    Performance,
    channels_of,
    split_budget,
)
from assistant.planning.targets import TargetStep, TargetSteps, target_steps
from assistant.planning.whatif import WhatIf, what_if

__all__ = [
    "Baseline", "BreakEven", "BudgetSplit", "ChannelShare", "Forecast", "Improvement", "Performance",
    "TargetPlan", "TargetStep", "TargetSteps", "WhatIf", "baseline", "break_even", "break_even_from",
    "channels_of", "forecast", "forecast_improved", "plan_for_target", "split_budget", "target_steps",
    "what_if",
]
