"""`growthdoc eval conversations`: multi-turn owner conversations through the offline engine.

Each scenario plays its turns through the conversation service (SQLite in a temp dir, the real
offline engine, the knowledge search of the data dir when it is indexed) and is scored on: the
first pillar of the final diagnosis against the one reasoned from the method, the turn of the first
diagnosis (goal <= 3 when the first message holds the numbers), replies with citations, reply
language, and the latency of a turn (warm; p50/p95). `--json` prints the metrics as JSON. `--split frozen` runs
`conversations_frozen.jsonl` instead: scenarios written before any run and never tuned on (the honest,
out-of-sample figure; report it separately and do not edit or tune on it). Every further held-out split is a file
`conversations_frozenN.jsonl` beside it, found by its name (`--split frozenN`), written by someone who had read no
intake, engine or conversation code and no other split, and committed before any run; same rules. Once a split's
misses have been read to fix them it is in-sample, and the next split is the honest figure.

Issue 10 adds two checks of what the session understood:
- `expect_figures`: the figures the session must hold at the end (`funnel.leads`, `spend`, `target_customers`…).
  A scenario is right when each expected figure is held (within 0.1 %) and no other scored figure typed in
  chat is held; a figure read from an upload that the scenario does not name is not counted against it.
- figures shown: every figure a turn stores or changes appears in that turn's reply (as a count, or as money
  in full or in millions/billions in the reply's language) — no figure is ever stored silently.
"""

import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from assistant.core.revision import commit

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "eval" / "datasets" / "conversations.jsonl"


def held_out_order(name: str) -> int:
    """frozen → 1, frozen2 → 2 …: the order the held-out splits were written in."""
    return int(name.removeprefix("frozen") or 1)


def splits() -> dict[str, Path]:
    """dev, then every held-out split on disk in the order it was written."""
    found = {p.stem.removeprefix("conversations_"): p for p in DATASET.parent.glob("conversations_frozen*.jsonl")}
    return {"dev": DATASET, **{name: found[name] for name in sorted(found, key=held_out_order)}}


GROUNDED = ("diagnosis", "agenda", "sla", "kpi_tree", "report")  # replies that make method claims
STAGES = ("reach", "visits", "leads", "qualified", "customers", "repeat_customers")
SCORED = tuple(f"funnel.{s}" for s in STAGES) + ("spend", "revenue", "target_revenue", "target_customers",
                                                 "target_leads", "planned_budget")
SHOWN = SCORED + ("aov", "gross_margin", "audience.followers")


def held(snapshot: dict, path: str):
    """The value at a field path ("funnel.leads", "spend") of a snapshot, or None."""
    holder, _, name = path.rpartition(".")
    return ((snapshot or {}).get(holder) or {}).get(name) if holder else (snapshot or {}).get(name)


def _source(snapshot: dict, path: str) -> str:
    return ((snapshot or {}).get("sources") or {}).get(path.rpartition(".")[2], "chat")


def figures_right(snapshot: dict, expected: dict) -> tuple[bool, list[str]]:
    """Whether the final snapshot holds exactly the expected figures; what differs."""
    wrong = []
    for path, value in expected.items():
        got = held(snapshot, path)
        if got is None or abs(got - value) > 0.001 * max(abs(value), 1):
            wrong.append(f"{path}: expected {value:g}, got {'—' if got is None else f'{got:g}'}")
    for path in SCORED:
        if path not in expected and held(snapshot, path) is not None and _source(snapshot, path) == "chat":
            wrong.append(f"{path}: not stated, got {held(snapshot, path):g}")
    return not wrong, wrong


def _forms(value: float, lang: str) -> set[str]:
    """The ways a reply may write a figure: grouped digits, or money in millions / billions."""
    def grouped(v, decimals=0):
        text = f"{v:,.{decimals}f}"
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".") if lang == "vi" else text
    forms = {grouped(value), f"{value:.0f}"}
    if 0 < value < 1:
        forms.add(grouped(value * 100) + "%")
    for scale, word in ((1e6, "triệu" if lang == "vi" else "million"), (1e9, "tỷ" if lang == "vi" else "billion")):
        if value >= scale:
            x = round(value / scale, 1)
            forms.add(f"{grouped(x, 0 if x == int(x) else 1)} {word}")
    return forms


def unshown(before: dict, after: dict, reply_text: str, lang: str) -> list[str]:
    """Figures the turn stored or changed that its reply does not show."""
    missing = []
    for path in SHOWN:
        value = held(after, path)
        if value is None or value == held(before, path):
            continue
        if not any(form in reply_text for form in _forms(value, lang)):
            missing.append(f"{path}={value:g}")
    return missing


