"""Before and after, interleaved: one kehu command timed with two copies of kehu's source and the
floor, round by round, on a machine others share.

    python bench/ab.py --before DIR [--db FILE] [--today DAY] [--repeat R] -- due --json

`--before DIR`: a `src/` of the older kehu (`git archive COMMIT src | tar -x -C /some/dir`, then
`--before /some/dir/src`); "after" is this checkout's `src/`. Each round runs the floor
(`python -c "import typer, rich.table"`), the before and the after, output to /dev/null; one
warm-up round, then R rounds; medians of wall time and of CPU time (user + system, from
`os.wait4`: less disturbed by other jobs than wall time), and each as a ratio to the floor.
Default book: the all-overdue bench book of 10,000 contacts (`bench/run.py --overdue`).
Not a test: pytest never runs it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, metavar="DIR", help="the older kehu's src/")
    parser.add_argument("--db", type=Path, default=BENCH_DIR / "bench-overdue-10000.db")
    parser.add_argument("--today", default="2026-11-25")
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("command", nargs="+", help="kehu's arguments (after --)")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} is missing: python bench/run.py --overdue --repeat 1 builds it")
    kehu = Path(sys.executable).with_name("kehu")
    start = [str(kehu)] if kehu.exists() else [sys.executable, "-m", "kehu"]
    env = os.environ | {"KEHU_DB": str(args.db), "KEHU_CONFIG": str(BENCH_DIR / "no-such-config.toml"),
                        "KEHU_TODAY": args.today}
    variants = {
        "floor": ([sys.executable, "-c", "import typer, rich.table"], env),
        "before": ([*start, *args.command], env | {"PYTHONPATH": str(args.before.resolve())}),
        "after": ([*start, *args.command], env | {"PYTHONPATH": str(BENCH_DIR.parent / "src")}),
    }
    wall: dict[str, list[float]] = {k: [] for k in variants}
    cpu: dict[str, list[float]] = {k: [] for k in variants}
    for r in range(args.repeat + 1):
        for name, (argv, environment) in variants.items():
            began = time.perf_counter()
            child = subprocess.Popen(argv, env=environment, stdout=subprocess.DEVNULL)
            _pid, status, usage = os.wait4(child.pid, 0)
            elapsed = time.perf_counter() - began
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"{name}: {' '.join(argv)} failed")
            if r:  # round 0 warms the caches
                wall[name].append(elapsed * 1000)
                cpu[name].append((usage.ru_utime + usage.ru_stime) * 1000)
    floor_wall, floor_cpu = statistics.median(wall["floor"]), statistics.median(cpu["floor"])
    print(f"## kehu {' '.join(args.command)} — {args.db.name}, median of {args.repeat}\n")
    print("| | wall ms | vs floor | CPU ms | vs floor |")
    print("|---|---:|---:|---:|---:|")
    for name in variants:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"| {name} | {w:.0f} | {w / floor_wall:.2f}× (+{w - floor_wall:.0f}) | {c:.0f} | {c / floor_cpu:.2f}× |")


if __name__ == "__main__":
    main()
