"""Sessions persist, messages are stored before processing, workspaces are walled, uploads are read."""

import threading

import pytest

from assistant.conversation.service import SessionNotFound
from assistant.core.errors import UserFacingError


class Exploding:
    name = "offline"

    def respond(self, ctx, text):
        raise RuntimeError("engine crashed")

    def stream(self, ctx, text):
        raise RuntimeError("engine crashed")


def test_a_restarted_service_continues_the_conversation(make_service):
    service = make_service()
    sid = service.create_session()
    service.send_message(sid, "tháng rồi chạy ads hết 30 triệu, 1.500 mess mà chốt có 12 đơn")
    restarted = make_service()  # a new process on the same database
    reply = restarted.send_message(sid, "có, khách hàng mục tiêu là dân văn phòng")
    session = restarted.get_session(sid)
    assert [m["role"] for m in session["messages"]] == ["user", "assistant"] * 2
    assert session["diagnosis"]["pillar_priority"][0] == "conversion"  # figures from turn 1 were kept
    assert reply.artifacts[0].type == "diagnosis"
    assert session["messages"][-1]["citations"] and session["messages"][-1]["artifacts"]


def test_the_message_is_kept_when_the_engine_crashes(make_service):
    service = make_service(Exploding())
    sid = service.create_session()
    reply = service.send_message(sid, "tin nhắn quan trọng")
    assert "lỗi ngoài dự kiến" in reply.text
    texts = [m["text"] for m in service.get_session(sid)["messages"]]
    assert texts[0] == "tin nhắn quan trọng"


def test_streaming_yields_deltas_that_add_up_to_the_stored_reply(make_service):
    service = make_service()
    sid = service.create_session()
    parts = list(service.stream_message(sid, "bạn làm được gì?"))
    deltas, final = parts[:-1], parts[-1]
    assert len(deltas) > 3 and "".join(deltas) == final.text
    assert service.get_session(sid)["messages"][-1]["text"] == final.text


def test_sessions_are_walled_by_workspace(make_service):
    service = make_service()
    sid = service.create_session(workspace_id="shop-a")
    assert service.get_session(sid, "shop-b") is None
    with pytest.raises(SessionNotFound):
        service.send_message(sid, "xin chào", workspace_id="shop-b")
    with pytest.raises(SessionNotFound):
        service.send_message("no-such-session", "xin chào")


def test_session_for_reuses_one_conversation_per_platform_user(make_service):
    service = make_service()
    first = service.session_for("default", "messenger", "psid-1")
    assert service.session_for("default", "messenger", "psid-1") == first
    assert service.session_for("default", "zalo", "psid-1") != first


