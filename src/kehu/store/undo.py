"""The undo history: every write records how to reverse itself, in its own transaction.

How it works (one idea, three parts):

1. `install` gives the connection TEMP triggers on every table of the book. They live in the
   connection's temp schema, never in the file (a file carrying triggers is refused as foreign),
   and they record only while a step is open, so no command has to remember to log anything.
2. `Database.write()` opens a step (`begin`) after BEGIN IMMEDIATE and closes it (`end`) before
   COMMIT: the step row and its before-images commit or roll back with the change itself. For
   each row the step touches, the first change is kept: the whole row as it was, as JSON ('u',
   'd'), or the id of a row it added ('i'). Later changes to the same row in the same step add
   nothing. Ids only grow (AUTOINCREMENT), so the rows a step adds to contact, touch… are one
   range per table ('a'): a `kehu import` of 100,000 touches records one row, not 100,000.
3. `revert` replays a step's rows newest first (delete what was added, put back what was
   changed or deleted) with foreign keys deferred to the commit; the caller then refreshes the
   contacts it names. Only the last UNDO_STEPS steps are kept.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field

UNDO_STEPS = 50
# The book's tables: everything a command can change. (A test checks it against store.schema.)
TABLES = ("contact", "contact_tag", "touch", "deal", "complaint", "important_date", "sweep", "sweep_contact", "greeting",
          "account", "account_alias", "account_stage", "meta")
# Those whose ids only grow (AUTOINCREMENT): the rows a step adds to them are the ids above the
# counter it started at, kept as one range instead of a row each (a big import stays cheap).
SERIAL = ("contact", "touch", "deal", "complaint", "important_date", "sweep", "greeting", "account", "account_stage")


def install(conn: sqlite3.Connection) -> None:
    """Create the recording triggers on this connection (once: they live as long as it does)."""
    if conn.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'undo_open'").fetchone():
        return
    # A REPLACE that deletes a row (INSERT OR REPLACE INTO meta) fires the delete trigger only so.
    conn.execute("PRAGMA recursive_triggers = ON")
    statements = [
        "CREATE TEMP TABLE undo_open (step_id INTEGER NOT NULL)",
        "CREATE TEMP TABLE undo_seen (table_name TEXT NOT NULL, row_id INTEGER NOT NULL, "
        "PRIMARY KEY (table_name, row_id)) WITHOUT ROWID",
        "CREATE TEMP TABLE undo_mark (table_name TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID",
    ]
    recording = "EXISTS (SELECT 1 FROM undo_open)"
    for table in TABLES:
        columns = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
        image = "json_object(" + ", ".join(f"'{c}', OLD.\"{c}\"" for c in columns) + ")"
        unseen = f"NOT EXISTS (SELECT 1 FROM undo_seen WHERE table_name = '{table}' AND row_id = OLD.rowid)"
        mark = f"coalesce((SELECT seq FROM undo_mark WHERE table_name = '{table}'), 0)"
        # A row added under an id the counter had passed (a kehu book imported with its own ids)
        # is recorded by itself, and so is every row added to a table without a counter; an added
        # row is always recorded (its rowid may be one a row deleted in this step had).
        added = f" AND NEW.rowid <= {mark}" if table in SERIAL else ""
        before = f" AND OLD.rowid <= {mark}" if table in SERIAL else ""  # rows this step added need no image
        statements.append(
            f"CREATE TEMP TRIGGER undo_{table}_i AFTER INSERT ON main.{table} WHEN {recording}{added} BEGIN "
            f"INSERT INTO undo_row (step_id, table_name, op, row_id) SELECT step_id, '{table}', 'i', NEW.rowid FROM undo_open; "
            f"INSERT OR IGNORE INTO undo_seen VALUES ('{table}', NEW.rowid); END")
        for op, event in (("u", "UPDATE"), ("d", "DELETE")):
            statements.append(
                f"CREATE TEMP TRIGGER undo_{table}_{op} AFTER {event} ON main.{table} WHEN {recording}{before} AND {unseen} "
                f"BEGIN INSERT INTO undo_row (step_id, table_name, op, row_id, old) "
                f"SELECT step_id, '{table}', '{op}', OLD.rowid, {image} FROM undo_open; "
                f"INSERT INTO undo_seen VALUES ('{table}', OLD.rowid); END")
    for statement in statements:
        conn.execute(statement)


_COUNTERS = f"SELECT name, seq FROM sqlite_sequence WHERE name IN ({', '.join(repr(t) for t in SERIAL)})"


def begin(conn: sqlite3.Connection, label: str, at: dt.datetime | None) -> None:
    """Open a step (inside the write's transaction): the triggers record under it until `end`."""
    at_text = at.replace(microsecond=0).isoformat(sep=" ") if at else None
    step_id = conn.execute("INSERT INTO undo_step (label, at) VALUES (?, coalesce(?, datetime('now', 'localtime')))",
                           (label, at_text)).lastrowid
    conn.execute("DELETE FROM undo_seen")
    conn.execute("DELETE FROM undo_mark")
    conn.execute(f"INSERT INTO undo_mark (table_name, seq) {_COUNTERS}")
    conn.execute("INSERT INTO undo_open (step_id) VALUES (?)", (step_id,))
    conn.execute("DELETE FROM undo_step WHERE id <= ?", (step_id - UNDO_STEPS,))  # their rows go with them


def end(conn: sqlite3.Connection) -> None:
    """Close the open step, with one row per table for the ids it added ('a': from row_id, not
    included, to old.last); a step that changed nothing is not kept."""
    (step_id,) = conn.execute("SELECT step_id FROM undo_open").fetchone()
    marks = dict(conn.execute("SELECT table_name, seq FROM undo_mark"))
    for table, last in conn.execute(_COUNTERS).fetchall():
        first = marks.get(table, 0)
        if last > first:
            count = conn.execute(f"SELECT count(*) FROM {table} WHERE rowid > ? AND rowid <= ?", (first, last)).fetchone()[0]
            if count:
                # JSON written by hand: `kehu log` does not pay for importing json (2 ms).
                conn.execute("INSERT INTO undo_row (step_id, table_name, op, row_id, old) VALUES (?, ?, 'a', ?, ?)",
                             (step_id, table, first, f'{{"last": {int(last)}, "count": {int(count)}}}'))
    conn.execute("DELETE FROM undo_open")
    conn.execute("DELETE FROM undo_seen")
    conn.execute("DELETE FROM undo_step WHERE id = ? AND NOT EXISTS (SELECT 1 FROM undo_row WHERE step_id = ?)",
                 (step_id, step_id))


@dataclass
class Step:
    """One recorded change: what `kehu undo` would reverse."""

    id: int
    label: str
    at: dt.datetime
    added: dict[str, int] = field(default_factory=dict)  # table → rows the step added
    changed: dict[str, list[int]] = field(default_factory=dict)  # table → ids of rows it changed
    removed: dict[str, int] = field(default_factory=dict)  # table → rows it deleted


def last_step(conn: sqlite3.Connection) -> Step | None:
    """The newest step of the history, with what it did per table."""
    import json

    row = conn.execute("SELECT id, label, at FROM undo_step ORDER BY id DESC LIMIT 1").fetchone()
    if not row:
        return None
    step = Step(row[0], row[1], dt.datetime.fromisoformat(row[2]))
    for table, op, row_id, old in conn.execute(
            "SELECT table_name, op, row_id, CASE op WHEN 'a' THEN old END FROM undo_row WHERE step_id = ? ORDER BY id", (step.id,)):
        if op in ("i", "a"):
            step.added[table] = step.added.get(table, 0) + (json.loads(old)["count"] if op == "a" else 1)
        elif op == "u":
            step.changed.setdefault(table, []).append(row_id)
        else:
            step.removed[table] = step.removed.get(table, 0) + 1
    return step


def revert(conn: sqlite3.Connection, step_id: int) -> set[int]:
    """Put the book back as it was before the step (inside the caller's transaction, with the
    recording off) and forget the step. Returns the contacts it concerned that still exist:
    refresh them afterwards."""
    import json

    if getattr(conn, "dialect", "sqlite") == "postgresql":  # a team database: its own triggers
        from kehu.store.engines import pg_undo

        return pg_undo.revert(conn, step_id)
    conn.execute("PRAGMA defer_foreign_keys = ON")  # rows come back child before parent, too
    records = conn.execute("SELECT table_name, op, row_id, old FROM undo_row WHERE step_id = ? ORDER BY id DESC",
                           (step_id,)).fetchall()
    concerned = _contacts_concerned(conn, records)
    columns = {t: [r[1] for r in conn.execute(f"PRAGMA main.table_info({t})")] for t in {r[0] for r in records}}
    for table, op, row_id, old in records:
        if table not in TABLES:
            continue
        if op == "i":
            conn.execute(f"DELETE FROM {table} WHERE rowid = ?", (row_id,))
        elif op == "a":
            conn.execute(f"DELETE FROM {table} WHERE rowid > ? AND rowid <= ?", (row_id, json.loads(old)["last"]))
        else:
            _put_back(conn, table, row_id, json.loads(old), columns[table])
    conn.execute("DELETE FROM undo_step WHERE id = ?", (step_id,))
    # Every id, not `IN (…)`: an undone import can concern more contacts than SQLite takes parameters.
    return concerned & {r[0] for r in conn.execute("SELECT id FROM contact")} if concerned else set()


def _put_back(conn: sqlite3.Connection, table: str, row_id: int, image: dict, columns: list[str]) -> None:
    """The row as it was: updated in place if it is still there, else inserted with its rowid."""
    known = {c: image[c] for c in columns if c in image}
    assignments = ", ".join(f'"{c}" = ?' for c in known)
    if conn.execute(f"UPDATE {table} SET {assignments} WHERE rowid = ?", (*known.values(), row_id)).rowcount:
        return
    names = ", ".join(f'"{c}"' for c in known)
    if "id" in known:  # the id is the rowid
        conn.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(known))})", tuple(known.values()))
    else:
        conn.execute(f"INSERT INTO {table} (rowid, {names}) VALUES (?, {', '.join('?' * len(known))})",
                     (row_id, *known.values()))


