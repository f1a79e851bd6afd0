"""The campaign kick-off agenda (silo 1): attendees, timed blocks, the five questions, pre-filled."""

from assistant.contracts import Diagnosis
from assistant.drafting.context import gather
from assistant.drafting.draft import Draft, finish
from assistant.drafting.labels import label, lines, say
from assistant.retrieval.knowledge import cite

ROLES = ("marketing", "sales", "product", "service", "owner")
BLOCKS = (  # minutes, topic, owner
    (10, "context", "marketing"), (15, "target_customer", "marketing"), (15, "core_message", "marketing"),
    (15, "sales_needs", "sales"), (10, "customer_concerns", "service"), (10, "winning_features", "product"),
    (10, "goals_owners", "owner"), (5, "next_steps", "marketing"),
)
# a solo owner's kick-off: a 30-minute checklist to go through alone, not a meeting of departments
SOLO_BLOCKS = (
    (5, "context", "owner"), (5, "target_customer", "owner"), (5, "core_message", "owner"),
    (5, "customer_concerns", "owner"), (5, "goals_owners", "owner"), (5, "next_steps", "owner"),
)
QUESTIONS = (("target_customer", "marketing"), ("core_message", "marketing"), ("sales_needs", "sales"),
             ("customer_concerns", "service"), ("winning_features", "product"))


def _schedule(lang: str, solo: bool = False) -> list[dict]:
    """Timed blocks with start and end minutes."""
    start, rows = 0, []
    for minutes, key, owner in SOLO_BLOCKS if solo else BLOCKS:
        rows.append({"start": start, "end": start + minutes, "key": key,
                     "topic": say("agenda.block", lang, id=key), "owner": label("role", lang, id=owner)})
        start += minutes
    return rows


def _questions(f: dict, lang: str, solo: bool = False) -> list[dict]:
    """The five kick-off questions with what the diagnosis already knows."""
    return [{"key": key, "question": say("agenda.question", lang, id=key),
             "owner": label("role", lang, id="owner" if solo else owner), "known": lines(f"agenda.known_{key}", lang, f=f)}
            for key, owner in QUESTIONS]


def _follow_ups(f: dict, lang: str, solo: bool = False) -> list[dict]:
    rows = [line.split("|") for line in lines("agenda.follow_ups", lang, f=f)]
    return [{"task": task, "owner": label("role", lang, id="owner" if solo else owner), "due": due}
            for task, owner, due in rows]


def agenda_data(diagnosis: Diagnosis | None, snapshot: dict, lang: str = "vi") -> dict:
    """The agenda as a JSON-able dict (the chat's artefact card)."""
    f = gather(diagnosis, snapshot, lang)
    solo = f["business"]["team"] == "solo"
    schedule = _schedule(lang, solo)
    roles = ("owner",) if solo else ROLES
    return {
        "title": say("agenda.title", lang, name=f["business_name"]),
        "goal": say("agenda.goal", lang, f=f),
        "solo": solo,
        "duration_min": schedule[-1]["end"],
        "chair": label("role", lang, id="owner" if solo else "marketing"),
        "first_pillar": f["first_pillar"],
        "bottleneck": f["bottleneck"],
        "attendees": [{"role": label("role", lang, id=r), "brings": say("agenda.attendee", lang, role=r, solo=solo)}
                      for r in roles],
        "schedule": schedule,
        "questions": _questions(f, lang, solo),
        "kpis": lines("agenda.kpi_lines", lang, f=f),
        "decisions": lines("agenda.decisions", lang, f=f),
        "follow_ups": _follow_ups(f, lang, solo),
    }


def draft_agenda(diagnosis: Diagnosis | None, snapshot: dict, lang: str = "vi") -> Draft:
    """Draft the cross-team campaign kick-off agenda, filled with what the diagnosis knows."""
    data = agenda_data(diagnosis, snapshot, lang)
    return finish("agenda.md.j2", "a", data, [cite("silos", "Silo 1")], lang)
