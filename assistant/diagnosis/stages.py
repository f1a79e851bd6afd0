"""Stage rates between consecutive known counts, each against its (composed) benchmark."""

from dataclasses import dataclass

from assistant.contracts import STAGES, Funnel, Phrase, rate_id, stages_between
from assistant.diagnosis.benchmarks import Bench, Benchmarks


def note(key: str, params: dict | None = None) -> Phrase:
    """A warning to word later in the reader's language: a template key + params."""
    return Phrase(key=key, params=params or {})


@dataclass
class Rate:
    """One measured rate: from one known count to the next known count."""

    stage: str
    start: str
    end: str
    actual: float | None
    bench: Bench
    status: str

    @property
    def ratio(self) -> float | None:
        return None if self.actual is None else self.actual / self.bench.typical

    @property
    def spans(self) -> list[str]:
        return stages_between(self.start, self.end)


def clean_counts(funnel: Funnel) -> tuple[dict[str, float], list[Phrase]]:
    """Known, usable counts; negative or non-finite counts are dropped with a warning."""
    counts, notes = {}, []
    for stage, value in funnel.known().items():
        if value != value or value in (float("inf"), float("-inf")) or value < 0:
            notes.append(note("diagnosis.warn_negative", {"field": stage, "value": value}))
            continue
        counts[stage] = float(value)
    return counts, notes


def compute_rates(counts: dict[str, float], bench: Benchmarks, industry: str | None) -> tuple[list[Rate], list[Phrase]]:
    """Rates between consecutive known counts; impossible ones (>100%, from zero) are unknown."""
    known = [s for s in STAGES if s in counts]
    rates, notes = [], []
    for start, end in zip(known, known[1:]):
        span_bench = bench.span(industry, stages_between(start, end))
        actual, problem = _rate(counts, start, end)
        if problem:
            notes.append(problem)
        status = "unknown" if actual is None else bench.status(actual / span_bench.typical)
        rates.append(Rate(rate_id(start, end), start, end, actual, span_bench, status))
    return rates, notes


def _rate(counts: dict[str, float], start: str, end: str) -> tuple[float | None, Phrase | None]:
    earlier, later = counts[start], counts[end]
    if earlier == 0:
        return None, note("diagnosis.warn_zero_base", {"field": start, "next": end})
    if later > earlier:
        params = {"field": end, "value": later, "earlier": start, "earlier_value": earlier}
        return None, note("diagnosis.warn_later_larger", params)
    return later / earlier, None
