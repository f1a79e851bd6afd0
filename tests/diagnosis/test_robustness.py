"""Any snapshot of the right types gets a diagnosis, never a traceback (seeded random funnels)."""

import random

from assistant.contracts import PILLARS, PRACTICES, STAGES
from tests.diagnosis.worded import diagnose

INDUSTRIES = [None, "retail", "fnb", "education", "b2b_services", "health", "Nhà hàng", "không rõ"]


def random_snapshot(rng: random.Random) -> dict:
    funnel = {s: rng.choice([None, 0, -3, rng.randint(0, 10), rng.randint(0, 100000), 1e12])
              for s in STAGES if rng.random() < 0.7}
    practices = {p: rng.choice([None, True, False]) for p in PRACTICES if rng.random() < 0.8}
    money = {k: rng.choice([None, 0, -1, rng.uniform(0, 1e9)]) for k in ("spend", "revenue", "target_revenue")}
    return {"funnel": funnel, "practices": practices, "business": {"industry": rng.choice(INDUSTRIES)},
            "gross_margin": rng.choice([None, 0, 0.35, 40, 250, -1]), **money}


def test_random_snapshots_always_get_a_diagnosis():
    rng = random.Random(20261123)
    for _ in range(150):
        snapshot = random_snapshot(rng)
        result = diagnose(snapshot, lang=rng.choice(["vi", "en"]))
        assert sorted(result.pillar_priority) == sorted(PILLARS), snapshot
        assert 3 <= len(result.actions) <= 5, snapshot
        assert result.reasons and all(isinstance(r, str) and r for r in result.reasons)
        assert all(0 <= p.score <= 100 for p in result.pillars.values())
        for stage in result.stages:
            assert stage.actual is None or 0 <= stage.actual <= 1, snapshot
