"""Touch queries, and keeping each contact's follow-up summary (and due date) current."""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import zlib
from dataclasses import replace
from typing import NamedTuple

from kehu.core.follow_up_numbers import same_day, stage_after_touches, summarise
from kehu.core.complaints import complaint_state
from kehu.core.next_follow_up import care_schedule, event_schedules, schedule
from kehu.core.model import Touch, TouchFacts
from kehu.core.rules import Rules
from kehu.store import rows
from kehu.store.contacts import update_contact


def insert_touch(conn: sqlite3.Connection, contact_id: int, fields: dict, logged_at: dt.datetime) -> int:
    """Record one touch; call `refresh_contact` afterwards (in the same transaction)."""
    return conn.execute(INSERT_TOUCH, touch_values(contact_id, fields, logged_at)).lastrowid


# What `insert_touch` writes, in this order; `touch_values` gives a row of it, for executemany.
TOUCH_VALUES = ("contact_id", "at", "channel", "note", "outcome", "care", "cost", "next_on", "todo", "logged_at")
INSERT_TOUCH = f"INSERT INTO touch ({', '.join(TOUCH_VALUES)}) VALUES ({', '.join('?' * len(TOUCH_VALUES))})"


def insert_touches(conn: sqlite3.Connection, values, *, numbered: bool = False) -> None:
    """Record many touches, rows of TOUCH_VALUES, their ids in this order (an import); call
    `refresh_contacts` afterwards. `numbered`: the touches of a contact that has none yet (and
    no deal behind it) are written with the follow-up numbers its refresh is expected to give
    them — core's summarise over these touches alone — so that the refresh rewrites only the
    numbers that turn out otherwise (a history that goes on in a later chunk of the log)."""
    if not numbered:
        conn.executemany(INSERT_TOUCH, values)
        return
    values = list(values)
    conn.executemany(INSERT_NUMBERED, (row + (number,) for row, number in zip(values, _expected_numbers(conn, values))))


INSERT_NUMBERED = (f"INSERT INTO touch ({', '.join(TOUCH_VALUES)}, follow_up) "
                   f"VALUES ({', '.join('?' * (len(TOUCH_VALUES) + 1))})")


def _expected_numbers(conn: sqlite3.Connection, values: list[tuple]) -> list[int | None]:
    """The follow-up number of each of these touches (rows of TOUCH_VALUES, about to be inserted
    in this order), as summarise gives it over the new history of a contact that has no touch and
    no sequence start yet; None for the others (left to the refresh)."""
    at, outcome, care, next_on, todo = (TOUCH_VALUES.index(c) for c in ("at", "outcome", "care", "next_on", "todo"))
    positions: dict[int, list[int]] = {}
    for n, row in enumerate(values):
        positions.setdefault(row[0], []).append(n)
    ids, closed, busy = sorted(positions), {}, set()
    for first in range(0, len(ids), 500):
        chunk = ids[first:first + 500]
        marks = ", ".join("?" * len(chunk))
        busy.update(cid for (cid,) in conn.execute(f"SELECT DISTINCT contact_id FROM touch WHERE contact_id IN ({marks})", chunk))
        for cid, sequence_start, closed_at in conn.execute(
                f"SELECT id, sequence_start, closed_at FROM contact WHERE id IN ({marks})", chunk):
            if sequence_start:
                busy.add(cid)
            closed[cid] = closed_at
    numbers: list[int | None] = [None] * len(values)
    for cid, found in positions.items():
        if cid in busy or cid not in closed:
            continue
        found.sort(key=lambda n: values[n][at])  # the refresh's order: at, then id (the order given, stable)
        facts = [TouchFacts(rows.moment(values[n][at]), bool(values[n][care]), values[n][outcome], rows.day(values[n][next_on]),
                            values[n][todo]) for n in found]
        for n, number in zip(found, summarise(facts, None, rows.moment(closed[cid]))[0]):
            numbers[n] = number
    return numbers


