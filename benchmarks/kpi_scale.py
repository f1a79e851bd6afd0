"""Speed and memory of `growthdoc kpi FILE --json` on a 1,000,000-row Meta Ads export.

Generates a Vietnamese-header Meta Ads export into benchmarks/out/ (gitignored), then runs,
each in its own process, the whole CLI and a plain `pandas.read_csv` + sum of the same file,
and prints wall time, CPU time and peak RSS (from `os.wait4`, the child's own rusage) as a table.
A third row reads a copy whose reach, impressions and spend carry thousands separators (the
slower path: those columns are read as text, then parsed in the detected style).

    .venv/bin/python benchmarks/kpi_scale.py [--rows 1000000] [--repeat 5] [--xlsx-rows 100000]

A fourth table reads a 1,000,000-item-row marketplace order export (Shopee-style Vietnamese headers,
the order total repeated on every item row): the whole CLI against a plain pandas read + group-by of
the same file (orders counted once, completed orders' totals once, distinct buyers).

A second table times the candidate CSV readers alone (pandas+pyarrow, polars, pyarrow.csv, duckdb,
those installed); a third compares the XLSX readers (python-calamine vs openpyxl, if installed) on an orders
workbook, next to the whole CLI on it.
"""

import argparse
import csv
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"
HEADER = [
    "Bắt đầu báo cáo", "Kết thúc báo cáo", "Tên chiến dịch", "Tên nhóm quảng cáo", "Ngày",
    "Người tiếp cận", "Lượt hiển thị", "Tần suất", "Loại kết quả", "Kết quả",
    "Chi phí trên mỗi kết quả", "Số tiền đã chi tiêu (VND)", "Lượt click vào liên kết",
    "CTR (tỷ lệ click vào liên kết)", "Lượt bắt đầu cuộc trò chuyện qua tin nhắn",
    "Khách hàng tiềm năng", "Cài đặt ghi nhận",
]
CAMPAIGNS = [
    ("Tin nhắn - Váy công sở", "Lượt bắt đầu cuộc trò chuyện qua tin nhắn"),
    ("Tin nhắn - Áo dài Tết", "Lượt bắt đầu cuộc trò chuyện qua tin nhắn"),
    ("Biểu mẫu - Khoá học IELTS", "Khách hàng tiềm năng"),
    ("Biểu mẫu - Tư vấn nha khoa", "Khách hàng tiềm năng"),
]
BASELINE = (
    "import sys, pandas as pd\n"
    "df = pd.read_csv(sys.argv[1])\n"
    "print(df.select_dtypes('number').sum().to_dict())\n"
)


def generate(path: Path, rows: int, seed: int = 7, grouped: bool = False) -> None:
    """Write `rows` daily ad-set rows with Vietnamese headers (UTF-8 with BOM, like Ads Manager);
    `grouped` writes reach, impressions and spend with thousands separators (`"1,234"`)."""
    show = (lambda n: f"{n:,}") if grouped else (lambda n: n)
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(rows):
            name, kind = CAMPAIGNS[i % len(CAMPAIGNS)]
            day = f"2026-10-{1 + (i // 4) % 31:02d}"
            reach = rng.randint(500, 12000)
            impressions = int(reach * rng.uniform(1.1, 2.0))
            spend = rng.randint(50_000, 900_000)
            clicks = rng.randint(5, 300)
            results = rng.randint(0, 40)
            messages, leads = (results, "") if "tin nhắn" in kind else ("", results)
            cost = round(spend / results) if results else ""
            out.writerow([
                "2026-10-01", "2026-10-31", name, f"Nhóm {i % 97}", day, show(reach), show(impressions),
                f"{impressions / reach:.2f}", kind, results, cost, show(spend), clicks,
                f"{clicks / impressions * 100:.2f}", messages, leads,
                "7 ngày sau khi click hoặc 1 ngày sau khi xem",
            ])


