"""Touch queries, and keeping each contact's follow-up summary (and due date) current."""

from __future__ import annotations

import datetime as dt
import sqlite3
import zlib
from dataclasses import replace

from kehu.core.follow_up_numbers import same_day, stage_after_touches, summarise
from kehu.core.complaints import complaint_state
from kehu.core.next_follow_up import care_schedule, event_schedules, schedule
from kehu.core.model import Touch
from kehu.core.rules import Rules
from kehu.store import rows
from kehu.store.contacts import update_contact


def insert_touch(conn: sqlite3.Connection, contact_id: int, fields: dict, logged_at: dt.datetime) -> int:
    """Record one touch; call `refresh_contact` afterwards (in the same transaction)."""
    values = {
        "contact_id": contact_id,
        "at": rows.iso_moment(fields["at"]),
        "channel": fields.get("channel") or "call",
        "note": fields.get("note"),
        "outcome": fields.get("outcome") or "neutral",
        "care": int(bool(fields.get("care"))),
        "cost": fields.get("cost"),
        "next_on": rows.iso_day(fields.get("next_on")),
        "todo": fields.get("todo"),
        "logged_at": rows.iso_moment(logged_at),
    }
    columns, marks = ", ".join(values), ", ".join("?" * len(values))
    return conn.execute(f"INSERT INTO touch ({columns}) VALUES ({marks})", tuple(values.values())).lastrowid


def touches_of(conn: sqlite3.Connection, contact_id: int) -> list[Touch]:
    """A contact's touches, oldest first, each marked when it shares its day's follow-up."""
    sql = f"SELECT {', '.join(rows.TOUCH_COLUMNS)} FROM touch WHERE contact_id = ? ORDER BY at, id"
    found = [rows.touch(r) for r in conn.execute(sql, (contact_id,))]
    flags = same_day([t.facts() for t in found], [t.follow_up for t in found])
    return [replace(t, same_day=True) if flag else t for t, flag in zip(found, flags)]


def complaints_of(conn: sqlite3.Connection, contact_id: int):
    """A contact's complaints, oldest first."""
    sql = f"SELECT {', '.join(rows.COMPLAINT_COLUMNS)} FROM complaint WHERE contact_id = ? ORDER BY opened_at, id"
    return [rows.complaint(r) for r in conn.execute(sql, (contact_id,))]


def _pending_sweep(conn: sqlite3.Connection, contact_id: int, touches: list[Touch]) -> tuple[dt.date | None, str | None]:
    """The latest sweep that reached this contact, if no touch has been logged since it began."""
    row = conn.execute(
        "SELECT s.created_at, s.reason, s.last_touch_id FROM sweep s JOIN sweep_contact sc ON sc.sweep_id = s.id "
        "WHERE sc.contact_id = ? ORDER BY s.created_at DESC, s.id DESC LIMIT 1", (contact_id,)
    ).fetchone()
    if not row:
        return None, None
    began, watermark = rows.moment(row[0]).date(), row[2]
    # Contact since the sweep: a touch logged after it, about a day on or after it began.
    if any(t.id > watermark and t.at.date() >= began for t in touches):
        return None, None
    return began, row[1]


def refresh_contact(conn: sqlite3.Connection, contact_id: int, rules: Rules) -> None:
    """Renumber a contact's touches and store its summary, stage and next due date.

    Called after every change to a contact or its touches, inside that change's transaction,
    so the summary `kehu due` reads is never out of step with the history.
    """
    stage, sequence_start, closed_at = conn.execute(
        "SELECT stage, sequence_start, closed_at FROM contact WHERE id = ?", (contact_id,)
    ).fetchone()
    touches = touches_of(conn, contact_id)
    numbers, state = summarise([t.facts() for t in touches], rows.moment(sequence_start), rows.moment(closed_at))
    if sequence_start:  # after a `pursue`: the earlier deals' touches keep their numbers
        from kehu.store.deals import numbered_in_closed_deals

        numbers = numbered_in_closed_deals(conn, contact_id, touches, numbers, rows.moment(sequence_start))
    answered = [t for t in touches if t.outcome != "none"]  # an unanswered call reached nobody
    complaint_open, complaint_since, complaint_due = complaint_state(complaints_of(conn, contact_id), [t.at for t in answered])
    sweep_on, sweep_reason = _pending_sweep(conn, contact_id, answered)
    conn.executemany(
        "UPDATE touch SET follow_up = ? WHERE id = ?",
        [(n, t.id) for n, t in zip(numbers, touches) if n != t.follow_up],
    )
    update_contact(conn, contact_id, {
        "stage": stage_after_touches(stage, state),
        "follow_ups_done": state.follow_ups_done,
        "reference_on": rows.iso_day(state.reference_on),
        "last_touch_on": rows.iso_day(state.last_touch_on),
        "attempt_on": rows.iso_day(state.attempt_on),
        "next_on": rows.iso_day(state.next_on),
        "todo": state.todo,
        "todo_on": rows.iso_day(state.todo_on),
        "todo_due": rows.iso_day(state.todo_due),
        "complaint_open": int(complaint_open),
        "complaint_due": rows.iso_day(complaint_due),
        "last_care_on": rows.iso_day(state.last_care_on),
        "sweep_on": rows.iso_day(sweep_on),
        "sweep_reason": sweep_reason,
    })
    store_due_date(conn, contact_id, rules, complaint_since)


