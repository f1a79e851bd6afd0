import ast
from pathlib import Path

import assistant.drafting

UPPER = ("assistant.channels", "assistant.engine", "assistant.conversation", "assistant.server",
         "assistant.tools", "assistant.cli", "assistant.kpi", "assistant.diagnosis")
SHARED = ("assistant.kpi.catalog",)  # the one KPI catalogue is vocabulary, like assistant.contracts


def test_drafting_imports_no_upper_layer_nor_the_other_domains():
    """Drafts take the typed contracts (assistant.contracts), so they do not depend on the diagnosis code."""
    for path in Path(assistant.drafting.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        assert not [m for m in names if m.startswith(UPPER) and m not in SHARED], path.name
