"""A file's `Part` survives JSON unchanged, so a session can keep it instead of reading the file again."""

import json

import pytest

from assistant.kpi import KpiReport, read_export
from assistant.kpi.model import Part
from tests.conftest import SAMPLES


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir()))
def test_a_part_read_back_from_json_gives_the_same_report(name):
    report = read_export(SAMPLES / name)
    back = [Part.from_json(json.loads(json.dumps(p.to_json()))) for p in report.parts]
    assert back == report.parts
    assert KpiReport(back).to_dict("en") == report.to_dict("en")
