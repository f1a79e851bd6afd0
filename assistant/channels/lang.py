"""The language a request is answered in: `?lang=`, then `X-GrowthDoc-Lang`, then Accept-Language by q-value."""

from starlette.requests import HTTPConnection

from assistant.core.templates import DEFAULT_LANG, LANGUAGES


def request_lang(conn: HTTPConnection) -> str:
    """'vi' or 'en' for this request (a middleware passes `HTTPConnection(scope)`); Vietnamese by default."""
    for explicit in (conn.query_params.get("lang"), conn.headers.get("x-growthdoc-lang")):
        tag = (explicit or "").strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return accepted_lang(conn.headers.get("accept-language", ""))


def asks_for_lang(conn: HTTPConnection) -> bool:
    """True when the request names a language at all (else a stored preference may answer)."""
    return any((conn.query_params.get("lang"), conn.headers.get("x-growthdoc-lang"),
                conn.headers.get("accept-language")))


def accepted_lang(header: str) -> str:
    """The best supported language of an Accept-Language header: highest q first, then header order."""
    ranked = []
    for order, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = _quality(params)
        if quality > 0:  # q=0 means "not this one"
            ranked.append((-quality, order, tag.strip().lower()[:2]))
    return next((tag for _, _, tag in sorted(ranked) if tag in LANGUAGES), DEFAULT_LANG)


def _quality(params: str) -> float:
    name, _, value = params.strip().partition("=")
    if name.strip().lower() != "q":
        return 1.0
    try:
        return float(value)
    except ValueError:
        return 0.0  # a malformed weight is ignored rather than trusted
