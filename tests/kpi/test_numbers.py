"""Number formats one by one, and the per-column / per-file decision with its warnings."""

import polars as pl
import pytest

from assistant.kpi import read_export
from assistant.kpi.numbers import parse_column, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567", 1234567), ("1,234,567", 1234567), ("1234567", 1234567),
        ("11,11%", 0.1111), ("11.11%", 0.1111), ("1.234.567,5", 1234567.5), ("1,234,567.5", 1234567.5),
        ("19.773.273 ₫", 19773273), ("-2.500", -2500), ("0,5", 0.5),
    ],
)
def test_each_format_alone(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["--", "", "-", "n/a"])
def test_unknown_is_not_zero(text):
    assert parse_number(text) is None


def test_5857_is_thousands_in_a_vietnamese_file_and_decimal_in_an_english_one():
    assert parse_number("5.857", "vi") == 5857
    assert parse_number("5.857", "en") == pytest.approx(5.857)


def test_other_values_of_the_column_decide():
    values, fmt = parse_column(pl.Series(["5.857", "1.234.567"]), "en")
    assert values.to_list() == [5857, 1234567] and fmt.style == "vi" and not fmt.ambiguous
    values, fmt = parse_column(pl.Series(["1.89", "5.857"]), "vi")
    assert values.to_list() == pytest.approx([1.89, 5.857]) and fmt.style == "en"


def test_only_ambiguous_values_are_flagged():
    _, fmt = parse_column(pl.Series(["5.857", "2.300"]), "vi")
    assert fmt.ambiguous and fmt.example == "5.857"
    _, fmt = parse_column(pl.Series(["12", "300"]), "vi")
    assert not fmt.ambiguous


def test_vietnamese_file_reads_5857_and_warns(tmp_path):
    path = tmp_path / "mau.csv"
    path.write_text("tháng,kênh,chi phí,khách tiềm năng\n2026-10,facebook,5.857,12\n2026-10,zalo,2.300,3\n",
                    encoding="utf-8")
    report = read_export(path)
    assert report.totals["spend"] == 5857 + 2300
    warnings = report.warnings("vi")
    assert any("chi phí" in w and "5.857" in w for w in warnings)


def test_a_settled_column_silences_the_ambiguity(tmp_path):
    path = tmp_path / "mau.csv"
    path.write_text("tháng,kênh,chi phí,doanh thu\n2026-10,facebook,5.857,1.234.567\n", encoding="utf-8")
    report = read_export(path)
    assert report.totals == {"spend": 5857, "revenue": 1234567}
    assert not any("5.857" in w for w in report.warnings("en"))


def test_text_in_a_number_column_is_unknown_and_reported(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("month,channel,spend,leads\n2026-10,fb,1000,abc\n2026-10,gg,2000,4\n", encoding="utf-8")
    report = read_export(path)
    assert report.totals["leads"] == 4
    assert any("abc" in w for w in report.warnings("en"))
