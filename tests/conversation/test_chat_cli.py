"""`growthdoc chat`: a terminal conversation on the same service, continued with --session."""

import io
import re

from assistant.cli import main


def chat(monkeypatch, capsys, lines: str, *args: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert main(["chat", *args]) == 0
    return capsys.readouterr().out


def test_chat_prints_the_session_uploads_and_continues_it_later(monkeypatch, capsys, samples):
    out = chat(monkeypatch, capsys,
               f"tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn\n/upload {samples / 'meta_ads_vi.csv'}\n/quit\n")
    session = re.search(r"--session ([0-9a-f]{32})", out).group(1)
    assert "khách hỏi: **1.500**" in out and "meta_ads_vi.csv" in out
    again = chat(monkeypatch, capsys, "có, khách hàng mục tiêu rõ rồi\n", "--session", session)
    assert session in again and "Kết quả chẩn đoán" in again


def test_a_missing_file_is_one_line_and_the_chat_goes_on(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("/upload /no/such.csv\nxin chào\n"))
    assert main(["chat"]) == 0
    captured = capsys.readouterr()
    assert "Không tìm thấy tệp «/no/such.csv»" in captured.err and "GrowthDoc" in captured.out


def test_an_unknown_session_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["chat", "--session", "nope"]) == 2
    assert "Không tìm thấy cuộc trò chuyện" in capsys.readouterr().err
