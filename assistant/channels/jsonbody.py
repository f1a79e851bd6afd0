"""JSON request bodies read safely: bounded nesting, no lone surrogates, large bodies parsed off the event loop.

`json.loads` recurses once per level (a body of 100,000 `[` raises RecursionError) and accepts
`"\\ud800"`, a string no UTF-8 encoder, database or response will take later; both used to be 500s.
"""

import json
from typing import Any, Callable

from starlette.concurrency import run_in_threadpool

from assistant.core.errors import UserFacingError

MAX_DEPTH = 32  # every body GrowthDoc reads is a few levels deep; this leaves room for clients' extras
THREAD_ABOVE_BYTES = 32 * 1024  # below this, parsing costs less than the hop to a worker thread


class BadJson(UserFacingError):
    """A body that is not usable JSON; `problem` says why (syntax, nesting or Unicode)."""


def loads(raw: bytes, parse_int: Callable[[str], Any] | None = None) -> Any:
    """The parsed body; raises BadJson with a clear key for syntax, nesting and Unicode problems."""
    try:
        value = json.loads(raw or b"null", parse_int=parse_int)
    except RecursionError:
        raise BadJson("common.json_too_deep", limit=MAX_DEPTH) from None
    except UnicodeDecodeError:
        raise BadJson("common.json_not_utf8") from None
    except ValueError as error:
        raise BadJson("common.json_invalid", problem=str(error)) from None
    _check(value)
    return value


async def read(raw: bytes, parse_int: Callable[[str], Any] | None = None) -> Any:
    """`loads`, in a worker thread when the body is large, so one big body cannot stall every client."""
    if len(raw) > THREAD_ABOVE_BYTES:
        return await run_in_threadpool(loads, raw, parse_int)
    return loads(raw, parse_int)


def _check(value: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH and strings holding lone surrogates (iterative: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
            continue
        if not isinstance(item, (dict, list)):
            continue
        if depth > MAX_DEPTH:
            raise BadJson("common.json_too_deep", limit=MAX_DEPTH)
        if isinstance(item, dict):
            stack.extend((key, depth) for key in item)
            item = item.values()
        stack.extend((child, depth + 1) for child in item)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadJson("common.json_bad_unicode") from None
