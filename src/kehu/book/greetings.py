"""Holiday greetings as work: the greeting items of `kehu due`, `kehu log WHO --greet 春节`, and
`kehu greet HOLIDAY` (the checklist, and a group greeting for a whole tier)."""

from __future__ import annotations

import datetime as dt

from kehu.errors import KehuError, UsageError
from kehu.i18n import _


EARLIEST_DAYS = 60  # a greeting logged further ahead of a holiday than this (or its lead time) is a mistake


def holiday(text: str):
    """The holiday a user names (春节, 中秋节, spring, mid-autumn), or a usage error naming the forms."""
    from kehu.core.greetings import find_holiday, holiday_forms

    found = find_holiday(text or "")
    if found is None:
        raise UsageError(_("{text!r} is not a holiday kehu knows; use one of {forms}").format(text=text, forms=holiday_forms()))
    return found


def greeting_items(book, horizon: dt.date) -> list:
    """Every client's greeting for each holiday whose window is open by `horizon`, until done."""
    from kehu.core.greetings import open_windows

    settings, today = book.settings.occasions.holidays, book.today
    windows = open_windows(settings, today, horizon)
    if not windows:
        return []
    from kehu.core.greetings import Greetee, greeting_items as items_of
    from kehu.core.model import shown_stage
    from kehu.core.urgency import urgency
    from kehu.store import greetings
    from kehu.store.rows import day as iso_date

    people = [Greetee(cid, name, company, tier, shown_stage(stage, iso_date(paused), today), iso_date(last))
              for cid, name, company, tier, stage, last, paused in greetings.greetees(book.conn)]
    found = []
    for occ in windows:
        done = greetings.greeted_ids(book.conn, occ.holiday.name, occ.year)
        found += items_of(occ, people, done, settings, today, horizon)
    for item in found:
        item.urgency = urgency(item.days_overdue, item.tier, "greeting", False, False, book.rules.urgency)
    return found


def open_holidays(book) -> list[str]:
    """The holidays whose greetings are being done today (their window is open for some tier)."""
    from kehu.core.greetings import open_windows

    return [occ.holiday.name for occ in open_windows(book.settings.occasions.holidays, book.today, book.today)]


def record_greeting(book, conn, contact_id: int, found, day: dt.date, touch_id: int):
    """Mark the contact greeted for the occurrence of holiday `found` a touch on `day` is for:
    (the occurrence, the touch that had already done it or None)."""
    from kehu.store import greetings

    occ = greeting_occurrence(book, found, day)
    return occ, greetings.record(conn, contact_id, occ.holiday.name, occ.year, touch_id)


def greeting_occurrence(book, found, day: dt.date):
    """The occurrence of holiday `found` a greeting made on `day` is for; a usage error when that
    is further ahead than a greeting is ever made (EARLIEST_DAYS, or the plan's lead time)."""
    from kehu.core.greetings import occurrence_for

    occ = occurrence_for(found, day)
    settings = book.settings.occasions.holidays
    ahead = max([EARLIEST_DAYS] + [p.lead_days for p in settings.plans[occ.holiday.name].values()])
    if (occ.due - day).days > ahead:
        raise UsageError(_("{holiday} is on {day}, {n} days away: a greeting for it can be logged from {ahead} days before; "
                           "log this touch without --greet {holiday}").format(
            holiday=occ.holiday.name, day=occ.day, n=(occ.day - day).days, ahead=ahead))
    return occ


def checklist(book, text: str, tier: str | None = None) -> tuple:
    """(the occurrence, a row per client: id, name, company, tier, done, channel, budget, gift,
    greeting, on) of the holiday `text` names — the next one, or one passed in the last days."""
    from kehu.core.greetings import occurrence_for
    from kehu.store import greetings
    from kehu.store.dates import reachable_contacts

    occ = occurrence_for(holiday(text), book.today)
    settings = book.settings.occasions.holidays
    done = greetings.greeted(book.conn, occ.holiday.name, occ.year)
    rows = []
    for cid, name, company, own_tier, *_rest in reachable_contacts(book.conn):
        if tier and own_tier != tier:
            continue
        plan = settings.plan(occ.holiday.name, own_tier)
        touch = done.get(cid)
        rows.append({"id": cid, "name": name, "company": company, "tier": own_tier, "done": touch is not None,
                     "channel": touch[1] if touch else plan.channel, "planned_channel": plan.channel, "budget": plan.budget, "gift": plan.gift,
                     "greeting": plan.greeting, "on": touch[2][:10] if touch else None,
                     "touch_id": touch[0] if touch else None})
    return occ, rows


def greet_tier(book, text: str, tier: str, channel: str, note: str | None) -> tuple:
    """A group greeting: one care touch for each client of `tier` not yet greeted for the holiday,
    all in one transaction. (the occurrence, the contacts greeted, how many had been already)."""
    from kehu.store import greetings, touches

    occ = greeting_occurrence(book, holiday(text), book.today)
    text_note = note or _("{holiday} greeting (group greeting of tier {tier})").format(holiday=occ.holiday.name, tier=tier)
    fields = {"at": book.now, "channel": channel, "note": text_note, "outcome": "neutral", "care": True}
    with book.write() as conn:
        people = greetings.greetees(conn, tier)
        if not people:
            raise KehuError(_("no client in tier {tier}; nothing was logged").format(tier=tier))
        done = greetings.greeted_ids(conn, occ.holiday.name, occ.year)
        todo = [p for p in people if p[0] not in done]
        for p in todo:
            touch_id = touches.insert_touch(conn, p[0], fields, logged_at=book.now)
            greetings.record(conn, p[0], occ.holiday.name, occ.year, touch_id)
        book.refresh(conn, *(p[0] for p in todo))
    return occ, [(p[0], p[1]) for p in todo], len(people) - len(todo)


def group_size(book, text: str, tier: str) -> tuple:
    """(the occurrence, clients of the tier not yet greeted): what a group greeting would log."""
    from kehu.store import greetings

    occ = greeting_occurrence(book, holiday(text), book.today)
    done = greetings.greeted_ids(book.conn, occ.holiday.name, occ.year)
    return occ, sum(1 for p in greetings.greetees(book.conn, tier) if p[0] not in done)