def touch_values(contact_id: int, fields: dict, logged_at: dt.datetime | str) -> tuple:
    """The row `insert_touch` writes for these fields (a channel and an outcome by default)."""
    return (contact_id, rows.iso_moment(fields["at"]), fields.get("channel") or "call", fields.get("note"),
            fields.get("outcome") or "neutral", int(bool(fields.get("care"))), fields.get("cost"),
            rows.iso_day(fields.get("next_on")), fields.get("todo"),
            logged_at if isinstance(logged_at, str) else rows.iso_moment(logged_at))


def touches_of(conn: sqlite3.Connection, contact_id: int) -> list[Touch]:
    """A contact's touches, oldest first, each marked when it shares its day's follow-up."""
    sql = f"SELECT {', '.join(rows.TOUCH_COLUMNS)} FROM touch WHERE contact_id = ? ORDER BY at, id"
    return _marked([rows.touch(r) for r in conn.execute(sql, (contact_id,))])


def _marked(found: list[Touch]) -> list[Touch]:
    flags = same_day([t.facts() for t in found], [t.follow_up for t in found])
    return [replace(t, same_day=True) if flag else t for t, flag in zip(found, flags)]


def complaints_of(conn: sqlite3.Connection, contact_id: int):
    """A contact's complaints, oldest first."""
    sql = f"SELECT {', '.join(rows.COMPLAINT_COLUMNS)} FROM complaint WHERE contact_id = ? ORDER BY opened_at, id"
    return [rows.complaint(r) for r in conn.execute(sql, (contact_id,))]


_LATEST_SWEEP = ("SELECT s.created_at, s.reason, s.last_touch_id FROM sweep s JOIN sweep_contact sc ON sc.sweep_id = s.id "
                 "WHERE sc.contact_id = ? ORDER BY s.created_at DESC, s.id DESC LIMIT 1")


def _pending_sweep(sweep: tuple | None, touches: list[Touch]) -> tuple[dt.date | None, str | None]:
    """The latest sweep that reached this contact (created_at, reason, last touch id), if no touch
    has been logged since it began."""
    if not sweep:
        return None, None
    began, watermark = rows.moment(sweep[0]).date(), sweep[2]
    # Contact since the sweep: a touch logged after it, about a day on or after it began.
    if any(t.id > watermark and t.at.date() >= began for t in touches):
        return None, None
    return began, sweep[1]


def refresh_contact(conn: sqlite3.Connection, contact_id: int, rules: Rules) -> None:
    """Renumber a contact's touches and store its summary, stage and next due date.

    Called after every change to a contact or its touches, inside that change's transaction,
    so the summary `kehu due` reads is never out of step with the history.
    """
    stage, sequence_start, closed_at = conn.execute(
        "SELECT stage, sequence_start, closed_at FROM contact WHERE id = ?", (contact_id,)
    ).fetchone()
    numbers, summary, complaint_since = _summary(
        conn, contact_id, stage, sequence_start, closed_at, touches_of(conn, contact_id),
        complaints_of(conn, contact_id), conn.execute(_LATEST_SWEEP, (contact_id,)).fetchone())
    conn.executemany("UPDATE touch SET follow_up = ? WHERE id = ?", numbers)
    update_contact(conn, contact_id, summary)
    store_due_date(conn, contact_id, rules, complaint_since)


def refresh_contacts(conn: sqlite3.Connection, contact_ids, rules: Rules, batch: int = 2_000, *,
                     since_first_touch: bool = False) -> None:
    """`refresh_contact` for many contacts at once (an import): their histories are read a batch
    of contacts at a time, a few queries a batch instead of a few a contact, and written back
    with executemany, so the cost follows the rows and memory the batch, not the book.
    `since_first_touch` (an imported history): a contact whose first touch is older than its
    'in the book since' day (created_on) is in the book since that touch's day."""
    ids = sorted(set(contact_ids))
    for first in range(0, len(ids), batch):
        _refresh_batch(conn, ids[first:first + batch], rules, since_first_touch)


