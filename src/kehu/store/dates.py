"""Important dates: stored with their next occurrence, so `kehu due` reads an indexed window."""

from __future__ import annotations

import datetime as dt
import sqlite3

from kehu.core.occasions import GRACE_DAYS, DateEntry, DateSpec, next_occurrence
from kehu.store import rows

_COLUMNS = ("d.id", "d.contact_id", "c.name", "c.company", "c.tier", "c.stage", "d.label", "d.whose",
            "d.month", "d.day", "d.year", "d.lunar", "d.leap", "d.remind_days", "c.last_touch_on", "c.last_care_on", "d.next_on")
_FROM = "FROM important_date d JOIN contact c ON c.id = d.contact_id"


def _entry(row: tuple) -> DateEntry:
    (id_, contact_id, name, company, tier, stage, label, whose, month, day, year, lunar, leap, remind,
     last_touch, last_care, _next) = row
    return DateEntry(id_, contact_id, name, company, tier, stage, label, whose,
                     DateSpec(month, day, year, bool(lunar), bool(leap)), remind, rows.day(last_touch), rows.day(last_care))


def next_on(spec: DateSpec, today: dt.date, feb29: str) -> dt.date:
    """The occurrence kept on the row: the first one not more than the grace period in the past."""
    return next_occurrence(spec, today - dt.timedelta(days=GRACE_DAYS), feb29)[0]


def add_date(conn: sqlite3.Connection, contact_id: int, label: str, whose: str, spec: DateSpec,
             remind_days: int | None, today: dt.date, feb29: str) -> int:
    """Store an important date; returns its id."""
    return conn.execute(
        "INSERT INTO important_date (contact_id, label, whose, lunar, leap, year, month, day, remind_days, next_on) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (contact_id, label, whose, int(spec.lunar), int(spec.leap), spec.year, spec.month, spec.day, remind_days,
         next_on(spec, today, feb29).isoformat()),
    ).lastrowid


def same_date(conn: sqlite3.Connection, contact_id: int, label: str, whose: str, spec: DateSpec) -> int | None:
    """The id of a date the contact already has with this label, person and day, if any."""
    row = conn.execute(
        "SELECT id FROM important_date WHERE contact_id = ? AND label = ? AND whose = ? AND lunar = ? AND leap = ? "
        "AND month = ? AND day = ? AND year IS ?",
        (contact_id, label, whose, int(spec.lunar), int(spec.leap), spec.month, spec.day, spec.year)).fetchone()
    return row[0] if row else None


def dates_of(conn: sqlite3.Connection, contact_id: int | None = None) -> list[tuple[DateEntry, dt.date]]:
    """Every date (of one contact, or of all active ones) with its stored next occurrence."""
    where, params = "c.archived = 0", ()
    if contact_id is not None:
        where, params = "d.contact_id = ?", (contact_id,)
    sql = f"SELECT {', '.join(_COLUMNS)} {_FROM} WHERE {where} ORDER BY d.next_on, c.name"
    return [(_entry(r), rows.day(r[-1])) for r in conn.execute(sql, params)]


def delete_date(conn: sqlite3.Connection, date_id: int) -> tuple[int, str] | None:
    """Delete a date by id; returns (contact id, label) or None when there is no such date."""
    row = conn.execute("SELECT contact_id, label FROM important_date WHERE id = ?", (date_id,)).fetchone()
    if row:
        conn.execute("DELETE FROM important_date WHERE id = ?", (date_id,))
    return tuple(row) if row else None


def delete_birthday(conn: sqlite3.Connection, contact_id: int) -> None:
    """Delete the contact's own birthday (before another replaces it)."""
    conn.execute("DELETE FROM important_date WHERE contact_id = ? AND label = 'birthday' AND whose = 'self'", (contact_id,))


