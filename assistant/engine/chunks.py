"""Streaming a finished reply: word-aligned deltas whose concatenation is exactly the text."""

import re
from typing import Iterator


def chunk_text(text: str, size: int = 24) -> Iterator[str]:
    """Split a finished reply into word-aligned deltas whose concatenation is exactly `text`."""
    buf = ""
    for piece in re.findall(r"\s*\S+\s*", text) or [text]:
        buf += piece
        if len(buf) >= size:
            yield buf
            buf = ""
    if buf:
        yield buf
