"""Funnel snapshot -> bottleneck, pillar priority and the method's advice (pure, deterministic)."""
