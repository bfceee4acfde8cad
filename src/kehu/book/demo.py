"""The demo client book: days counted back from today, written only into an empty book or over
an untouched demo."""

from __future__ import annotations

import datetime as dt

from kehu.book.base import with_name_keys
from kehu.book.occasions import add_date
from kehu.errors import KehuError
from kehu.i18n import _


def fill_demo(book, entries: list[dict]) -> None:
    """Write the demo contacts (read by `read_demo_book`) into an empty book, or over an
    untouched demo; refuses a book that holds real contacts."""
    from kehu.store import contacts, demo, rows, touches
    from kehu.store.deals import record_deal

    today = book.today
    with book.write() as conn:
        _refuse_real_data(conn, book.db.path)
        demo.clear(conn)
        for entry in entries:
            cid = contacts.insert_contact(conn, _fields(entry), created_on=_created_on(entry, today))
            contacts.set_tags(conn, cid, entry.get("tags", []))
            for t in entry.get("touches", []):
                touches.insert_touch(conn, cid, _touch(t, today), logged_at=book.now)
            for d in entry.get("dates", []):
                add_date(book, conn, cid, d["label"], _date_spec(d, today), d.get("whose", "self"))
            for outcome, fields in _stages(entry, today):  # the deal history `kehu stats` counts
                book.refresh(conn, cid)
                if outcome:
                    record_deal(conn, cid, outcome, rows.moment(fields["closed_at"]),
                                value=fields.get("won_value"), reason=fields.get("lost_reason"))
                    if outcome == "churned":  # the sequence closed when it was won
                        del fields["closed_at"]
                contacts.update_contact(conn, cid, fields)
            book.refresh(conn, cid)
        _link_referrals(conn, entries)
        from kehu.store.accounts import link_contacts

        link_contacts(conn, [cid for (cid,) in conn.execute("SELECT id FROM contact")], today)  # companies are accounts
        demo.mark_demo(conn)


def _refuse_real_data(conn, path) -> None:
    """The demo fills an empty database, or rewrites one that holds its book untouched."""
    from kehu.store.book import is_empty
    from kehu.store.demo import demo_mark, entered_fingerprint

    if is_empty(conn):
        return
    written = demo_mark(conn)
    if written == "1":  # an older kehu's mark, which can't tell its demo from your changes
        raise KehuError(_("{path} holds a demo written by an older kehu, which can't tell it from your own "
                          "changes; delete the file to write the demo again, or name a new file with --db").format(path=path))
    if written is None or written != entered_fingerprint(conn):
        raise KehuError(_("{path} holds your own contacts or changes made since the demo was written; the demo "
                          "only fills an empty database or rewrites an untouched demo: name a new file with --db").format(path=path))


def read_demo_book(file) -> list[dict]:
    import json
    from importlib import resources

    if file:
        from kehu.files import existing_file, read_json

        existing_file(file)
    try:
        doc = read_json(file) if file else json.loads(
            (resources.files("kehu") / "data" / "demo-book.json").read_text(encoding="utf-8"))
        book = doc["contacts"]
        for number, entry in enumerate(book, 1):
            _check_entry(entry, number)
        return book
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise KehuError(_("can't read the demo book {file}: {error}").format(file=file or "(built in)", error=e)) from None


