"""`diagnose(snapshot)`: funnel snapshot -> stage rates -> bottleneck -> pillar priority -> advice."""

from dataclasses import dataclass
from pathlib import Path

from assistant.contracts import (
    Bottleneck,
    Diagnosis,
    Phrase,
    PillarResult,
    Snapshot,
    StageRate,
    UnitEconomics,
)
from assistant.diagnosis import advice, explain
from assistant.diagnosis.benchmarks import Benchmarks, load_benchmarks
from assistant.diagnosis.bottleneck import find_bottleneck
from assistant.diagnosis.inputs import clean_money, parse_snapshot
from assistant.diagnosis.pillars import priority, score_pillars
from assistant.diagnosis.stages import Rate, clean_counts, compute_rates, note
from assistant.diagnosis.unit_economics import unit_economics


def _industry(snapshot: Snapshot, bench: Benchmarks) -> tuple[str | None, list[Phrase]]:
    name = snapshot.business.industry
    industry = bench.industry_id(name)
    if name and industry is None:
        return None, [note("diagnosis.warn_unknown_industry", {"industry": name})]
    if industry and industry not in bench.stages:  # named in the file, no study of its own: the overall rows
        return industry, [note("diagnosis.warn_general_benchmarks", {"industry": industry})]
    return industry, []


@dataclass
class Analysis:
    """The numbers behind a diagnosis, before anything is put into words."""

    industry: str | None
    money: dict
    counts: dict[str, float]
    rates: list[Rate]
    notes: list[Phrase]
    bottleneck: Bottleneck | None
    scores: dict[str, int]
    order: list[str]
    rule: str
    econ: UnitEconomics


def analyse(snapshot: Snapshot, bench: Benchmarks) -> Analysis:
    """Rates, bottleneck, pillar scores and order, unit economics; every ignored figure noted."""
    industry, notes = _industry(snapshot, bench)
    money, money_notes = clean_money(snapshot)
    money["ltv_cac_min"] = bench.money.get("ltv_cac", {}).get("healthy_min")
    counts, count_notes = clean_counts(snapshot.funnel)
    rates, rate_notes = compute_rates(counts, bench, industry)
    bottleneck = find_bottleneck(rates, counts, money["revenue"], money["target_revenue"], money["target_customers"])
    scores = score_pillars(snapshot.practices, rates, len(counts), bottleneck)
    order, rule = priority(snapshot.practices, rates, bottleneck, scores)
    repeat = counts["repeat_customers"] / counts["customers"] if _valid_repeat(counts) else None
    econ = unit_economics(money["spend"], money["revenue"], counts.get("customers"), repeat, money["gross_margin"])
    return Analysis(industry, money, counts, rates, notes + count_notes + rate_notes + money_notes,
                    bottleneck, scores, order, rule, econ)


def diagnose(snapshot: Snapshot | dict, benchmarks: Benchmarks | None = None,
             knowledge_dir: Path | None = None) -> Diagnosis:
    """The whole diagnosis of one funnel snapshot, in numbers, ids and phrase keys (worded at the edge).

    `knowledge_dir` is where the actions' citations are looked up (the bundled knowledge by default).
    """
    snapshot = parse_snapshot(snapshot)
    a = analyse(snapshot, benchmarks or load_benchmarks())
    practices, first = snapshot.practices, a.order[0]
    found = explain.findings(practices, a.rates, a.counts, a.bottleneck, a.money)
    contradictions = [(n.params["field"], n.params["earlier"]) for n in a.notes if n.key.endswith("later_larger")]
    action_ids = advice.choose_actions(first, a.bottleneck, practices, a.econ.loses_money_per_customer)
    return Diagnosis(
        bottleneck=a.bottleneck,
        stages=[StageRate(stage=r.stage, actual=r.actual, benchmark=r.bench.typical, status=r.status) for r in a.rates],
        pillar_priority=a.order,
        pillars={p: PillarResult(score=a.scores[p], findings=found[p]) for p in a.order},
        reasons=explain.reasons(a.rule, practices, a.counts, a.rates, a.bottleneck, a.money, a.econ,
                                [(p, a.scores[p]) for p in a.order[1:]]),
        actions=advice.build_actions(action_ids, knowledge_dir),
        kpis_to_track=advice.kpis_to_track(first, a.bottleneck),
        missing_data=advice.missing_data(snapshot, a.counts, contradictions, a.industry is not None, a.money),
        unit_economics=a.econ,
        warnings=[*a.notes, Phrase(key="diagnosis.warn_benchmarks_indicative")],
    )


def _valid_repeat(counts: dict) -> bool:
    return bool(counts.get("customers")) and "repeat_customers" in counts \
        and counts["repeat_customers"] <= counts["customers"]
