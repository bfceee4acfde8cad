"""The week ahead (`kehu week`): each working day's due items, and evening out the heavy days."""

from __future__ import annotations



def week(book, days: int = 7, *, tier: str | None = None, tag: str | None = None):
    """(the next `days` working days, each day's due items most urgent first)."""
    from kehu.core.week import plan, working_days

    workdays = working_days(book.rules.calendar, book.today, days)
    items = book.due_list((workdays[-1] - book.today).days, tier=tier, tag=tag)
    return workdays, plan(items, workdays)


def move_later(book, moves) -> None:
    """Apply `kehu week --even`: each moved contact waits until its new day (a pause until then,
    which `kehu resume` or `kehu undo` takes back), all in one transaction."""
    from kehu.store.contacts import update_contact
    from kehu.store.rows import iso_day

    with book.write() as conn:
        for move in moves:
            update_contact(conn, move.item.contact_id, {"paused_until": iso_day(move.to_day)})
        book.refresh(conn, *{m.item.contact_id for m in moves})
