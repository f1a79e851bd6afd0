"""The lexicon is data, loaded on first use, and the scanner finds its phrases as whole words."""

from assistant.intake import lexicon as lx
from assistant.intake.text import norm


def test_every_list_holds_strings_only():
    def walk(node):
        if isinstance(node, dict):
            return all(walk(v) for v in node.values())
        if isinstance(node, list):
            return all(isinstance(v, str) for v in node)
        return True
    assert walk(lx.data())


def test_the_scanner_finds_stage_words_and_ignores_parts_of_words():
    hits = {(h.phrase, h.meaning) for h in lx.scan(norm("khách đặt lịch khám, kháchhàng"))}
    assert ("dat lich kham", "qualified") in hits and not any(p == "khach hang" for p, _ in hits)


def test_the_offline_flow_still_reads_its_words():
    assert "smart" in lx.SMART_TRIGGER and "formula" in lx.CLASSIFY_WORDS
