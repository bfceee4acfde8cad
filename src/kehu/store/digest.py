"""The reads behind the daily digest: won clients, open promises, a day's touches, whole histories."""

from __future__ import annotations

import datetime as dt
import sqlite3

from kehu.core.digest import History
from kehu.core.model import ContactState, DueFacts, Touch
from kehu.store import rows

_STATE = ", ".join(rows.STATE_COLUMNS)


def won_contacts(conn: sqlite3.Connection) -> list[tuple[ContactState, float | None]]:
    """Every active won contact with its deal value."""
    sql = f"SELECT {_STATE}, won_value FROM contact WHERE archived = 0 AND stage = 'won'"
    return [(rows.contact_state(r), r[-1]) for r in conn.execute(sql)]


def open_promises(conn: sqlite3.Connection) -> list[DueFacts]:
    """Contacts with a promise still open, whenever it falls due."""
    sql = f"SELECT {', '.join(rows.DUE_COLUMNS)} FROM contact WHERE archived = 0 AND todo IS NOT NULL AND due_on IS NOT NULL"
    return [rows.due_facts(r) for r in conn.execute(sql)]


def touches_on(conn: sqlite3.Connection, day: dt.date, through: dt.date | None = None) -> list[Touch]:
    """Every touch made on one day (or from `day` through `through`), with active contacts."""
    sql = (f"SELECT {', '.join('t.' + c for c in rows.TOUCH_COLUMNS)} FROM touch t JOIN contact c ON c.id = t.contact_id "
           "WHERE t.at >= ? AND t.at < ? AND c.archived = 0 ORDER BY t.at")
    end = (through or day) + dt.timedelta(days=1)
    return [rows.touch(r) for r in conn.execute(sql, (day.isoformat(), end.isoformat()))]


def histories(conn: sqlite3.Connection) -> list[History]:
    """Every active contact with all its touches (for replaying past days)."""
    by_contact: dict[int, list[Touch]] = {}
    for r in conn.execute(f"SELECT {', '.join(rows.TOUCH_COLUMNS)} FROM touch ORDER BY contact_id, at, id"):
        by_contact.setdefault(r[1], []).append(rows.touch(r))
    sql = f"SELECT {_STATE}, sequence_start, closed_at FROM contact WHERE archived = 0"
    return [History(rows.contact_state(r), by_contact.get(r[0], []), rows.moment(r[-2]), rows.moment(r[-1]))
            for r in conn.execute(sql)]


def something_left_undone_yesterday(conn: sqlite3.Connection, today: dt.date) -> bool:
    """A contact was due yesterday or before and has not been touched since: the streak is 0.

    Exact without replaying any history: a contact with no touch since yesterday began had the
    same schedule then as the one stored now. Saves loading every touch on most mornings.
    """
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    row = conn.execute(
        "SELECT 1 FROM contact WHERE archived = 0 AND due_on <= ? AND created_on <= ? "
        "AND coalesce(last_touch_on, '') < ? AND coalesce(attempt_on, '') < ? LIMIT 1",
        (yesterday, yesterday, yesterday, yesterday),
    ).fetchone()
    return row is not None
