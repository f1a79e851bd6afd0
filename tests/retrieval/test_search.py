"""Search quality on fixed questions (Vietnamese, without diacritics, English) and the Hit contract."""

import pytest

from assistant.contracts import Citation
from assistant.core.errors import UserFacingError
from assistant.retrieval.search import rrf
from assistant.retrieval.tokens import Restorer, bm25_tokens


def test_rrf_rewards_agreement_between_rankings():
    fused = rrf([[1, 2, 3], [3, 1, 4]])
    assert [i for i, _ in fused][:2] == [1, 3]
    assert rrf([[1, 2], [2, 1]], weights=[0.0, 1.0])[0][0] == 2


def test_bm25_tokens_fold_diacritics_and_pair_syllables():
    assert bm25_tokens("Tỷ lệ chuyển đổi") == ["ty", "le", "chuyen", "doi", "ty_le", "le_chuyen", "chuyen_doi"]


def test_restorer_puts_back_diacritics_from_the_corpus_and_leaves_english_alone():
    restorer = Restorer(["Tỷ lệ chuyển đổi của phễu", "Chân dung khách hàng mục tiêu", "lệ phí, tỉ lệ"])
    assert restorer.restore("ty le chuyen doi") == "tỷ lệ chuyển đổi"
    assert restorer.restore("khach hang muc tieu KPI") == "khách hàng mục tiêu KPI"
    assert restorer.looks_vietnamese("chan dung khach hang")
    assert not restorer.looks_vietnamese("how do I write a customer persona")
    assert not Restorer(["cần đo ít"]).looks_vietnamese("can I do it")


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_sla_question_finds_the_sla_section(searcher, mode):
    hits = searcher.search("SLA giữa marketing và sales: sales phải phản hồi lead trong bao lâu?", k=3, mode=mode)
    assert "silos" in [h.doc_id for h in hits]


def test_query_without_diacritics_finds_the_conversion_material(searcher):
    hits = searcher.search("lam sao tang ty le chuyen doi", k=3)
    assert {h.doc_id for h in hits} & {"pillar-conversion", "step-5-conversion-sales", "glossary"}
    assert searcher.dense_query("lam sao tang ty le chuyen doi") == "làm sao tăng tỷ lệ chuyển đổi"
    # a title repeated on every chunk ("Bảng thuật ngữ marketing") must not outvote "đội ngũ"
    assert searcher.dense_query("trao quyen cho doi ngu marketing") == "trao quyền cho đội ngũ marketing"


def test_english_question_gets_english_passages(searcher):
    hits = searcher.search("What are the four pillars of systematic marketing?", k=3)
    assert "systematic-marketing" in [h.doc_id for h in hits]
    assert {(h.lang, h.fallback) for h in hits} == {("en", False)}
    assert all(h.source.startswith("knowledge/en/") for h in hits)
    assert "pillars" in " ".join(h.text for h in hits).lower()
    assert searcher.dense_query("What are the four pillars?", "en") == "What are the four pillars?"


def test_the_readers_language_wins_over_the_querys(searcher):
    """A Vietnamese reader who types in English still reads Vietnamese, and the other way round."""
    vi = searcher.search("What are the four pillars of systematic marketing?", k=3, lang="vi")
    assert {h.lang for h in vi} == {"vi"} and "systematic-marketing" in [h.doc_id for h in vi]
    en = searcher.search("SLA giữa marketing và sales: sales phải phản hồi lead trong bao lâu?", k=3, lang="en")
    assert {h.lang for h in en} == {"en"} and "silos" in [h.doc_id for h in en]


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_english_sla_question_cites_the_english_section(searcher, mode):
    hits = searcher.search("How quickly must sales respond to a lead under the marketing-sales SLA?", k=3, mode=mode)
    top = next(h for h in hits if h.doc_id == "silos")
    citation = top.to_citation()
    assert citation.lang == "en" and citation.source == "knowledge/en/silos.md"
    assert citation.title.startswith("The six internal silos") and citation.section is not None


def test_a_language_missing_from_the_index_falls_back_with_a_flag(tiny_settings):
    from assistant.retrieval.ingest import ingest
    from assistant.retrieval.search import KnowledgeSearch

    ingest(tiny_settings, progress=False)  # the tiny knowledge base has no English files
    searcher = KnowledgeSearch(tiny_settings)
    assert searcher.languages() == ["vi"]
    hits = searcher.search("How fast should sales answer a lead?", k=2)
    assert hits and {(h.lang, h.fallback) for h in hits} == {("vi", True)}
    assert not any(h.fallback for h in searcher.search("phản hồi lead", k=2))


def test_kick_off_questions_come_first_with_a_citation(searcher):
    top = searcher.search("5 câu hỏi của buổi họp kick-off chiến dịch liên phòng ban", k=1)[0]
    assert top.doc_id == "silos" and "kick-off" in top.heading
    assert top.citation == f"{top.title} › {top.heading}"
    citation = top.to_citation()
    assert isinstance(citation, Citation)
    assert (citation.doc_id, citation.source, citation.label) == ("silos", "knowledge/silos.md", top.citation)
    assert set(top.to_dict()) == {"text", "title", "source", "heading", "score", "citation", "lang", "fallback"}
    assert (top.lang, citation.lang, citation.section) == ("vi", "vi", top.section) and top.section is not None


def test_results_are_best_first_and_k_is_respected(searcher):
    hits = searcher.search("KPI đầu vào, đầu ra và tác động", k=4)
    assert len(hits) == 4
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].doc_id == "kpi-taxonomy"


@pytest.mark.parametrize("query,mode,key", [("   ", "hybrid", "retrieval.empty_query"),
                                             ("kpi", "fuzzy", "retrieval.bad_mode")])
def test_bad_queries_get_a_message(searcher, query, mode, key):
    with pytest.raises(UserFacingError) as caught:
        searcher.search(query, mode=mode)
    assert caught.value.key == key and caught.value.message("vi")


def test_an_empty_index_says_to_run_ingest(tiny_settings):
    from assistant.retrieval.search import KnowledgeSearch

    with pytest.raises(UserFacingError) as caught:
        KnowledgeSearch(tiny_settings)
    assert "growthdoc ingest" in caught.value.message("vi")
    assert "growthdoc ingest" in caught.value.message("en")


@pytest.mark.parametrize("query, lang", [("SLA giữa marketing và sales", "vi"), ("chốt đơn từ tin nhắn", "vi"),
                                         ("how to set KPI targets", "en")])
def test_the_dense_side_finds_the_passages_the_store_itself_finds_nearest(searcher, query, lang):
    """The vectors are scored in memory: the same nearest passages as a query of the Chroma store."""
    view = searcher._view()
    vector = searcher.embedder.embed_query([searcher.dense_query(query, lang, view)])[0]
    found = view.collection.query(query_embeddings=[vector], where={"lang": lang}, n_results=5,
                                  include=["distances"])
    ours = searcher.rank_dense(view, query, 5, lang)
    assert [view.ids[i] for i, _ in ours] == found["ids"][0]
    # float32 sums in another order (numpy, chromadb versions) move the 4th decimal, never the ranking
    assert [score for _, score in ours] == pytest.approx([1 - d for d in found["distances"][0]], abs=1e-3)
