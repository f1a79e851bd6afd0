"""An upload that disagrees with a typed figure is asked about, never applied silently (over the service)."""

from assistant.contracts import empty_snapshot
from assistant.conversation.uploads import merge_snapshot

META = "meta_ads_vi.csv"  # spend 26.228.466 VND, reach 459.483, leads 1.907


def _upload(service, sid, samples, name=META):
    return service.add_upload(sid, name, (samples / name).read_bytes())["reply"]


def test_the_typed_figure_stays_the_conflict_is_named_with_both_values_and_how_to_choose(make_service, samples):
    service = make_service()
    sid = service.create_session()
    service.send_message(sid, "tháng rồi chạy ads hết 45 triệu, chốt 30 đơn")
    reply = _upload(service, sid, samples)
    snapshot = service.get_session(sid)["snapshot"]
    assert snapshot["spend"] == 45e6 and snapshot["sources"]["spend"] == "chat"  # the typed figure is kept
    assert snapshot["funnel"]["leads"] == 1907 and snapshot["sources"]["leads"].startswith(META)  # new ones fill in
    assert snapshot["conflicts"] == [{"field": "spend", "unit": "money", "typed": 45e6, "file_value": 26228466,
                                      "source": f"{META}: Số tiền đã chi tiêu (VND)", "kept": None}]
    assert "gõ trong chat 45 triệu đồng, file meta_ads_vi.csv ghi 26,2 triệu đồng" in reply
    assert "«dùng số trong file» hoặc «giữ số đã gõ»" in reply
    assert "chi quảng cáo: **45 triệu đồng** (thực tế; gõ trong chat) — file ghi 26,2 triệu đồng, em đang dùng số " \
           "anh/chị gõ" in reply  # diagnosed with the typed figure, and it says so


def test_use_the_file_switches_the_figure_and_re_diagnoses(make_service, samples):
    service = make_service()
    sid = service.create_session()
    service.send_message(sid, "tháng rồi chạy ads hết 45 triệu, chốt 30 đơn")
    _upload(service, sid, samples)
    reply = service.send_message(sid, "dùng số trong file")
    snapshot = service.get_session(sid)["snapshot"]
    assert snapshot["spend"] == 26228466 and snapshot["sources"]["spend"].startswith(META)
    assert "spend" not in snapshot.get("figures", {})  # no longer the owner's words
    assert "Em chuyển sang số trong file: chi quảng cáo 26,2 triệu đồng." in reply.text
    assert reply.artifacts[0].type == "diagnosis"
    assert "chi quảng cáo: **26,2 triệu đồng** (thực tế; file meta_ads_vi.csv" in reply.text


def test_keep_mine_is_remembered_and_the_same_file_is_not_asked_again(make_service, samples):
    service = make_service()
    sid = service.create_session()
    service.send_message(sid, "tháng rồi chạy ads hết 45 triệu, chốt 30 đơn")
    _upload(service, sid, samples)
    reply = service.send_message(sid, "giữ số đã gõ")
    assert "Em giữ số anh/chị đã gõ: chi quảng cáo 45 triệu đồng." in reply.text
    again = _upload(service, sid, samples)  # the same file again: the same disagreement, already settled
    snapshot = service.get_session(sid)["snapshot"]
    assert snapshot["spend"] == 45e6 and [c["kept"] for c in snapshot["conflicts"]] == ["chat"]
    assert "«dùng số trong file»" not in again and "45 triệu đồng** (thực tế; gõ trong chat)\n" in again


def test_typing_the_figure_again_settles_its_conflict(make_service, samples):
    service = make_service()
    sid = service.create_session()
    service.send_message(sid, "chạy ads hết 45 triệu, chốt 30 đơn")
    _upload(service, sid, samples)
    service.send_message(sid, "sửa chi quảng cáo thành 40 triệu")
    snapshot = service.get_session(sid)["snapshot"]
    assert snapshot["spend"] == 40e6 and snapshot["conflicts"][0]["kept"] == "chat"


def test_an_english_owner_is_asked_in_english(make_service, samples):
    service = make_service()
    sid = service.create_session()
    service.send_message(sid, "Last month we spent 45 million on ads and closed 30 orders")
    reply = _upload(service, sid, samples)
    assert "typed 45 million VND, file meta_ads_vi.csv says 26.2 million VND" in reply
    assert service.send_message(sid, "use the file").text.startswith("**Figures I'm using**")
    assert service.get_session(sid)["snapshot"]["spend"] == 26228466


