"""The daily digest: what is due, what is coming, who is at risk, what happened yesterday."""

from __future__ import annotations

import datetime as dt

from kehu.i18n import _


def digest(book, days: int):
    """Gather the digest (reads only, apart from bringing stale schedules up to date)."""
    from kehu.core.digest import Digest, activity, at_risk, split_by_day, streak
    from kehu.core.due import assess, due_items
    from kehu.store import digest as reads

    today, rules, conn = book.today, book.rules, book.conn
    current = book.update_stale_schedules()
    horizon = today + dt.timedelta(days=days)
    facts = book.due_facts(horizon)
    result = Digest(today=today, days=days)
    items = due_items(facts, rules, today, days) + book.occasion_items(horizon)
    split_by_day(sorted(items, key=lambda i: (-i.urgency, i.due, i.name)), result)
    # dates still ahead whose reminder has begun (those on or past their day are filed above)
    result.reminders = sum(1 for i in book.occasion_items(today) if i.due > today)
    result.at_risk = at_risk(reads.won_contacts(conn), rules, today)
    result.promises = sorted((assess(f, rules, today) for f in reads.open_promises(conn)), key=lambda i: i.due)
    # On a Monday, "yesterday" is the Friday (and the weekend's touches with it).
    result.since = rules.calendar.previous_working_day(today)
    result.yesterday = activity(reads.touches_on(conn, result.since, through=today - dt.timedelta(days=1)))
    personal, festivals = book.coming_occasions(horizon)
    result.dates = [(day, entry.name, text) for day, entry, text in personal]
    result.holidays = [(f["date"], f["name"] + (_(" (day off, 预计 estimated)") if f["estimated_day_off"] else ""),
                        f.get("note") or "; ".join(f"{p['tier']}: {p['greeting']} ({len(p['contacts'])})" for p in f["plan"]))
                       for f in festivals]
    if not (current and reads.something_left_undone_yesterday(conn, today)):
        result.streak = streak(reads.histories(conn), rules, today)
    return result
