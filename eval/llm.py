"""`growthdoc eval llm --base-url URL --model NAME`: the conversation set through the LLM engine and any model.

Every scenario of `eval/datasets/conversations.jsonl` is played through the conversation service with
the LLM engine in front of the offline one, against an OpenAI-compatible endpoint. Printed, with the
model and the commit:
- tool-call validity: model tool calls that ran (not refused, not malformed, not written as text);
- number faithfulness: numbers in the model's replies (every attempt, before the checks) traceable to
  the facts, the tool results or the owner's words;
- citation validity: bracketed citations of the model's replies that are real ids of the turn;
- language right: model replies in the owner's language; diagnosis right: the final first pillar
  against the scenario's; fallback rate: turns answered by the offline engine (the checks refused the
  model twice, or it failed or ran out of time);
- p50/p95 latency of a turn and tokens per turn (as the server reports them).
`--split dev|frozen` (repeatable; dev by default) picks the set, each reported on its own; `--limit N`
plays the first N scenarios; `--json` prints the metrics as JSON. `--dialogue` also plays the dialogue
set of the same split (`eval/datasets/dialogue*.jsonl`: a session state and one owner message — glossary,
why, disagreement, planning, capability…) and reports the share of replies stating the facts the turn
must state, in the owner's language, and how many fell back to the offline answer.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conversations import _turn, load_scenarios, splits  # noqa: E402

from assistant.core.revision import commit  # noqa: E402


def build_service(db_dir: Path, base_url: str, model: str, api_key: str):
    """The conversation service with the LLM engine against `base_url`, sessions in a throwaway SQLite file."""
    from assistant.bootstrap import build_offline, build_search
    from assistant.conversation.service import ConversationService
    from assistant.conversation.store import ConversationStore
    from assistant.core.config import get_settings
    from assistant.engine.llm import LlmEngine

    settings = get_settings().model_copy(update={"openai_api_key": api_key, "openai_base_url": base_url,
                                                 "model": model})
    search = build_search(settings)
    engine = LlmEngine(settings, build_offline(settings, search), search)
    return ConversationService(settings, engine, ConversationStore(f"sqlite:///{db_dir / 'eval.db'}")), engine


def play(service, engine, scenario: dict) -> dict:
    """One scenario; the model's per-turn measures summed, the final pillar, the timings."""
    sid = service.create_session(channel="eval")
    sums: dict = {}
    timings, fallbacks, turns = [], 0, 0
    for message in scenario["turns"]:
        start = time.perf_counter()
        reply = _turn(service, sid, message)
        if not isinstance(message, str):  # uploads are summarised by the offline engine
            continue
        timings.append((time.perf_counter() - start) * 1000)
        turns += 1
        fallbacks += reply.engine != "llm"
        for key, value in engine.last_turn.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sums[key] = sums.get(key, 0) + value
        sums["guard"] = sums.get("guard", 0) + len(engine.last_turn.get("guard") or [])
        sums["malformed"] = sums.get("malformed", 0) + sum(c in ("text", "malformed") for c in
                                                           engine.last_turn.get("guard") or [])
    diagnosis = service.get_session(sid)["diagnosis"] or {}
    got = (diagnosis.get("pillar_priority") or [None])[0]
    return {"id": scenario["id"], "expected": scenario["expected_pillar"], "got": got, "turns": turns,
            "fallbacks": fallbacks, "timings": timings, **sums}


def play_dialogue(engine, case: dict) -> dict:
    """One dialogue turn in context through the LLM engine: the facts stated, the language, a fallback."""
    import dialogue

    from assistant.core.lang import detect_lang

    ctx = dialogue.setup(engine.offline, case)  # the session state, built by the deterministic core
    ctx.lang = detect_lang(case["message"], default=ctx.lang)
    start = time.perf_counter()
    reply = engine.respond(ctx, case["message"])
    missing = [f for f in case["facts"] if not dialogue._has(reply.text, f)]
    return {"id": case["id"], "facts_right": not missing, "missing": missing, "lang_right": reply.lang == case["lang"],
            "fallback": reply.engine != "llm", "ms": (time.perf_counter() - start) * 1000}


def evaluate_dialogue(split: str, base_url: str, model: str, api_key: str, limit: int = 0) -> dict:
    import dialogue

    cases = dialogue.load(dialogue.DATASETS["tune" if split == "dev" else "frozen"])
    cases = cases[:limit] if limit else cases
    with tempfile.TemporaryDirectory() as tmp:
        _, engine = build_service(Path(tmp), base_url, model, api_key)
        results = [play_dialogue(engine, c) for c in cases]
    timings = sorted(r["ms"] for r in results)
    return {"dialogue_turns": len(results),
            "dialogue_facts_right": _share(sum(r["facts_right"] for r in results), len(results)),
            "dialogue_language_right": _share(sum(r["lang_right"] for r in results), len(results)),
            "dialogue_fallback_rate": _share(sum(r["fallback"] for r in results), len(results)),
            "dialogue_latency_ms_p95": timings[int(0.95 * (len(timings) - 1))] if timings else None,
            "dialogue_failures": [{k: r[k] for k in ("id", "missing")} for r in results if not r["facts_right"]]}


