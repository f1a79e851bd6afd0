"""`growthdoc eval conversations`: multi-turn owner conversations through the offline engine.

Each scenario plays its turns through the conversation service (SQLite in a temp dir, the real
offline engine, the knowledge search of the data dir when it is indexed) and is scored on: the
first pillar of the final diagnosis against the one reasoned from the method, the turn of the first
diagnosis (goal <= 3 when the first message holds the numbers), replies with citations, reply
language, and the latency of a turn (warm; p50/p95). `--json` prints the metrics as JSON.
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
GROUNDED = ("diagnosis", "agenda", "sla", "kpi_tree", "report")  # replies that make method claims


def load_scenarios(path: Path = DATASET) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_service(db_dir: Path):
    """The real offline engine and search, sessions in a throwaway SQLite file."""
    from assistant.conversation.service import ConversationService
    from assistant.conversation.store import ConversationStore
    from assistant.core.config import get_settings
    from assistant.bootstrap import build_offline, build_search

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
    for turn, message in enumerate(scenario["turns"], start=1):
        start = time.perf_counter()
        reply = _turn(service, sid, message)
        if isinstance(message, str):  # uploads parse files: timed by the KPI benchmark, not here
            timings.append((time.perf_counter() - start) * 1000)
        if first_diagnosis is None and any(a.type == "diagnosis" for a in reply.artifacts):
            first_diagnosis = turn
        cited += bool(reply.citations)
        if any(a.type in GROUNDED for a in reply.artifacts):
            grounded += 1
            grounded_cited += bool(reply.citations)
        prose = re.sub(r"\[[^\]]*\]", "", reply.text)  # citation labels name Vietnamese sources
        lang_ok += reply.lang == scenario["lang"] and detect_lang(prose, default="?") in (scenario["lang"], "?")
    diagnosis = service.get_session(sid)["diagnosis"] or {}
    got = (diagnosis.get("pillar_priority") or [None])[0]
    return {"id": scenario["id"], "expected": scenario["expected_pillar"], "got": got,
            "first_diagnosis_turn": first_diagnosis, "numbers_first": scenario.get("numbers_first", False),
            "replies": len(scenario["turns"]), "cited": cited, "lang_ok": lang_ok, "timings": timings,
            "grounded": grounded, "grounded_cited": grounded_cited}


def evaluate(scenarios: list[dict]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        service = build_service(Path(tmp))
        for lang in {s["lang"] for s in scenarios}:  # warm-up: imports, first compilation of each language's templates
            play(service, next(s for s in scenarios if s["lang"] == lang))
        results = [play(service, s) for s in scenarios]
    timings = sorted(t for r in results for t in r["timings"])
    replies = sum(r["replies"] for r in results)
    quick = [r["first_diagnosis_turn"] for r in results if r["numbers_first"]]
    return {
        "commit": commit(), "scenarios": len(results), "turns": replies,
        "diagnosed_right": sum(r["got"] == r["expected"] for r in results) / len(results),
        "turns_to_diagnosis_mean": statistics.mean(r["first_diagnosis_turn"] or r["replies"] for r in results),
        "turns_to_diagnosis_max_numbers_first": max((q or 99) for q in quick) if quick else None,
        "replies_with_citations": sum(r["cited"] for r in results) / replies,
        "diagnoses_and_drafts_with_citations": (sum(r["grounded_cited"] for r in results)
                                                / max(1, sum(r["grounded"] for r in results))),
        "reply_language_right": sum(r["lang_ok"] for r in results) / replies,
        "latency_ms_p50": statistics.median(timings), "latency_ms_p95": timings[int(0.95 * (len(timings) - 1))],
        "failures": [{k: r[k] for k in ("id", "expected", "got", "first_diagnosis_turn")} for r in results
                     if r["got"] != r["expected"] or (r["numbers_first"] and (r["first_diagnosis_turn"] or 99) > 3)],
    }


def print_table(m: dict) -> None:
    print(f"conversations eval — commit {m['commit']} — {m['scenarios']} scenarios, {m['turns']} turns ({DATASET.name})")
    rows = [("diagnosed right", f"{m['diagnosed_right']:.1%}"),
            ("turns to diagnosis (mean)", f"{m['turns_to_diagnosis_mean']:.2f}"),
            ("turns to diagnosis, numbers first (max)", str(m["turns_to_diagnosis_max_numbers_first"])),
            ("replies with citations", f"{m['replies_with_citations']:.1%}"),
            ("diagnoses and drafts with citations", f"{m['diagnoses_and_drafts_with_citations']:.1%}"),
            ("reply language right", f"{m['reply_language_right']:.1%}"),
            ("turn latency p50 (ms)", f"{m['latency_ms_p50']:.1f}"),
            ("turn latency p95 (ms)", f"{m['latency_ms_p95']:.1f}")]
    print(f"{'metric':<42}{'value':>10}")
    for name, value in rows:
        print(f"{name:<42}{value:>10}")
    print("failing scenarios: " + ("none" if not m["failures"] else ""))
    for f in m["failures"]:
        print(f"  {f['id']}: expected {f['expected']}, got {f['got']} (first diagnosis at turn {f['first_diagnosis_turn']})")


def main(args=None) -> int:
    metrics = evaluate(load_scenarios())
    if getattr(args, "json", False):
        print(json.dumps(metrics, indent=2, ensure_ascii=False))
    else:
        print_table(metrics)
    return 0 if not metrics["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
