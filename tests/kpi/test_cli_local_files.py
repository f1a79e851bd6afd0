"""`growthdoc kpi` reads a consultant's own files beyond the web upload limit; rates given per run."""

import json

from assistant.cli import main
from assistant.core.config import get_settings
from assistant.kpi import read_export
from tests.kpi.test_issue12_failures import META_USD, ORDERS_VND


def test_a_local_file_over_the_web_limit_is_read_on_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GROWTHDOC_MAX_UPLOAD_MB", "0.001")  # 1 kB: the file below is over the web limit
    get_settings.cache_clear()
    try:
        path = tmp_path / "orders.csv"
        path.write_text(ORDERS_VND * 20, encoding="utf-8")
        assert path.stat().st_size > 0.001 * 2**20
        assert main(["kpi", str(path), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["detected_format"] == "orders"
        assert main(["diagnose", str(path), "--json"]) in (0, 2)  # same limit for every local-file command
        assert "0.001" not in capsys.readouterr().err
    finally:
        get_settings.cache_clear()


def test_the_web_limit_still_holds_for_uploads():
    import pytest

    from assistant.core.errors import UserFacingError

    with pytest.raises(UserFacingError) as info:
        read_export((ORDERS_VND * 20).encode(), "orders.csv", limit_mb=0.001)
    assert info.value.key == "common.file_too_large"


def test_a_rate_on_the_command_line_converts_the_usd_account(tmp_path, capsys):
    meta, orders = tmp_path / "meta.csv", tmp_path / "orders.csv"
    meta.write_text(META_USD, encoding="utf-8")
    orders.write_text(ORDERS_VND, encoding="utf-8")
    assert main(["kpi", str(meta), str(orders)]) == 2
    assert "meta.csv" in capsys.readouterr().err
    assert main(["kpi", str(meta), str(orders), "--rate", "USD=25000", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["currency"] == "VND" and data["totals"]["spend"] == 3_750_000
