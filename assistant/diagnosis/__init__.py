"""Funnel snapshot -> bottleneck, pillar priority and the method's advice (pure, deterministic).

Entry points: `diagnose(snapshot, benchmarks=None, lang="vi") -> Diagnosis`, `load_benchmarks()`,
and the smaller tools `numbers`, `smart`, `kpi_catalog`, `silos`.
"""

from assistant.contracts import Diagnosis
from assistant.diagnosis.benchmarks import load_benchmarks
from assistant.diagnosis.engine import diagnose
from assistant.diagnosis.inputs import parse_snapshot

__all__ = ["Diagnosis", "diagnose", "load_benchmarks", "parse_snapshot"]
