"""Knowledge files: YAML front matter validated, Markdown body split into chunks by heading. Pure."""

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

    @property
    def chunk_id(self) -> str:
        return f"{self.doc_id}#{self.position}"

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

    @property
    def doc_id(self) -> str:
        return self.meta.id


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def load_knowledge(directory: Path) -> list[Document]:
    """Every `*.md` of the directory, parsed and chunked, in file-name order."""
    paths = sorted(Path(directory).glob("*.md"))
    if not paths:
        raise UserFacingError("retrieval.no_knowledge", dir=str(directory))
    documents, seen = [], {}
    for path in paths:
        document = parse_document(path.name, _read(path))
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


def parse_document(filename: str, content: str) -> Document:
    """Validate the front matter of one file and chunk its body."""
    meta, body = parse_front_matter(filename, content)
    if meta.id != Path(filename).stem:
        raise UserFacingError("retrieval.id_mismatch", file=filename, id=meta.id)
    source = f"knowledge/{filename}"
    chunks = chunk_markdown(body, meta, source)
    # the file's hash covers its chunks too, so a change of chunking re-indexes the file
    return Document(meta=meta, source=source, hash=_sha(content + "".join(c.hash for c in chunks)), chunks=chunks)


def cite(doc_id: str, hint: str = "", knowledge_dir: Path | None = None) -> Citation:
    """A citation of `knowledge/<doc_id>.md` at its first section whose heading holds every word of
    `hint` (case and diacritics ignored); the whole file without a hint; the hint itself when the
    file or the heading is missing. Diagnosis and drafts cite through here, search through its hits."""
    path = Path(knowledge_dir or resource_dir("knowledge")) / f"{doc_id}.md"  # default: the bundled notes
    source = f"knowledge/{doc_id}.md"
    if not path.is_file():
        return Citation(doc_id=doc_id, title=doc_id, heading=hint, source=source)
    document = _parsed(path, path.stat().st_mtime_ns)
    words = _words(hint)
    heading = next((c.heading for c in document.chunks if hint and words <= _words(c.heading)), hint)
    return Citation(doc_id=doc_id, title=document.meta.title, heading=heading, source=source)


@lru_cache(maxsize=64)
def _parsed(path: Path, mtime_ns: int) -> Document:
    """One knowledge file parsed once per version (the mtime is part of the key)."""
    return parse_document(path.name, _read(path))


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


def _sections(body: str) -> list[tuple[str, list[str]]]:
    """(heading path, lines) for each `##`/`###` section; `#` titles are dropped; fences respected."""
    sections, path, lines, fenced = [], {}, [], False
    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if not match:
            lines.append(line)
            continue
        sections.append((HEADING_SEP.join(path.values()), lines))
        level, lines = len(match.group(1)), []
        path = {lvl: name for lvl, name in path.items() if lvl < level}
        if level > 1:
            path[level] = match.group(2).strip()
    sections.append((HEADING_SEP.join(path.values()), lines))
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


def chunk_markdown(body: str, meta: FrontMatter, source: str) -> list[Chunk]:
    """One chunk per heading section with text (long ones split), knowing its heading path."""
    chunks = []
    for heading, lines in _sections(body):
        text = "\n".join(lines).strip()
        if not text:
            continue
        for piece in _split_long(text):
            chunks.append(
                Chunk(doc_id=meta.id, title=meta.title, heading=heading, source=source, text=piece,
                      position=len(chunks), pillar=meta.pillar, step=meta.step)
            )
    return chunks
