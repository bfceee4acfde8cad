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


def deals_of(conn: sqlite3.Connection, contact_id: int):
    """A contact's closed deals (core.stats.Deal), oldest first: `kehu show`'s won/lost events."""
    from kehu.core.stats import Deal

    sql = ("SELECT d.contact_id, c.tier, d.started_at, d.closed_at, d.outcome, d.closed_after, d.value, d.reason "
           "FROM deal d JOIN contact c ON c.id = d.contact_id WHERE d.contact_id = ? ORDER BY d.closed_at, d.id")
    return [Deal(r[0], r[1], rows.moment(r[2]), rows.moment(r[3]), r[4], r[5], r[6], r[7])
            for r in conn.execute(sql, (contact_id,))]


def numbered_in_closed_deals(conn: sqlite3.Connection, contact_id: int, touches, numbers, sequence_start):
    """`numbers` of a contact's touches, with those before its current sequence numbered within
    the won or lost deal each belonged to (core.deal_history)."""
    from kehu.core.deal_history import keep_earlier_numbers, number_closed_deals

    if sequence_start is None:
        return numbers
    windows = [(rows.moment(s), rows.moment(c)) for s, c in conn.execute(
        "SELECT started_at, closed_at FROM deal WHERE contact_id = ? AND outcome IN ('won', 'lost') ORDER BY closed_at",
        (contact_id,))]
    facts = [t.facts() for t in touches]
    return keep_earlier_numbers(numbers, number_closed_deals(facts, windows), facts, sequence_start)
