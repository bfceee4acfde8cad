"""The daily digest: what is due, what is coming, who is at risk, what happened yesterday."""

from __future__ import annotations

import datetime as dt

from kehu.i18n import _


def digest(book, days: int, shown: int | None = None):
    """Gather the digest (reads only, apart from bringing stale schedules up to date): every due
    item, or — with `shown` — the `shown` most urgent of each section and how many each holds."""
    from kehu.book.accounts import account_items
    from kehu.core.digest import Digest, activity, at_risk, keep_most_urgent, split_by_day, streak
    from kehu.core.due import assess, due_items, rank_key
    from kehu.store import digest as reads

    today, rules, conn = book.today, book.rules, book.conn
    current = book.update_stale_schedules()
    horizon = today + dt.timedelta(days=days)
    result = Digest(today=today, days=days)
    if shown and current:
        _most_urgent(book, result, horizon, shown)
    else:
        items = (due_items(book.due_facts(horizon), rules, today, days) + book.occasion_items(horizon)
                 + book.greeting_items(horizon) + account_items(book, horizon))
        split_by_day(sorted(items, key=rank_key), result)
        if shown:
            keep_most_urgent(result, shown)
    # dates still ahead whose reminder has begun (those on or past their day are filed above)
    result.reminders = sum(1 for i in book.occasion_items(today) if i.due > today)
    result.at_risk = at_risk(reads.won_contacts(conn), rules, today)
    result.accounts = [(account.name, alarm.person.name) for account, alarm in book.account_alarms()]
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


def _most_urgent(book, result, horizon: dt.date, shown: int) -> None:
    """The `shown` most urgent items of each section and the sections' counts, as
    `core.digest.keep_most_urgent` leaves the whole list: SQLite ranks and counts the stored
    follow-ups and care calls (store.ranking.ranked_due); complaints, sweeps' calls and
    personal dates are few and ranked here."""
    from kehu.core.digest import Digest, split_by_day, upcoming_key
    from kehu.core.due import assess, due_items, rank_key
    from kehu.store import contacts, ranking

    today, rules, conn = book.today, book.rules, book.conn
    few = Digest(today=today, days=result.days)
    events = due_items(contacts.event_due_facts(conn, horizon), rules, today, result.days)
    from kehu.book.accounts import account_items

    dated = book.occasion_items(horizon) + book.greeting_items(horizon) + account_items(book, horizon)
    split_by_day(sorted(events + dated, key=rank_key), few)
    totals = {"in_zone": sum(1 for i in few.overdue + few.due_today if i.in_zone)}
    yesterday = today - dt.timedelta(days=1)
    for section, after, through in (("overdue", None, yesterday), ("due_today", yesterday, today)):
        top, stalled, counts = ranking.ranked_due(conn, rules, today, through, shown, named=shown, after=after)
        extra = getattr(few, section)
        setattr(result, section, sorted([assess(f, rules, today) for f in top] + extra, key=rank_key)[:shown])
        totals[section] = counts["total"] + len(extra)
        totals["in_zone"] += counts["in_zone"]
        if section == "overdue":  # only the overdue can be stalled (overdue by more than the interval)
            more = [i for i in extra if i.stalled_early]
            result.first_stalled = sorted([assess(f, rules, today) for f in stalled] + more, key=rank_key)[:shown]
            totals["stalled"] = counts["stalled"] + len(more)
    coming = (contacts.due_facts(conn, horizon, after=today)
              + contacts.care_due_facts(conn, rules, horizon, after=today))
    upcoming = sorted(sorted([assess(f, rules, today) for f in coming] + few.upcoming, key=rank_key), key=upcoming_key)
    result.upcoming, totals["upcoming"] = upcoming[:shown], len(upcoming)
    result.totals = totals