def test_concurrent_turns_of_one_session_lose_nothing(make_service):
    service = make_service()
    sid = service.create_session()
    threads = [threading.Thread(target=service.send_message, args=(sid, f"xin chào {i}")) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    messages = service.get_session(sid)["messages"]
    assert len(messages) == 16 and [m["role"] for m in messages] == ["user", "assistant"] * 8


def test_an_upload_fills_the_snapshot_and_a_question_about_it_is_answered(make_service, samples):
    service = make_service()
    sid = service.create_session()
    result = service.add_upload(sid, "meta_ads_vi.csv", (samples / "meta_ads_vi.csv").read_bytes())
    assert result["detected_format"] == "meta_ads" and result["rows"] == 62
    assert result["kpis"]["leads"] == 1907 and "meta_ads_vi.csv" in result["reply"]
    session = service.get_session(sid)
    assert session["snapshot"]["funnel"]["reach"] == 459483 and session["snapshot"]["spend"] == 26228466
    assert session["uploads"][0]["filename"] == "meta_ads_vi.csv"
    reply = service.send_message(sid, "CPL trong file của tôi là bao nhiêu?")
    assert "13.754" in reply.text  # 26.228.466 / 1.907, from the KPI report


def test_a_bad_upload_is_refused_with_a_message_and_the_session_is_intact(make_service):
    service = make_service()
    sid = service.create_session()
    with pytest.raises(UserFacingError):
        service.add_upload(sid, "empty.csv", b"")
    assert service.get_session(sid)["uploads"] == []


def test_an_uploaded_file_is_kept_in_the_database_whatever_its_name(make_service, samples):
    service = make_service()
    sid = service.create_session()
    data = (samples / "meta_ads_vi.csv").read_bytes()
    made = service.add_upload(sid, "../../escape/meta_ads_vi.csv", data)
    assert service.store.upload_data(made["dataset_id"]) == data  # every instance reads the same bytes
    assert [u["filename"] for u in service.get_session(sid)["uploads"]] == ["meta_ads_vi.csv"]
    assert not service.settings.uploads_dir.exists()  # nothing on a local disk another instance lacks


class CitingInVietnamese:
    """An engine that cites the Vietnamese notes whatever the reader's language (as a stored diagnosis does)."""

    name = "offline"

    def respond(self, ctx, text):
        from assistant.contracts import Reply
        from assistant.retrieval.knowledge import cite

        return Reply(text="ok", citations=[cite("silos", "Silo 6"), cite("kpi-taxonomy")], lang=ctx.lang)


def test_citations_reach_the_reader_titled_in_the_readers_language(make_service):
    service = make_service(CitingInVietnamese())
    english, vietnamese = service.create_session(), service.create_session()
    en = service.send_message(english, "How should marketing and sales hand over leads?")
    vi = service.send_message(vietnamese, "Marketing và sales bàn giao lead thế nào?")
    assert [c.lang for c in en.citations] == ["en", "en"] and [c.lang for c in vi.citations] == ["vi", "vi"]
    assert en.citations[0].heading.startswith("Silo 6: ") and "SLA" in en.citations[0].heading
    assert en.citations[0].section == vi.citations[0].section  # the same section, in the other language
    assert en.citations[1].label == "A taxonomy of marketing KPIs for small and medium businesses"
    assert vi.citations[0].source == "knowledge/silos.md" and en.citations[0].source == "knowledge/en/silos.md"
    stored = service.get_session(english)["messages"][-1]["citations"]
    assert [c["source"] for c in stored] == ["knowledge/en/silos.md", "knowledge/en/kpi-taxonomy.md"]


def test_an_english_diagnosis_cites_english_sections(make_service):
    service = make_service()
    sid = service.create_session()
    service.send_message(sid, "last month we spent 30 million VND on ads, got 1,500 messages and closed 12 orders")
    reply = service.send_message(sid, "yes, our target customers are office workers")
    assert reply.lang == "en" and reply.citations
    assert {c.lang for c in reply.citations} == {"en"}
    card = next(a for a in reply.artifacts if a.type == "diagnosis").data
    cited = [c for a in card["actions"] for c in a["citations"]]
    assert cited and all(c["source"].startswith("knowledge/en/") for c in cited)


def test_this_month_against_last_is_answered_in_the_chat_from_an_export_spanning_months(make_service, tmp_path):
    from tests.fixtures.client_year import write_client

    service = make_service()
    sid = service.create_session()
    before = service.send_message(sid, "tháng này so với tháng trước thế nào?")
    assert "ít nhất hai tháng" in before.text  # nothing to compare yet: what to upload
    year = write_client(tmp_path)[0]
    service.add_upload(sid, year.name, year.read_bytes())
    reply = service.send_message(sid, "tháng này so với tháng trước thế nào?")
    assert "ít nhất hai tháng" not in reply.text and " so với " in reply.text.splitlines()[0]  # "… — T12 so với T11"
    english = service.send_message(sid, "how did this month do compared to last month?")
    assert english.lang == "en" and "at least two months" not in english.text


class Watching:
    """An offline engine stand-in that records how many turns it answers at the same moment."""

    name = "offline"

    def __init__(self):
        self.active, self.most, self.guard = 0, 0, threading.Lock()

    def respond(self, ctx, text):
        from assistant.contracts import Reply

        with self.guard:
            self.active += 1
            self.most = max(self.most, self.active)
        threading.Event().wait(0.05)  # long enough for the other turns to arrive meanwhile
        with self.guard:
            self.active -= 1
        return Reply(text="ok", lang=ctx.lang)


def _busy(service, sessions: int = 4) -> list[str]:
    ids = [service.create_session() for _ in range(sessions)]
    turns = [threading.Thread(target=service.send_message, args=(sid, "xin chào")) for sid in ids]
    for turn in turns:
        turn.start()
    for turn in turns:
        turn.join()
    return ids


def test_a_busy_server_answers_a_bounded_number_of_offline_turns_at_once(make_service, monkeypatch):
    """Twenty CPU-bound turns at once each take twenty times as long; a few at a time keep waits even."""
    monkeypatch.setenv("GROWTHDOC_OFFLINE_TURNS_AT_ONCE", "1")
    from assistant.core.config import get_settings

    get_settings.cache_clear()
    engine = Watching()
    service = make_service(engine)
    sessions = _busy(service)
    assert engine.most == 1
    assert all([m["text"] for m in service.get_session(sid)["messages"]] == ["xin chào", "ok"] for sid in sessions)


def test_turns_answered_by_a_language_model_are_not_held_back(make_service, monkeypatch):
    monkeypatch.setenv("GROWTHDOC_OFFLINE_TURNS_AT_ONCE", "1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-used")
    from assistant.core.config import get_settings

    get_settings.cache_clear()
    engine = Watching()
    _busy(make_service(engine))
    assert engine.most > 1
