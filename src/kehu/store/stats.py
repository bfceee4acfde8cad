"""The reads behind `kehu stats` and `kehu budget`."""

from __future__ import annotations

import datetime as dt
import sqlite3

from kehu.core.stats import Deal
from kehu.store import rows


def deals(conn: sqlite3.Connection) -> list[Deal]:
    """Every closed sequence of an active contact, with the contact's tier."""
    sql = ("SELECT d.contact_id, c.tier, d.started_at, d.closed_at, d.outcome, d.closed_after, d.value, d.reason "
           "FROM deal d JOIN contact c ON c.id = d.contact_id WHERE c.archived = 0 ORDER BY d.closed_at")
    return [Deal(r[0], r[1], rows.moment(r[2]), rows.moment(r[3]), r[4], r[5], r[6], r[7]) for r in conn.execute(sql)]


def open_sequence_counts(conn: sqlite3.Connection, today: dt.date) -> list[tuple[int, bool, int]]:
    """(follow-ups done, gone cold, how many) of the contacts in a sequence now (lead or pursuing),
    counted by SQLite: gone cold is core.stats.gone_cold over their stored schedules, in SQL."""
    from kehu.core.stats import gone_cold
    from kehu.store.formulas import SQL, Sql

    cold = gone_cold(Sql("due_kind"), Sql("CAST(julianday(?) - julianday(due_on) AS INTEGER)", [today.isoformat()]),
                     Sql("due_interval"), SQL)
    sql = (f"SELECT follow_ups_done, {cold.text} AS cold, count(*) FROM contact "
           "WHERE archived = 0 AND stage IN ('lead', 'pursuing') AND due_on IS NOT NULL GROUP BY 1, 2")
    return [(done, bool(stopped), n) for done, stopped, n in conn.execute(sql, cold.params)]


def clients_and_referrers(conn: sqlite3.Connection) -> tuple[set[int], set[int]]:
    """Ids of current clients (won), and of everyone who introduced somebody."""
    clients = {r[0] for r in conn.execute("SELECT id FROM contact WHERE archived = 0 AND stage = 'won'")}
    referrers = {r[0] for r in conn.execute("SELECT DISTINCT referred_by FROM contact WHERE referred_by IS NOT NULL")}
    return clients, referrers


def effort_by_tier(conn: sqlite3.Connection, start: dt.date, end: dt.date) -> list[tuple[str, int, int, float]]:
    """(tier, contacts, touches, spend) of the contacts still in the book (not archived, not lost):
    how many there are, and their touches from `start` to `end` (inclusive) with what those cost."""
    contacts = dict(conn.execute("SELECT tier, count(*) FROM contact WHERE archived = 0 AND stage != 'lost' GROUP BY tier"))
    touched = {tier: (n, spend) for tier, n, spend in conn.execute(
        # contact by contact (CROSS JOIN keeps that order): each one's touches are neighbours in
        # ix_touch_contact_at and on disk; walking ix_touch_at instead jumps about the whole table.
        # Counted a contact at a time, then by tier: sorting every touch by tier would cost twice that.
        "SELECT tier, CAST(sum(n) AS INTEGER), total(spend) FROM (SELECT c.tier, count(*) AS n, total(t.cost) AS spend "
        "FROM contact c CROSS JOIN touch t ON t.contact_id = c.id AND t.at >= ? AND t.at < ? "
        "WHERE c.archived = 0 AND c.stage != 'lost' GROUP BY c.id) AS per_contact GROUP BY tier",
        (start.isoformat(), (end + dt.timedelta(days=1)).isoformat()))}
    return [(tier, n, *touched.get(tier, (0, 0.0))) for tier, n in contacts.items()]


def contacts_for_budget(conn: sqlite3.Connection) -> list[tuple[int, str, str, bool]]:
    """(id, name, tier, still in the book) of every contact not archived."""
    return [(r[0], r[1], r[2], r[3] != "lost") for r in conn.execute("SELECT id, name, tier, stage FROM contact WHERE archived = 0")]


def touch_costs(conn: sqlite3.Connection, start: dt.date, end: dt.date) -> list[tuple[int, float | None]]:
    """(contact id, cost) of every touch from `start` to `end`, inclusive."""
    sql = "SELECT contact_id, cost FROM touch WHERE at >= ? AND at < ?"
    return [tuple(r) for r in conn.execute(sql, (start.isoformat(), (end + dt.timedelta(days=1)).isoformat()))]


def spent_this_year(conn: sqlite3.Connection, contact_id: int, year: int) -> tuple[float, str, float, int]:
    """(the contact's spend this year, its tier, the tier's spend this year, clients in the tier)."""
    start, end = f"{year}-01-01", f"{year + 1}-01-01"
    tier = conn.execute("SELECT tier FROM contact WHERE id = ?", (contact_id,)).fetchone()[0]
    own = conn.execute("SELECT coalesce(sum(cost), 0) FROM touch WHERE contact_id = ? AND at >= ? AND at < ?",
                       (contact_id, start, end)).fetchone()[0]
    tier_total = conn.execute(
        "SELECT coalesce(sum(t.cost), 0) FROM touch t JOIN contact c ON c.id = t.contact_id "
        "WHERE c.tier = ? AND c.archived = 0 AND t.at >= ? AND t.at < ?", (tier, start, end)
    ).fetchone()[0]
    clients = conn.execute("SELECT count(*) FROM contact WHERE tier = ? AND archived = 0 AND stage != 'lost'",
                           (tier,)).fetchone()[0]
    return own, tier, tier_total, clients