def _contacts_concerned(conn: sqlite3.Connection, records: list) -> set[int]:
    """Every contact a step's rows belong to, before and after it (a moved touch has two)."""
    import json

    found = set()
    owned = ("touch", "deal", "complaint", "important_date", "contact_tag", "sweep_contact", "greeting")
    for table, op, row_id, old in records:
        if op == "a":
            last = json.loads(old)["last"]
            if table in owned:
                found |= {r[0] for r in conn.execute(
                    f"SELECT DISTINCT contact_id FROM {table} WHERE rowid > ? AND rowid <= ?", (row_id, last))}
            elif table == "sweep":
                found |= {r[0] for r in conn.execute(
                    "SELECT contact_id FROM sweep_contact WHERE sweep_id > ? AND sweep_id <= ?", (row_id, last))}
            continue  # added contacts go: nothing to refresh
        if table == "contact":
            found.add(row_id)
            continue
        if old:
            found.add(json.loads(old).get("contact_id"))
        if table in owned:
            now = conn.execute(f"SELECT contact_id FROM {table} WHERE rowid = ?", (row_id,)).fetchone()
            if now:
                found.add(now[0])
        if table == "sweep":
            found |= {r[0] for r in conn.execute("SELECT contact_id FROM sweep_contact WHERE sweep_id = ?", (row_id,))}
    found.discard(None)
    return found
