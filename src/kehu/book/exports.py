"""Rendering the client book for the outside world: kehu's JSON, Excel-safe CSV, vCard, ICS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

CSV_COLUMNS = ("id", "name", "company", "title", "tier", "stage", "phone", "email", "wechat", "city", "hometown",
               "tags", "note", "created_on", "last_touch", "follow_ups_done", "next_due", "birthday", "lunar_birthday")


def export(book, fmt: str, days: int, settings_text: str | None = None) -> tuple[Iterable[str], str]:
    """(the text in pieces, encoding) of the book in a format; kehu's JSON carries `settings_text`
    (the shareable part of the config file) for the next owner. The JSON is produced as it is
    written out, a contact at a time: write the pieces in order, without joining them."""
    if fmt == "json":
        return _json(book, settings_text), "utf-8"
    if fmt == "ics":  # reads what is due, which may first bring stale schedules up to date (a write)
        return _ics(book, days), "utf-8"
    return _read_as_one({"csv": _csv, "vcard": _vcard}[fmt], book, days), "utf-8"


def _read_as_one(pieces, book, days) -> Iterator[str]:
    """The pieces of an export, read in one transaction (the book does not change halfway through)."""
    conn = book.conn
    conn.execute("BEGIN")
    try:
        yield from pieces(book, days)
    finally:
        conn.execute("COMMIT")


def _json(book, settings_text: str | None) -> Iterator[str]:
    """kehu's JSON, one contact a line (store.book.book_parts), in one read transaction so the
    book does not change halfway through."""
    import json

    from kehu.store.book import book_parts

    encode = json.JSONEncoder(ensure_ascii=False).encode
    conn = book.conn
    conn.execute("BEGIN")
    try:
        from kehu.store.accounts import export_accounts

        head, contacts, sweeps = book_parts(conn, book.now, settings_text)
        accounts = export_accounts(conn)
        yield "{\n" + "".join(f"{encode(k)}: {encode(v)},\n" for k, v in head.items()) + '"contacts": ['
        separator = "\n"
        for contact in contacts:
            yield separator + contact
            separator = ",\n"
        yield '\n],\n"sweeps": ' + encode(sweeps) + ',\n"accounts": ' + encode(accounts) + "\n}\n"
    finally:
        conn.execute("COMMIT")


def _csv(book, days) -> Iterator[str]:
    """UTF-8 with a BOM (Excel then reads Chinese right), every cell safe from formula injection;
    written a batch of contacts at a time."""
    import csv
    import io

    from kehu.store import contacts
    from kehu.store.dates import dates_of

    today = book.today
    birthdays = {e.contact_id: e.spec for e, _next in dates_of(book.conn) if e.label == "birthday" and e.whose == "self"}
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    batch: list = []
    for p in contacts.each_profile(book.conn, today=today):
        batch.append(p)
        if len(batch) == contacts.BATCH:
            yield _csv_rows(book, batch, birthdays, out, writer)
    yield _csv_rows(book, batch, birthdays, out, writer)


def _csv_rows(book, batch: list, birthdays: dict, out, writer) -> str:
    """The CSV lines of a batch of contacts (emptied), and what `out` held before them."""
    from kehu.core.columns import safe_cell
    from kehu.store.contacts import due_days

    today = book.today
    stored_due = due_days(book.conn, [p.id for p in batch])
    for p in batch:
        s, seq = p.state, p.state.sequence
        due = stored_due.get(p.id)
        born = birthdays.get(p.id)
        writer.writerow([safe_cell(v) for v in (
            p.id, p.name, s.company, p.title, s.tier, s.stage_on(today), p.phone, p.email, p.wechat, p.city,
            p.hometown, ", ".join(s.tags), p.note, s.created_on, seq.last_touch_on,
            seq.follow_ups_done if seq.follow_ups_done >= 0 else None, due,
            _birthday_cell(born) if born and not born.lunar else None, _birthday_cell(born) if born and born.lunar else None)])
    batch.clear()
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def _birthday_cell(spec) -> str:
    """A birthday as `kehu import` reads it back: 1985-08-15, 08-15; lunar 1987-闰06-10."""
    year = f"{spec.year:04d}-" if spec.year else ""
    return f"{year}{'闰' if spec.leap else ''}{spec.month:02d}-{spec.day:02d}"


def _vcard(book, days) -> Iterator[str]:
    """One vCard a contact, written as it is made."""
    import vobject

    from kehu.core.names import split_name
    from kehu.store.contacts import each_profile
    from kehu.store.dates import dates_of

    birthdays = {e.contact_id: e.spec for e, _next in dates_of(book.conn)
                 if e.label == "birthday" and e.whose == "self" and not e.spec.lunar}
    for p in each_profile(book.conn, today=book.today):
        card = vobject.vCard()
        card.add("fn").value = p.name
        family, given = split_name(p.name)
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        for key, value in (("tel", p.phone), ("email", p.email), ("title", p.title), ("note", p.note)):
            if value:
                card.add(key).value = value
        if p.state.company:
            card.add("org").value = [p.state.company]
        if p.city:
            card.add("adr").value = vobject.vcard.Address(city=p.city)
        if (spec := birthdays.get(p.id)) is not None:
            bday = card.add("bday")
            if spec.year:
                bday.value = spec.describe()
            else:  # vCard 3.0 has no year-less date: Apple's convention, which phones read
                bday.value = f"1604-{spec.month:02d}-{spec.day:02d}"
                bday.params["X-APPLE-OMIT-YEAR"] = ["1604"]
        if p.wechat:
            card.add("x-wechat").value = p.wechat
        yield card.serialize()


def _ics(book, days) -> Iterator[str]:
    """Due follow-ups and personal dates as all-day events, with stable UIDs (a re-import updates);
    the calendar's head, then each event as it is made, then its end."""
    from icalendar import Calendar

    from kehu.core.due import due_items

    today, now = book.today, book.now
    end = today + dt.timedelta(days=days)
    calendar = Calendar()
    calendar.add("prodid", "-//kehu//follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "kehu")
    head = calendar.to_ical().decode("utf-8")
    end_line = "END:VCALENDAR\r\n"
    yield head[: head.rindex(end_line)]
    items = due_items(book.due_facts(end), book.rules, today, days)
    seen: dict[str, int] = {}
    for item in sorted(items, key=lambda i: (i.contact_id, i.kind, i.due)):
        # One UID per contact and kind of item (a follow-up and a complaint of one contact are two
        # events; a second care call gets -2), the same on every export, so a calendar that
        # re-imports the file updates its events instead of doubling them.
        key = f"{_UID_GROUP.get(item.kind, item.kind)}-{item.contact_id}"
        seen[key] = seen.get(key, 0) + 1
        uid = f"kehu-{key}{'-' + str(seen[key]) if seen[key] > 1 else ''}@kehu"
        day = max(item.due, today)  # overdue ones belong on today
        yield _event(uid, day, f"{item.name}: {item.next_action}", item.company, now).to_ical().decode("utf-8")
    personal, _festivals = book.coming_occasions(end)
    for day, entry, text in personal:
        yield _event(f"kehu-date-{entry.id}-{day.year}@kehu", day, f"{entry.name}: {text}", None, now).to_ical().decode("utf-8")
    yield end_line


# The contact's one follow-up rhythm keeps one event as its kind changes (a follow-up becomes a
# promise when the user logs --todo); complaints, care calls and occasions are events of their own.
_UID_GROUP = {kind: "next" for kind in ("first_contact", "follow_up", "promise", "nurture", "maintenance")}


def _event(uid: str, day: dt.date, summary: str, description: str | None, now: dt.datetime):
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("dtstamp", now)
    if description:
        event.add("description", description)
    return event
