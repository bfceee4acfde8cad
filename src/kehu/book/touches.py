"""Logging touches, and correcting them: `kehu log`, `kehu touch list|edit|rm|move`."""

from __future__ import annotations

from kehu.errors import KehuError, NotFound, UsageError
from kehu.i18n import _


class Logged:
    """One touch `kehu log` wrote: the touch, its contact and what is due next; the personal dates
    a greeting was for (None when it was no greeting); the year's spending when it cost money
    (store.stats.spent_this_year: own, tier, tier total, clients)."""

    __slots__ = ("touch", "contact", "due", "greeted", "spent", "holiday")

    def __init__(self, touch, contact, due, greeted: list | None = None, spent: tuple | None = None, holiday=None):
        self.touch, self.contact, self.due, self.greeted, self.spent = touch, contact, due, greeted, spent
        self.holiday = holiday  # a holiday greeting: (the occurrence, the touch that had already done it or None)

    def __iter__(self):  # what views.text.logged_line reads
        return iter((self.touch, self.contact, self.due))


def log(book, who: list[str], fields: dict, *, greet: bool = False, holiday=None) -> list[Logged]:
    """Record one touch with each contact WHO names, all or none; a cost is shared out.
    A greeting notes which personal dates in their reminder window it was for; a greeting for a
    `holiday` (core.greetings.Holiday) marks them greeted for it."""
    from kehu.store import touches

    results = []
    with book.write() as conn:
        targets = _distinct([book.resolve(conn, w) for w in who])
        if fields.get("cost"):  # one dinner for three: each touch carries its share
            fields = fields | {"cost": round(fields["cost"] / len(targets), 2)}
        for contact in targets:
            own, greeted, greeted_for = fields, None, None
            if holiday is not None:
                own = fields | {"note": fields["note"] or _("{holiday} greeting").format(holiday=holiday.name)}
            elif greet:
                greeted = _occasions_in_window(book, conn, contact.id, fields["at"].date())
                own = fields | {"note": fields["note"] or _greeting_note(greeted)}
            touch_id = touches.insert_touch(conn, contact.id, own, logged_at=book.now)
            if holiday is not None:
                from kehu.book.greetings import record_greeting

                greeted_for = record_greeting(book, conn, contact.id, holiday, fields["at"].date(), touch_id)
            book.refresh(conn, contact.id)
            touch = touches.touch_of(conn, touch_id)
            profile, item = book.contact_with_due(conn, contact.id)
            spent = _spent(book, conn, contact.id, fields["at"].year) if fields.get("cost") else None
            results.append(Logged(touch, profile, item, greeted, spent, greeted_for))
    return results


def _occasions_in_window(book, conn, contact_id: int, day) -> list:
    """The contact's personal dates whose reminder is showing on `day` (what a greeting is for)."""
    from kehu.core.occasions import occasion_due
    from kehu.store.dates import dates_of

    settings = book.settings.occasions
    return [item for entry, _next in dates_of(conn, contact_id) if (item := occasion_due(entry, settings, day, day))]


def _spent(book, conn, contact_id: int, year: int) -> tuple:
    from kehu.store.stats import spent_this_year

    return spent_this_year(conn, contact_id, year)


def touches_of(book, who: str):
    """(the contact WHO names, archived ones too, and its touches oldest first)."""
    from kehu.store import touches

    contact = book.resolve(book.conn, who, archived=True)
    return contact, touches.touches_of(book.conn, contact.id)


def search(book, query: str) -> list:
    """Touches, promises, notes and complaints that contain `query` (or spell it in pinyin), newest first."""
    from kehu.core.search import is_pinyin_query, text_matches
    from kehu.store import search

    candidates = search.texts(book.conn, query, pinyin=is_pinyin_query(query))
    return sorted((f for f in candidates if text_matches(query, f.text)),
                  key=lambda f: (f.at, f.record_id or 0), reverse=True)


def touch(book, touch_id: int, conn=None):
    """The touch with this id, or a one-line error naming where ids are shown."""
    from kehu.store.corrections import get_touch

    touch = get_touch(conn or book.conn, touch_id)
    if touch is None:
        raise NotFound(_("no touch #{id}; kehu touch list WHO shows a contact's touches with their ids").format(id=touch_id))
    return touch


def contact_name(book, contact_id: int, conn=None) -> str:
    from kehu.store.contacts import get_profile

    return get_profile(conn or book.conn, contact_id).name


def edit_touch(book, touch_id: int, fields: dict, next_on=None):
    """Correct a touch; `next_on(touch_at)` reads the new next date once the touch's time is
    known. Returns (the corrected touch, its contact, what is due next)."""
    from kehu.store import corrections, touches

    with book.write() as conn:
        touch = book.touch(touch_id, conn)
        if next_on is not None:
            fields["next_on"] = next_on(fields.get("at", touch.at))
        elif "at" in fields and touch.next_on and touch.next_on < fields["at"].date():
            raise UsageError(_("--at {day} is after the touch's --next {next}; change or clear --next too").format(
                day=fields["at"].date(), next=touch.next_on))
        corrections.update_touch(conn, touch_id, fields)
        book.refresh(conn, touch.contact_id)
        return (touches.touch_of(conn, touch_id), *book.contact_with_due(conn, touch.contact_id))


def delete_touch(book, touch_id: int, contact_id: int):
    """Delete a touch, if it is still the contact's; returns what is due for them next."""
    from kehu.store import corrections

    with book.write() as conn:
        if book.touch(touch_id, conn).contact_id != contact_id:
            raise KehuError(_("touch #{id} changed while you were asked; nothing was deleted").format(id=touch_id))
        corrections.delete_touch(conn, touch_id)
        book.refresh(conn, contact_id)
        return book.contact_with_due(conn, contact_id)[1]


def move_touch(book, touch_id: int, who: str):
    """Give a touch to the contact WHO names; returns (touch before, its first contact's name,
    the contact now, the touch now)."""
    from kehu.store import corrections

    with book.write() as conn:
        touch = book.touch(touch_id, conn)
        target = book.resolve(conn, who)
        if target.id == touch.contact_id:
            raise UsageError(_("touch #{id} is already with {name} (#{cid})").format(id=touch_id, name=target.name, cid=target.id))
        source = book.contact_name(touch.contact_id, conn)
        corrections.move_touch(conn, touch_id, target.id)
        book.refresh(conn, touch.contact_id, target.id)
        return touch, source, target, corrections.get_touch(conn, touch_id)


def _greeting_note(greeted: list) -> str:
    if not greeted:
        return _("greeting")
    return _("greeting: {what}").format(what="; ".join(f"{i.occasion} ({i.due})" for i in greeted))


def _distinct(targets: list) -> list:
    seen, unique = set(), []
    for c in targets:
        if c.id in seen:
            raise UsageError(_("{name} (#{id}) is named twice; log one touch per contact").format(name=c.name, id=c.id))
        seen.add(c.id)
        unique.append(c)
    return unique
