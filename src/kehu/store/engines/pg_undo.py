"""`kehu undo` on a team database: store.undo's design carried over to PostgreSQL.

- Recording: one trigger function (`kehu_undo_record`, installed by `kehu team init` on every
  table a command can change) writes a row's before-image into `undo_row` while the write's
  transaction has an open step (the transaction-local setting `kehu.undo_step`, set by `begin`).
  The first change of a row in a step is kept. The ids a step adds are one range per table
  (`begin` notes each sequence's last id; the write lock keeps other writers out meanwhile),
  recorded as one row by `end`; a row of a table without ids is recorded by its whole image.
- Each member has their own history (`undo_step`/`undo_row` belong to who wrote them, under
  row-level security), and `kehu undo` reverses that member's last change.
- `revert` replays a step newest first with the foreign keys deferred to the commit (the team
  schema's foreign keys are DEFERRABLE), from the images through `jsonb_populate_record`.
"""

from __future__ import annotations

import json

from kehu.store.undo import SERIAL as SQLITE_SERIAL
from kehu.store.undo import TABLES, UNDO_STEPS

RECORDED = (*TABLES, "ownership")
SERIAL = (*SQLITE_SERIAL, "ownership")  # tables with identity ids

FUNCTION = """CREATE OR REPLACE FUNCTION kehu_undo_record() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off AS $$
DECLARE
  step bigint := nullif(current_setting('kehu.undo_step', true), '')::bigint;
  mark bigint := nullif(current_setting('kehu.undo_mark_' || TG_TABLE_NAME, true), '')::bigint;
  key text;
BEGIN
  IF step IS NULL THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    key := to_jsonb(NEW)->>'id';
    IF mark IS NOT NULL AND key::bigint > mark THEN RETURN NULL; END IF;  -- in the step's range of new ids
    INSERT INTO undo_row (step_id, table_name, op, row_id, old) VALUES (step, TG_TABLE_NAME, 'i', coalesce(key::bigint, 0),
      CASE WHEN key IS NULL THEN to_jsonb(NEW)::text END);
    RETURN NULL;
  END IF;
  key := to_jsonb(OLD)->>'id';
  IF mark IS NOT NULL AND key::bigint > mark THEN RETURN NULL; END IF;  -- a row the step added
  IF key IS NOT NULL AND EXISTS (SELECT 1 FROM undo_row WHERE step_id = step AND table_name = TG_TABLE_NAME
                                 AND row_id = key::bigint) THEN
    RETURN NULL;  -- the step's first image of the row is kept (or the row is one it added)
  END IF;
  INSERT INTO undo_row (step_id, table_name, op, row_id, old) VALUES (step, TG_TABLE_NAME,
    CASE TG_OP WHEN 'UPDATE' THEN 'u' ELSE 'd' END, coalesce(key::bigint, 0), to_jsonb(OLD)::text);
  RETURN NULL;
END$$"""


def statements() -> list[str]:
    """What `kehu team init` installs: the function, its triggers, the index its lookups use."""
    out = [FUNCTION, "CREATE INDEX IF NOT EXISTS ix_undo_row_key ON undo_row (step_id, table_name, row_id)"]
    for table in RECORDED:
        out += [f"DROP TRIGGER IF EXISTS kehu_undo ON {table}",
                f"CREATE TRIGGER kehu_undo AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION kehu_undo_record()"]
    return out


def begin(conn, label: str, at) -> None:
    """Open a step in the write's transaction: the triggers record under it until `end`."""
    at_text = at.replace(microsecond=0).isoformat(sep=" ") if at else None
    step_id = conn.execute("INSERT INTO undo_step (label, at) VALUES (?, coalesce(?, to_char(localtimestamp(0), "
                           "'YYYY-MM-DD HH24:MI:SS')))", (label, at_text)).lastrowid
    conn.execute("SELECT set_config('kehu.undo_step', ?, true)", (str(step_id),))
    # The ids the step will add are one range per table (the write lock keeps other writers out):
    # recorded as one row at the end, as store.undo does, not a row each (an import stays cheap).
    for table, last in _counters(conn).items():
        conn.execute("SELECT set_config(?, ?, true)", (f"kehu.undo_mark_{table}", str(last)))
    # The member's own history (row-level security): their last UNDO_STEPS steps are kept.
    conn.execute(f"DELETE FROM undo_step WHERE id IN (SELECT id FROM undo_step ORDER BY id DESC OFFSET {UNDO_STEPS})")


def _counters(conn) -> dict[str, int]:
    """The last id each serial table's sequence has given (the whole team's, not only what the
    member sees)."""
    found = {}
    for table in SERIAL:
        last, called = conn.execute(f"SELECT last_value, is_called FROM {table}_id_seq").fetchone()
        found[table] = last if called else last - 1
    return found


