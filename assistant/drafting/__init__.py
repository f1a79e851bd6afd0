"""Drafts: kick-off agenda, marketing–sales SLA, KPI tree, consultant report, funnel chart (pure)."""
