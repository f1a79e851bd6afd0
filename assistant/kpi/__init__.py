"""Reading exports (CSV/TSV/XLSX), recognising their shape, computing funnel KPIs (pure).

`read_export(path_or_bytes, filename=None, limit_mb=20) -> KpiReport`, `combine(reports) -> KpiReport`.
"""

from assistant.kpi.reader import read_export
from assistant.kpi.report import KpiReport, combine

__all__ = ["KpiReport", "combine", "read_export"]
