"""The demo book's own records: clearing the book for it, and the mark that tells an untouched
demo (which `kehu demo` may rewrite) from a book the user has changed."""

from __future__ import annotations

import hashlib
import sqlite3

# What the user enters, table by table (not what kehu computes and rewrites as it reads, such as
# stored schedules and next occurrences): a demo book is rewritten only while all of it is as the
# demo left it.
_ENTERED = {
    "contact": "id, name, company, title, tier, phone, email, wechat, city, hometown, note, referred_by, "
               "created_on, archived, stage, paused_until, sequence_start, closed_at, won_value, lost_reason",
    "contact_tag": "contact_id, tag",
    "touch": "id, contact_id, at, channel, note, outcome, care, cost, next_on, todo",
    "deal": "id, contact_id, started_at, closed_at, outcome, value, reason",
    "complaint": "id, contact_id, opened_at, text, resolve_by, resolved_at, resolution, call_due",
    "important_date": "id, contact_id, label, whose, lunar, leap, year, month, day, remind_days",
    "sweep": "id, place, reason, created_at",
    "sweep_contact": "sweep_id, contact_id",
}
# Key accounts (schema 5) as the user changes them, and nothing when they are as the demo's
# companies made them: a demo marked before schema 5 is still recognised as untouched.
_ACCOUNTS_ENTERED = {
    "role": "SELECT id, role, style FROM contact WHERE role IS NOT NULL OR style IS NOT NULL ORDER BY id",
    "account": "SELECT id, name, stage, attractiveness, strength FROM account "
               "WHERE stage != 'pre' OR attractiveness IS NOT NULL OR strength IS NOT NULL ORDER BY id",
    "account_stage": "SELECT id, account_id, at, stage_from, stage_to, forced, reason FROM account_stage ORDER BY id",
    "merged": "SELECT key, account_id FROM account_alias WHERE account_id IN "
              "(SELECT account_id FROM account_alias GROUP BY account_id HAVING count(*) > 1) ORDER BY key",
}


def entered_fingerprint(conn: sqlite3.Connection) -> str:
    """A digest of everything the user enters in the book."""
    digest = hashlib.sha256()
    for table, columns in _ENTERED.items():
        for row in conn.execute(f"SELECT {columns} FROM {table} ORDER BY {columns}"):
            digest.update(repr((table, row)).encode())
    for part, sql in _ACCOUNTS_ENTERED.items():
        for row in conn.execute(sql):
            digest.update(repr((part, row)).encode())
    return digest.hexdigest()


def demo_mark(conn: sqlite3.Connection) -> str | None:
    """The fingerprint the demo left when it wrote the book (an older kehu wrote "1"), or None."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'demo'").fetchone()
    return row[0] if row else None


def mark_demo(conn: sqlite3.Connection) -> None:
    """Remember the book as the demo wrote it."""
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', ?)", (entered_fingerprint(conn),))


def clear(conn: sqlite3.Connection) -> None:
    """Delete every contact (their records go with them), every sweep and every account."""
    conn.execute("DELETE FROM contact")
    conn.execute("DELETE FROM sweep")
    conn.execute("DELETE FROM account")


def ids_by_name(conn: sqlite3.Connection) -> dict[str, int]:
    """Each contact's id by name (demo names are unique)."""
    return {name: cid for cid, name in conn.execute("SELECT id, name FROM contact")}
