"""What is due: the ranked list `kehu due`, the digest and the calendar export read.

The schedules are stored on each contact row (store.touches.refresh_contact); when the rules
in the config changed since they were stored, the book brings them up to date first, or — on a
file it cannot write — computes them in memory.
"""

from __future__ import annotations

import datetime as dt


def update_stale_schedules(book) -> bool:
    """Bring the stored schedules up to the current rules (a write, when the rules changed): True
    when they are current, False when they are stale and cannot be stored (a read-only file, a
    full disk) and the caller computes them in memory."""
    from kehu.store.db import StoreError, is_read_only
    from kehu.store.touches import due_dates_are_current, recompute_due_dates

    if due_dates_are_current(book.conn, book.rules):
        return True
    if is_read_only(book.db.path):
        return False
    try:
        with book.write(undoable=False) as conn:  # upkeep, not a change `kehu undo` should reverse
            recompute_due_dates(conn, book.rules)
    except StoreError:
        return False  # a full disk or a busy book: a read command computes them in memory instead
    return True


def due_facts(book, horizon: dt.date, *, tier: str | None = None, tag: str | None = None) -> list:
    """What falls due by `horizon`: stored schedules through one covering index, or — when
    they are stale on a read-only file — every contact's schedule computed afresh."""
    from kehu.store import contacts

    if book.update_stale_schedules():
        return contacts.due_facts(book.conn, horizon, tier=tier, tag=tag) + contacts.side_due_facts(
            book.conn, book.rules, horizon, tier=tier, tag=tag)
    return contacts.all_due_facts(book.conn, book.rules, tier=tier, tag=tag)


def due_list(book, days: int, *, tier: str | None = None, tag: str | None = None) -> list:
    """Everything due by today + `days`, ranked: every stored schedule read and scored here."""
    from kehu.core.due import due_items, rank_key

    horizon = book.today + dt.timedelta(days=days)
    facts = book.due_facts(horizon, tier=tier, tag=tag)
    return sorted(due_items(facts, book.rules, book.today, days) + _dated(book, horizon, tier, tag), key=rank_key)


def due_table(book, days: int, shown: int | None, *, tier: str | None = None, tag: str | None = None):
    """(the `shown` most urgent items, the summary) — what the table needs. SQLite ranks and
    counts the follow-ups and care calls (a big book has tens of thousands due); complaints,
    sweeps' calls and personal dates are few enough to rank here. Falls back to `due_list` for all rows, or when the schedules are stale."""
    from kehu.core.due import DueSummary, assess, due_items, rank_key
    from kehu.store import ranking

    rules, today = book.rules, book.today
    horizon = today + dt.timedelta(days=days)
    if not shown or not book.update_stale_schedules():
        items = book.due_list(days, tier=tier, tag=tag)
        return (items[:shown] if shown else items), DueSummary.of(items)
    top, stalled, counts = ranking.ranked_due(book.conn, rules, today, horizon, shown, tier=tier, tag=tag)
    extra = _side_items(book, days, horizon, tier, tag)
    items = sorted(due_items(top, rules, today, days) + extra, key=rank_key)[:shown]
    summary = DueSummary(counts["total"] + len(extra), counts["overdue"] + sum(1 for i in extra if i.days_overdue > 0),
                         counts["in_zone"], counts["stalled"], tuple(assess(f, rules, today) for f in stalled))
    return items, summary


def due_json(book, days: int, limit: int | None, *, tier: str | None = None, tag: str | None = None) -> bytes | None:
    """`kehu due --json`: the JSON texts of the items due by today + `days`, comma-separated, as
    UTF-8 — ranked as `due_list` ranks them (the `limit` most urgent; all when None): the
    follow-ups and care calls written by SQLite (store.ranking), the few side items by
    DueItem.as_json. None when the stored schedules are stale and cannot be stored (the caller
    uses `due_list`)."""
    import json

    from kehu.core.due import rank_key
    from kehu.core.model import next_action_templates
    from kehu.store import ranking

    if not book.update_stale_schedules():
        return None
    horizon = book.today + dt.timedelta(days=days)
    side = [(int(i.kind != "complaint"), i.urgency, i.due.isoformat(), i.name, i.contact_id, i.kind,
             json.dumps(i.as_json(), ensure_ascii=False, separators=(",", ":")))
            for i in sorted(_side_items(book, days, horizon, tier, tag), key=rank_key)]
    weights = book.rules.urgency
    if float(weights.overdue_cap_days).is_integer() and all(
            (w * 4).is_integer() for w in (weights.per_day_overdue, weights.due, weights.zone, weights.stalled_early,
                                           *weights.tier.values(), *weights.kind.values())):
        # The default weights: every urgency a multiple of 1/4, which round(…, 2) keeps as it is.
        return ranking.due_json_array(book.conn, book.rules, book.today, horizon, next_action_templates(), side,
                                       tier=tier, tag=tag, limit=limit)
    rows = ranking.ranked_due_json(book.conn, book.rules, book.today, horizon, next_action_templates(),
                                    tier=tier, tag=tag, limit=limit)
    texts, waiting = [], iter((first == 1, -u, due, name, id_, kind, text) for first, u, due, name, id_, kind, text in side)
    key = next(waiting, None)
    for u, due, name, id_, kind, head, tail in rows:  # the few side items merged in, in rank order
        stored_key = (True, -u, due, name, id_, kind)
        while key is not None and key[:6] < stored_key:
            texts.append(key[6])
            key = next(waiting, None)
        texts.append(f"{head}{round(u, 2)!r}{tail}")
    texts += ([key[6]] if key is not None else []) + [k[6] for k in waiting]
    return ",".join(texts[:limit] if limit else texts).encode()


def _side_items(book, days: int, horizon: dt.date, tier: str | None, tag: str | None) -> list:
    """The due items SQLite does not rank (few): complaints, sweeps' calls, personal dates and
    holiday greetings."""
    from kehu.core.due import due_items
    from kehu.store import contacts

    events = contacts.event_due_facts(book.conn, horizon, tier=tier, tag=tag)
    return due_items(events, book.rules, book.today, days) + _dated(book, horizon, tier, tag)


def _dated(book, horizon: dt.date, tier: str | None, tag: str | None) -> list:
    """Personal dates in their reminder window, holiday greetings not yet done and key accounts'
    multi-threading alarms, as due items, of the contacts --tier/--tag keep."""
    tagged = None
    if tag:
        from kehu.store import contacts

        tagged = contacts.ids_tagged(book.conn, tag)
    from kehu.book.accounts import account_items

    # Key accounts' alarms are few (one per key account at most): computed and ranked here, with
    # the same urgency formula as every item (core.urgency through core.due.assess).
    return [i for i in book.occasion_items(horizon) + book.greeting_items(horizon) + account_items(book, horizon)
            if (not tier or i.tier == tier) and (tagged is None or i.contact_id in tagged)]
