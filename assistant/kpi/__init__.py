"""Reading exports (CSV/TSV/XLSX), recognising their shape, computing funnel KPIs (pure)."""
