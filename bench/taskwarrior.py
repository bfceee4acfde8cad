"""kehu beside Taskwarrior, side by side on the same machine: `kehu due` against `task next` and
`kehu log` against `task add`, at the same number of items (10,000 by default).

    python bench/taskwarrior.py [--items N] [--repeat R] [--overdue]

kehu runs on the bench book of bench/run.py (`bench/bench-<N>.db`, built by it if missing; with
`--overdue` the all-overdue book, where every contact is due), copied to a temporary file so
`kehu log` does not grow the original. Taskwarrior runs on N pending tasks (due dates spread over
the same 200 days, a project and a priority each) imported into a temporary TASKDATA with its own
TASKRC, so your own tasks are never read or touched. Whole processes, output to /dev/null, one
warm-up round, then R rounds with the four commands interleaved; medians, and kehu's time as a
ratio of Taskwarrior's (below 1: kehu is faster). Without a `task` on PATH (Debian/Ubuntu:
`apt-get install taskwarrior`) only kehu is timed. Not a test: pytest never runs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import run as bench  # noqa: E402  (bench/run.py: the bench book and how kehu is started)


def kehu_book(n: int, overdue: bool) -> tuple[Path, str]:
    """(the bench book of n contacts, its "today"), built by bench/run.py if it is missing."""
    path = BENCH_DIR / (f"bench-overdue-{n}.db" if overdue else f"bench-{n}.db")
    if not path.exists():
        subprocess.run([sys.executable, str(BENCH_DIR / "run.py"), "--contacts", str(n), "--repeat", "1",
                        *(["--overdue"] if overdue else [])], check=True, stdout=subprocess.DEVNULL)
    return path, (bench.OVERDUE_TODAY if overdue else bench.TODAY).isoformat()


def task_data(tmp: Path, n: int) -> dict[str, str]:
    """A TASKRC and TASKDATA of their own holding n pending tasks; the environment that uses them."""
    data = tmp / "taskdata"
    data.mkdir()
    rc = tmp / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nhooks=off\nnews.version=2.6.2\n", encoding="utf-8")
    env = os.environ | {"TASKRC": str(rc), "TASKDATA": str(data)}
    rng = random.Random(bench.SEED)
    start = dt.datetime(2026, 5, 7)
    tasks = [{"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "status": "pending",
              "description": f"follow up {rng.choice(bench.SURNAMES)}{rng.choice(bench.GIVEN_NAMES)} #{i}",
              "entry": start.strftime("%Y%m%dT%H%M%SZ"),
              "due": (start + dt.timedelta(days=rng.randint(0, 230))).strftime("%Y%m%dT%H%M%SZ"),
              "project": rng.choice(["A", "B", "C", "D"]), "priority": rng.choice(["H", "M", "L"])}
             for i in range(n)]
    source = tmp / "tasks.json"
    source.write_text(json.dumps(tasks), encoding="utf-8")
    subprocess.run(["task", "import", str(source)], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return env


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--overdue", action="store_true", help="kehu on the all-overdue book (everyone due)")
    args = parser.parse_args()
    book, today = kehu_book(args.items, args.overdue)
    has_task = shutil.which("task") is not None
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as tmp:
        tmp = Path(tmp)
        copy = tmp / "kehu.db"
        shutil.copyfile(book, copy)
        kehu = bench.kehu_command_line()
        kehu_env = os.environ | {"KEHU_DB": str(copy), "KEHU_CONFIG": str(tmp / "no-config.toml"), "KEHU_TODAY": today}
        task_env = task_data(tmp, args.items) if has_task else {}
        ids = list(range(1, args.items + 1))
        random.Random(1).shuffle(ids)
        rows = {"kehu due": [], "task next": [], "kehu log": [], "task add": []}
        for r in range(args.repeat + 1):  # round 0 warms the caches
            runs = {"kehu due": lambda: timed([*kehu, "due"], kehu_env),
                    "kehu log": lambda: timed([*kehu, "log", str(ids[r]), "--note", "bench"], kehu_env)}
            if has_task:
                runs |= {"task next": lambda: timed(["task", "next"], task_env),
                         "task add": lambda: timed(["task", "add", f"bench {r}", "due:tomorrow"], task_env)}
            for name, run in runs.items():
                elapsed = run()
                if r:
                    rows[name].append(elapsed)
    median = {name: statistics.median(times) for name, times in rows.items() if times}
    print(f"## kehu beside Taskwarrior — {args.items:,} items ({os.cpu_count()} CPUs, median of {args.repeat})\n")
    print("| kehu | median ms | Taskwarrior | median ms | kehu / Taskwarrior |")
    print("|---|---:|---|---:|---:|")
    for mine, theirs in (("kehu due", "task next"), ("kehu log", "task add")):
        if theirs in median:
            print(f"| `{mine}` | {median[mine]:.0f} | `{theirs}` | {median[theirs]:.0f} | {median[mine] / median[theirs]:.2f}× |")
        else:
            print(f"| `{mine}` | {median[mine]:.0f} | `{theirs}` | — | (no `task` on PATH) |")


if __name__ == "__main__":
    main()
