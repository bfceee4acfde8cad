"""The holiday greetings done (table `greeting`), and the clients a greeting is for."""

from __future__ import annotations

import sqlite3


def greetees(conn: sqlite3.Connection, tier: str | None = None) -> list[tuple]:
    """(id, name, company, tier, stage, last_touch_on, paused_until) of every client a holiday
    greeting is for: in the book (not archived) and not lost."""
    where = " AND tier = ?" if tier else ""
    return [tuple(r) for r in conn.execute(
        "SELECT id, name, company, tier, stage, last_touch_on, paused_until FROM contact "
        f"WHERE archived = 0 AND stage != 'lost'{where} ORDER BY tier, name_pinyin, id", (tier,) if tier else ())]


def greeted(conn: sqlite3.Connection, holiday: str, year: int) -> dict[int, tuple]:
    """contact id → (touch id, channel, when, cost) of each greeting done for a holiday's year."""
    return {r[0]: tuple(r[1:]) for r in conn.execute(
        "SELECT g.contact_id, g.touch_id, t.channel, t.at, t.cost FROM greeting g JOIN touch t ON t.id = g.touch_id "
        "WHERE g.holiday = ? AND g.year = ?", (holiday, year))}


def greeted_ids(conn: sqlite3.Connection, holiday: str, year: int) -> set[int]:
    """The contacts greeted for a holiday's year (what `kehu due` needs: one indexed read)."""
    return {r[0] for r in conn.execute("SELECT contact_id FROM greeting WHERE holiday = ? AND year = ?", (holiday, year))}


def record(conn: sqlite3.Connection, contact_id: int, holiday: str, year: int, touch_id: int) -> int | None:
    """Mark a contact greeted for a holiday's year by a touch; returns the touch that already
    did, when one had (nothing is recorded then), else None."""
    before = conn.execute("SELECT touch_id FROM greeting WHERE holiday = ? AND year = ? AND contact_id = ?",
                          (holiday, year, contact_id)).fetchone()
    if before:
        return before[0]
    conn.execute("INSERT INTO greeting (contact_id, holiday, year, touch_id) VALUES (?, ?, ?, ?)",
                 (contact_id, holiday, year, touch_id))
    return None
