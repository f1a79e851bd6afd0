"""`growthdoc eval dialogue`: one owner turn in context, through the offline engine, scored on its kind and facts.

Each case of `eval/datasets/dialogue.jsonl` (tuned on) and `dialogue_frozen.jsonl` (written before tuning, never
tuned on) gives a session state — the owner's earlier messages (`state.turns`, replayed) or a snapshot
(`state.snapshot`, diagnosed) — then the message, the kind of answer expected (glossary, why, disagree, plan,
capability, decline, summary, start_over, delta, intake…) and the facts the reply must state (each a string, or a
list of alternatives). A case is right when the turn's kind and every fact match. Reported per split and per
language (Vietnamese, Vietnamese typed without diacritics, English), with the turn latency. `--json` for JSON.
"""

import json
import statistics
import sys
import time
from pathlib import Path

from assistant.core.revision import commit

ROOT = Path(__file__).resolve().parents[1]
DATASETS = {"tune": ROOT / "eval" / "datasets" / "dialogue.jsonl",
            "frozen": ROOT / "eval" / "datasets" / "dialogue_frozen.jsonl"}
ALIASES = {"out_of_scope": "decline"}  # the intent classifier's own decline counts as one


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_engine():
    from assistant.bootstrap import build_offline, build_search
    from assistant.core.config import get_settings

    settings = get_settings()
    return build_offline(settings, build_search(settings))


def group(case: dict) -> str:
    from assistant.core.lang import strip_diacritics

    if case["lang"] == "en":
        return "en"
    text = case["message"]
    return "vi" if strip_diacritics(text) != text else "vi_no_diacritics"


def setup(engine, case: dict):
    from assistant.contracts import TurnContext
    from assistant.core.lang import detect_lang
    from assistant.tools import actions

    ctx = TurnContext(session_id=case["id"], lang=case.get("state", {}).get("lang", case["lang"]))
    state = case.get("state") or {}
    if state.get("snapshot"):
        ctx.snapshot = {"sources": {}, **json.loads(json.dumps(state["snapshot"]))}
        actions.diagnose_session(ctx)
    for message in state.get("turns") or []:
        ctx.lang = detect_lang(message, default=ctx.lang)
        engine.respond(ctx, message)
    return ctx


def _has(text: str, fact) -> bool:
    options = fact if isinstance(fact, list) else [fact]
    low = text.lower()
    return any(str(o).lower() in low for o in options)


def play(engine, case: dict) -> dict:
    from assistant.core.lang import detect_lang

    ctx = setup(engine, case)
    ctx.lang = detect_lang(case["message"], default=ctx.lang)
    start = time.perf_counter()
    try:
        reply = engine.respond(ctx, case["message"])
    except Exception as err:  # a crash is a wrong answer, named in the table
        return {"id": case["id"], "group": group(case), "expected": case["kind"], "got": f"error: {err!r}"[:120],
                "kind_right": False, "facts_right": False, "missing": case["facts"], "ms": 0.0, "lang_right": False}
    ms = (time.perf_counter() - start) * 1000
    kind = ctx.intake.get("kind")
    kind = ALIASES.get(kind, kind)
    missing = [f for f in case["facts"] if not _has(reply.text, f)]
    return {"id": case["id"], "group": group(case), "expected": case["kind"], "got": kind,
            "kind_right": kind == case["kind"], "facts_right": not missing, "missing": missing, "ms": ms,
            "lang_right": reply.lang == case["lang"]}


def summarise(results: list[dict]) -> dict:
    def rate(rs, key):
        return sum(r[key] for r in rs) / len(rs) if rs else None
    both = [dict(r, right=r["kind_right"] and r["facts_right"]) for r in results]
    groups = {g: rate([r for r in both if r["group"] == g], "right") for g in ("vi", "vi_no_diacritics", "en")}
    kinds = sorted({r["expected"] for r in results})
    return {"cases": len(results), "right": rate(both, "right"), "kind_right": rate(results, "kind_right"),
            "facts_right": rate(results, "facts_right"), "lang_right": rate(results, "lang_right"),
            "by_group": groups, "by_kind": {k: rate([r for r in both if r["expected"] == k], "right") for k in kinds},
            "failures": [{k: r[k] for k in ("id", "expected", "got", "missing")} for r in both if not r["right"]]}


def evaluate(splits=("tune", "frozen")) -> dict:
    engine = build_engine()
    out, timings = {"commit": commit()}, []
    warm = load(DATASETS["tune"])[0]
    play(engine, warm)  # imports, templates, the intent examples
    for split in splits:
        results = [play(engine, case) for case in load(DATASETS[split])]
        timings += [r["ms"] for r in results]
        out[split] = summarise(results)
    timings.sort()
    out["latency_ms_p50"] = statistics.median(timings)
    out["latency_ms_p95"] = timings[int(0.95 * (len(timings) - 1))]
    return out


def _pct(v):
    return "—" if v is None else f"{v:.1%}"


def print_table(m: dict) -> None:
    print(f"dialogue eval — commit {m['commit']} — tune {m['tune']['cases']} turns, frozen {m['frozen']['cases']} turns")
    print(f"{'metric':<44}{'tune':>10}{'frozen':>10}")
    rows = [("right kind and facts", "right"), ("right kind", "kind_right"), ("facts stated", "facts_right"),
            ("reply language right", "lang_right")]
    for name, key in rows:
        print(f"{name:<44}{_pct(m['tune'][key]):>10}{_pct(m['frozen'][key]):>10}")
    for g in ("vi", "vi_no_diacritics", "en"):
        print(f"{'  right, ' + g:<44}{_pct(m['tune']['by_group'][g]):>10}{_pct(m['frozen']['by_group'][g]):>10}")
    for k in sorted(set(m["tune"]["by_kind"]) | set(m["frozen"]["by_kind"])):
        print(f"{'  right, kind ' + k:<44}{_pct(m['tune']['by_kind'].get(k)):>10}{_pct(m['frozen']['by_kind'].get(k)):>10}")
    print(f"{'turn latency p50 / p95 (ms)':<44}{m['latency_ms_p50']:>10.1f}{m['latency_ms_p95']:>10.1f}")
    for split in ("tune", "frozen"):
        print(f"failing ({split}): " + ("none" if not m[split]["failures"] else ""))
        for f in m[split]["failures"]:
            print(f"  {f['id']}: expected {f['expected']}, got {f['got']}" + (f"; missing {f['missing']}" if f["missing"] else ""))


def main(args=None) -> int:
    metrics = evaluate()
    if getattr(args, "json", False):
        print(json.dumps(metrics, indent=2, ensure_ascii=False))
    else:
        print_table(metrics)
    return 0 if metrics["frozen"]["right"] >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
