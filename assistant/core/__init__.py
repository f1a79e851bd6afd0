"""Cross-cutting pieces every layer may use: settings, templates, user-facing errors, language."""
