"""Knowledge files: YAML front matter validated, Markdown body split into chunks by heading. Pure.

The method is written twice: Vietnamese in `knowledge/<id>.md`, English in `knowledge/en/<id>.md`,
with the same headings in the same order. A section's id is its place among the file's headings
(`section`), so the n-th section of one language is the n-th of the other: a citation stored in one
language is shown in the reader's (`localize`).
"""

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.contracts import Citation
from assistant.core.config import resource_dir
from assistant.core.errors import UserFacingError
from assistant.core.lang import strip_diacritics

HEADING_SEP = " › "
LANGS = ("vi", "en")         # vi is the reference text; en mirrors it section by section
MAX_CHUNK_CHARS = 1200       # longer sections are split at paragraph breaks
MIN_CHUNK_CHARS = 40         # shorter trailing pieces merge into the previous one
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^(#{1,3})[ \t]+(.+?)[ \t#]*$")


class FrontMatter(BaseModel):
    """The front matter every `knowledge/<id>.md` starts with."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    pillar: Literal["strategy", "traffic", "conversion", "measurement", "all"]
    step: int | None = Field(default=None, ge=1, le=7)
    topics: list[str] = Field(default_factory=list)
    source: str = Field(min_length=1)


@dataclass(frozen=True)
class Chunk:
    """One heading section of a knowledge file: what gets embedded, indexed and cited."""

    doc_id: str
    title: str
    heading: str          # "H2 › H3", "" for the text before the first heading
    source: str           # "knowledge/<id>.md"
    text: str
    position: int
    pillar: str = "all"
    step: int | None = None
    lang: str = "vi"
    section: int = 0      # place of its heading among the file's headings, shared by both languages

    @property
    def chunk_id(self) -> str:
        return f"{doc_key(self.doc_id, self.lang)}#{self.position}"

    @property
    def label(self) -> str:
        return f"{self.title}{HEADING_SEP}{self.heading}" if self.heading else self.title

    @property
    def embed_text(self) -> str:
        """The passage the dense model sees: where the chunk sits, then its text."""
        return f"{self.label}\n{self.text}"

    @property
    def hash(self) -> str:
        return _sha(self.embed_text)


@dataclass(frozen=True)
class Document:
    """A parsed knowledge file."""

    meta: FrontMatter
    source: str
    hash: str
    chunks: list[Chunk] = field(default_factory=list)
    lang: str = "vi"
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, heading path) per section id

    @property
    def doc_id(self) -> str:
        return self.meta.id

    @property
    def key(self) -> str:
        """What names the file in the index: `<id>` for Vietnamese, `en/<id>` for English."""
        return doc_key(self.doc_id, self.lang)


def doc_key(doc_id: str, lang: str) -> str:
    return doc_id if lang == "vi" else f"{lang}/{doc_id}"


def lang_dir(directory: Path, lang: str) -> Path:
    """Where the files of one language live: the directory itself for Vietnamese, `<dir>/en` for English."""
    return Path(directory) if lang == "vi" else Path(directory) / lang


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def load_knowledge(directory: Path, lang: str = "vi") -> list[Document]:
    """Every `*.md` of one language, parsed and chunked, in file-name order.

    Vietnamese is required; a missing English folder is simply no English files."""
    paths = sorted(lang_dir(directory, lang).glob("*.md"))
    if not paths and lang == "vi":
        raise UserFacingError("retrieval.no_knowledge", dir=str(directory))
    documents, seen = [], {}
    for path in paths:
        document = parse_document(path.name, _read(path), lang)
        if document.doc_id in seen:
            raise UserFacingError(
                "retrieval.duplicate_id", file=path.name, id=document.doc_id, other=seen[document.doc_id]
            )
        seen[document.doc_id] = path.name
        documents.append(document)
    return documents


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UserFacingError("retrieval.unreadable_file", file=path.name, reason=type(err).__name__) from err


def load_all(directory: Path) -> list[Document]:
    """Both languages: the Vietnamese files, then their English counterparts."""
    return [d for lang in LANGS for d in load_knowledge(directory, lang)]


def parse_document(filename: str, content: str, lang: str = "vi") -> Document:
    """Validate the front matter of one file and chunk its body."""
    meta, body = parse_front_matter(filename, content)
    if meta.id != Path(filename).stem:
        raise UserFacingError("retrieval.id_mismatch", file=filename, id=meta.id)
    source = "/".join(("knowledge", *([] if lang == "vi" else [lang]), filename))
    sections = _sections(body)
    chunks = chunk_markdown(body, meta, source, lang, sections)
    # the file's hash covers its chunks too, so a change of chunking re-indexes the file
    return Document(meta=meta, source=source, hash=_sha(content + "".join(c.hash for c in chunks)), chunks=chunks,
                    lang=lang, headings=[(level, heading) for level, heading, _ in sections])


def cite(doc_id: str, hint: str = "", knowledge_dir: Path | None = None, lang: str = "vi") -> Citation:
    """A citation of `knowledge/<doc_id>.md` at its first section whose heading holds every word of
    `hint` (case and diacritics ignored; hints are Vietnamese words); the whole file without a hint;
    the hint itself when the file or the heading is missing. Worded in `lang` when that language has
    the file. Diagnosis and drafts cite through here, search through its hits."""
    document = _document(doc_id, "vi", knowledge_dir)
    if document is None:
        return Citation(doc_id=doc_id, title=doc_id, heading=hint, source=f"knowledge/{doc_id}.md")
    words = _words(hint)
    section = next((c.section for c in document.chunks if hint and words <= _words(c.heading)), None)
    if hint and section is None:
        return Citation(doc_id=doc_id, title=document.meta.title, heading=hint, source=document.source)
    found = Citation(doc_id=doc_id, title=document.meta.title, heading=_heading(document, section),
                     source=document.source, section=section)
    return localize(found, lang, knowledge_dir)


def localize(citation: Citation, lang: str, knowledge_dir: Path | None = None) -> Citation:
    """The same section worded in `lang`: its title, heading and file in that language.

    The section is found by its id, else (a citation stored before ids existed) by its heading in
    its own language. Unchanged when the file, or that section, is missing in `lang`."""
    if citation.lang == lang and (citation.section is not None or not citation.heading):
        return citation
    own = _document(citation.doc_id, citation.lang, knowledge_dir)
    section = citation.section
    if own is not None and citation.heading and _heading(own, section) != citation.heading:
        # no id, or one from another copy of the knowledge base: find the section by its heading
        section = next((i for i, (_, h) in enumerate(own.headings) if h == citation.heading), None)
    target = _document(citation.doc_id, lang, knowledge_dir)
    if target is None or (citation.heading and (section is None or section >= len(target.headings))):
        return citation
    return Citation(doc_id=citation.doc_id, title=target.meta.title, heading=_heading(target, section),
                    source=target.source, section=section, lang=lang)


def _heading(document: Document, section: int | None) -> str:
    return document.headings[section][1] if section is not None and section < len(document.headings) else ""


def _document(doc_id: str, lang: str, knowledge_dir: Path | None) -> Document | None:
    """One knowledge file in one language, or None when it does not exist."""
    root = Path(knowledge_dir or resource_dir("knowledge"))  # default: the bundled notes
    path = lang_dir(root, lang) / f"{doc_id}.md"
    if lang not in LANGS or not path.is_file():
        return None
    return _parsed(path, path.stat().st_mtime_ns, lang)


@lru_cache(maxsize=128)
def _parsed(path: Path, mtime_ns: int, lang: str = "vi") -> Document:
    """One knowledge file parsed once per version (the mtime is part of the key)."""
    return parse_document(path.name, _read(path), lang)


def _words(value: str) -> set[str]:
    return set(re.sub(r"[^\w\s]", " ", strip_diacritics(value).lower()).split())


def parse_front_matter(filename: str, content: str) -> tuple[FrontMatter, str]:
    """Split `---\\nyaml\\n---\\nbody`; any problem names the file and the field."""
    match = _FRONT_MATTER.match(content.lstrip("\ufeff"))
    if not match:
        raise UserFacingError("retrieval.missing_front_matter", file=filename)
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise UserFacingError("retrieval.bad_yaml", file=filename, line=mark.line + 2 if mark else None) from err
    if not isinstance(data, dict):
        raise UserFacingError("retrieval.missing_front_matter", file=filename)
    try:
        meta = FrontMatter.model_validate(data)
    except ValidationError as err:
        raise _front_matter_error(filename, data, err) from err
    return meta, content.lstrip("\ufeff")[match.end():]


def _front_matter_error(filename: str, data: dict, err: ValidationError) -> UserFacingError:
    first = err.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "?"
    if first["type"] == "missing":
        return UserFacingError("retrieval.missing_field", file=filename, field=name)
    return UserFacingError("retrieval.bad_field", file=filename, field=name, value=data.get(name))


def _sections(body: str) -> list[tuple[int, str, list[str]]]:
    """(level, heading path, lines) for each section, its index being its id: 0 is the text before
    the first heading (level 0); `#` titles start a section with an empty path; fences respected."""
    sections, path, lines, fenced, level = [], {}, [], False, 0
    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if not match:
            lines.append(line)
            continue
        sections.append((level, HEADING_SEP.join(path.values()), lines))
        level, lines = len(match.group(1)), []
        path = {lvl: name for lvl, name in path.items() if lvl < level}
        if level > 1:
            path[level] = match.group(2).strip()
    sections.append((level, HEADING_SEP.join(path.values()), lines))
    return sections


def _split_long(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """Cut a long section at paragraph breaks into pieces of at most ~limit characters."""
    if len(text) <= limit:
        return [text]
    pieces, current = [], ""
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if current and len(current) + len(paragraph) + 2 > limit:
            pieces.append(current)
            current = paragraph
        else:
            current = f"{current}\n\n{paragraph}" if current else paragraph
    if current:
        if pieces and len(current) < MIN_CHUNK_CHARS:
            pieces[-1] = f"{pieces[-1]}\n\n{current}"
        else:
            pieces.append(current)
    return pieces


def chunk_markdown(body: str, meta: FrontMatter, source: str, lang: str = "vi",
                   sections: list[tuple[int, str, list[str]]] | None = None) -> list[Chunk]:
    """One chunk per heading section with text (long ones split), knowing its heading path and id."""
    chunks = []
    for section, (_, heading, lines) in enumerate(sections if sections is not None else _sections(body)):
        text = "\n".join(lines).strip()
        if not text:
            continue
        for piece in _split_long(text):
            chunks.append(
                Chunk(doc_id=meta.id, title=meta.title, heading=heading, source=source, text=piece,
                      position=len(chunks), pillar=meta.pillar, step=meta.step, lang=lang, section=section)
            )
    return chunks
