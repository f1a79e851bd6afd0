"""Every citation the diagnosis can give resolves to an existing knowledge file and heading."""

import re

import pytest

from assistant.core.config import PROJECT_ROOT
from assistant.diagnosis.advice import ACTIONS, build_actions
from assistant.diagnosis.silos import SIGNALS
from assistant.retrieval.knowledge import cite

KNOWLEDGE = PROJECT_ROOT / "knowledge"


def headings(doc_id):
    text = (KNOWLEDGE / f"{doc_id}.md").read_text(encoding="utf-8")
    return re.findall(r"^#{2,3}\s+(.+?)\s*$", text, re.MULTILINE)


@pytest.mark.parametrize("action_id", sorted(ACTIONS))
def test_action_citations_resolve(action_id, isolated_settings):
    _, refs = ACTIONS[action_id]
    for (doc_id, hint), citation in zip(refs, build_actions([action_id])[0].citations):
        assert (KNOWLEDGE / f"{doc_id}.md").is_file(), doc_id
        assert citation.heading in headings(doc_id), (doc_id, hint)
        assert hint.split()[0].lower() in citation.heading.lower(), (doc_id, hint, citation.heading)
        assert citation.title != doc_id  # the file's own title was read


@pytest.mark.parametrize("silo", sorted(SIGNALS))
def test_silo_citations_resolve(silo):
    citation = cite("silos", f"Silo {silo}")
    assert citation.heading.startswith(f"Silo {silo}:")
    assert citation.heading in headings("silos")


def test_a_missing_file_keeps_the_hint(tmp_path):
    citation = cite("nope", "Hành động 1", knowledge_dir=tmp_path)
    assert (citation.doc_id, citation.heading) == ("nope", "Hành động 1")