def measure(cmd: list[str], env: dict) -> tuple[float, float, int, float]:
    """Wall seconds, peak RSS in MB, exit code and CPU seconds (user + system) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.stderr.write(proc.stderr.read().decode("utf-8", "replace"))
    return wall, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


SUMMED = ["Người tiếp cận", "Lượt hiển thị", "Số tiền đã chi tiêu (VND)", "Lượt click vào liên kết",
          "Lượt bắt đầu cuộc trò chuyện qua tin nhắn", "Khách hàng tiềm năng"]
CSV_READERS = {  # each reads the file and sums the six figure columns, in its own process
    "pandas (pyarrow engine)": ("pandas", "import sys, pandas as pd\n"
                                "print(pd.read_csv(sys.argv[1], engine='pyarrow', usecols=COLS)[COLS].sum())\n"),
    "polars (lazy scan)": ("polars", "import sys, polars as pl\n"
                           "print(pl.scan_csv(sys.argv[1]).select(COLS).sum().collect())\n"),
    "pyarrow.csv": ("pyarrow", "import sys, pyarrow.csv as pc, pyarrow.compute as pcc\n"
                    "t = pc.read_csv(sys.argv[1], convert_options=pc.ConvertOptions(include_columns=COLS))\n"
                    "print([pcc.sum(t[c]).as_py() for c in COLS])\n"),
    "duckdb": ("duckdb", "import sys, duckdb\n"
               "q = ', '.join(f'sum(\"{c}\")' for c in COLS)\n"
               "print(duckdb.sql(f\"select {q} from read_csv('{sys.argv[1]}')\").fetchall())\n"),
}
XLSX_READERS = {
    "python-calamine": (
        "import sys; from python_calamine import CalamineWorkbook\n"
        "rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()\n"
        "print(sum(r[4] for r in rows[1:]))\n"
    ),
    "openpyxl (read-only)": (
        "import sys, openpyxl\n"
        "ws = openpyxl.load_workbook(sys.argv[1], read_only=True).active\n"
        "print(sum(r[4] for r in ws.iter_rows(min_row=2, values_only=True)))\n"
    ),
}


def generate_orders_xlsx(path: Path, rows: int, seed: int = 7) -> None:
    """An orders export (one row per order) as XLSX, written with openpyxl's write-only mode."""
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Mã đơn hàng", "Ngày tạo", "Khách hàng", "Số điện thoại", "Tổng tiền", "Trạng thái", "Nguồn đơn"])
    for i in range(rows):
        sheet.append([f"DH{i}", f"2026-10-{1 + i % 31:02d}", f"Khách {i % 5000}", f"09{rng.randint(10**7, 10**8 - 1)}",
                      rng.randint(100, 3000) * 1000, "Hoàn thành" if rng.random() < 0.8 else "Đã hủy", "Facebook"])
    book.save(path)


def xlsx_table(rows: int, repeat: int, env: dict) -> None:
    """Which XLSX reader: calamine vs openpyxl on one orders workbook, plus the whole CLI on it."""
    if importlib.util.find_spec("openpyxl") is None:  # only this comparison needs it
        print("\n(openpyxl not installed: XLSX reader comparison skipped)")
        return
    path = OUT / f"orders_vi_{rows}.xlsx"
    if not path.exists():
        generate_orders_xlsx(path, rows)
    runs = {label: [sys.executable, "-c", code, str(path)] for label, code in XLSX_READERS.items()}
    runs["growthdoc kpi FILE --json"] = _cli() + ["kpi", str(path), "--json"]
    print(f"\nfile: {path.name}  rows: {rows:,}  size: {path.stat().st_size / 2**20:.1f} MB")
    _table(runs, repeat, env)


def readers_table(path: Path, repeat: int, env: dict) -> None:
    """The CSV readers that were candidates, on the same file (those installed)."""
    runs = {label: [sys.executable, "-c", f"COLS = {SUMMED!r}\n" + code, str(path)]
            for label, (module, code) in CSV_READERS.items() if importlib.util.find_spec(module)}
    print(f"\nCSV readers alone (read + sum of the figure columns): {path.name}")
    _table(runs, repeat, env)


def _cli() -> list[str]:
    growthdoc = Path(sys.executable).parent / "growthdoc"
    return [str(growthdoc)] if growthdoc.exists() else [sys.executable, "-m", "assistant.cli"]


def _table(runs: dict, repeat: int, env: dict) -> None:
    """Run each command `repeat` times, interleaved, and print one row per command."""
    results = {label: [] for label in runs}
    for _ in range(repeat):  # interleaved, so a busy moment on a shared machine hits all alike
        for label, cmd in runs.items():
            results[label].append(measure(cmd, env))
    print(f"| {'command':<28} | {'best wall s':>11} | {'median wall s':>13} | {'median CPU s':>12} | {'peak RSS MB':>11} | exit |")
    print(f"| {'-' * 28} | {'-' * 10}:| {'-' * 12}:| {'-' * 11}:| {'-' * 10}:| ---- |")
    for label, rows in results.items():
        walls = sorted(r[0] for r in rows)
        cpu = statistics.median(r[3] for r in rows)
        print(f"| {label:<28} | {walls[0]:>11.2f} | {statistics.median(walls):>13.2f} | {cpu:>12.2f} | "
              f"{max(r[1] for r in rows):>11.0f} | {max(r[2] for r in rows):>4} |")


