"""The diagnosis in words: the public JSON of DESIGN.md, worded from the keyed `Diagnosis` in the reader's language.

The domain keeps keys and numbers; every door (API, CLI, chat cards, drafts) shows a diagnosis
through here, so one stored diagnosis reads in Vietnamese or English alike.
"""

from pydantic import BaseModel, Field

from assistant.contracts import (
    Bottleneck,
    Citation,
    Diagnosis,
    Kind,
    Level,
    MissingData,
    Phrase,
    StageRate,
    UnitEconomics,
)
from assistant.core.templates import normalize_lang, text
from assistant.kpi.catalog import kpi


class PillarView(BaseModel):
    score: int
    findings: list[str] = Field(default_factory=list)


class ActionView(BaseModel):
    text: str
    step: int | None
    citations: list[Citation] = Field(default_factory=list)


class KpiView(BaseModel):
    name: str
    level: Level
    kind: Kind


class MissingView(BaseModel):
    field: str
    question: str


class DiagnosisView(BaseModel):
    """The diagnosis as `POST /api/diagnose` and `growthdoc diagnose --json` return it."""

    bottleneck: Bottleneck | None
    stages: list[StageRate]
    pillar_priority: list[str]
    pillars: dict[str, PillarView]
    reasons: list[str]
    actions: list[ActionView]
    kpis_to_track: list[KpiView]
    missing_data: list[MissingView]
    unit_economics: UnitEconomics = Field(default_factory=UnitEconomics)
    warnings: list[str] = Field(default_factory=list)


def word(phrase: Phrase, lang: str) -> str:
    """One phrase in the reader's language."""
    return text(phrase.key, lang, **phrase.params)


def action_text(action_id: str, lang: str, params: dict | None = None) -> str:
    """The action in words; with the campaigns it names when it has them."""
    base = text("diagnosis.action", lang, id=action_id)
    return f"{base} {text('report.action_names', lang, **params).strip()}" if params else base


def kpi_name(kpi_id: str, lang: str) -> str:
    return kpi(kpi_id).title(lang)


def question(item: MissingData, lang: str) -> str:
    """The question to ask the owner about a missing (or contradictory) figure."""
    if item.earlier:
        return text("diagnosis.question_check", lang, field=item.field, earlier=item.earlier)
    return text("diagnosis.question", lang, field=item.field)


def diagnosis_view(diagnosis: Diagnosis, lang: str) -> DiagnosisView:
    """The whole diagnosis worded in `lang` ("vi" or "en")."""
    lang, d = normalize_lang(lang), diagnosis
    return DiagnosisView(
        bottleneck=d.bottleneck, stages=d.stages, pillar_priority=d.pillar_priority,
        pillars={p: PillarView(score=r.score, findings=[word(f, lang) for f in r.findings])
                 for p, r in d.pillars.items()},
        reasons=[word(r, lang) for r in d.reasons],
        actions=[ActionView(text=action_text(a.id, lang, a.params), step=a.step, citations=a.citations) for a in d.actions],
        kpis_to_track=[KpiView(name=kpi_name(k.id, lang), level=k.level, kind=k.kind) for k in d.kpis_to_track],
        missing_data=[MissingView(field=m.field, question=question(m, lang)) for m in d.missing_data],
        unit_economics=d.unit_economics,
        warnings=[word(w, lang) for w in d.warnings],
    )


def render_diagnosis(diagnosis: Diagnosis, lang: str) -> dict:
    """The public diagnosis JSON (DESIGN.md, "Diagnosis (output)") in `lang`."""
    return diagnosis_view(diagnosis, lang).model_dump(mode="json")
