"""Correcting the record: one touch read, changed, deleted or moved to another contact by its id.
Callers own the transaction and refresh every contact concerned (store.touches.refresh_contact)."""

from __future__ import annotations

import sqlite3

from kehu.core.model import Touch
from kehu.store import rows

EDITABLE = ("at", "channel", "note", "outcome", "cost", "next_on", "todo")


def get_touch(conn: sqlite3.Connection, touch_id: int) -> Touch | None:
    """One touch by id, or None."""
    row = conn.execute(f"SELECT {', '.join(rows.TOUCH_COLUMNS)} FROM touch WHERE id = ?", (touch_id,)).fetchone()
    return rows.touch(row) if row else None


def update_touch(conn: sqlite3.Connection, touch_id: int, fields: dict) -> None:
    """Set the given fields of a touch (dates and moments as the core's types)."""
    stored = {k: rows.iso_moment(v) if k == "at" else rows.iso_day(v) if k == "next_on" else v
              for k, v in fields.items() if k in EDITABLE}
    if stored:
        conn.execute(f"UPDATE touch SET {', '.join(f'{k} = ?' for k in stored)} WHERE id = ?", (*stored.values(), touch_id))


def delete_touch(conn: sqlite3.Connection, touch_id: int) -> None:
    """Delete a touch for good (its id is never given again: AUTOINCREMENT)."""
    conn.execute("DELETE FROM touch WHERE id = ?", (touch_id,))


def move_touch(conn: sqlite3.Connection, touch_id: int, contact_id: int) -> None:
    """Give a touch to another contact (a call logged to the wrong 张伟)."""
    conn.execute("UPDATE touch SET contact_id = ? WHERE id = ?", (contact_id, touch_id))