def store_due_date(conn: sqlite3.Connection, contact_id: int, rules: Rules, complaint_since: dt.date | None = None) -> None:
    """Compute a contact's schedules from its stored summary and keep them on the row."""
    row = conn.execute(f"SELECT {', '.join(rows.STATE_COLUMNS)}, side_on FROM contact WHERE id = ?", (contact_id,)).fetchone()
    contact = rows.contact_state(row)
    update_contact(conn, contact_id, rows.schedule_columns(schedule(contact, rules), care_schedule(contact, rules))
                   | {"side_on": rows.iso_day(_side_on(contact, complaint_since, rows.day(row[-1])))})


def _side_on(contact, complaint_since: dt.date | None, stored: dt.date | None) -> dt.date | None:
    """The first day a complaint or a sweep's call (core.next_follow_up.event_schedules) is listed."""
    days = [s.due for s in event_schedules(contact) if not s.always]
    if contact.sequence.complaint_open:
        # An open complaint is listed from the day it was made (kept when only rules changed).
        days.append(complaint_since or stored or contact.sequence.complaint_due)
    return min(days, default=None)


def rules_fingerprint(rules: Rules) -> str:
    """Changes whenever a rule that moves due dates changes."""
    moving = (rules.tiers, rules.promise_days, rules.calendar.version, rules.care_days, rules.care_jitter)
    # Two CRC-32s (forwards and backwards) make 64 bits: enough to notice a change, and zlib loads
    # in a fraction of the time hashlib (OpenSSL) takes, on every command.
    data = repr(moving).encode()
    return f"{zlib.crc32(data):08x}{zlib.crc32(data[::-1]):08x}"


def due_dates_are_current(conn: sqlite3.Connection, rules: Rules) -> bool:
    """True when the stored due dates were computed under these rules."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'rules_fingerprint'").fetchone()
    return bool(row) and row[0] == rules_fingerprint(rules)


def recompute_due_dates(conn: sqlite3.Connection, rules: Rules) -> None:
    """Recompute every stored schedule (after the cadence in the config changed)."""
    updates = []
    for row in conn.execute(f"SELECT {', '.join(rows.STATE_COLUMNS)}, side_on FROM contact").fetchall():
        contact = rows.contact_state(row)
        stored = rows.schedule_columns(schedule(contact, rules), care_schedule(contact, rules))
        updates.append((*stored.values(), rows.iso_day(_side_on(contact, None, rows.day(row[-1]))), row[0]))
    conn.executemany(
        "UPDATE contact SET due_on = ?, due_kind = ?, due_follow_up = ?, due_interval = ?, care_on = ?, care_interval = ?, "
        "side_on = ? WHERE id = ?", updates)
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('rules_fingerprint', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (rules_fingerprint(rules),),
    )


def touch_of(conn: sqlite3.Connection, touch_id: int) -> Touch:
    """One touch as its contact's timeline shows it (numbered, marked when it shares its day)."""
    contact_id = conn.execute("SELECT contact_id FROM touch WHERE id = ?", (touch_id,)).fetchone()[0]
    return next(t for t in touches_of(conn, contact_id) if t.id == touch_id)


def open_complaint(conn: sqlite3.Connection, contact_id: int, text: str, opened_at: dt.datetime,
                   resolve_by: dt.date) -> int:
    """Record a complaint; call `refresh_contact` afterwards."""
    return conn.execute(
        "INSERT INTO complaint (contact_id, opened_at, text, resolve_by) VALUES (?, ?, ?, ?)",
        (contact_id, rows.iso_moment(opened_at), text, resolve_by.isoformat()),
    ).lastrowid


def resolve_complaints(conn: sqlite3.Connection, contact_id: int, resolved_at: dt.datetime,
                       resolution: str | None, call_due: dt.date, *, every: bool = False) -> tuple[list[str], int]:
    """Mark a contact's oldest open complaint (or `every` one) resolved, with the follow-up call's
    date; returns the texts resolved and how many stay open."""
    open_ = conn.execute("SELECT id, text FROM complaint WHERE contact_id = ? AND resolved_at IS NULL "
                         "ORDER BY opened_at, id", (contact_id,)).fetchall()
    done = open_ if every else open_[:1]
    conn.executemany("UPDATE complaint SET resolved_at = ?, resolution = ?, call_due = ? WHERE id = ?",
                     [(rows.iso_moment(resolved_at), resolution, call_due.isoformat(), cid) for cid, _text in done])
    return [text for _cid, text in done], len(open_) - len(done)