def _check_entry(entry, number: int) -> None:
    """Refuse a malformed demo contact before anything is written, naming which one."""
    from kehu.core.model import CHANNELS, LOST_REASONS, OUTCOMES, TIERS

    def days(value) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 3650

    problems = []
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise ValueError(_("contact {n} needs a name").format(n=number))
    if entry.get("tier", "C") not in TIERS:
        problems.append("tier")
    for t in entry.get("touches", []):
        if not (isinstance(t, dict) and days(t.get("days_ago", 0)) and t.get("channel", "call") in CHANNELS
                and t.get("outcome", "neutral") in OUTCOMES and (t.get("next_in") is None or days(t["next_in"]))
                and (t.get("cost") is None or (isinstance(t["cost"], (int, float)) and 0 <= t["cost"] < 1e9))):
            problems.append("touches")
    for d in entry.get("dates", []):
        if not (isinstance(d, dict) and isinstance(d.get("label"), str) and days(d.get("in_days", 0))
                and days(d.get("years", 0)) and d.get("whose", "self") in ("self", "spouse", "child", "parent", "other")):
            problems.append("dates")
    for key in ("won", "lost", "churned"):
        if key in entry and not (isinstance(entry[key], dict) and days(entry[key].get("days_ago"))):
            problems.append(key)
    for key in ("lost", "churned"):
        if key in entry and entry[key].get("reason", "other") not in LOST_REASONS:
            problems.append(f"{key}.reason")
    if not days(entry.get("added_days_ago", 0)) or not days(entry.get("paused_for_days", 0)):
        problems.append("days")
    if problems:
        raise ValueError(_("contact {n} ({name}): bad {fields}").format(
            n=number, name=entry["name"], fields=", ".join(sorted(set(problems)))))


def _date_spec(d: dict, today: dt.date):
    """A demo date `in_days` from today (solar or lunar), `years` ago."""
    from kehu.core.occasions import DateSpec

    day = today + dt.timedelta(days=d.get("in_days", 0))
    if d.get("lunar"):
        from borax.calendars.lunardate import LunarDate

        lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
        return DateSpec(lunar.month, lunar.day, lunar.year - d.get("years", 0), lunar=True, leap=bool(lunar.leap))
    return DateSpec(day.month, day.day, day.year - d.get("years", 0) if d.get("years") else None)


def _link_referrals(conn, book: list[dict]) -> None:
    """Set `referred_by` from the names in the book (demo names are unique)."""
    from kehu.store import contacts
    from kehu.store.demo import ids_by_name

    ids = ids_by_name(conn)
    for entry in book:
        if (referrer := entry.get("referred_by")) is not None:
            if referrer not in ids:
                raise KehuError(_("demo contact {name}: referred_by {who!r} is not in the book").format(name=entry["name"], who=referrer))
            contacts.update_contact(conn, ids[entry["name"]], {"referred_by": ids[referrer]})


def _fields(entry: dict) -> dict:
    fields = {k: entry.get(k) for k in ("company", "title", "tier", "phone", "email", "wechat", "city", "hometown", "note")}
    return with_name_keys(fields | {"name": entry["name"]})


def _created_on(entry: dict, today: dt.date) -> dt.date:
    days = entry.get("added_days_ago", max((t.get("days_ago", 0) for t in entry.get("touches", [])), default=0))
    return today - dt.timedelta(days=days)


def _touch(t: dict, today: dt.date) -> dict:
    day = today - dt.timedelta(days=t.get("days_ago", 0))
    next_in = t.get("next_in")
    return {
        "at": dt.datetime.combine(day, dt.time(10, 0)), "channel": t.get("channel", "call"), "note": t.get("note"),
        "outcome": t.get("outcome", "neutral"), "care": t.get("care", False), "cost": t.get("cost"),
        "todo": t.get("todo"), "next_on": today + dt.timedelta(days=next_in) if next_in is not None else None,
    }


def _stages(entry: dict, today: dt.date) -> list[tuple[str | None, dict]]:
    """The stage changes of a demo contact, in order: (deal outcome or None, contact fields)."""
    from kehu.store.rows import iso_day, iso_moment

    def moment(days_ago: int) -> str:
        return iso_moment(dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(18, 0)))

    changes = []
    if won := entry.get("won"):
        changes.append(("won", {"stage": "won", "closed_at": moment(won["days_ago"]), "won_value": won.get("value")}))
    if churned := entry.get("churned"):
        changes.append(("churned", {"stage": "lost", "closed_at": moment(churned["days_ago"]),
                                    "lost_reason": churned.get("reason", "other")}))
    if lost := entry.get("lost"):
        changes.append(("lost", {"stage": "lost", "closed_at": moment(lost["days_ago"]), "lost_reason": lost.get("reason", "other")}))
    if days := entry.get("paused_for_days"):
        changes.append((None, {"paused_until": iso_day(today + dt.timedelta(days=days))}))
    return changes
