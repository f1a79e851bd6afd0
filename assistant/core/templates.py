"""Every user-facing text goes through here: Jinja2 templates under `prompts/{lang}/`.

`render("report.html.j2", lang="vi", **ctx)` renders a whole template file.
`text("kpi.empty_file", lang="en", name=...)` calls the macro `empty_file` of `prompts/en/kpi.j2`:
short messages live as macros, grouped one file per area.

Templates come from the packaged or checkout `prompts/` (`resource_dir`) until the composition root
calls `use_prompts(settings.prompts_dir)`, so `GROWTHDOC_PROMPTS_DIR` takes effect.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    select_autoescape,
)

from assistant.core.config import resource_dir

LANGUAGES = ("vi", "en")
DEFAULT_LANG = "vi"
_configured: Path | None = None  # set once at start-up by use_prompts()


def use_prompts(root: Path | str | None) -> None:
    """Render every text from the prompts folder `root` from now on; None goes back to the default."""
    global _configured
    _configured = Path(root) if root else None


def prompts_dir() -> Path:
    """The folder templates are read from: the configured one, else the packaged or checkout `prompts/`."""
    return _configured or resource_dir("prompts")


# A macro file imported by an HTML or SVG template is compiled again under this prefix, with
# autoescape on: a template keeps its own autoescape setting, so `drafting.j2` imported as is
# would write data raw into the page (and its output would be trusted as Markup there).
HTML_ALIAS = "html/"
_HTML = select_autoescape(enabled_extensions=("html", "html.j2", "svg.j2"), default_for_string=True)


def _escaped(name: str | None) -> bool:
    return _HTML(name) or bool(name and name.startswith(HTML_ALIAS))


class _Environment(Environment):
    """Imports made from an HTML template resolve to the autoescaped alias of the imported file."""

    def join_path(self, template: str, parent: str) -> str:
        if _escaped(parent) and not _escaped(template):
            return HTML_ALIAS + template
        return template


class _Loader(FileSystemLoader):
    """Reads `html/x.j2` from the same file as `x.j2`."""

    def get_source(self, environment, template):
        name = template.removeprefix(HTML_ALIAS)
        try:
            return super().get_source(environment, name)
        except TemplateNotFound:
            raise TemplateNotFound(template) from None


def _vn_number(value, decimals: int = 0) -> str:
    """1234567.5 -> '1.234.567,5' (Vietnamese grouping); used by templates in `vi`."""
    if value is None:
        return "—"
    formatted = f"{float(value):,.{decimals}f}"
    return formatted.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _en_number(value, decimals: int = 0) -> str:
    if value is None:
        return "—"
    return f"{float(value):,.{decimals}f}"


_OPTIONS = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": False}


class _CompiledCache(FileSystemBytecodeCache):
    """Compiled templates kept between processes, in Jinja's per-user cache folder (created 0700, refused
    if another user owns it): a process's first message costs a read, not a compile (all the templates
    take seconds to compile). A template whose source changed is compiled again (Jinja checks its hash);
    a cache that cannot be read or written only costs the compile."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@lru_cache(maxsize=1)
def _compiled_cache() -> FileSystemBytecodeCache | None:
    # the file names carry the options compiled with: code compiled otherwise is never read back
    tag = hashlib.sha256(repr(sorted(_OPTIONS.items())).encode()).hexdigest()[:8]
    try:
        return _CompiledCache(pattern=f"growthdoc-{tag}-%s.cache")
    except (OSError, RuntimeError):  # no writable temp folder, or an unsafe one: compile every time
        return None


@lru_cache(maxsize=4)
def _environment(root: Path, lang: str) -> Environment:
    env = _Environment(
        loader=_Loader([str(root / lang), str(root)]),
        autoescape=_escaped,
        undefined=StrictUndefined,
        bytecode_cache=_compiled_cache(),
        **_OPTIONS,
    )
    env.filters["num"] = _vn_number if lang == "vi" else _en_number
    env.filters["pct"] = lambda v, d=1: "—" if v is None else env.filters["num"](v * 100, d) + "%"
    env.globals["lang"] = lang
    return env


def normalize_lang(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANG


def environment(lang: str = DEFAULT_LANG, root: Path | None = None) -> Environment:
    return _environment(root or prompts_dir(), normalize_lang(lang))


def render(name: str, lang: str = DEFAULT_LANG, **ctx) -> str:
    """Render the template file `prompts/{lang}/{name}` (falls back to `prompts/{name}`)."""
    return environment(lang).get_template(name).render(**ctx).strip()


@lru_cache(maxsize=64)
def _macros(root: Path, area: str, lang: str):
    # Building a template module is the costly part of a short message: do it once per area.
    return environment(lang, root).get_template(f"{area}.j2").make_module()


def text(key: str, lang: str = DEFAULT_LANG, **ctx) -> str:
    """Render the short message `area.macro` from `prompts/{lang}/{area}.j2`."""
    area, _, macro = key.partition(".")
    return str(getattr(_macros(prompts_dir(), area, normalize_lang(lang)), macro)(**ctx)).strip()