def questions(text: str) -> list[str]:
    """The questions a reply asks the owner: its sentences ending in "?" (quoted examples and citations aside)."""
    prose = re.sub(r"«[^»]*»|\"[^\"]*\"|\[[^\]]*\]", "", text)
    sentences = re.split(r"(?<=[.!?…])\s+|\n+", prose)
    return [" ".join(s.split()).lower() for s in sentences if s.strip().endswith("?")]


def load_scenarios(path: Path = DATASET) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_service(db_dir: Path):
    """The real offline engine and search, sessions in a throwaway SQLite file."""
    from assistant.bootstrap import build_offline, build_search
    from assistant.conversation.service import ConversationService
    from assistant.conversation.store import ConversationStore
    from assistant.core.config import get_settings

    settings = get_settings().model_copy(update={"openai_api_key": None})
    engine = build_offline(settings, build_search(settings))
    return ConversationService(settings, engine, ConversationStore(f"sqlite:///{db_dir / 'eval.db'}"))


def _turn(service, sid: str, message):
    """A message, or an upload (`{"upload": "tests/fixtures/samples/…"}`) whose reply is wrapped like one."""
    from assistant.contracts import Artifact, Reply

    if isinstance(message, str):
        return service.send_message(sid, message)
    path = ROOT / message["upload"]
    result = service.add_upload(sid, path.name, path.read_bytes())
    session = service.get_session(sid)
    last = session["messages"][-1]
    return Reply(text=result["reply"], lang=session["lang"], citations=last["citations"],
                 artifacts=[Artifact.model_validate(a) for a in last["artifacts"]])


def play(service, scenario: dict) -> dict:
    """Run one scenario; what a reviewer looks at."""
    from assistant.core.lang import detect_lang

    sid = service.create_session(channel="eval")
    first_diagnosis, timings, cited, lang_ok, grounded, grounded_cited = None, [], 0, 0, 0, 0
    stored, silent, asked, repeated = 0, [], set(), []
    for turn, message in enumerate(scenario["turns"], start=1):
        before = service.get_session(sid)["snapshot"] or {}
        start = time.perf_counter()
        reply = _turn(service, sid, message)
        if isinstance(message, str):  # uploads parse files: timed by the KPI benchmark, not here
            timings.append((time.perf_counter() - start) * 1000)
        after = service.get_session(sid)["snapshot"] or {}
        stored += any(held(after, p) is not None and held(after, p) != held(before, p) for p in SHOWN)
        silent += [f"turn {turn}: {m}" for m in unshown(before, after, reply.text, reply.lang)]
        if first_diagnosis is None and any(a.type == "diagnosis" for a in reply.artifacts):
            first_diagnosis = turn
        cited += bool(reply.citations)
        for q in questions(reply.text):
            if q in asked:
                repeated.append(f"turn {turn}: {q[:70]}")
            asked.add(q)
        if any(a.type in GROUNDED for a in reply.artifacts):
            grounded += 1
            grounded_cited += bool(reply.citations)
        prose = re.sub(r"\[[^\]]*\]", "", reply.text)  # citation labels name Vietnamese sources
        lang_ok += reply.lang == scenario["lang"] and detect_lang(prose, default="?") in (scenario["lang"], "?")
    session = service.get_session(sid)
    diagnosis = session["diagnosis"] or {}
    got = (diagnosis.get("pillar_priority") or [None])[0]
    expect = scenario.get("expect_figures")
    right, wrong = figures_right(session["snapshot"], expect) if expect is not None else (None, [])
    return {"id": scenario["id"], "expected": scenario["expected_pillar"], "got": got,
            "figures_right": right, "figures_wrong": wrong, "storing_turns": stored, "silent": silent,
            "first_diagnosis_turn": first_diagnosis, "numbers_first": scenario.get("numbers_first", False),
            "replies": len(scenario["turns"]), "cited": cited, "lang_ok": lang_ok, "timings": timings,
            "grounded": grounded, "grounded_cited": grounded_cited, "repeated": repeated}


