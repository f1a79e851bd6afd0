"""Short texts for drafts: macros of `prompts/{lang}/{area}.j2` (drafting, agenda, sla, report).

Same rendering as `core.templates.text`, with each macro module built once per language: a draft
calls a hundred macros, and rebuilding the module on every call made drafting ten times slower.
"""

from functools import lru_cache

from assistant.core.templates import environment, normalize_lang
from assistant.drafting.facts import rate_ends


@lru_cache(maxsize=32)
def _module(area: str, lang: str):
    return environment(lang).get_template(f"{area}.j2").make_module()


def say(key: str, lang: str, **params) -> str:
    """The macro `area.macro` rendered in `lang`, like `core.templates.text`."""
    area, _, macro = key.partition(".")
    return str(getattr(_module(area, normalize_lang(lang)), macro)(**params)).strip()


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
