"""Speed of the intake: reading one owner message into the session (`absorb`: figures, corrections, practices,
industry, doubts), over every message of the intake eval's dev split, in-process and warm (one pass first so
the lexicon is loaded and its word lists compiled). Prints median and p95 per message in ms.

    .venv/bin/python benchmarks/intake_speed.py [--repeat 3]
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from assistant.contracts import TurnContext
from assistant.core.revision import commit
from assistant.intake.absorb import absorb

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = ROOT / "eval" / "datasets" / "intake.jsonl"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    messages = [json.loads(line)["message"] for line in MESSAGES.read_text(encoding="utf-8").splitlines() if line]
    knowledge = ROOT / "knowledge"
    for message in messages:  # warm-up
        absorb(TurnContext(session_id="warm"), message, knowledge)
    timings = []
    for _ in range(args.repeat):
        for message in messages:
            start = time.perf_counter()
            absorb(TurnContext(session_id="bench"), message, knowledge)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"intake speed · commit {commit()} · {len(messages)} messages × {args.repeat}")
    print("| step | median (ms) | p95 (ms) |")
    print("| --- | --- | --- |")
    print(f"| absorb one message | {statistics.median(timings):.2f} | {p95:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