ORDER_HEADER = ["Mã đơn hàng", "Mã Kiện Hàng", "Ngày đặt hàng", "Trạng Thái Đơn Hàng", "Lý do hủy",
                "SKU phân loại hàng", "Tên sản phẩm", "Tên phân loại hàng", "Giá gốc", "Số lượng",
                "Tổng giá trị đơn hàng (VND)", "Người Mua", "Tên Người nhận", "Số điện thoại", "Tỉnh/Thành phố"]
STATUSES = ["Hoàn thành"] * 14 + ["Đã hủy"] * 3 + ["Trả hàng/Hoàn tiền", "Đang giao"]
ORDERS_BASELINE = (
    "import sys, pandas as pd\n"
    "df = pd.read_csv(sys.argv[1])\n"
    "orders = df.groupby('Mã đơn hàng', sort=False).agg(status=('Trạng Thái Đơn Hàng', 'first'),\n"
    "    total=('Tổng giá trị đơn hàng (VND)', 'first'), buyer=('Người Mua', 'first'))\n"
    "done = orders[orders.status == 'Hoàn thành']\n"
    "print(len(orders), len(done), done.total.sum(), done.buyer.nunique())\n"
)


def generate_orders(path: Path, rows: int, seed: int = 7) -> None:
    """`rows` item rows of a Shopee-style order export: 1-4 items an order, its total on each item row."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(ORDER_HEADER)
        written, n = 0, 0
        while written < rows:
            n += 1
            items = min(rng.randint(1, 4), rows - written)
            status = rng.choice(STATUSES)
            buyer = f"khach{rng.randint(1, rows // 6)}"
            lines = [(f"SKU{rng.randint(1, 500)}", rng.randint(1, 3), rng.randint(50, 900) * 1000) for _ in range(items)]
            total = sum(q * p for _, q, p in lines) + 20_000
            for sku, qty, price in lines:
                out.writerow([f"26100{n:07d}", f"PK{n}", f"2026-10-{1 + n % 31:02d} 10:{n % 60:02d}", status,
                              "Người mua hủy" if status == "Đã hủy" else "", sku, f"Sản phẩm {sku}", "Size M",
                              price, qty, total, buyer, f"Khách {buyer}", f"84******{n % 1000:03d}", "Hà Nội"])
            written += items


def orders_table(rows: int, repeat: int, env: dict) -> None:
    """The CLI on an order-item export against pandas reading and grouping the same file."""
    path = OUT / f"orders_items_vi_{rows}.csv"
    if not path.exists():
        generate_orders(path, rows)
    runs = {"growthdoc kpi FILE --json": _cli() + ["kpi", str(path), "--json"],
            "pandas.read_csv + group-by": [sys.executable, "-c", ORDERS_BASELINE, str(path)]}
    print(f"\nfile: {path.name}  item rows: {rows:,}  size: {path.stat().st_size / 2**20:.0f} MB")
    _table(runs, repeat, env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-readers", dest="readers", action="store_false", help="skip the CSV readers table")
    parser.add_argument("--xlsx-rows", type=int, default=100_000, help="orders workbook size; 0 skips the XLSX table")
    parser.add_argument("--order-rows", type=int, default=1_000_000, help="order-item export size; 0 skips it")
    parser.add_argument("--orders-only", action="store_true", help="only the order-item table")
    args = parser.parse_args()
    env = dict(os.environ, GROWTHDOC_MAX_UPLOAD_MB="10000")  # speed is measured here, not the limit
    if args.orders_only:
        orders_table(args.order_rows, args.repeat, env)
        return 0
    path = OUT / f"meta_ads_vi_{args.rows}.csv"
    grouped = OUT / f"meta_ads_vi_{args.rows}_grouped.csv"
    for target, style in ((path, False), (grouped, True)):
        if not target.exists():
            generate(target, args.rows, grouped=style)
    size_mb = path.stat().st_size / 2**20
    env = dict(os.environ, GROWTHDOC_MAX_UPLOAD_MB="10000")  # speed is measured here, not the limit
    runs = {
        "growthdoc kpi FILE --json": _cli() + ["kpi", str(path), "--json"],
        "pandas.read_csv + sum": [sys.executable, "-c", BASELINE, str(path)],
        'same, numbers as "1,234"': _cli() + ["kpi", str(grouped), "--json"],
    }
    print(f"file: {path.name}  rows: {args.rows:,}  size: {size_mb:.0f} MB  runs: {args.repeat} each, interleaved")
    _table(runs, args.repeat, env)
    if args.readers:
        readers_table(path, args.repeat, env)
    if args.xlsx_rows:
        xlsx_table(args.xlsx_rows, args.repeat, env)
    if args.order_rows:
        orders_table(args.order_rows, args.repeat, env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