def end(conn) -> None:
    """Close the open step, with one row per table for the ids it added ('a': above row_id, up
    to old.last); a step that changed nothing is not kept."""
    step_id = int(conn.execute("SELECT current_setting('kehu.undo_step')").fetchone()[0])
    for table, last in _counters(conn).items():
        first = int(conn.execute("SELECT current_setting(?)", (f"kehu.undo_mark_{table}",)).fetchone()[0])
        if last > first:
            count = conn.execute(f"SELECT count(*) FROM {table} WHERE id > ? AND id <= ?", (first, last)).fetchone()[0]
            if count:
                conn.execute("INSERT INTO undo_row (step_id, table_name, op, row_id, old) VALUES (?, ?, 'a', ?, ?)",
                             (step_id, table, first, json.dumps({"last": last, "count": count})))
        conn.execute("SELECT set_config(?, '', true)", (f"kehu.undo_mark_{table}",))
    conn.execute("SELECT set_config('kehu.undo_step', '', true)")
    conn.execute("DELETE FROM undo_step WHERE id = ? AND NOT EXISTS (SELECT 1 FROM undo_row WHERE step_id = ?)",
                 (step_id, step_id))


def revert(conn, step_id: int) -> set[int]:
    """Put back what the step changed (newest first, foreign keys checked at the commit) and
    forget it; returns the contacts it concerned that still exist (refresh them)."""
    conn.execute("SET CONSTRAINTS ALL DEFERRED")
    records = conn.execute("SELECT table_name, op, row_id, old FROM undo_row WHERE step_id = ? ORDER BY id DESC",
                           (step_id,)).fetchall()
    concerned = _concerned(conn, records)
    columns = {t: [r[0] for r in conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? "
        "ORDER BY ordinal_position", (t,))] for t in {r[0] for r in records}}
    # Contacts come back first: the policies of their rows (touches, dates…) ask for their contact.
    ordered = ([r for r in records if r[0] == "contact" and r[1] != "i"]
               + [r for r in records if not (r[0] == "contact" and r[1] != "i")])
    for table, op, row_id, old in ordered:
        if table not in RECORDED:
            continue
        cols = ", ".join(columns[table])
        image = f"(SELECT {cols} FROM jsonb_populate_record(NULL::{table}, ?::jsonb))"
        if op == "a":
            conn.execute(f"DELETE FROM {table} WHERE id > ? AND id <= ?", (row_id, json.loads(old)["last"]))
            continue
        if op == "i":
            if row_id:
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
            else:
                fields = ", ".join(f"r.{c}" for c in columns[table])
                conn.execute(f"DELETE FROM {table} WHERE ROW({cols}) IS NOT DISTINCT FROM "
                             f"(SELECT ROW({fields}) FROM jsonb_populate_record(NULL::{table}, ?::jsonb) r)", (old,))
            continue
        if "id" in columns[table]:
            if not conn.execute(f"UPDATE {table} SET ({cols}) = {image} WHERE id = ?", (old, row_id)).rowcount:
                conn.execute(f"INSERT INTO {table} ({cols}) SELECT * FROM jsonb_populate_record(NULL::{table}, ?::jsonb)", (old,))
        elif table == "meta":
            key = json.loads(old)
            if not conn.execute("UPDATE meta SET value = ? WHERE owner = ? AND key = ?",
                                (key["value"], key["owner"], key["key"])).rowcount:
                conn.execute(f"INSERT INTO meta ({cols}) SELECT * FROM jsonb_populate_record(NULL::meta, ?::jsonb)", (old,))
        else:
            conn.execute(f"INSERT INTO {table} ({cols}) SELECT * FROM jsonb_populate_record(NULL::{table}, ?::jsonb) "
                         "ON CONFLICT DO NOTHING", (old,))
    conn.execute("DELETE FROM undo_step WHERE id = ?", (step_id,))
    conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
    if not concerned:
        return set()
    return concerned & {r[0] for r in conn.execute("SELECT id FROM contact")}


# The tables whose rows are a contact's and have an id of their own (contact_tag and
# sweep_contact are keyed by their pair; accounts belong to no one contact).
_OWNED = ("touch", "deal", "complaint", "important_date", "greeting")


def _concerned(conn, records) -> set[int]:
    """Every contact a step's rows belong to, before and after it."""
    found: set = set()
    owned = ("touch", "deal", "complaint", "important_date", "greeting", "ownership")
    for table, op, row_id, old in records:
        if op == "a":  # added contacts go: nothing to refresh; added rows of a contact concern it
            last = json.loads(old)["last"]
            if table in owned:
                found |= {r[0] for r in conn.execute(
                    f"SELECT DISTINCT contact_id FROM {table} WHERE id > ? AND id <= ?", (row_id, last))}
            elif table == "sweep":
                found |= {r[0] for r in conn.execute(
                    "SELECT contact_id FROM sweep_contact WHERE sweep_id > ? AND sweep_id <= ?", (row_id, last))}
            continue
        image = json.loads(old) if old else {}
        if table == "contact":
            found.add(row_id)
            continue
        found.add(image.get("contact_id"))
        if row_id and table in _OWNED:
            now = conn.execute(f"SELECT contact_id FROM {table} WHERE id = ?", (row_id,)).fetchone()
            if now:
                found.add(now[0])
        if table == "sweep" and row_id:
            found |= {r[0] for r in conn.execute("SELECT contact_id FROM sweep_contact WHERE sweep_id = ?", (row_id,))}
    found.discard(None)
    return found