def _refresh_batch(conn: sqlite3.Connection, ids: list[int], rules: Rules, since_first_touch: bool = False) -> None:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS refreshing (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.refreshing")
    conn.executemany("INSERT INTO temp.refreshing (id) VALUES (?)", [(i,) for i in ids])
    among = "IN (SELECT id FROM temp.refreshing)"
    touches = _grouped(conn.execute(f"SELECT contact_id, {', '.join(_SUMMARISED)} FROM touch WHERE contact_id {among} "
                                    "ORDER BY contact_id, at, id"), _summarised)
    complaints = _grouped(conn.execute(f"SELECT contact_id, {', '.join(rows.COMPLAINT_COLUMNS)} FROM complaint "
                                       f"WHERE contact_id {among} ORDER BY contact_id, opened_at, id"), rows.complaint)
    sweeps: dict[int, tuple] = {}
    for cid, *sweep in conn.execute(
            "SELECT sc.contact_id, s.created_at, s.reason, s.last_touch_id FROM sweep s JOIN sweep_contact sc ON sc.sweep_id = s.id "
            f"WHERE sc.contact_id {among} ORDER BY sc.contact_id, s.created_at DESC, s.id DESC"):
        sweeps.setdefault(cid, tuple(sweep))
    # Each contact's row is read once and written once: its new summary laid over what was read,
    # then its schedules computed from that (what store_due_date would read back), in one UPDATE.
    state = [*rows.STATE_COLUMNS, "side_on"]
    at = {name: i for i, name in enumerate(state)}
    numbers, updates, columns = [], [], None
    for cid, sequence_start, closed_at, *row in conn.execute(
            f"SELECT id, sequence_start, closed_at, {', '.join(state)} FROM contact WHERE id {among} ORDER BY id").fetchall():
        # Unmarked (no same_day): what is stored reads none of it, and marking costs a pass over the history.
        renumbered, summary, since = _summary(conn, cid, row[at["stage"]], sequence_start, closed_at,
                                              touches.get(cid, []), complaints.get(cid, []), sweeps.get(cid))
        numbers += renumbered
        for name, value in summary.items():
            row[at[name]] = value
        if since_first_touch:
            history = touches.get(cid)
            first = rows.iso_day(history[0].at.date()) if history else None  # the history is in time order
            row[at["created_on"]] = min(row[at["created_on"]], first or row[at["created_on"]])
            summary = summary | {"created_on": row[at["created_on"]]}
        stored = summary | _schedule_columns(tuple(row), rules, since)
        columns = columns or tuple(stored)
        updates.append((*stored.values(), cid))
    conn.executemany("UPDATE touch SET follow_up = ? WHERE id = ?", numbers)
    if updates:
        conn.executemany(f"UPDATE contact SET {', '.join(f'{k} = ?' for k in columns)} WHERE id = ?", updates)


def new_contact_columns(contact_id: int, values: dict, rules: Rules) -> dict:
    """The summary and schedule columns `refresh_contacts` stores for a new contact that has no
    history yet (no touch, complaint or sweep), if it gets `contact_id` and its row holds `values`
    (store.contacts.new_contact_values): an import writes them with the row instead of updating
    every row it added (each update moves the row in the due and care indexes)."""
    summary, since = _without_history(values["stage"])
    row = tuple(contact_id if name == "id" else summary[name] if name in summary else values.get(name)
                for name in (*rows.STATE_COLUMNS, "side_on"))
    return summary | _schedule_columns(row, rules, since)


@functools.lru_cache(maxsize=8)
def _without_history(stage: str) -> tuple[dict, dt.date | None]:
    """(summary columns, complaint day) of a contact at `stage` with no touch, complaint or sweep:
    the same for every such contact (read, never changed, by the caller)."""
    _numbers, summary, since = _summary(None, 0, stage, None, None, [], [], None)
    return summary, since


class _Summarised(NamedTuple):
    """What `_summary` reads of a touch (its facts, id and stored number), read by `refresh_contacts`
    instead of a whole Touch: a history of 100,000 touches is read faster without its notes."""

    id: int
    follow_up: int | None
    known: TouchFacts

    @property
    def at(self) -> dt.datetime:
        return self.known.at

    @property
    def outcome(self) -> str:
        return self.known.outcome

    def facts(self) -> TouchFacts:
        return self.known


_SUMMARISED = ("id", "follow_up", "at", "care", "outcome", "next_on", "todo")


def _summarised(row: tuple) -> _Summarised:
    id_, follow_up, at, care, outcome, next_on, todo = row
    return _Summarised(id_, follow_up, TouchFacts(rows.moment(at), bool(care), outcome, rows.day(next_on), todo))


def _grouped(cursor, record) -> dict[int, list]:
    found: dict[int, list] = {}
    for cid, *values in cursor:
        found.setdefault(cid, []).append(record(tuple(values)))
    return found


_SUMMARY = ("stage", "follow_ups_done", "reference_on", "last_touch_on", "attempt_on", "next_on", "todo", "todo_on",
            "todo_due", "complaint_open", "complaint_due", "last_care_on", "sweep_on", "sweep_reason")


def _summary(conn: sqlite3.Connection, contact_id: int, stage: str, sequence_start: str | None, closed_at: str | None,
             touches: list[Touch], complaints: list, sweep: tuple | None) -> tuple[list[tuple[int, int]], dict, dt.date | None]:
    """(the touches' new follow-up numbers as (number, id), the summary columns, the day an open
    complaint was made) of one contact from its history (Touch, or _Summarised: their facts, id,
    follow_up, at and outcome are read): what `refresh_contact` stores."""
    numbers, state = summarise([t.facts() for t in touches], rows.moment(sequence_start), rows.moment(closed_at))
    if sequence_start:  # after a `pursue`: the earlier deals' touches keep their numbers
        from kehu.store.deals import numbered_in_closed_deals

        numbers = numbered_in_closed_deals(conn, contact_id, touches, numbers, rows.moment(sequence_start))
    answered = [t for t in touches if t.outcome != "none"]  # an unanswered call reached nobody
    complaint_open, complaint_since, complaint_due = complaint_state(complaints, [t.at for t in answered])
    sweep_on, sweep_reason = _pending_sweep(sweep, answered)
    summary = dict(zip(_SUMMARY, (
        stage_after_touches(stage, state), state.follow_ups_done, rows.iso_day(state.reference_on),
        rows.iso_day(state.last_touch_on), rows.iso_day(state.attempt_on), rows.iso_day(state.next_on), state.todo,
        rows.iso_day(state.todo_on), rows.iso_day(state.todo_due), int(complaint_open), rows.iso_day(complaint_due),
        rows.iso_day(state.last_care_on), rows.iso_day(sweep_on), sweep_reason)))
    return [(n, t.id) for n, t in zip(numbers, touches) if n != t.follow_up], summary, complaint_since


def store_due_date(conn: sqlite3.Connection, contact_id: int, rules: Rules, complaint_since: dt.date | None = None) -> None:
    """Compute a contact's schedules from its stored summary and keep them on the row."""
    row = conn.execute(f"SELECT {', '.join(rows.STATE_COLUMNS)}, side_on FROM contact WHERE id = ?", (contact_id,)).fetchone()
    update_contact(conn, contact_id, _schedule_columns(row, rules, complaint_since))


def _schedule_columns(row: tuple, rules: Rules, complaint_since: dt.date | None) -> dict:
    contact = rows.contact_state(row)
    return (rows.schedule_columns(schedule(contact, rules), care_schedule(contact, rules))
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
