"""Short texts for drafts: macros of `prompts/{lang}/{area}.j2` (drafting, agenda, sla, report)."""

from assistant.core.templates import text as say
from assistant.drafting.facts import rate_ends


def label(macro: str, lang: str, **params) -> str:
    """One label macro of `drafting.j2`."""
    return say(f"drafting.{macro}", lang, **params)


def lines(key: str, lang: str, **params) -> list[str]:
    """A macro that writes one item a line, as a list of non-empty lines."""
    return [line.strip() for line in say(key, lang, **params).splitlines() if line.strip()]


def stage_label(stage_id: str | None, lang: str) -> str:
    """A readable name for a rate id ('visit_to_lead'), 'volume' or a count stage ('leads')."""
    ends = rate_ends(stage_id)
    if ends:
        return label("rate", lang, start=ends[0], end=ends[1])
    return label("stage", lang, id=stage_id or "")
