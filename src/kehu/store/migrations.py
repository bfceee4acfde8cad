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
SCHEMA_VERSION = 2


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


# (version the step upgrades *to*, the step), in order.
# A step that recreates a table (SQLite's "batch" pattern) is safe because `upgrade` turns
# foreign keys off first: with them on, dropping the old contact table would cascade and
# silently delete every touch.
MIGRATIONS: list[tuple[int, Callable[[sqlite3.Connection], None]]] = [
    (2, _v2_care_and_surnames),
]


def steps_from(version: int) -> list[tuple[int, Callable[[sqlite3.Connection], None]]]:
    """The upgrade steps a database at `version` needs, in order."""
    return sorted((step for step in MIGRATIONS if step[0] > version), key=lambda s: s[0])
