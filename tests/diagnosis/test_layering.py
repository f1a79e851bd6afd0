"""The diagnosis is a pure domain module: it imports nothing from the layers above it."""

import ast

import pytest

from assistant.core.config import PROJECT_ROOT

UPPER = ("assistant.channels", "assistant.engine", "assistant.conversation", "assistant.server", "assistant.tools",
         "assistant.cli", "assistant.deps")
MODULES = sorted((PROJECT_ROOT / "assistant" / "diagnosis").glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[p.name for p in MODULES])
def test_no_upward_imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    assert not [n for n in names if n.startswith(UPPER)]
