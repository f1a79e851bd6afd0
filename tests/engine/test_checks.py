"""The checks a model reply passes before an owner sees it (pure functions)."""

from assistant.engine.checks import Ledger, bad_citations, repeats, tool_call_text, untraced, violations, wrong_language

FACTS = {"figures": [{"field": "leads", "value": 1500}, {"field": "customers", "value": 12},
                     {"field": "spend", "value": 30000000}], "diagnosis": {"bottleneck": {"actual": 0.008}}}


def ledger() -> Ledger:
    return Ledger().add(FACTS, "chạy ads 30 triệu, 1.500 tin nhắn, chốt 12 đơn")


def test_the_owners_figures_in_any_usual_form_are_traceable():
    for reply in ("1.500 tin nhắn, 12 đơn, tỷ lệ chốt 0,8%, chi 30 triệu", "1,500 messages, 0.8%, 30 million",
                  "khoảng 1,5 nghìn tin nhắn", "30.000.000 đồng", "bước 3 trong 7 bước"):
        assert untraced(reply, ledger()) == [], reply


def test_invented_figures_are_named():
    assert untraced("tỷ lệ chốt 12%, CTR 125%, nên tăng lên 80 triệu", ledger()) == ["12%", "125%", "80 triệu"]


def test_only_real_citation_ids_pass():
    assert bad_citations("SLA [1], phễu [2]", 2) == []
    assert bad_citations("theo [Sáu silo nội bộ › Silo 6] và [3]", 2) == ["[Sáu silo nội bộ › Silo 6]", "[3]"]
    assert bad_citations("xem [tài liệu](https://example.org)", 0) == []


def test_language_repeat_and_tool_text():
    assert wrong_language("Certainly! Below is a detailed SLA for your team.", "vi")
    assert not wrong_language("Dạ, em gửi anh/chị bản SLA [1].", "vi")
    assert repeats("Anh chị nên sửa chuyển đổi trước.", "anh chị nên sửa  chuyển đổi trước.")
    assert not repeats("Kênh TikTok: chưa có số liệu.", "Anh chị nên sửa chuyển đổi trước.")
    assert tool_call_text('{"name": "update_snapshot", "arguments": {"leads": 1}}')
    assert tool_call_text("<tool_call>{}</tool_call>") and not tool_call_text("Dạ, em đã ghi nhận.")


def test_advice_without_a_source_is_refused_unless_the_core_gave_it_too():
    generic = "Anh/chị nên tập trung vào chiến lược nội bộ."
    kw = {"ledger": ledger(), "citations": 0, "lang": "vi", "previous": None}
    assert [v["kind"] for v in violations(generic, answer="Tháng rồi có bao nhiêu tin nhắn?", **kw)] == ["uncited"]
    assert violations(generic, answer="Anh/chị nên xác định khách hàng mục tiêu trước.", **kw) == []
