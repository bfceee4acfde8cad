"""Personal dates and occasions: `kehu date add|list|rm`, `kehu occasions`, `kehu sweep`, and the
reminders `kehu due` and the digest show."""

from __future__ import annotations

import datetime as dt

from kehu.errors import KehuError, NotFound, UsageError
from kehu.i18n import _, ngettext


def add_date(book, conn, contact_id: int, label: str, spec, whose: str = "self", remind: int | None = None) -> int:
    """Store one important date (shared by `date add` and `add/edit --birthday`)."""
    from kehu.store import dates

    return dates.add_date(conn, contact_id, label, whose, spec, remind, book.today, book.settings.occasions.feb29)


def set_birthday(book, conn, contact_id: int, spec) -> None:
    """The contact's own birthday: replaces the one on file (None: removes it)."""
    from kehu.store import dates

    dates.delete_birthday(conn, contact_id)
    if spec is not None:
        add_date(book, conn, contact_id, "birthday", spec)


def add_personal_date(book, who: str, label: str, spec, whose: str, remind: int | None):
    """`kehu date add`: a date for the contact WHO names, unless they already have it."""
    from kehu.store import dates

    with book.write() as conn:
        contact = book.resolve(conn, who)
        same = dates.same_date(conn, contact.id, label, whose, spec)
        if same:
            raise KehuError(_("{name} (#{id}) already has this date (date #{date}); see kehu date list {id}").format(
                name=contact.name, id=contact.id, date=same))
        add_date(book, conn, contact.id, label, spec, whose, remind)
    return contact


def personal_dates(book, who: str | None) -> list:
    """Important dates (of the contact WHO names, or of everyone), soonest first."""
    from kehu.store import dates

    contact_id = book.resolve(book.conn, who).id if who else None
    return [e for e, _next in dates.dates_of(book.conn, contact_id)]


def remove_date(book, date_id: int) -> str:
    """Remove an important date; returns its label."""
    from kehu.store import dates

    with book.write() as conn:
        removed = dates.delete_date(conn, date_id)
    if removed is None:
        raise NotFound(_("no important date #{id}; kehu date list shows them").format(id=date_id))
    return removed[1]


def occasion_items(book, horizon: dt.date) -> list:
    """Personal dates whose reminder window has begun by `horizon`, as due items (kind occasion).
    Occurrences that have passed roll on to the next, stored when the book can be written and
    today is the real date (a look ahead must not skip this year's birthday)."""
    from kehu.core.urgency import urgency
    from kehu.core.occasions import occasion_due
    from kehu.store import dates

    settings, today = book.settings.occasions, book.today
    lead = max(settings.lead_days.values(), default=0)
    entries, rolled = dates.dates_in_window(book.conn, horizon + dt.timedelta(days=max(lead, 60)), today, settings.feb29)
    if rolled and not book.clock.looks_ahead:
        _store_rolled(book, rolled)
    items = [item for e in entries if (item := occasion_due(e, settings, today, horizon))]
    for item in items:
        item.urgency = urgency(item.days_overdue, item.tier, "occasion", False, False, book.rules.urgency)
    return items


def _store_rolled(book, rolled: list) -> None:
    from kehu.store.dates import roll_dates
    from kehu.store.db import StoreError, is_read_only

    if is_read_only(book.db.path):
        return
    try:
        with book.write(undoable=False) as conn:  # upkeep, not a change `kehu undo` should reverse
            roll_dates(conn, rolled)
    except StoreError:
        pass  # a full disk: the rolled dates are used as computed, and stored another day


def dated(book, entries) -> list[tuple]:
    """(id, what, date as entered, next occurrence) of each important date, for `kehu show`."""
    from kehu.core.occasions import next_occurrence, occasion_text, years_since

    feb29 = book.settings.occasions.feb29
    found = []
    for entry in entries:
        day, year = next_occurrence(entry.spec, book.today, feb29)
        found.append((entry.id, occasion_text(entry, years_since(entry.spec, year), year, feb29), entry.spec.describe(), day))
    return found


def coming_occasions(book, end: dt.date) -> tuple[list, list[dict]]:
    """Personal dates and greeting festivals from today to `end`: (date, entry, text) triples, and
    festivals with whether they are days off (estimated or not) and the greeting plan by tier."""
    from kehu.core.occasions import festivals, next_occurrence, occasion_text, years_since
    from kehu.store import dates

    cfg, today = book.settings, book.today
    personal = []
    for entry, _stored in dates.dates_of(book.conn):
        day, year = next_occurrence(entry.spec, today, cfg.occasions.feb29)
        if day <= end and entry.stage != "lost":
            personal.append((day, entry, occasion_text(entry, years_since(entry.spec, year))))
    personal.sort(key=lambda p: (p[0], p[1].name))
    calendar = cfg.rules.calendar
    # China's greeting festivals are computed exactly; elsewhere the country's public holidays
    # are the occasions; your own holidays count everywhere.
    found = festivals(today, end) if calendar.version.startswith("CN:") else []
    years = range(today.year, end.year + 1)
    named = {day: name for year in years for day, name in calendar.year(year).days_off.items() if today <= day <= end}
    if not found:
        found = _first_days(named)
    found += [(day, name) for day, name in named.items() if name in calendar.custom.values() and (day, name) not in found]
    found.sort()
    contacts = dates.reachable_contacts(book.conn) if found else []
    from kehu.core.greetings import HOLIDAYS

    by_title = {h.title: h.name for h in HOLIDAYS}
    coming = []
    for day, name in found:
        day_off = day in calendar.year(day.year).days_off
        holiday = by_title.get(name)
        eve = holiday == "除夕"  # 春节's greetings are due by 除夕: one plan, shown under 春节
        coming.append({"date": day, "name": _(name), "holiday": holiday, "day_off": day_off,
                       "estimated_day_off": day_off and calendar.is_estimated(day),
                       "note": _("春节 greetings are due by this day (kehu greet 春节)") if eve else None,
                       "plan": [] if eve else greeting_plan(contacts, cfg.occasions, holiday)})
    return personal, coming


