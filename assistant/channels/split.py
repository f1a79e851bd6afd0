"""Split a reply into messages no longer than a platform's limit, cutting between sentences.

Preference order for a cut: a blank line (paragraph), a line break, the end of a sentence, a space;
a single "word" longer than the limit is cut hard. Pieces keep their text verbatim (only the
whitespace at a cut is dropped), so joining them with spaces reads like the original.
"""

import re

from assistant.core.templates import text

MESSAGE_LIMIT = 2000
# Where a cut may fall, best first: after a paragraph, a line, a sentence end, any space.
_BOUNDARIES = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?…:;])\s+"), re.compile(r"\s+"))


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pieces of `text`, each at most `limit` characters, cut on the best boundary available."""
    text = text.strip()
    pieces = []
    while len(text) > limit:
        cut, resume = _best_cut(text, limit)
        pieces.append(text[:cut].rstrip())
        text = text[resume:].lstrip()
    return pieces + ([text] if text else [])


def _best_cut(text: str, limit: int) -> tuple[int, int]:
    """(end of this piece, start of the next) for the latest good boundary within `limit`."""
    window = text[: limit + 1]  # a boundary right after the limit still leaves a piece <= limit
    for floor in (limit // 2, 0):  # a paragraph break that leaves a tiny piece loses to a late sentence end
        for boundary in _BOUNDARIES:
            matches = [m for m in boundary.finditer(window) if floor < m.start() <= limit]
            if matches:
                return matches[-1].start(), matches[-1].end()
    return limit, limit


def reply_messages(reply, limit: int = MESSAGE_LIMIT) -> list[str]:
    """What a chat platform receives for a reply: plain text with its sources, split."""
    return split_message(plain_text(with_sources(reply)), limit)


def plain_text(markdown: str) -> str:
    """Markdown as chat platforms show it: no `**`/`__` emphasis, no `#` marks, no backticks."""
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", markdown)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.MULTILINE)
    return text.replace("`", "")


def with_sources(reply) -> str:
    """The reply's text followed by its short «Nguồn:» list, when it cites anything."""
    sources = sources_block(reply)
    return f"{reply.text}\n\n{sources}" if sources else reply.text


def sources_block(reply, max_sources: int = 5) -> str:
    """«Nguồn:» and one line per cited section (text from prompts), or "" without citations."""
    labels = list(dict.fromkeys(c.label for c in reply.citations))[:max_sources]
    return text("channels.sources", reply.lang, labels=labels) if labels else ""
