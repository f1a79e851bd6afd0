"""Funnel snapshot -> bottleneck, pillar priority and the method's advice (pure, deterministic).

Entry points: `diagnose(snapshot, benchmarks=None) -> Diagnosis` (numbers, ids and phrase keys: the
words come at the edge, `assistant.drafting.diagnosis_view`), `load_benchmarks()`, and the smaller
tools `numbers`, `smart`, `silos`. KPIs are named by the one catalogue, `assistant.kpi.catalog`.
"""

from assistant.contracts import Diagnosis
from assistant.diagnosis.benchmarks import load_benchmarks
from assistant.diagnosis.engine import diagnose
from assistant.diagnosis.inputs import parse_snapshot

__all__ = ["Diagnosis", "diagnose", "load_benchmarks", "parse_snapshot"]
