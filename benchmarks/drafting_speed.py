"""Speed of the drafts: each drafting function in-process, `growthdoc report` end to end, and the
consultant's report of a 12-month, 20-campaign client in HTML, DOCX and PDF.

The in-process figures diagnose one sample snapshot once, then time each draft `--repeat` times
(after one warm-up call, so template compilation is excluded) and print median and p95 in ms.
The end-to-end row runs the whole CLI in a new process on two sample exports (start-up included).
The client rows (tests/fixtures/client_year.py: a 12-month template with 4 channels and a Meta Ads
export of 20 campaigns x 12 months) time the report from the diagnosis on: every section (campaigns,
month over month, what-if and budget split, plan), rendered; PDF includes launching Chromium.
Goals: HTML + DOCX <= 1 s, PDF <= 5 s.

    .venv/bin/python benchmarks/drafting_speed.py [--repeat 50] [--client-repeat 5]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.core.revision import commit

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
SNAPSHOT = {
    "business": {"name": "Shop Mẹ Bé", "industry": "retail", "model": "b2c"},
    "period": {"start": "2026-10-01", "end": "2026-10-31"},
    "funnel": {"reach": 200_000, "visits": 8_000, "leads": 400, "qualified": 120, "customers": 30},
    "spend": 50_000_000, "revenue": 300_000_000, "target_revenue": 600_000_000,
    "practices": {"target_customer_defined": True, "positioning_defined": False, "sales_sla": False},
}


def _time(fn, repeat: int) -> list[float]:
    fn()  # warm-up: compiles the templates
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _cases(lang: str):
    from assistant.diagnosis import diagnose
    from assistant.drafting.agenda import draft_agenda
    from assistant.drafting.chart import funnel_svg
    from assistant.drafting.kpi_tree import build_kpi_tree
    from assistant.drafting.report import build_report
    from assistant.drafting.sla import draft_sla

    d = diagnose(SNAPSHOT)  # keyed; each draft words it in `lang`
    return {
        "draft_agenda": lambda: draft_agenda(d, SNAPSHOT, lang),
        "draft_sla": lambda: draft_sla(d, SNAPSHOT, lang),
        "build_kpi_tree": lambda: build_kpi_tree(None, d, lang, snapshot=SNAPSHOT),
        "funnel_svg": lambda: funnel_svg(d, lang, snapshot=SNAPSHOT),
        "build_report html": lambda: build_report(d, SNAPSHOT, {}, lang, fmt="html"),
        "build_report md": lambda: build_report(d, SNAPSHOT, {}, lang, fmt="md"),
    }


def _cli(repeat: int) -> list[float]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(Path(sys.executable).parent / "growthdoc"), "report", str(SAMPLES / "meta_ads_vi.csv"),
               str(SAMPLES / "hubspot_deals.csv"), "-o", str(Path(tmp) / "report.html")]
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, cwd=tmp)
            out.append((time.perf_counter() - start) * 1000)
    return out


def _client_cases():
    """The 12-month, 20-campaign client: its inputs read and diagnosed once, the report timed per format."""
    from assistant.cli.inputs import Inputs, read_exports
    from assistant.drafting.report import build_report
    sys.path.insert(0, str(ROOT))  # tests/fixtures/ lives beside the package, not in it
    from tests.fixtures.client_year import write_client

    folder = Path(tempfile.mkdtemp())
    export = read_exports([str(p) for p in write_client(folder)])
    inputs = Inputs({**export.snapshot.model_dump(mode="json"), "business": {"industry": "thời trang"}},
                    export.kpis, dict(export.totals), export)
    diagnosis = inputs.diagnosis()

    def report(fmt):
        extras = {**inputs.extras(diagnosis), "team_size": 3}  # the analysis is part of the report's cost
        return build_report(diagnosis, inputs.snapshot, inputs.kpis, "vi", fmt=fmt, extras=extras)

    def html_and_docx():
        report("html")
        report("docx")

    return {"client report html": lambda: report("html"), "client report docx": lambda: report("docx"),
            "client report html + docx": html_and_docx, "client report pdf": lambda: report("pdf")}


def _row(name: str, times: list[float], cpu: list[float] | None = None) -> str:
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    cpu_ms = f"{statistics.median(cpu):>9.1f}" if cpu else f"{'—':>9}"
    return f"| {name:<46} | {statistics.median(times):>9.1f} | {p95:>9.1f} | {cpu_ms} | {len(times):>4} |"


def _time_cpu(fn, repeat: int) -> tuple[list[float], list[float]]:
    """Wall and this process's CPU ms per run (CPU time is what the work costs when cores are shared;
    Chromium's own CPU, for the PDF, is not in it)."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--client-repeat", type=int, default=5, help="runs of each 12-month client report")
    parser.add_argument("--client-only", action="store_true", help="only the 12-month client rows")
    args = parser.parse_args()
    runs = f"{args.client_repeat} runs a client row" + ("" if args.client_only else f", {args.repeat} the others")
    print(f"drafting speed, commit {commit()}, {runs} (ms)\n")
    print(f"| {'case':<46} | {'median':>9} | {'p95':>9} | {'CPU med.':>9} | {'runs':>4} |")
    print(f"| {'-' * 46} | {'-' * 8}: | {'-' * 8}: | {'-' * 8}: | {'-' * 3}: |")
    if not args.client_only:
        for lang in ("vi", "en"):
            for name, fn in _cases(lang).items():
                print(_row(f"{name} ({lang})", _time(fn, args.repeat)))
        print(_row("growthdoc report (2 files, process)", _cli(max(3, args.repeat // 10))))
    for name, fn in _client_cases().items():
        print(_row(f"{name} (12 mo, 20 camp.)", *_time_cpu(fn, args.client_repeat)))
    print(f"\nload average while measuring: {', '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
