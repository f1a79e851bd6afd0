"""Layers import only downward (DESIGN.md, "Architecture"): one table says which layer may import which."""

import ast
from pathlib import Path

import pytest

import assistant

PACKAGE = Path(assistant.__file__).parent
BASE = {"core", "contracts"}
DOMAIN = {"intake", "retrieval", "kpi", "diagnosis", "drafting", "planning"}
EDGE = {"channels", "conversation", "engine", "tools", "cli", "server", "bootstrap"}

# layer -> the other layers it may import. Domain modules are pure: nothing above them, and only
# the sibling domains named here (intake reads amounts with the diagnosis' number parser; the
# diagnosis and drafts cite the knowledge base and name KPIs from the one catalogue).
MAY_IMPORT = {
    "core": set(),
    "contracts": set(),
    "retrieval": {"core", "contracts"},
    "kpi": {"core", "contracts"},
    "diagnosis": BASE | {"retrieval", "kpi"},
    "intake": BASE | {"diagnosis"},
    "drafting": BASE | {"retrieval", "kpi", "planning"},
    # forecasts, what-if, break-even and budget splits read a snapshot the way the diagnosis does
    "planning": BASE | {"diagnosis", "kpi"},
    "tools": BASE | DOMAIN,
    "engine": BASE | DOMAIN | {"tools"},
    "conversation": BASE | DOMAIN | {"tools", "engine"},
    "channels": BASE | DOMAIN | {"tools", "engine", "conversation"},
    # the composition root and the command line assemble everything
    "bootstrap": BASE | DOMAIN | {"tools", "engine", "conversation", "channels"},
    "server": BASE | DOMAIN | {"tools", "engine", "conversation", "channels", "bootstrap"},
    "cli": BASE | DOMAIN | {"tools", "engine", "conversation", "channels", "bootstrap", "server"},
}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def layer_of(path: Path) -> str:
    """assistant/kpi/reader.py -> 'kpi'; assistant/server.py -> 'server'."""
    first = path.relative_to(PACKAGE).parts[0]
    return first.removesuffix(".py")


def imported_layers(path: Path) -> set[str]:
    """The assistant layers a module imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and n.level == 0]
    return {name.split(".")[1] for name in names if name.startswith("assistant.") and name.count(".") >= 1}


def test_every_module_belongs_to_a_layer_of_the_table():
    assert {layer_of(p) for p in MODULES} <= set(MAY_IMPORT)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_imports_run_only_down_the_layers(path):
    layer = layer_of(path)
    upward = imported_layers(path) - MAY_IMPORT[layer] - {layer}
    assert not upward, f"{layer} may not import {sorted(upward)}"


def test_the_table_itself_has_no_cycle():
    """If a layer may import another, that one may not import it back."""
    pairs = {(a, b) for a, allowed in MAY_IMPORT.items() for b in allowed}
    assert not [(a, b) for a, b in pairs if (b, a) in pairs]