def _share(good: float, total: float):
    return None if not total else good / total


def evaluate(scenarios: list[dict], base_url: str, model: str, api_key: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        service, engine = build_service(Path(tmp), base_url, model, api_key)
        results = [play(service, engine, s) for s in scenarios]
    total = {k: sum(r.get(k, 0) for r in results) for k in
             ("turns", "fallbacks", "attempts", "tool_calls", "tool_errors", "malformed", "numbers", "numbers_untraced",
              "citations", "citations_bad", "language_wrong", "tokens")}
    timings = sorted(t for r in results for t in r["timings"])
    calls = total["tool_calls"] + total["malformed"]
    return {
        "model": model, "base_url": base_url, "commit": commit(), "scenarios": len(results), **total,
        "tool_call_validity": _share(calls - total["tool_errors"] - total["malformed"], calls),
        "number_faithfulness": _share(total["numbers"] - total["numbers_untraced"], total["numbers"]),
        "citation_validity": _share(total["citations"] - total["citations_bad"], total["citations"]),
        "language_right": _share(total["attempts"] - total["language_wrong"], total["attempts"]),
        "diagnosed_right": _share(sum(r["got"] == r["expected"] for r in results), len(results)),
        "fallback_rate": _share(total["fallbacks"], total["turns"]),
        "latency_ms_p50": statistics.median(timings) if timings else None,
        "latency_ms_p95": timings[int(0.95 * (len(timings) - 1))] if timings else None,
        "tokens_per_turn": _share(total["tokens"], total["turns"]),
    }


def _pct(value) -> str:
    return "—" if value is None else f"{value:.1%}"


def print_table(m: dict) -> None:
    print(f"LLM eval — model {m['model']} at {m['base_url']} — commit {m['commit']} — "
          f"{m['scenarios']} scenarios, {m['turns']} turns ({splits()[m['split']].name}, {m['split']} split)")
    rows = [("tool-call validity", f"{_pct(m['tool_call_validity'])} of {m['tool_calls'] + m['malformed']}"),
            ("number faithfulness (model replies)", f"{_pct(m['number_faithfulness'])} of {m['numbers']}"),
            ("citation validity (model replies)", f"{_pct(m['citation_validity'])} of {m['citations']}"),
            ("language right (model replies)", f"{_pct(m['language_right'])} of {m['attempts']}"),
            ("diagnosis right (final pillar)", _pct(m["diagnosed_right"])),
            ("fallback rate (offline answer shown)", _pct(m["fallback_rate"])),
            ("turn latency p50 (ms)", "—" if m["latency_ms_p50"] is None else f"{m['latency_ms_p50']:.0f}"),
            ("turn latency p95 (ms)", "—" if m["latency_ms_p95"] is None else f"{m['latency_ms_p95']:.0f}"),
            ("tokens per turn", "—" if m["tokens_per_turn"] is None else f"{m['tokens_per_turn']:.0f}")]
    if "dialogue_turns" in m:
        rows += [(f"dialogue: facts stated ({m['dialogue_turns']} turns)", _pct(m["dialogue_facts_right"])),
                 ("dialogue: language right", _pct(m["dialogue_language_right"])),
                 ("dialogue: fallback rate", _pct(m["dialogue_fallback_rate"]))]
    print(f"| {'metric':<40} | {'value':>16} |")
    print(f"|{'-' * 42}|{'-' * 18}:|")
    for name, value in rows:
        print(f"| {name:<40} | {value:>16} |")


def main(args=None) -> int:
    """From `growthdoc eval llm --base-url URL --model NAME`, or run as a script with the same options."""
    if args is None or not getattr(args, "base_url", None):
        parser = argparse.ArgumentParser(prog="growthdoc eval llm")
        parser.add_argument("--base-url", required=True, help="an OpenAI-compatible endpoint")
        parser.add_argument("--model", required=True, help="the model name the server expects")
        parser.add_argument("--api-key", default="sk-local")
        parser.add_argument("--limit", type=int, default=0)
        parser.add_argument("--split", choices=tuple(splits()), action="append")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--dialogue", action="store_true", help="also play the dialogue set of the split")
        args = parser.parse_args(sys.argv[1:] if args is None else (args.rest or []))
    if not args.model:
        print("growthdoc eval llm: --model NAME is required", file=sys.stderr)
        return 2
    out = []
    for split in dict.fromkeys(getattr(args, "split", None) or ["dev"]):  # each split reported on its own
        scenarios = load_scenarios(splits()[split])
        scenarios = scenarios[:args.limit] if args.limit else scenarios
        metrics = {"split": split, **evaluate(scenarios, args.base_url, args.model, args.api_key)}
        if getattr(args, "dialogue", False):
            metrics.update(evaluate_dialogue(split, args.base_url, args.model, args.api_key, args.limit))
        out.append(metrics)
    if args.json:
        print(json.dumps(out[0] if len(out) == 1 else out, indent=2, ensure_ascii=False))
    else:
        for metrics in out:
            print_table(metrics)
    return 0


if __name__ == "__main__":
    sys.exit(main())
