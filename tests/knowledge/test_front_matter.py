"""Every knowledge file carries valid front matter, a title and sections a retriever can cite."""

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"  # beside the checkout, as in CI
FILES = sorted(KNOWLEDGE.glob("*.md"))
REQUIRED = {"id", "title", "pillar", "step", "topics", "source"}
PILLARS = {"strategy", "traffic", "conversion", "measurement", "all"}
SOURCE_NAME = re.compile(r"^\d{3}_[0-9a-f]+\.txt$")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)


def split(text: str) -> tuple[dict, str]:
    """Front matter as a dict and the Markdown body; ({}, text) when there is none."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = yaml.safe_load(match.group(1))
    return (meta if isinstance(meta, dict) else {}), match.group(2)


def meta_problems(meta: dict, stem: str) -> list[str]:
    """What is wrong with one file's front matter."""
    problems = [f"missing key {key}" for key in sorted(REQUIRED - meta.keys())]
    if meta.get("id") != stem:
        problems.append(f"id {meta.get('id')!r} differs from file name {stem!r}")
    if meta.get("pillar") not in PILLARS:
        problems.append(f"pillar {meta.get('pillar')!r} not in {sorted(PILLARS)}")
    step = meta.get("step")
    if step is not None and (type(step) is not int or not 1 <= step <= 7):
        problems.append(f"step {step!r} is neither null nor 1..7")
    topics = meta.get("topics")
    if not isinstance(topics, list) or not topics or not all(isinstance(t, str) for t in topics):
        problems.append("topics must be a non-empty list of strings")
    if not isinstance(meta.get("title"), str) or not meta["title"].strip():
        problems.append("title must be a non-empty string")
    return problems + source_problems(meta.get("source"))


def source_problems(source) -> list[str]:
    """A source names a seed article: NNN_<hex>.txt, and an existing file when the seeds are here."""
    if not isinstance(source, str) or not SOURCE_NAME.match(source):
        return [f"source {source!r} is not a seed file name NNN_<hex>.txt"]
    if SEEDS.is_dir() and not (SEEDS / source).is_file():
        return [f"source {source!r} not found in {SEEDS}"]
    return []


def body_problems(body: str) -> list[str]:
    """A `# ` title line and at least two `## ` sections."""
    problems = []
    if not re.search(r"^# \S", body, re.MULTILINE):
        problems.append("no '# ' title")
    if len(re.findall(r"^## \S", body, re.MULTILINE)) < 2:
        problems.append("fewer than two '## ' sections")
    return problems


def problems(path: Path) -> list[str]:
    """Everything wrong with one knowledge file, empty when it is valid."""
    text = path.read_text(encoding="utf-8")
    meta, body = split(text)
    if not meta:
        return ["no YAML front matter between '---' lines"]
    found = meta_problems(meta, path.stem) + body_problems(body)
    if unicodedata.normalize("NFC", text) != text:
        found.append("text is not NFC-normalised")
    return found


def test_knowledge_files_exist():
    assert len(FILES) >= 12, f"expected the method in {KNOWLEDGE}, found {len(FILES)} files"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_is_valid(path):
    assert problems(path) == []


AGREED_IDS = {
    "systematic-marketing", "pillar-strategy", "pillar-traffic", "pillar-conversion", "pillar-measurement",
    "step-1-business-problem", "step-2-customer-journey", "step-3-strategy-positioning", "step-4-traffic-system",
    "step-5-conversion-sales", "step-6-crm-automation-ai", "step-7-measure-optimise", "kpi-taxonomy",
    "marketing-department", "smart-goals", "strategy-goals", "silos", "glossary",
}


def test_every_agreed_id_has_a_file():
    """Diagnosis and drafting cite these ids; a missing file would be a dangling citation."""
    assert AGREED_IDS - {p.stem for p in FILES} == set()


def test_ids_are_unique():
    ids = [split(p.read_text(encoding="utf-8"))[0].get("id") for p in FILES]
    assert len(ids) == len(set(ids))


def test_every_step_and_pillar_has_exactly_one_file():
    metas = [split(p.read_text(encoding="utf-8"))[0] for p in FILES]
    steps = sorted(m["step"] for m in metas if m.get("step") is not None)
    assert steps == list(range(1, 8))
    pillar_files = sorted(m["id"] for m in metas if m.get("id", "").startswith("pillar-"))
    assert pillar_files == [f"pillar-{p}" for p in ("conversion", "measurement", "strategy", "traffic")]


def test_step_files_have_a_goal_and_three_actions():
    for path in KNOWLEDGE.glob("step-*.md"):
        _, body = split(path.read_text(encoding="utf-8"))
        assert len(re.findall(r"^## \S", body, re.MULTILINE)) >= 4, path.name


def test_validator_reports_each_defect(tmp_path):
    bad = tmp_path / "wrong-name.md"
    bad.write_text(
        "---\nid: other\ntitle: ''\npillar: sales\nstep: 9\ntopics: []\nsource: seed.txt\n---\n\n## Only one\n",
        encoding="utf-8",
    )
    found = " | ".join(problems(bad))
    for needle in ("differs from file name", "pillar 'sales'", "step 9", "topics", "title", "source", "no '# ' title",
                   "fewer than two"):
        assert needle in found


def test_validator_rejects_a_file_without_front_matter(tmp_path):
    bad = tmp_path / "plain.md"
    bad.write_text("# Title\n\n## A\n\n## B\n", encoding="utf-8")
    assert problems(bad) == ["no YAML front matter between '---' lines"]