def dates_in_window(conn: sqlite3.Connection, until: dt.date, today: dt.date, feb29: str) -> tuple[list[DateEntry], list]:
    """Dates whose next occurrence falls by `until` (lead days included by the caller), and the
    stored occurrences that have passed, rolled on to their next one: (new next_on, id) pairs
    for `roll_dates` to store."""
    sql = f"SELECT {', '.join(_COLUMNS)} {_FROM} WHERE c.archived = 0 AND c.stage != 'lost' AND d.next_on <= ?"
    found, rolled = [], []
    stale_before = today - dt.timedelta(days=GRACE_DAYS)
    for row in conn.execute(sql, (until.isoformat(),)).fetchall():
        entry, stored = _entry(row), rows.day(row[-1])
        if stored < stale_before:
            fresh = next_on(entry.spec, today, feb29)
            rolled.append((fresh.isoformat(), entry.id))
            if fresh > until:
                continue
        found.append(entry)
    return found, rolled


def roll_dates(conn: sqlite3.Connection, rolled: list) -> None:
    """Store the next occurrences `dates_in_window` rolled on."""
    conn.executemany("UPDATE important_date SET next_on = ? WHERE id = ?", rolled)


def reachable_contacts(conn: sqlite3.Connection) -> list[tuple]:
    """(id, name, company, tier, wechat, phone, email, most used channel) of every contact in the
    book, for greetings."""
    return [tuple(r) for r in conn.execute(
        "SELECT c.id, c.name, c.company, c.tier, c.wechat, c.phone, c.email, "
        "(SELECT t.channel FROM touch t WHERE t.contact_id = c.id AND t.channel NOT IN ('gift', 'card', 'other') "
        " GROUP BY t.channel ORDER BY count(*) DESC, max(t.at) DESC LIMIT 1) "
        "FROM contact c WHERE c.archived = 0 AND c.stage != 'lost' ORDER BY c.tier, c.name_pinyin")]


def sweep_on(conn: sqlite3.Connection, place: str, day: dt.date) -> tuple[int, int] | None:
    """(id, contacts reached) of a sweep of `place` already started on `day`, else None."""
    row = conn.execute("SELECT s.id, (SELECT count(*) FROM sweep_contact sc WHERE sc.sweep_id = s.id) FROM sweep s "
                       "WHERE s.place = ? AND substr(s.created_at, 1, 10) = ?", (place, day.isoformat())).fetchone()
    return (row[0], row[1]) if row else None


def sweep(conn: sqlite3.Connection, place: str, reason: str, at: dt.datetime) -> list[int]:
    """Start a sweep of everyone who lives in or comes from `place`; returns their ids."""
    from kehu.store.contacts import place_filter

    where, params = place_filter(conn, place)
    ids = [r[0] for r in conn.execute(f"SELECT id FROM contact WHERE archived = 0 AND stage != 'lost' AND {where}", params)]
    if not ids:
        return []
    watermark = conn.execute("SELECT coalesce(max(id), 0) FROM touch").fetchone()[0]
    sweep_id = conn.execute("INSERT INTO sweep (place, reason, created_at, last_touch_id) VALUES (?, ?, ?, ?)",
                            (place, reason, rows.iso_moment(at), watermark)).lastrowid
    conn.executemany("INSERT INTO sweep_contact (sweep_id, contact_id) VALUES (?, ?)", [(sweep_id, i) for i in ids])
    return ids


def sweeps(conn: sqlite3.Connection) -> list[dict]:
    """Every sweep with its progress: who it reached, who has been contacted since it began."""
    found = []
    for sweep_id, place, reason, created_at, watermark in conn.execute(
            "SELECT id, place, reason, created_at, last_touch_id FROM sweep ORDER BY created_at DESC").fetchall():
        people = conn.execute(
            "SELECT c.id, c.name, c.city, c.hometown, "
            "EXISTS (SELECT 1 FROM touch t WHERE t.contact_id = c.id AND t.id > ? AND t.at >= ? AND t.outcome != 'none') "
            "FROM sweep_contact sc JOIN contact c ON c.id = sc.contact_id WHERE sc.sweep_id = ? ORDER BY c.name_pinyin",
            (watermark, created_at[:10], sweep_id)).fetchall()
        found.append({"id": sweep_id, "place": place, "reason": reason, "created_at": rows.moment(created_at),
                      "contacts": [{"id": p[0], "name": p[1], "city": p[2], "hometown": p[3], "contacted": bool(p[4])}
                                   for p in people]})
    return found
