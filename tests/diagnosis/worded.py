"""The diagnosis as a reader sees it: `diagnose` then the edge's renderer, in one call for the tests."""

from assistant.diagnosis import diagnose as diagnose_keyed
from assistant.drafting.diagnosis_view import DiagnosisView, diagnosis_view


def diagnose(snapshot, benchmarks=None, lang: str = "vi") -> DiagnosisView:
    """What `POST /api/diagnose` shows for a snapshot, in `lang`."""
    return diagnosis_view(diagnose_keyed(snapshot, benchmarks), lang)
