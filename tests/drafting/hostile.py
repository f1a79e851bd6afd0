"""Data full of markup, and a parser that lists the elements of a page (shared by the escaping tests)."""

import copy
from html.parser import HTMLParser

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script><svg onload=alert(1)>'
# Markdown that would become an element if a draft passed data to markdown-it unescaped.
MD = "![p](https://evil.example/p.png) [l](javascript:alert(1)) <https://evil.example>"


def hostile(snapshot: dict) -> dict:
    """The hand-made snapshot with markup in every free-text field a reader can set."""
    snap = copy.deepcopy(snapshot)
    snap["business"] |= {"name": "Shop " + XSS + MD, "industry": XSS, "customer": XSS + MD, "positioning": XSS}
    snap["currency"] = XSS
    snap["period"] = {"start": XSS, "end": XSS + MD}
    snap["sources"] = {"spend": f"{XSS}.csv, column {XSS}", "leads": MD}
    return snap


HOSTILE_KPIS = {XSS: 0.5, "cpl" + XSS: 75_000, MD: 3}


class Elements(HTMLParser):
    """The element names of a page, and every attribute name (an `onerror` is an element's too)."""

    def __init__(self, text: str):
        super().__init__()
        self.tags, self.attrs = set(), set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)
