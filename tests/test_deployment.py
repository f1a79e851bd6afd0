"""The deployment files: compose.yaml runs two instances behind a proxy on PostgreSQL, Redis and a Chroma server."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def _env(service: dict) -> dict:
    return service.get("environment") or {}


def test_two_app_instances_share_postgres_redis_and_the_chroma_server(compose):
    services = compose["services"]
    apps = [name for name, s in services.items() if s.get("image") == "growthdoc:local" and "command" not in s]
    assert sorted(apps) == ["app1", "app2"]
    for name in apps:
        env = _env(services[name])
        assert env["GROWTHDOC_DATABASE_URL"].startswith("postgresql+psycopg://") and "@postgres:5432/" in env[
            "GROWTHDOC_DATABASE_URL"]
        assert env["GROWTHDOC_RATE_LIMIT_STORAGE"] == "redis://redis:6379"
        assert env["GROWTHDOC_CHROMA_HOST"] == "chroma"
        assert "ports" not in services[name]  # reached through the proxy only
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"  # never on an old schema
        assert depends["ingest"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["growthdoc", "db", "upgrade"]
    assert services["chroma"]["command"][:2] == ["chroma", "run"]
    assert {"postgres", "redis", "chroma"} <= set(services)
    for name in ("postgres", "redis", "chroma"):
        assert "healthcheck" in services[name] and "ports" not in services[name]


def test_the_proxy_is_the_one_published_door_and_balances_both_instances(compose):
    published = [name for name, s in compose["services"].items() if s.get("ports")]
    assert published == ["proxy"]
    mount = compose["services"]["proxy"]["volumes"][0].split(":")[0]
    conf = (ROOT / mount).read_text(encoding="utf-8")
    assert re.findall(r"server (app\d):8000", conf) == ["app1", "app2"]
    assert "proxy_buffering off" in conf  # streamed replies are not held back


def test_the_image_installs_the_locked_dependencies_and_runs_as_a_user():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install -r requirements.lock" in dockerfile
    assert re.search(r"^USER growthdoc$", dockerfile, re.M) and '"growthdoc", "serve"' in dockerfile
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8").lower()
    for needed in ("psycopg", "redis", "alembic", "prometheus-client"):  # what compose.yaml's settings need
        assert re.search(rf"^{needed}==", lock, re.M), f"{needed} missing from requirements.lock (run make lock)"


def test_docker_compose_accepts_the_file():
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip("docker compose is not installed here; the file was checked by parsing it")
    checked = subprocess.run([docker, "compose", "-f", str(ROOT / "compose.yaml"), "config", "-q"],
                             capture_output=True, text=True, cwd=ROOT)
    assert checked.returncode == 0, checked.stderr
