"""Extractive answers: the chunk that answers, trimmed to the sentences that match, with its label."""

from assistant.engine.offline.answers import answer_parts, trim
from assistant.retrieval.search import Hit


def hit(heading: str, text: str, doc_id: str = "doc") -> Hit:
    return Hit(text=text, title="Tài liệu", source=f"knowledge/{doc_id}.md", heading=heading, score=0.1,
               citation=f"Tài liệu › {heading}", doc_id=doc_id)


def test_trim_keeps_the_matching_sentences_in_their_order():
    chunk = ("## CAC\nCAC là chi phí để có một khách hàng mới. Thời tiết hôm nay đẹp trời lắm nhé. "
             "Công thức CAC bằng tổng chi phí chia số khách hàng mới.")
    text, overlap = trim(chunk, "CAC là gì, tính thế nào?")
    assert text.startswith("CAC là chi phí") and "Công thức CAC" in text and "Thời tiết" not in text
    assert overlap >= 1


def test_a_chunk_whose_heading_names_the_question_comes_first():
    general = hit("Bước 3", "Bước 3 của marketing theo hệ thống là gom các hoạt động thành chiến lược tổng thể.")
    defining = hit("Marketing theo hệ thống là gì", "Marketing theo hệ thống là cách sắp xếp mọi việc vào một khung chung.",
                   "systematic-marketing")
    parts = answer_parts([general, defining], "marketing theo hệ thống là gì")
    assert parts[0]["hit"].doc_id == "systematic-marketing" and parts[0]["label"].endswith("là gì")


def test_counts_are_shown_whole_even_when_an_ad_platform_reports_fractions():
    from assistant.engine.offline.data import headline

    shown = {item["value"] for item in headline({"leads": 154.27, "ctr": 0.0407}, "vi")}
    assert shown == {"154", "4,07%"}


def test_a_sentence_that_introduces_a_list_keeps_its_list():
    chunk = ("## SLA\nSLA giữa marketing và sales là một thoả thuận mức dịch vụ, gồm:\n\n"
             "- Tiêu chí MQL và SAL.\n- Sales phản hồi trong 24–48 giờ.\n\nThời tiết hôm nay đẹp trời lắm nhé.")
    text, _ = trim(chunk, "SLA giữa marketing và sales gồm những gì?")
    assert text == ("SLA giữa marketing và sales là một thoả thuận mức dịch vụ, gồm:\n"
                    "- Tiêu chí MQL và SAL.\n- Sales phản hồi trong 24–48 giờ.")
