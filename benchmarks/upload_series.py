"""Cost of each upload in a session that keeps receiving exports (a consultant dropping a client's files).

One conversation service with the offline engine (no knowledge index needed) receives the sample
exports one after another, `--uploads` in all; each row is one upload's wall time (median of
`--repeat` fresh sessions) and how many exports were parsed to answer it. Before issue 9 the k-th
upload re-parsed every earlier file of the session (k parses); now it parses one.

    .venv/bin/python benchmarks/upload_series.py [--uploads 8] [--repeat 5]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from assistant.core.revision import commit

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "tests" / "fixtures" / "samples").iterdir())


def _counting_reader(counter: list[int]):
    """Wrap the KPI reader so every parse of an export is counted."""
    import assistant.kpi as kpi
    import assistant.kpi.reader as reader

    real = reader.read_export

    def counted(*args, **kwargs):
        counter[0] += 1
        return real(*args, **kwargs)

    kpi.read_export = reader.read_export = counted


def _service(data_dir: Path):
    import os

    os.environ["GROWTHDOC_DATA_DIR"] = str(data_dir)
    from assistant.core.config import get_settings

    get_settings.cache_clear()
    try:
        from assistant.bootstrap import build_service
    except ImportError:  # before the composition root existed
        from assistant.engine.factory import build_service
    return build_service(get_settings(), search=None)


def run(uploads: int, repeat: int) -> list[tuple[int, float, int]]:
    counter = [0]
    _counting_reader(counter)
    files = [SAMPLES[i % len(SAMPLES)] for i in range(uploads)]
    times: dict[int, list[float]] = {k: [] for k in range(1, uploads + 1)}
    parses: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        service = _service(Path(tmp))
        for _ in range(repeat):
            session = service.create_session()
            for k, path in enumerate(files, start=1):
                before = counter[0]
                start = time.perf_counter()
                service.add_upload(session, path.name, path.read_bytes())
                times[k].append(time.perf_counter() - start)
                parses[k] = counter[0] - before
    return [(k, statistics.median(times[k]) * 1000, parses[k]) for k in times]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = run(args.uploads, args.repeat)
    print(f"upload series — commit {commit()} — median of {args.repeat} sessions")
    print(f"{'k-th upload':>12} {'wall ms':>10} {'exports parsed':>15}")
    for k, ms, parsed in rows:
        print(f"{k:>12} {ms:>10.0f} {parsed:>15}")
    print(f"{'total':>12} {sum(ms for _, ms, _ in rows):>10.0f} {sum(p for *_, p in rows):>15}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