def test_a_figure_within_rounding_of_the_file_is_no_conflict():
    current = merge_snapshot(empty_snapshot(), {})
    current.update(spend=26.2e6, sources={"spend": "chat"})
    merged = merge_snapshot(current, {"spend": 26228466, "sources": {"spend": "a.csv: Spend"}})
    assert merged["spend"] == 26.2e6 and "conflicts" not in merged


# ---- two files disagree (HubSpot contacts: 10 customers; HubSpot deals: 5 won) ----
CONTACTS, DEALS = "hubspot_contacts.csv", "hubspot_deals.csv"


def _two_files(service, samples):
    sid = service.create_session()
    _upload(service, sid, samples, CONTACTS)
    return sid, _upload(service, sid, samples, DEALS)


def test_two_files_that_disagree_are_named_with_both_values_and_the_one_in_use(make_service, samples):
    service = make_service()
    sid, reply = _two_files(service, samples)
    snapshot = service.get_session(sid)["snapshot"]
    customers = next(c for c in snapshot["conflicts"] if c["field"] == "customers")
    assert (customers["value"], customers["other"], customers["kept"]) == (5, 10, None)
    assert snapshot["funnel"]["customers"] == 5  # the deals file is trusted first until the owner says
    assert "**Hai file ghi khác nhau:**" in reply
    assert "khách mua — hubspot_deals.csv ghi 5 (em đang dùng), hubspot_contacts.csv ghi 10" in reply
    assert "Số nào đúng? Nhắn «dùng số hubspot_deals.csv» hoặc gõ lại số đúng" in reply  # how to choose
    assert "khách mua: **5** (thực tế; file hubspot_deals.csv" in reply
    assert "hubspot_contacts.csv ghi 10, em đang dùng số của hubspot_deals.csv" in reply  # shown beside the figure


def test_naming_the_other_file_switches_to_its_figure_and_is_remembered(make_service, samples):
    service = make_service()
    sid, _ = _two_files(service, samples)
    reply = service.send_message(sid, "dùng số bên hubspot contacts nhé")
    snapshot = service.get_session(sid)["snapshot"]
    assert snapshot["funnel"]["customers"] == 10 and snapshot["sources"]["customers"].startswith(CONTACTS)
    assert "khách mua **10** theo hubspot_contacts.csv" in reply.text
    assert reply.artifacts[0].type == "diagnosis"  # re-diagnosed with the choice
    again = _upload(service, sid, samples, DEALS)  # the same files again: the choice holds, not asked again
    snapshot = service.get_session(sid)["snapshot"]
    assert snapshot["funnel"]["customers"] == 10
    assert "khách mua — hubspot_deals.csv ghi 5" not in again


def test_typing_the_right_figure_settles_two_files(make_service, samples):
    service = make_service()
    sid, _ = _two_files(service, samples)
    reply = service.send_message(sid, "thật ra chốt được 8 khách")
    snapshot = service.get_session(sid)["snapshot"]
    assert snapshot["funnel"]["customers"] == 8 and snapshot["sources"]["customers"] == "chat"
    assert "8" in reply.text and "khách mua — hubspot_deals.csv ghi 5" not in reply.text


def test_two_files_are_asked_about_in_english(make_service, samples):
    service = make_service()
    sid = service.create_session()
    service.send_message(sid, "hi, I run a small software company")
    _upload(service, sid, samples, CONTACTS)
    reply = _upload(service, sid, samples, DEALS)
    assert "**Two files disagree:**" in reply and "hubspot_deals.csv says 5 (in use), hubspot_contacts.csv says 10" in reply



def test_figures_noted_before_a_diagnosis_come_with_their_chips(make_service):
    service = make_service()
    sid = service.create_session()
    reply = service.send_message(sid, "shop mình tháng rồi có 800 tin nhắn hỏi giá")
    assert [a.type for a in reply.artifacts] == ["figures"]
    assert [(f["field"], f["value"], f["source"]) for f in reply.artifacts[0].data["figures"]] == [("leads", 800, "chat")]
    assert "800" in reply.text  # the reply says it too
