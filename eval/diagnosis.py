"""`growthdoc eval diagnosis`: first pillar and bottleneck stage against hand-reasoned cases.

Prints pillar accuracy, stage accuracy, the failing cases, the commit measured, and the latency
of `diagnose` (p50/p95 over repeated runs). `--json` prints the metrics as JSON.
"""

import json
import statistics
import sys
import time
from pathlib import Path

from assistant.core.revision import commit

DATASET = Path(__file__).parent / "datasets" / "diagnosis.jsonl"
REPEATS = 20


def load_cases(path: Path = DATASET) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(cases: list[dict], repeats: int = REPEATS) -> dict:
    """Run every case; accuracy of the first pillar and of the bottleneck stage, failures, latency."""
    from assistant.diagnosis import diagnose, load_benchmarks

    bench = load_benchmarks()
    failures, pillar_ok, stage_ok, timings = [], 0, 0, []
    for case in cases:
        result = diagnose(case["snapshot"], bench)
        got_pillar = result.pillar_priority[0]
        got_stage = result.bottleneck.stage if result.bottleneck else None
        pillar_ok += got_pillar == case["expected_pillar"]
        stage_ok += got_stage == case["expected_stage"]
        if (got_pillar, got_stage) != (case["expected_pillar"], case["expected_stage"]):
            failures.append({"id": case["id"], "expected": [case["expected_pillar"], case["expected_stage"]],
                             "got": [got_pillar, got_stage]})
        for _ in range(repeats):
            start = time.perf_counter()
            diagnose(case["snapshot"], bench)
            timings.append((time.perf_counter() - start) * 1000)
    timings = sorted(timings) or [0.0]
    return {
        "commit": commit(), "cases": len(cases),
        "pillar_accuracy": pillar_ok / len(cases), "stage_accuracy": stage_ok / len(cases),
        "latency_ms_p50": statistics.median(timings), "latency_ms_p95": timings[int(0.95 * (len(timings) - 1))],
        "failures": failures,
    }


def print_table(m: dict) -> None:
    print(f"diagnosis eval — commit {m['commit']} — {m['cases']} cases ({DATASET.name})")
    print(f"{'metric':<22}{'value':>10}")
    print(f"{'pillar accuracy':<22}{m['pillar_accuracy']:>10.1%}")
    print(f"{'stage accuracy':<22}{m['stage_accuracy']:>10.1%}")
    print(f"{'latency p50 (ms)':<22}{m['latency_ms_p50']:>10.2f}")
    print(f"{'latency p95 (ms)':<22}{m['latency_ms_p95']:>10.2f}")
    print("failing cases: " + ("none" if not m["failures"] else ""))
    for f in m["failures"]:
        print(f"  {f['id']}: expected {f['expected']}, got {f['got']}")


def main(args=None) -> int:
    metrics = evaluate(load_cases())
    if getattr(args, "json", False):
        print(json.dumps(metrics, indent=2))
    else:
        print_table(metrics)
    return 0 if not metrics["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