def sweep(book, place: str, reason: str) -> list[int]:
    """Start a sweep: everyone who lives in or comes from `place` gets a care call due today."""
    from kehu.store import dates

    with book.write() as conn:
        if already := dates.sweep_on(conn, place, book.today):
            raise KehuError(ngettext(
                "{place} was already swept today (sweep #{id}, {n} contact); nothing was recorded again "
                "— kehu sweep list shows who has been called",
                "{place} was already swept today (sweep #{id}, {n} contacts); nothing was recorded again "
                "— kehu sweep list shows who has been called", already[1]).format(place=place, id=already[0], n=already[1]))
        reached = dates.sweep(conn, place, reason, book.now)
        if not reached:
            from kehu.core.regions import near_misses
            from kehu.store.contacts import known_places

            guesses = near_misses(place, known_places(conn))
            hint = _("; did you mean {names}?").format(names=_(", ").join(guesses)) if guesses else ""
            raise KehuError(_("nobody lives in or comes from {place!r} (city or hometown); no sweep was recorded").format(
                place=place) + hint)
        book.refresh(conn, *reached)
    return reached


def sweeps(book) -> list[dict]:
    """Each sweep's progress: who has been contacted since it began."""
    from kehu.store import dates

    return dates.sweeps(book.conn)


def greeting_plan(contacts: list[tuple], occasions, holiday: str | None = None) -> list[dict]:
    """Who gets which kind of greeting for a holiday (core.greetings; one of your own holidays:
    the words of [greetings]), by tier (DOMAIN.md §4), with each one's company and channel."""
    from kehu.core.occasions import preferred_channel

    plan = []
    for tier in ("A", "B", "C", "D"):
        people = [{"id": c[0], "name": c[1], "company": c[2], "channel": preferred_channel(c[7], c[4], c[5], c[6])}
                  for c in contacts if c[3] == tier]
        if not people:
            continue
        if holiday is None:
            plan.append({"tier": tier, "greeting": _(occasions.greetings[tier]), "contacts": people})
            continue
        own = occasions.holidays.plan(holiday, tier)
        plan.append({"tier": tier, "greeting": _(own.greeting), "channel": own.channel, "gift": _(own.gift) if own.gift else None,
                     "budget": own.budget, "lead_days": own.lead_days, "contacts": people})
    return plan


def _first_days(named: dict) -> list[tuple[dt.date, str]]:
    """One entry per holiday: the first of consecutive days with the same name (observed days too)."""
    found, seen = [], set()
    for day in sorted(named):
        name = named[day].replace(" (observed)", "")
        if (name, day.year) not in seen:
            seen.add((name, day.year))
            found.append((day, name))
    return found


def parse_date_spec(text: str, lunar: bool, today: dt.date, option: str = "DATE"):
    """DATE of `kehu date add` (or `--birthday`), or a usage error naming the accepted forms."""
    import re

    from kehu.core.occasions import DATE_FORMS, FIRST_YEAR, LUNAR_FORMS, SpecError, is_lunar_text, parse_spec

    lunar = lunar or is_lunar_text(text)
    try:
        spec = parse_spec(text, lunar)
    except SpecError as e:
        raise UsageError(f"{option} {text!r}: {e}") from None
    except Exception:  # borax raises its own error types for impossible lunar dates
        year = re.match(r"\s*(\d{4})(?:\D|\d{4}\s*$)", text)  # 1899-12-31, 18991231
        if year and int(year[1]) < FIRST_YEAR:
            raise UsageError(_("{option} {text!r}: the year must be {first} or later (or leave it out: MM-DD)").format(
                option=option, text=text, first=FIRST_YEAR)) from None
        kind = _("lunar date") if lunar else _("date")
        raise UsageError(_("{option} {text!r}: can't read it as a {kind}; use {forms}").format(
            option=option, text=text, kind=kind, forms=_(LUNAR_FORMS if lunar else DATE_FORMS))) from None
    if spec.year and spec.year > today.year:
        raise UsageError(_("{option} {text!r} is in a year still to come: add the date once it has happened").format(
            option=option, text=text))
    return spec
