"""Each direct dependency is installed at its declared lower bound (`make test-floors`), or says why not.

uv's lowest-direct resolution can still land higher when another package needs more; then the
declared floor was never tested and should be raised to the version printed here.
"""

import re
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

FLOOR = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?>=([0-9][^,;\s]*)")


def declared(pyproject: Path, extras: tuple[str, ...] = ("dev",)) -> dict[str, str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [r for extra in extras for r in project["optional-dependencies"][extra]]
    return {m[1]: m[2] for m in map(FLOOR.match, requirements) if m}


def release(text: str) -> tuple[int, ...]:
    """'1.0' and '1.0.0' are one version: the numbers, trailing zeros dropped."""
    numbers = [int(part) for part in re.findall(r"\d+", text)]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def main() -> int:
    lifted = [f"{name}: declared >={floor}, installed {version(name)}"
              for name, floor in declared(Path(__file__).resolve().parents[1] / "pyproject.toml").items()
              if release(version(name)) != release(floor)]
    for line in lifted:
        print(f"floor not tested, raise it in pyproject.toml: {line}", file=sys.stderr)
    return 1 if lifted else 0


if __name__ == "__main__":
    sys.exit(main())
