"""`growthdoc eval intake`: how well the offline reader turns owners' messages into snapshot changes.

Runs every line of `eval/datasets/intake.jsonl` (dev) and `intake_frozen.jsonl`, `intake_frozen2.jsonl` … (held out)
through `absorb` on a session holding the line's `context` (question asked, figures already stored),
compares what changed with `expected` and prints one table: field precision and recall, messages read
exactly right, per split and per language, then the dev split's most frequent confusions.
Items compared: each `set` path with its value (USD figures as their USD amount), each `remove`d path,
each `channels` figure and each practice. Revenue the reader derives (average order value × customers) is
a calculation, not a reading, and is left out. Options after the suite name: `--split dev|frozen|frozen2…`,
`--errors N` (print N misread dev messages), `--block dev2` (only that block's misreads); a split written
in several blocks (id prefixes `dev-`, `dev2-`) also gets one row per block. `--json` prints the metrics instead.
"""

import argparse
import json
import math
from collections import Counter
from pathlib import Path

from assistant.contracts import STAGES, TurnContext
from assistant.core.config import PROJECT_ROOT
from assistant.core.revision import commit
from assistant.intake.absorb import absorb

DATASETS = Path(__file__).parent / "datasets"


def splits() -> dict[str, Path]:
    """dev, then every held-out split on disk (`intake_frozen.jsonl`, `intake_frozen2.jsonl` …) in the order written."""
    found = {p.stem.removeprefix("intake_"): p for p in DATASETS.glob("intake_frozen*.jsonl")}
    order = sorted(found, key=lambda name: int(name.removeprefix("frozen") or 1))
    return {"dev": DATASETS / "intake.jsonl", **{name: found[name] for name in order}}


LANGS = ("vi", "vi-nodiac", "mixed", "en")
# dataset path -> where the snapshot keeps it
PATHS = {"target.revenue": "target_revenue", "target.customers": "target_customers",
         "target.leads": "target_leads", "plan.budget": "planned_budget", "funnel.mql": "mql"}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def field_of(path: str) -> str:
    """Dataset path -> snapshot field name ("funnel.leads" -> "leads", "plan.budget" -> "planned_budget")."""
    return PATHS.get(path) or path.split(".")[-1]


def path_of(field: str) -> str:
    reverse = {v: k for k, v in PATHS.items()}
    if field in reverse:
        return reverse[field]
    return f"funnel.{field}" if field in STAGES else ("audience.followers" if field == "followers" else field)


def session(item: dict) -> TurnContext:
    """A session holding the line's context: the question just asked and the figures already stored."""
    ctx = TurnContext(session_id=item["id"])
    for path, value in (item["context"].get("snapshot") or {}).items():
        field = field_of(path)
        holder = ctx.snapshot.setdefault("funnel", {}) if path.startswith("funnel.") and field in STAGES else ctx.snapshot
        holder[field] = value
        ctx.snapshot.setdefault("sources", {})[field] = "chat"
    ctx.intake["asked"] = item["context"].get("asked")
    return ctx


def _values(snapshot: dict) -> dict:
    """Every figure the snapshot holds, by dataset path, USD figures as their USD amounts."""
    figures = snapshot.get("figures") or {}
    out = {}
    for field in set(snapshot.get("sources") or {}) | set(figures):
        record = figures.get(field) or {}
        if record.get("note") == "aov_x_customers":
            continue  # derived, not read
        value = _held(snapshot, field)
        if value is None:
            continue
        original = record.get("original")
        out[path_of(field)] = {"value": original["value"], "currency": "USD"} if original else value
    return out


def _held(snapshot: dict, field: str):
    if field in STAGES:
        return (snapshot.get("funnel") or {}).get(field)
    if field == "followers":
        return (snapshot.get("audience") or {}).get(field)
    return snapshot.get(field)


def observed(item: dict) -> tuple[set, dict]:
    """Absorb the message; the items it changed, and the snapshot's estimated paths."""
    ctx = session(item)
    before = _values(ctx.snapshot) | {}
    before_practices = dict(ctx.snapshot.get("practices") or {})
    absorb(ctx, item["message"], PROJECT_ROOT / "knowledge")
    after = _values(ctx.snapshot)
    items = {("set", p, _key(v)) for p, v in after.items() if p not in before or _key(before[p]) != _key(v)}
    items |= {("remove", p, None) for p in before if p not in after}
    items |= {("channel", f"{ch}.{path_of(field)}", _channel_value(ctx.snapshot, field, v))
              for ch, figs in (ctx.snapshot.get("channels") or {}).items() for field, v in figs.items()}
    items |= {("practice", k, v) for k, v in (ctx.snapshot.get("practices") or {}).items()
              if v is not None and before_practices.get(k) != v}
    estimated = {path_of(f) for f, r in (ctx.snapshot.get("figures") or {}).items()
                 if r.get("estimated") and r.get("note") != "aov_x_customers"}
    return items, estimated


def _channel_value(snapshot: dict, field: str, value):
    """A channel's figure as the owner gave it: in USD when the figure was given in USD."""
    original = ((snapshot.get("figures") or {}).get(field) or {}).get("original")
    return _key({"value": value / original["rate"], "currency": "USD"} if original else value)


