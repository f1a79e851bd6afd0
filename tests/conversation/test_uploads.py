"""Each upload is parsed once: a session keeps what every file said and combines from that."""

import pytest

from assistant.contracts import empty_snapshot
from assistant.conversation.uploads import merge_snapshot
from assistant.kpi import combine, read_export

FILES = ("meta_ads_vi.csv", "hubspot_contacts.csv", "hubspot_deals.csv", "orders_vi.xlsx")


@pytest.fixture
def parses(monkeypatch):
    """The names of the files the KPI reader parsed, in order (read in this process to be counted)."""
    import assistant.kpi.reader as reader
    from assistant.core.config import get_settings

    monkeypatch.setenv("GROWTHDOC_UPLOAD_WORKER_MEMORY_MB", "0")  # no worker process: the counter sees the parse
    get_settings.cache_clear()

    seen, real = [], reader.load_tables

    def counted(source, name, limit):
        seen.append(name)
        return real(source, name, limit)

    monkeypatch.setattr(reader, "load_tables", counted)
    return seen


def test_the_kth_upload_parses_one_file_and_the_snapshot_combines_them_all(make_service, samples, parses):
    service = make_service()
    sid = service.create_session()
    for k, name in enumerate(FILES, start=1):
        service.add_upload(sid, name, (samples / name).read_bytes())
        assert parses == list(FILES[:k])  # the k-th upload parsed itself, nothing earlier
    expected = combine([read_export(samples / name) for name in FILES]).to_dict()["snapshot"]
    assert service.get_session(sid)["snapshot"] == merge_snapshot(empty_snapshot(), expected)
    assert expected["funnel"]["leads"] and expected["revenue"]  # ads, CRM and orders all counted


def test_a_restarted_service_combines_from_the_kept_parts(make_service, samples, parses):
    sid = make_service().create_session()
    make_service().add_upload(sid, FILES[0], (samples / FILES[0]).read_bytes())
    make_service().add_upload(sid, FILES[1], (samples / FILES[1]).read_bytes())
    assert parses == list(FILES[:2])


def test_an_upload_stored_before_parts_were_kept_is_read_from_its_file(make_service, samples, parses, tmp_path):
    service = make_service()
    sid = service.create_session()
    old = tmp_path / FILES[0]
    old.write_bytes((samples / FILES[0]).read_bytes())
    report = read_export(old).to_dict()
    service.store.add_upload(sid, "legacy", FILES[0], str(old), report)  # no parts: an older row
    parses.clear()
    service.add_upload(sid, FILES[3], (samples / FILES[3]).read_bytes())
    assert sorted(parses) == sorted([FILES[0], FILES[3]])
    expected = combine([read_export(samples / name) for name in (FILES[0], FILES[3])]).to_dict()["snapshot"]
    assert service.get_session(sid)["snapshot"]["funnel"] == expected["funnel"]


def test_the_kept_parts_stay_out_of_the_report_everyone_reads(make_service, samples):
    service = make_service()
    sid = service.create_session()
    service.add_upload(sid, FILES[0], (samples / FILES[0]).read_bytes())
    stored = service.store.uploads(sid)[0]
    assert set(stored["report"]) == set(read_export(samples / FILES[0]).kept()) and "parts" not in stored
    assert service.store.uploads(sid, with_parts=True)[0]["parts"][0]["format_id"] == "meta_ads"


META_USD = ("Campaign name,Day,Amount spent (USD),Reach,Results,Result indicator\n"
            "Chat,2026-11-01,100.00,5000,20,actions:onsite_conversion.messaging_conversation_started_7d\n")
ORDERS_VND = ("Mã đơn hàng,Ngày tạo,Tổng tiền,Trạng thái\n"
              "O1,2026-11-02,1000000,Hoàn thành\nO2,2026-11-03,2000000,Hoàn thành\n")


def test_files_in_two_currencies_without_a_rate_are_refused_and_the_session_is_kept(make_service):
    from assistant.core.errors import UserFacingError

    service = make_service()
    sid = service.create_session()
    service.add_upload(sid, "orders.csv", ORDERS_VND.encode())
    before = service.get_session(sid)
    with pytest.raises(UserFacingError) as refused:
        service.add_upload(sid, "meta_usd.csv", META_USD.encode())
    assert refused.value.key == "kpi.mixed_currencies" and "meta_usd.csv" in refused.value.message("vi")
    after = service.get_session(sid)
    assert after["uploads"] == before["uploads"] and after["snapshot"] == before["snapshot"]
    service.add_upload(sid, "orders.csv", ORDERS_VND.encode())  # the session still takes files


def test_a_configured_rate_converts_the_usd_file_in_the_session(make_service, monkeypatch):
    from assistant.core.config import get_settings

    monkeypatch.setenv("GROWTHDOC_CURRENCY_RATES", '{"USD": 25000}')
    get_settings.cache_clear()
    service = make_service()
    sid = service.create_session()
    service.add_upload(sid, "orders.csv", ORDERS_VND.encode())
    service.add_upload(sid, "meta_usd.csv", META_USD.encode())
    assert service.get_session(sid)["snapshot"]["spend"] == 100 * 25_000


def test_a_rate_the_owner_stated_in_the_chat_converts_the_usd_file(make_service):
    service = make_service()
    sid = service.create_session()
    service.send_message(sid, "tỷ giá bên mình tính 25.000 đồng một đô")
    service.add_upload(sid, "orders.csv", ORDERS_VND.encode())
    service.add_upload(sid, "meta_usd.csv", META_USD.encode())
    assert service.get_session(sid)["snapshot"]["spend"] == 100 * 25_000


def test_a_rate_given_with_the_upload_is_kept_for_the_sessions_later_files(make_service, samples):
    service = make_service()
    sid = service.create_session()
    service.add_upload(sid, "orders.csv", ORDERS_VND.encode())
    service.add_upload(sid, "meta_usd.csv", META_USD.encode(), rates={"USD": 24_000})
    service.add_upload(sid, "hubspot_deals.csv", (samples / "hubspot_deals.csv").read_bytes())
    assert service.get_session(sid)["snapshot"]["spend"] == 100 * 24_000
