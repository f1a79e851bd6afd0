"""Time of each upload in one session: the k-th upload should cost one parse, not k+1.

Uploads the sample exports (tests/fixtures/samples, repeated up to --uploads files) into one
session of a `ConversationService` over a fresh SQLite data dir, with an engine that only
acknowledges uploads (the engine's summary is not what is measured), and prints per upload the
wall time and how many files the KPI reader parsed.

    .venv/bin/python benchmarks/session_uploads.py [--uploads 8] [--repeat 3]
"""

import argparse
import statistics
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
sys.path.insert(0, str(ROOT))


class AckEngine:
    """Answers uploads with one line; turns are not part of this benchmark."""

    name = "offline"

    def on_upload(self, ctx, filename, report):
        from assistant.contracts import Reply

        return Reply(text=filename)


def one_session(files: list[Path], data_dir: Path) -> list[tuple[float, int]]:
    """(seconds, files parsed) for each upload of one session."""
    import assistant.kpi.reader as reader
    from assistant.conversation.service import ConversationService
    from assistant.core.config import Settings

    parsed, real = [], reader.load_tables
    reader.load_tables = lambda source, name, limit: parsed.append(name) or real(source, name, limit)
    try:
        service = ConversationService(Settings(data_dir=data_dir), AckEngine())
        sid = service.create_session()
        timings = []
        for path in files:
            before, start = len(parsed), time.perf_counter()
            service.add_upload(sid, path.name, path.read_bytes())
            timings.append((time.perf_counter() - start, len(parsed) - before))
        return timings
    finally:
        reader.load_tables = real


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = list(islice(cycle(sorted(SAMPLES.iterdir())), args.uploads))
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(one_session(files, Path(tmp)))
    from assistant.core.revision import commit

    print(f"session uploads — commit {commit()} — median of {args.repeat} runs")
    print(f"{'upload':>6}  {'file':<28} {'median s':>9}  {'files parsed':>12}")
    for k, path in enumerate(files):
        seconds = statistics.median(run[k][0] for run in runs)
        print(f"{k + 1:>6}  {path.name:<28} {seconds:>9.3f}  {runs[0][k][1]:>12}")


if __name__ == "__main__":
    main()
