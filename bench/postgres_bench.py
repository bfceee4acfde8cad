"""`python bench/run.py --postgres`: the same book on a team database (issue 18).

Starts a throw-away PostgreSQL server (tests/postgres.py: initdb + pg_ctl, a Unix socket in a
temporary folder), sets a database up with `kehu team init`, adds ten reps and copies the
benchmark's SQLite book into it (COPY, each contact owned by rep `id % 10`), then times
`kehu due`, `kehu log` and `kehu show` as one rep — who owns a tenth of the book and, by the
database's row-level security, sees only that — beside `kehu due` on the SQLite file of the
whole book. The issue's aim: a rep's `kehu due` within 2× the SQLite figure at the same size.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPS = 10
TABLES = ("contact", "contact_tag", "touch", "deal", "complaint", "important_date", "sweep", "sweep_contact", "greeting")


def copy_book(sqlite_path: Path, url: str) -> None:
    """Every row of the SQLite book into the team database at `url` (its owner), contacts spread over the reps."""
    import psycopg

    source = sqlite3.connect(sqlite_path)
    with psycopg.connect(url, autocommit=False) as conn:
        for table in TABLES:
            columns = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
            extra = ["owner"] if table in ("contact", "sweep") else []
            with conn.cursor().copy(f"COPY {table} ({', '.join(columns + extra)}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {', '.join(columns)} FROM {table}"):
                    row = [int(v) if isinstance(v, bool) else v for v in row]
                    if extra:
                        row.append(f"rep{row[0] % REPS}")
                    copy.write_row(row)
            if "id" in columns:
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")
        for key, value in source.execute("SELECT key, value FROM meta"):
            for rep in range(REPS):
                conn.execute("INSERT INTO meta (owner, key, value) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING", (f"rep{rep}", key, value))
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def run(sqlite_path: Path, n: int, repeat: int, env: dict, kehu: list[str], time_one_run, today: dt.date) -> dict:
    sys.path.insert(0, str(ROOT))
    from tests.postgres import Server, binaries

    found = binaries()
    if found is None:
        raise SystemExit("--postgres: no PostgreSQL binaries (initdb) found: apt-get install postgresql")
    server = Server(found).start()
    try:
        import psycopg

        with psycopg.connect(server.url(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE kehu_bench")
            version = admin.execute("SHOW server_version").fetchone()[0]
        owner = server.url("kehu_bench")
        base = env | {"KEHU_DB": owner}
        time_one_run([*kehu, "team", "init"], base)
        for rep in range(REPS):
            time_one_run([*kehu, "team", "add", f"rep{rep}", "--role", "rep"], base)
        print(f"copying {sqlite_path.name} into PostgreSQL ({REPS} reps)…", file=sys.stderr)
        copy_book(sqlite_path, owner)
        rep_env = env | {"KEHU_DB": server.url("kehu_bench", "rep0")}
        ids = [r[0] for r in sqlite3.connect(sqlite_path).execute(
            "SELECT id FROM contact WHERE archived = 0 AND id % ? = 0 AND stage != 'lost'", (REPS,))]
        picked = random.Random(1).sample(ids, min(len(ids), 2 * repeat + 2))
        timings: dict[str, list[float]] = {"sqlite: kehu due (whole book)": [], "postgresql: kehu due (rep0)": [],
                                           "postgresql: kehu log <id> (rep0)": [], "postgresql: kehu show <id> (rep0)": []}
        time_one_run([*kehu, "due"], rep_env)  # warm-up: brings the rep's schedules to the rules (a write), caches
        time_one_run([*kehu, "due"], env)
        for i in range(repeat):
            timings["sqlite: kehu due (whole book)"].append(time_one_run([*kehu, "due"], env))
            timings["postgresql: kehu due (rep0)"].append(time_one_run([*kehu, "due"], rep_env))
            timings["postgresql: kehu log <id> (rep0)"].append(
                time_one_run([*kehu, "log", str(picked[2 * i]), "--note", "bench"], rep_env))
            timings["postgresql: kehu show <id> (rep0)"].append(time_one_run([*kehu, "show", str(picked[2 * i + 1])], rep_env))
        medians = {k: statistics.median(v) for k, v in timings.items()}
        ratio = medians["postgresql: kehu due (rep0)"] / medians["sqlite: kehu due (whole book)"]
        print(f"\nTeam database: {n:,} contacts over {REPS} reps (rep0 owns {n // REPS:,}), PostgreSQL {version}, "
              f"{repeat} rounds, today {today}\n")
        print("| command | median ms |\n|---|---:|")
        for label, ms in medians.items():
            print(f"| `{label}` | {ms:.0f} |")
        print(f"\nrep0's `kehu due` / SQLite `kehu due`: {ratio:.2f}× (aim: ≤ 2×)")
        return {"contacts": n, "reps": REPS, "medians_ms": medians, "due_ratio": ratio}
    finally:
        server.stop()
