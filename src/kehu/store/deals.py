"""Closed sequences (won, lost, churned): the history `kehu stats` counts."""

from __future__ import annotations

import datetime as dt
import sqlite3

from kehu.store import rows


def record_deal(conn: sqlite3.Connection, contact_id: int, outcome: str, closed_at: dt.datetime,
                value: float | None = None, reason: str | None = None) -> None:
    """Close the contact's current sequence as won, lost or churned (call before changing its stage)."""
    created_on, sequence_start, done = conn.execute(
        "SELECT created_on, sequence_start, follow_ups_done FROM contact WHERE id = ?", (contact_id,)
    ).fetchone()
    started = rows.moment(sequence_start) or dt.datetime.combine(rows.day(created_on), dt.time())
    conn.execute(
        "INSERT INTO deal (contact_id, started_at, closed_at, outcome, closed_after, value, reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (contact_id, rows.iso_moment(started), rows.iso_moment(closed_at), outcome, done, value, reason),
    )