def evaluate(scenarios: list[dict]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        service = build_service(Path(tmp))
        for lang in {s["lang"] for s in scenarios}:  # warm-up: imports, first compilation of each language's templates
            play(service, next(s for s in scenarios if s["lang"] == lang))
        results = [play(service, s) for s in scenarios]
    timings = sorted(t for r in results for t in r["timings"])
    replies = sum(r["replies"] for r in results)
    quick = [r["first_diagnosis_turn"] for r in results if r["numbers_first"]]
    scored = [r for r in results if r["figures_right"] is not None]
    return {
        "commit": commit(), "scenarios": len(results), "turns": replies,
        "diagnosed_right": sum(r["got"] == r["expected"] for r in results) / len(results),
        "turns_to_diagnosis_mean": statistics.mean(r["first_diagnosis_turn"] or r["replies"] for r in results),
        "turns_to_diagnosis_max_numbers_first": max((q or 99) for q in quick) if quick else None,
        "replies_with_citations": sum(r["cited"] for r in results) / replies,
        "diagnoses_and_drafts_with_citations": (sum(r["grounded_cited"] for r in results)
                                                / max(1, sum(r["grounded"] for r in results))),
        "reply_language_right": sum(r["lang_ok"] for r in results) / replies,
        "figures_scenarios": len(scored),
        "figures_exactly_right": sum(r["figures_right"] for r in scored) / len(scored) if scored else None,
        "storing_turns": sum(r["storing_turns"] for r in results),
        "figures_stored_silently": sum(len(r["silent"]) for r in results),
        "figure_failures": [{"id": r["id"], "wrong": r["figures_wrong"]} for r in scored if not r["figures_right"]],
        "silent": [{"id": r["id"], "silent": r["silent"]} for r in results if r["silent"]],
        "repeated_questions": sum(len(r["repeated"]) for r in results),
        "repeats": [{"id": r["id"], "repeated": r["repeated"]} for r in results if r["repeated"]],
        "latency_ms_p50": statistics.median(timings), "latency_ms_p95": timings[int(0.95 * (len(timings) - 1))],
        "failures": [{k: r[k] for k in ("id", "expected", "got", "first_diagnosis_turn")} for r in results
                     if r["got"] != r["expected"] or (r["numbers_first"] and (r["first_diagnosis_turn"] or 99) > 3)],
    }


def print_table(m: dict, split: str = "dev") -> None:
    if split == "dev":
        title = "dev split, tuned on"
    elif split == "frozen":
        title = "FROZEN split, out of sample, never tuned on"
    else:
        title = f"{split.upper()} split, held-out split no. {held_out_order(split)}, never run before measuring"
    print(f"conversations eval, {title} — commit {m['commit']} — {m['scenarios']} scenarios, {m['turns']} turns "
          f"({splits()[split].name})")
    rows = [("diagnosed right", f"{m['diagnosed_right']:.1%}"),
            ("turns to diagnosis (mean)", f"{m['turns_to_diagnosis_mean']:.2f}"),
            ("turns to diagnosis, numbers first (max)", str(m["turns_to_diagnosis_max_numbers_first"])),
            ("replies with citations", f"{m['replies_with_citations']:.1%}"),
            ("diagnoses and drafts with citations", f"{m['diagnoses_and_drafts_with_citations']:.1%}"),
            ("reply language right", f"{m['reply_language_right']:.1%}"),
            (f"figures exactly right ({m['figures_scenarios']} scenarios)",
             "—" if m["figures_exactly_right"] is None else f"{m['figures_exactly_right']:.1%}"),
            (f"figures stored silently ({m['storing_turns']} storing turns)", str(m["figures_stored_silently"])),
            ("questions asked twice in a conversation (goal 0)", str(m["repeated_questions"])),
            ("turn latency p50 (ms)", f"{m['latency_ms_p50']:.1f}"),
            ("turn latency p95 (ms)", f"{m['latency_ms_p95']:.1f}")]
    print(f"{'metric':<52}{'value':>10}")
    for name, value in rows:
        print(f"{name:<52}{value:>10}")
    print("failing scenarios: " + ("none" if not m["failures"] else ""))
    for f in m["failures"]:
        print(f"  {f['id']}: expected {f['expected']}, got {f['got']} (first diagnosis at turn {f['first_diagnosis_turn']})")
    print("figures not held as expected: " + ("none" if not m["figure_failures"] else ""))
    for f in m["figure_failures"]:
        print(f"  {f['id']}: " + "; ".join(f["wrong"]))
    print("questions asked twice: " + ("none" if not m["repeats"] else ""))
    for f in m["repeats"]:
        print(f"  {f['id']}: " + "; ".join(f["repeated"]))
    print("figures stored silently: " + ("none" if not m["silent"] else ""))
    for f in m["silent"]:
        print(f"  {f['id']}: " + "; ".join(f["silent"]))


def main(args=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="growthdoc eval conversations")
    parser.add_argument("--split", choices=tuple(splits()), default="dev")
    split = parser.parse_args(getattr(args, "rest", None) or []).split
    metrics = evaluate(load_scenarios(splits()[split]))
    if getattr(args, "json", False):
        print(json.dumps({"split": split, **metrics}, indent=2, ensure_ascii=False))
    else:
        print_table(metrics, split)
    return 0 if not metrics["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
