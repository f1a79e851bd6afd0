"""Reading exports (CSV/TSV/XLSX), recognising their shape, computing funnel KPIs (pure).

`read_export(path_or_bytes, filename=None, limit_mb=20) -> KpiReport`, `combine(reports) -> KpiReport`.
Both load lazily (PEP 562): importing a light submodule (`assistant.kpi.money`, `.catalog`) or this
package does not import polars; the web layer pays for it on the first upload, not at start-up.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.kpi.reader import read_export
    from assistant.kpi.report import KpiReport, combine

_WHERE = {"read_export": "assistant.kpi.reader", "KpiReport": "assistant.kpi.report", "combine": "assistant.kpi.report"}

__all__ = ["KpiReport", "combine", "read_export"]


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'assistant.kpi' has no attribute {name!r}")
