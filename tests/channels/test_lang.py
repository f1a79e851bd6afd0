"""The one language rule of the HTTP edge: ?lang=, then X-GrowthDoc-Lang, then Accept-Language by q-value."""

import pytest
from starlette.requests import Request

from assistant.channels.lang import accepted_lang, request_lang


@pytest.mark.parametrize("header, lang", [
    ("vi;q=0.5, en;q=0.9", "en"),  # the order of the header does not beat the weights
    ("en;q=0.1, vi", "vi"),  # no q means 1
    ("en-US,en;q=0.9,vi;q=0.5", "en"),
    ("fr-FR, de;q=0.9, en;q=0.2", "en"),  # unsupported languages are skipped, not defaulted
    ("en;q=0, vi;q=0.1", "vi"),  # q=0 means "not this one"
    ("en;q=abc, vi;q=0.3", "vi"),  # a malformed weight is ignored
    ("EN-gb", "en"),
    ("", "vi"),
    ("fr", "vi"),
])
def test_accept_language_is_ranked_by_q_value(header, lang):
    assert accepted_lang(header) == lang


def _request(query: str = "", **headers) -> Request:
    raw = [(k.replace("_", "-").lower().encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "method": "GET", "path": "/", "query_string": query.encode(), "headers": raw})


def test_explicit_choices_win_over_the_browser():
    browser = {"accept_language": "vi, en;q=0.5"}
    assert request_lang(_request(**browser)) == "vi"
    assert request_lang(_request(x_growthdoc_lang="en", **browser)) == "en"
    assert request_lang(_request("lang=en", **browser)) == "en"
    assert request_lang(_request("lang=vi", x_growthdoc_lang="en")) == "vi"
    assert request_lang(_request("lang=fr", x_growthdoc_lang="xx", accept_language="en")) == "en"
