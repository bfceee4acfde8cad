"""Export and import benchmark: time and peak memory of `kehu export` and `kehu import` as whole
processes.

    python bench/io_bench.py [--contacts N] [--repeat R] [--skip-export] [--skip-import] [--src DIR]

Export: `kehu export --format json|csv --output FILE` of the all-overdue bench book
(bench/bench-overdue-<N>.db, built by `python bench/run.py --overdue --contacts N`). Import: a
contacts CSV of N contacts into a fresh database, then a follow-up log of 10 touches per contact
(bench/import_bench.py writes both), then the JSON export back into another fresh database.
Each process is timed and its peak resident memory read from the kernel (`os.wait4`); the table
shows medians of R rounds. `--src DIR` times the kehu whose package is in DIR instead (an older
commit: `git archive COMMIT src | tar -x -C /tmp/old`, then `--src /tmp/old/src`), for a
before/after on the same machine. Not a test: pytest never runs it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from import_bench import kehu_command, write_files  # noqa: E402

TODAY = "2026-11-25"
SRC: dict[str, str] = {}  # PYTHONPATH for --src


def run_kehu(db: Path, *args: str) -> tuple[float, float]:
    """(seconds, peak MiB) of one `kehu` process; stops the benchmark if it fails."""
    env = os.environ | {"KEHU_DB": str(db), "KEHU_CONFIG": str(BENCH_DIR / "no-such-config.toml"), "KEHU_TODAY": TODAY} | SRC
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen([*kehu_command(), *args], env=env, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:  # named, and the row shows no figures (a file over kehu's bounds)
            err.seek(0)
            print(f"kehu {' '.join(args)} failed: {err.read().decode(errors='replace').strip()}", file=sys.stderr)
            return float("nan"), float("nan")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def median_row(label: str, rows: int, runs: list[tuple[float, float]]) -> str:
    seconds = statistics.median(s for s, _m in runs)
    peak = statistics.median(m for _s, m in runs)
    return f"| {label} | {rows:,} | {seconds:.2f} | {peak:.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--src", type=Path, metavar="DIR", help="time the kehu package in DIR (an older checkout's src/)")
    args = parser.parse_args()
    if args.src:
        SRC["PYTHONPATH"] = str(args.src.resolve())
    n = args.contacts
    lines = []
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as tmp:
        tmp = Path(tmp)
        exported = tmp / "book.json"
        if not args.skip_export:
            book = BENCH_DIR / f"bench-overdue-{n}.db"
            if not book.exists():
                raise SystemExit(f"{book.name} is missing: python bench/run.py --overdue --contacts {n} --repeat 1")
            for fmt in ("json", "csv"):
                target = tmp / f"book.{fmt}"
                runs = [run_kehu(book, "export", "--format", fmt, "--output", str(target)) for _ in range(args.repeat)]
                lines.append(median_row(f"export --format {fmt}", n, runs))
        if not args.skip_import:
            contacts_csv, touches_csv = write_files(n, 10, random.Random(7))
            contact_runs, touch_runs, book_runs = [], [], []
            for r in range(args.repeat):
                db = tmp / f"import-{r}.db"
                contact_runs.append(run_kehu(db, "import", str(contacts_csv)))
                touch_runs.append(run_kehu(db, "import", str(touches_csv)))
                if r == 0:
                    run_kehu(db, "export", "--format", "json", "--output", str(exported))
                book_runs.append(run_kehu(tmp / f"import-book-{r}.db", "import", str(exported)))
            lines.append(median_row("import contacts (GBK CSV)", n, contact_runs))
            lines.append(median_row("import touches (follow-up log CSV)", n * 10, touch_runs))
            print("\n".join(lines), file=sys.stderr, flush=True)
            lines.append(median_row("import kehu JSON (contacts + touches)", n, book_runs))
    print(f"## kehu export and import — {n:,} contacts ({os.cpu_count()} CPUs, median of {args.repeat})\n")
    print("| command | rows | median s | peak MiB |")
    print("|---|---:|---:|---:|")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
