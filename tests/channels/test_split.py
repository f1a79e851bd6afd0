"""Replies cut for platforms: never over the limit, cut between sentences, nothing lost."""

from assistant.channels.split import MESSAGE_LIMIT, split_message, with_sources
from assistant.contracts import Citation, Reply


def test_short_text_is_one_message():
    assert split_message("  Chào anh/chị.  ") == ["Chào anh/chị."]
    assert split_message("   ") == []


def test_cuts_fall_after_sentences_and_keep_every_word():
    text = " ".join(f"Câu thứ {i} nói về tỉ lệ chốt đơn của shop!" for i in range(120))
    parts = split_message(text)
    assert len(parts) > 1 and all(len(p) <= MESSAGE_LIMIT for p in parts)
    assert all(p.endswith("!") for p in parts)
    assert " ".join(parts) == text


def test_a_paragraph_break_is_preferred_to_a_sentence_end():
    first = "Đoạn một. " * 150
    parts = split_message(first.strip() + "\n\n" + "Đoạn hai. " * 100)
    assert parts[0] == first.strip() and parts[1].startswith("Đoạn hai.")


def test_text_without_spaces_is_cut_hard_at_the_limit():
    assert [len(p) for p in split_message("x" * 4500)] == [2000, 2000, 500]
    assert [len(p) for p in split_message("y" * 30, limit=10)] == [10, 10, 10]


def test_sources_follow_the_text_once_each_in_the_reply_language():
    cite = Citation(doc_id="silos", title="Sáu silo", heading="SLA", source="knowledge/silos.md")
    assert with_sources(Reply(text="Xong.", citations=[cite, cite])) == "Xong.\n\nNguồn:\n[1] Sáu silo › SLA"
    assert with_sources(Reply(text="Done.", citations=[cite], lang="en")).endswith("Sources:\n[1] Sáu silo › SLA")
    assert with_sources(Reply(text="Không nguồn.")) == "Không nguồn."


def test_plain_text_drops_markdown_marks_but_keeps_the_words():
    from assistant.channels.split import plain_text

    md = "## Việc nên làm\n**Bước 1**: đo `CPL` và __tỉ lệ chốt__.\n- 2 * 3 = 6"
    assert plain_text(md) == "Việc nên làm\nBước 1: đo CPL và tỉ lệ chốt.\n- 2 * 3 = 6"
