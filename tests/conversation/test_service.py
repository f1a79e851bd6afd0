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
