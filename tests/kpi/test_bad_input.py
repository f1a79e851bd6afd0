"""Bad uploads get one clear message naming what was expected and what was found; no traceback."""

import io
import zipfile

import pytest

from assistant.core.errors import UserFacingError
from assistant.kpi import read_export


def _error(data: bytes, name: str = "upload.csv") -> UserFacingError:
    with pytest.raises(UserFacingError) as info:
        read_export(data, name)
    return info.value


def test_empty_file():
    err = _error(b"", "rong.csv")
    assert err.key == "kpi.empty_file" and "rong.csv" in err.message("vi") and "trống" in err.message("vi")


def test_blank_lines_only_is_empty():
    assert _error(b"\xef\xbb\xbf\n\n  \n").key == "kpi.empty_file"


def test_header_only_names_the_columns():
    err = _error(b"month,channel,spend,leads\n")
    assert err.key == "kpi.header_only"
    assert "month, channel, spend, leads" in err.message("en")


def test_renamed_image():
    err = _error(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "bao_cao.xlsx")
    assert err.key == "kpi.binary_file" and "PNG" in err.message("vi")


def test_random_binary():
    err = _error(bytes(range(256)) * 4, "data.csv")
    assert err.key == "kpi.binary_file" and "CSV" in err.message("en")


def test_password_protected_xlsx_is_ole2():
    err = _error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "khoa.xlsx")
    assert err.key == "kpi.encrypted_or_xls" and "mật khẩu" in err.message("vi")


def test_zip_bomb_is_refused_from_the_directory():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 2**20))  # 50 MB of zeros, ~50 kB packed
    err = _error(buffer.getvalue(), "bomb.xlsx")
    assert err.key == "kpi.zip_bomb" and "bomb.xlsx" in err.message("en")


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert _error(buffer.getvalue(), "cv.docx").key == "kpi.not_xlsx"


def test_ragged_rows_name_the_line():
    err = _error(b"month,channel,spend,leads\n2026-10,fb,100,2\n2026-10,gg,200,3,extra\n")
    assert err.key == "kpi.ragged_rows"
    assert err.params == {"name": "upload.csv", "line": 3, "found": 5, "expected": 4}
    assert "3" in err.message("vi") and "5" in err.message("vi")


def test_unknown_shape_lists_recognised_and_unrecognised_columns():
    err = _error("Tên,Ngày,Chi phí,Ghi chú\nA,2026-10-01,100,x\n".encode(), "la.csv")
    assert err.key == "kpi.unknown_shape"
    assert err.params["recognised"] == ["Ngày", "Chi phí"]
    assert err.params["unrecognised"] == ["Tên", "Ghi chú"]
    message = err.message("en")
    assert "Meta Ads" in message and "Ghi chú" in message


def test_size_limit_is_checked_before_parsing(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"\x89PNG" + b"\x00" * 5000)  # would be 'binary' if it were parsed
    with pytest.raises(UserFacingError) as info:
        read_export(big, limit_mb=0.001)
    assert info.value.key == "common.file_too_large"


def test_missing_file(tmp_path):
    with pytest.raises(UserFacingError) as info:
        read_export(tmp_path / "nope.csv")
    assert info.value.key == "kpi.not_found"


def test_comment_lines_only_is_empty():
    assert _error(b"# Traffic acquisition\n# Start date: 20261001\n").key == "kpi.empty_file"


def test_damaged_samples_give_a_report_or_a_message_never_a_traceback(samples):
    import random

    rng = random.Random(3)
    originals = [p.read_bytes() for p in sorted(samples.iterdir())]
    for i in range(120):
        data = bytearray(rng.choice(originals))
        if i % 3 == 0:
            data = data[: rng.randrange(len(data))]
        elif i % 3 == 1:
            for _ in range(10):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            lines = bytes(data).split(b"\n")
            rng.shuffle(lines)
            data = bytearray(b"\n".join(lines))
        try:
            report = read_export(bytes(data), f"damaged{i}.csv")
            assert set(report.to_dict("en")) >= {"totals", "snapshot", "warnings"}
        except UserFacingError as err:
            assert err.message("vi") and err.message("en")


def test_a_csv_that_happens_to_start_like_a_magic_number_is_still_text():
    report = read_export(b"MZ campaign,month,spend,leads\nA,2026-10,1000,2\n", "mz.csv")
    assert report.totals == {"spend": 1000, "leads": 2}


@pytest.mark.parametrize(("head", "found"), [
    (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"), (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "EXE"),
])
def test_other_binaries_are_named(head, found):
    err = _error(head + b"\x00" * 200, "file.csv")
    assert err.key == "kpi.binary_file" and err.params["found"] == found
