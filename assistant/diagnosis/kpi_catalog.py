"""KPI classifier: a KPI name (Vietnamese or English, with or without diacritics) -> level, kind, pillar, formula."""

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from assistant.core.lang import strip_diacritics
from assistant.core.templates import normalize_lang

CATALOG_PATH = Path(__file__).with_name("kpi_catalog.yaml")


class KpiClass(BaseModel):
    id: str
    name: str
    level: str   # input | output | impact
    kind: str    # strategic | tactical
    pillar: str
    formula: str | None = None


def _norm(value: str) -> str:
    return " ".join(re.sub(r"[^\w:/]+", " ", strip_diacritics(value).lower()).split())


@lru_cache(maxsize=1)
def catalog() -> dict:
    """The catalogue file, read once."""
    return yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _aliases() -> list[tuple[str, str]]:
    """(normalized alias, kpi id), longest alias first so 'chi phi moi lead' beats 'lead'."""
    pairs = {(_norm(a), kpi) for kpi, entry in catalog().items() for a in [kpi, *entry["aliases"]]}
    return sorted(pairs, key=lambda p: -len(p[0]))


def kpi_entry(kpi_id: str, lang: str = "vi") -> KpiClass:
    """The catalogue entry of one KPI id, named in the given language."""
    entry, lang = catalog()[kpi_id], normalize_lang(lang)
    formula = (entry.get("formula") or {}).get(lang)
    return KpiClass(id=kpi_id, name=entry["name"][lang], level=entry["level"], kind=entry["kind"],
                    pillar=entry["pillar"], formula=formula)


def classify_kpi(name: str, lang: str = "vi") -> KpiClass | None:
    """Exact alias first, then the longest alias found as whole words inside the name; None if unknown."""
    key = _norm(name or "")
    if not key:
        return None
    for alias, kpi in _aliases():
        if key == alias:
            return kpi_entry(kpi, lang)
    padded = f" {key} "
    for alias, kpi in _aliases():
        if f" {alias} " in padded:
            return kpi_entry(kpi, lang)
    return None
