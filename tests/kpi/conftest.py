"""Helpers that read the samples by hand (csv module, calamine), independent of assistant.kpi."""

import csv
import io
from pathlib import Path

import pytest


def rows(path: Path, encoding: str = "utf-8-sig", delimiter: str = ",", skip: int = 0) -> list[dict]:
    """The sample's data rows as dicts, the first `skip` lines dropped."""
    lines = path.read_text(encoding=encoding).splitlines()[skip:]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=delimiter))


@pytest.fixture
def by_hand():
    return rows
