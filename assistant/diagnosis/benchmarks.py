"""Stage benchmarks from `knowledge/benchmarks.yaml`, by industry, composed over spans."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.core.config import resource_dir
from assistant.core.lang import strip_diacritics


@dataclass(frozen=True)
class Bench:
    """One benchmark rate: the range seen in the studies and the typical value compared against."""

    low: float
    typical: float
    high: float


@dataclass(frozen=True)
class Benchmarks:
    """The parsed YAML: per-industry stage figures, status thresholds, money guidance, aliases."""

    stages: dict
    thresholds: dict
    money: dict
    aliases: dict

    def industry_id(self, name: str | None) -> str | None:
        """'Nhà hàng' / 'restaurant' / 'fnb' -> 'fnb'; None when the name is unknown."""
        if not name:
            return None
        key = _norm(name)
        for industry, names in self.aliases.items():
            if key == _norm(industry) or key in {_norm(n) for n in names}:
                return industry
        return None

    def stage(self, industry: str | None, stage: str) -> Bench:
        """The benchmark of one stage rate; a stage the industry lacks falls back to overall."""
        table = self.stages.get(industry or "overall", {})
        fig = table.get(stage) or self.stages["overall"][stage]
        return Bench(float(fig["low"]), float(fig["typical"]), float(fig["high"]))

    def span(self, industry: str | None, stages: list[str]) -> Bench:
        """Product of the stage benchmarks a span covers (reach_to_lead = click rate x visit->lead)."""
        low = typical = high = 1.0
        for stage in stages:
            bench = self.stage(industry, stage)
            low, typical, high = low * bench.low, typical * bench.typical, high * bench.high
        return Bench(low, typical, high)

    def status(self, ratio: float | None) -> str:
        """ok | weak | critical from actual/benchmark with the YAML thresholds; unknown for None."""
        if ratio is None:
            return "unknown"
        if ratio >= self.thresholds["ok"]:
            return "ok"
        return "weak" if ratio >= self.thresholds["weak"] else "critical"


def _norm(value: str) -> str:
    return " ".join(strip_diacritics(str(value)).lower().replace("_", " ").split())


def default_path() -> Path:
    """The bundled knowledge's `benchmarks.yaml` (a deployment with its own knowledge passes its path)."""
    return resource_dir("knowledge") / "benchmarks.yaml"


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> Benchmarks:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return Benchmarks(data["stages"], data["thresholds"], data.get("money", {}), data.get("industries", {}))


def load_benchmarks(path: Path | None = None) -> Benchmarks:
    """Read (and cache until the file changes) the benchmarks file."""
    path = Path(path or default_path())
    return _load(str(path), path.stat().st_mtime)
