"""Schema versions and the ordered list of upgrades that carry an old database forward.

A fresh database is created at the current version straight from the SQLModel tables; a database
at an older version runs every step above its version, in order, in one transaction, after a
backup. Each step is literal SQL frozen at the time it was written: it must keep working on that
version's database forever, whatever the models say later.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# PRAGMA application_id: marks a SQLite file as kehu's ("kehu" in ASCII).
APPLICATION_ID = 0x6B656875
SCHEMA_VERSION = 5


def _v2_care_and_surnames(conn: sqlite3.Connection) -> None:
    """v2: the care call is kept on the contact row (care_on, care_interval, with a covering index
    for `kehu due`), and names are matched by their surname reading (曾国藩: zeng, not ceng).

    The new columns are filled by forgetting the rules fingerprint: the next command recomputes
    every stored schedule. The pinyin keys, derived from the name, are computed again here (this
    step calls current code: keys are data kehu derives, never what the user typed)."""
    conn.execute("ALTER TABLE contact ADD COLUMN care_on DATE")
    conn.execute("ALTER TABLE contact ADD COLUMN care_interval INTEGER")
    conn.execute("CREATE INDEX ix_contact_care ON contact (archived, care_on, name, company, tier, stage, paused_until, "
                 "follow_ups_done, last_touch_on, last_care_on, created_on, care_interval)")
    conn.execute("DELETE FROM meta WHERE key = 'rules_fingerprint'")
    from kehu.core.names import SURNAME_READINGS, name_keys

    heads = tuple(SURNAME_READINGS)
    rows = [(cid, name) for cid, name in conn.execute("SELECT id, name FROM contact") if name.strip().startswith(heads)]
    conn.executemany("UPDATE contact SET name_pinyin = ?, name_initials = ? WHERE id = ?",
                     [(*name_keys(name), cid) for cid, name in rows])


# Schema 3's tables, as schema 3 declares them: ids under AUTOINCREMENT, so that a deleted
# contact's or touch's id is never given again (calendar UIDs are made of them).
_V3_RENUMBERED = {
    "contact": """CREATE TABLE contact_v3 (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, name VARCHAR NOT NULL, name_pinyin VARCHAR NOT NULL,
        name_initials VARCHAR NOT NULL, company VARCHAR, title VARCHAR, tier VARCHAR NOT NULL, phone VARCHAR,
        email VARCHAR, wechat VARCHAR, city VARCHAR, hometown VARCHAR, note VARCHAR, referred_by INTEGER,
        created_on DATE NOT NULL, archived BOOLEAN NOT NULL, stage VARCHAR NOT NULL, paused_until DATE,
        sequence_start DATETIME, closed_at DATETIME, won_value FLOAT, won_after INTEGER, lost_reason VARCHAR,
        follow_ups_done INTEGER NOT NULL, reference_on DATE, last_touch_on DATE, attempt_on DATE, next_on DATE,
        todo VARCHAR, todo_on DATE, todo_due DATE, sweep_on DATE, sweep_reason VARCHAR, last_care_on DATE,
        complaint_open BOOLEAN NOT NULL, complaint_due DATE, due_on DATE, due_kind VARCHAR, due_follow_up INTEGER,
        due_interval INTEGER, side_on DATE, care_on DATE, care_interval INTEGER,
        FOREIGN KEY(referred_by) REFERENCES contact (id) ON DELETE SET NULL)""",
    "touch": """CREATE TABLE touch_v3 (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, contact_id INTEGER NOT NULL, at DATETIME NOT NULL,
        channel VARCHAR NOT NULL, note VARCHAR, outcome VARCHAR NOT NULL, care BOOLEAN NOT NULL, cost FLOAT,
        next_on DATE, todo VARCHAR, follow_up INTEGER, logged_at DATETIME NOT NULL,
        FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE)""",
    "deal": """CREATE TABLE deal_v3 (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, contact_id INTEGER NOT NULL, started_at DATETIME NOT NULL,
        closed_at DATETIME NOT NULL, outcome VARCHAR NOT NULL, closed_after INTEGER NOT NULL, value FLOAT,
        reason VARCHAR, FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE)""",
    "complaint": """CREATE TABLE complaint_v3 (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, contact_id INTEGER NOT NULL, opened_at DATETIME NOT NULL,
        text VARCHAR NOT NULL, resolve_by DATE NOT NULL, resolved_at DATETIME, resolution VARCHAR, call_due DATE,
        FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE)""",
    "important_date": """CREATE TABLE important_date_v3 (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, contact_id INTEGER NOT NULL, label VARCHAR NOT NULL,
        whose VARCHAR NOT NULL, lunar BOOLEAN NOT NULL, leap BOOLEAN NOT NULL, year INTEGER, month INTEGER NOT NULL,
        day INTEGER NOT NULL, remind_days INTEGER, next_on DATE NOT NULL,
        FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE)""",
    "sweep": """CREATE TABLE sweep_v3 (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, place VARCHAR NOT NULL, reason VARCHAR NOT NULL,
        created_at DATETIME NOT NULL, last_touch_id INTEGER NOT NULL)""",
}
_V3_COLUMNS = {
    "contact": "id, name, name_pinyin, name_initials, company, title, tier, phone, email, wechat, city, hometown, note, "
               "referred_by, created_on, archived, stage, paused_until, sequence_start, closed_at, won_value, won_after, "
               "lost_reason, follow_ups_done, reference_on, last_touch_on, attempt_on, next_on, todo, todo_on, todo_due, "
               "sweep_on, sweep_reason, last_care_on, complaint_open, complaint_due, due_on, due_kind, due_follow_up, "
               "due_interval, side_on, care_on, care_interval",
    "touch": "id, contact_id, at, channel, note, outcome, care, cost, next_on, todo, follow_up, logged_at",
    "deal": "id, contact_id, started_at, closed_at, outcome, closed_after, value, reason",
    "complaint": "id, contact_id, opened_at, text, resolve_by, resolved_at, resolution, call_due",
    "important_date": "id, contact_id, label, whose, lunar, leap, year, month, day, remind_days, next_on",
    "sweep": "id, place, reason, created_at, last_touch_id",
}
_V3_INDEXES = [
    "CREATE INDEX ix_contact_pinyin ON contact (name_pinyin)",
    "CREATE INDEX ix_contact_side ON contact (archived, side_on)",
    "CREATE INDEX ix_contact_due ON contact (archived, due_on, name, company, tier, stage, paused_until, follow_ups_done, "
    "last_touch_on, todo, due_kind, due_follow_up, due_interval)",
    "CREATE INDEX ix_contact_name ON contact (name)",
    "CREATE INDEX ix_contact_initials ON contact (name_initials)",
    "CREATE INDEX ix_contact_referred_by ON contact (referred_by)",
    "CREATE INDEX ix_contact_care ON contact (archived, care_on, name, company, tier, stage, paused_until, follow_ups_done, "
    "last_touch_on, last_care_on, created_on, care_interval)",
    "CREATE INDEX ix_touch_contact_at ON touch (contact_id, at)",
    "CREATE INDEX ix_touch_at ON touch (at)",
    "CREATE INDEX ix_deal_closed ON deal (closed_at)",
    "CREATE INDEX ix_deal_contact ON deal (contact_id)",
    "CREATE INDEX ix_complaint_contact ON complaint (contact_id)",
    "CREATE INDEX ix_important_date_contact ON important_date (contact_id)",
    "CREATE INDEX ix_important_date_next ON important_date (next_on)",
]
_V3_UNDO = [
    """CREATE TABLE undo_step (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, label VARCHAR NOT NULL, at DATETIME NOT NULL)""",
    """CREATE TABLE undo_row (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, step_id INTEGER NOT NULL, table_name VARCHAR NOT NULL,
        op VARCHAR NOT NULL, row_id INTEGER NOT NULL, old VARCHAR,
        FOREIGN KEY(step_id) REFERENCES undo_step (id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_undo_row_step ON undo_row (step_id)",
]


def _v3_ids_never_reused_and_undo(conn: sqlite3.Connection) -> None:
    """v3: ids are AUTOINCREMENT (never reused after a delete), the undo history (undo_step,
    undo_row) that `kehu undo` replays, and an index on contact.referred_by (a deleted contact's
    referrals are set to NULL through it).

    SQLite cannot add AUTOINCREMENT to a table, so each table with an id is rebuilt (SQLite's
    batch pattern: `upgrade` has turned foreign keys off) with every row and id kept. The counter
    starts at the highest id in use; for touches, at least at the newest sweep's watermark, so a
    touch logged after the upgrade still counts as after every sweep."""
    for table, create in _V3_RENUMBERED.items():
        conn.execute(create)
        columns = _V3_COLUMNS[table]
        conn.execute(f"INSERT INTO {table}_v3 ({columns}) SELECT {columns} FROM {table}")
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE {table}_v3 RENAME TO {table}")
    for statement in _V3_INDEXES + _V3_UNDO:
        conn.execute(statement)
    watermark = conn.execute("SELECT max(coalesce((SELECT max(id) FROM touch), 0), "
                             "coalesce((SELECT max(last_touch_id) FROM sweep), 0))").fetchone()[0]
    if watermark:
        conn.execute("DELETE FROM sqlite_sequence WHERE name = 'touch'")
        conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('touch', ?)", (watermark,))


def _v4_greetings(conn: sqlite3.Connection) -> None:
    """v4: the holiday greetings done (`kehu log WHO --greet 春节`, `kehu greet`), one row per
    contact, holiday and year, tied to the touch that was the greeting."""
    conn.execute("""CREATE TABLE greeting (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, contact_id INTEGER NOT NULL, holiday VARCHAR NOT NULL,
        year INTEGER NOT NULL, touch_id INTEGER NOT NULL,
        FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE,
        FOREIGN KEY(touch_id) REFERENCES touch (id) ON DELETE CASCADE)""")
    conn.execute("CREATE UNIQUE INDEX ix_greeting_holiday ON greeting (holiday, year, contact_id)")
    conn.execute("CREATE INDEX ix_greeting_contact ON greeting (contact_id)")
    conn.execute("CREATE INDEX ix_greeting_touch ON greeting (touch_id)")


_V5_ACCOUNTS = [
    """CREATE TABLE account (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, name VARCHAR NOT NULL, stage VARCHAR NOT NULL,
        attractiveness INTEGER, strength INTEGER, created_on DATE NOT NULL)""",
    """CREATE TABLE account_alias (
        "key" VARCHAR NOT NULL, name VARCHAR NOT NULL, account_id INTEGER NOT NULL, PRIMARY KEY ("key"),
        FOREIGN KEY(account_id) REFERENCES account (id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_account_alias_account ON account_alias (account_id)",
    """CREATE TABLE account_stage (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, account_id INTEGER NOT NULL, at DATETIME NOT NULL,
        stage_from VARCHAR NOT NULL, stage_to VARCHAR NOT NULL, forced BOOLEAN NOT NULL, reason VARCHAR,
        FOREIGN KEY(account_id) REFERENCES account (id) ON DELETE CASCADE)""",
    "CREATE INDEX ix_account_stage_account ON account_stage (account_id)",
    "ALTER TABLE contact ADD COLUMN account_id INTEGER REFERENCES account (id) ON DELETE SET NULL",
    "ALTER TABLE contact ADD COLUMN role VARCHAR",
    "ALTER TABLE contact ADD COLUMN style VARCHAR",
    "CREATE INDEX ix_contact_account ON contact (account_id)",
    # `kehu stats` sums each contact's spend of the year from the index alone (79 → 31 ms on 100k
    # touches): the touch index gains the cost it reads.
    "DROP INDEX ix_touch_contact_at",
    "CREATE INDEX ix_touch_contact_at ON touch (contact_id, at, cost)",
]


def _v5_key_accounts(conn: sqlite3.Connection) -> None:
    """v5: key accounts (DOMAIN.md §6): the account, every name that means it (account_alias),
    its stage moves (account_stage), and each contact's account, role and social style; the touch
    index covers the cost too (kehu stats).

    Every company the contacts name becomes an account at stage pre, named as its first contact
    wrote it, in the book since that contact was; names with the same key (core.accounts.account_key:
    华为技术有限公司 and 华为技术) are one account. The keys are derived by current code, as v2's
    pinyin keys are: they are data kehu derives, never what the user typed."""
    for statement in _V5_ACCOUNTS:
        conn.execute(statement)
    from kehu.core.accounts import account_key

    accounts: dict[str, int] = {}
    for contact_id, company, created_on in conn.execute(
            "SELECT id, trim(company), created_on FROM contact WHERE trim(coalesce(company, '')) != '' ORDER BY id").fetchall():
        key = account_key(company)
        if not key:
            continue
        if key not in accounts:
            accounts[key] = conn.execute("INSERT INTO account (name, stage, created_on) VALUES (?, 'pre', ?)",
                                         (company, created_on)).lastrowid
            conn.execute("INSERT INTO account_alias (key, name, account_id) VALUES (?, ?, ?)", (key, company, accounts[key]))
        conn.execute("UPDATE account SET created_on = min(created_on, ?) WHERE id = ?", (created_on, accounts[key]))
        conn.execute("UPDATE contact SET account_id = ? WHERE id = ?", (accounts[key], contact_id))


# (version the step upgrades *to*, the step), in order.
# A step that recreates a table (SQLite's "batch" pattern) is safe because `upgrade` turns
# foreign keys off first: with them on, dropping the old contact table would cascade and
# silently delete every touch.
MIGRATIONS: list[tuple[int, Callable[[sqlite3.Connection], None]]] = [
    (2, _v2_care_and_surnames),
    (3, _v3_ids_never_reused_and_undo),
    (4, _v4_greetings),
    (5, _v5_key_accounts),
]


def steps_from(version: int) -> list[tuple[int, Callable[[sqlite3.Connection], None]]]:
    """The upgrade steps a database at `version` needs, in order."""
    return sorted((step for step in MIGRATIONS if step[0] > version), key=lambda s: s[0])