def expected_items(item: dict) -> set:
    e = item["expected"]
    out = {("set", p, _key(v)) for p, v in e["set"].items()}
    out |= {("remove", p, None) for p in e["remove"]}
    out |= {("channel", f"{ch}.{p}", _key(v)) for ch, figs in e["channels"].items() for p, v in figs.items()}
    return out | {("practice", k, v) for k, v in e["practices"].items()}


def _key(value):
    """A comparable value: USD amounts keep their currency; numbers rounded to 4 significant digits past units."""
    if isinstance(value, dict):
        return ("USD", round(float(value["value"]), 2))
    if isinstance(value, bool) or value is None:
        return value
    return round(float(value), 2) if not math.isnan(float(value)) else None


def lang_of(item: dict) -> str:
    return "vi-nodiac" if item["lang"] == "vi" and item.get("diacritics") is False else item["lang"]


def block_of(item: dict) -> str:
    """The block a line was written in: its id's prefix ("dev", "dev2", "frozen")."""
    return item["id"].split("-", 1)[0]


def evaluate(items: list[dict]) -> dict:
    """Precision, recall and exact messages, overall and per language; confusions and misreads."""
    rows = []
    for item in items:
        got, estimated = observed(item)
        want = expected_items(item)
        exact = got == want and estimated == set(item["expected"]["estimated"])
        rows.append({"item": item, "got": got, "want": want, "exact": exact})
    report = {"all": _metrics(rows)}
    report |= {lang: _metrics([r for r in rows if lang_of(r["item"]) == lang]) for lang in LANGS}
    blocks = {block_of(r["item"]) for r in rows}
    if len(blocks) > 1:
        report["blocks"] = {b: _metrics([r for r in rows if block_of(r["item"]) == b]) for b in sorted(blocks)}
    report["confusions"] = _confusions(rows)
    report["misread"] = [r for r in rows if not r["exact"]]
    return report


def _metrics(rows: list[dict]) -> dict:
    tp = sum(len(r["got"] & r["want"]) for r in rows)
    got = sum(len(r["got"]) for r in rows)
    want = sum(len(r["want"]) for r in rows)
    return {"n": len(rows), "precision": round(tp / got, 3) if got else None,
            "recall": round(tp / want, 3) if want else None,
            "exact": round(sum(r["exact"] for r in rows) / len(rows), 3) if rows else None}


def _confusions(rows: list[dict]) -> Counter:
    """expected path -> what the reader did with it (another path with the same value, a wrong value, nothing)."""
    out = Counter()
    for r in rows:
        got = {(kind, path): value for kind, path, value in r["got"]}
        want = {(kind, path): value for kind, path, value in r["want"]}
        for key, value in want.items():
            if got.get(key) == value:
                continue
            other = next((p for (k, p), v in got.items() if v == value and (k, p) not in want), None)
            out[(key[1], other or ("wrong value" if key in got else "missed"))] += 1
        for key in got.keys() - want.keys():
            if not any(v == got[key] for v in want.values()):
                out[("(nothing)", key[1])] += 1
    return out


def print_table(report: dict) -> None:
    print(f"intake eval · commit {report['commit']} · reader: offline (assistant/intake)")
    header = ["split", "lang", "messages", "field precision", "field recall", "exact messages"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for split, result in report["splits"].items():
        for lang in ("all",) + LANGS:
            m = result[lang]
            if m["n"]:
                print(f"| {split} | {lang} | {m['n']} | {m['precision']} | {m['recall']} | {m['exact']} |")
        for block, m in (result.get("blocks") or {}).items():
            print(f"| {split}, block {block} | all | {m['n']} | {m['precision']} | {m['recall']} | {m['exact']} |")
    dev = report["splits"].get("dev")
    if dev:
        print("\nconfusions, dev split (expected path → what was read; top 25):")
        for (want, got), n in dev["confusions"].most_common(25):
            print(f"  {want} → {got}: {n}")


def main(args) -> int:
    parser = argparse.ArgumentParser(prog="growthdoc eval intake")
    parser.add_argument("--split", choices=tuple(splits()), action="append")
    parser.add_argument("--errors", type=int, default=0, help="print this many misread dev messages")
    parser.add_argument("--block", help="print misread dev messages of this block only (an id prefix: dev, dev2)")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args(getattr(args, "rest", []) or [])
    found = splits()
    chosen = options.split or list(found)
    report = {"commit": commit(), "splits": {s: evaluate(load(found[s])) for s in chosen}}
    if options.errors and "dev" in report["splits"]:
        misread = [r for r in report["splits"]["dev"]["misread"]
                   if not options.block or block_of(r["item"]) == options.block]
        for r in misread[:options.errors]:
            print(r["item"]["id"], r["item"]["message"], "\n   missing:", sorted(r["want"] - r["got"], key=str),
                  "\n   extra:  ", sorted(r["got"] - r["want"], key=str))
    if options.json or getattr(args, "json", False):
        out = {"commit": report["commit"], "splits": {s: {k: v for k, v in r.items() if k not in ("confusions", "misread")}
                                                      for s, r in report["splits"].items()}}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print_table(report)
    return 0
