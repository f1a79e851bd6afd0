"""Markdown to HTML with markdown-it-py; raw HTML in the Markdown is escaped, never passed through.

Images and links are off: drafts have none, and one written in the owner's data (a business name
`![x](https://…)`) would make the offline page fetch, or link to, a stranger's URL.
"""

from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table").disable(["image", "link", "autolink"])


@lru_cache(maxsize=256)  # a draft asked for again, unchanged, is not rendered again
def to_html(markdown: str) -> str:
    """Render Markdown (CommonMark + tables) as an HTML fragment."""
    return _parser().render(markdown)


def standalone_page(title: str, body_html: str, lang: str = "vi") -> str:
    """One draft's HTML fragment (markdown-it output, already safe) as an offline page."""
    from markupsafe import Markup

    from assistant.core.templates import render

    return render("agenda.html.j2", lang, title=title, body=Markup(body_html))
