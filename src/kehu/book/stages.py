"""Where a contact stands: won, lost, paused, resumed, pursued again; complaints opened and resolved."""

from __future__ import annotations

import datetime as dt

from kehu.core import labels
from kehu.errors import KehuError, UsageError
from kehu.i18n import _


def _change(book, who: str, change):
    """Apply `change(conn, profile)` to the contact WHO names, refresh it; returns its profile
    and what is due next."""
    from kehu.store import contacts

    with book.write() as conn:
        contact = book.resolve(conn, who)
        change(conn, contacts.get_profile(conn, contact.id))
        book.refresh(conn, contact.id)
        return book.contact_with_due(conn, contact.id)


def won(book, who: str, value: float | None = None):
    """Mark a deal won: the contact moves to the maintenance rhythm of its tier."""
    from kehu.store.contacts import update_contact
    from kehu.store.deals import record_deal
    from kehu.store.rows import iso_moment

    def change(conn, profile):
        _require_open(profile)
        record_deal(conn, profile.id, "won", book.now, value=value)
        update_contact(conn, profile.id, {"stage": "won", "closed_at": iso_moment(book.now), "won_value": value,
                                          "won_after": profile.state.sequence.follow_ups_done, "lost_reason": None})
    return _change(book, who, change)


def lost(book, who: str, reason: str):
    """Mark a contact lost, with the reason: a won client who leaves has churned."""
    from kehu.store.contacts import update_contact
    from kehu.store.deals import record_deal
    from kehu.store.rows import iso_moment

    def change(conn, profile):
        if profile.state.stage == "lost":
            raise KehuError(_("{name} (#{id}) is already lost").format(name=profile.name, id=profile.id))
        # A won client who leaves has churned; a prospect who leaves was lost.
        outcome = "churned" if profile.state.stage == "won" else "lost"
        record_deal(conn, profile.id, outcome, book.now, reason=reason)
        fields = {"stage": "lost", "lost_reason": reason, "paused_until": None}
        if outcome == "lost":  # a churned client's sequence closed when it was won
            fields["closed_at"] = iso_moment(book.now)
        update_contact(conn, profile.id, fields)
    return _change(book, who, change)


def pause(book, who: str, until: dt.date):
    """Pause a contact until a day."""
    from kehu.store.contacts import update_contact
    from kehu.store.rows import iso_day

    def change(conn, profile):
        if profile.state.stage == "lost":
            raise KehuError(_("{name} (#{id}) is lost; nothing to pause").format(name=profile.name, id=profile.id))
        update_contact(conn, profile.id, {"paused_until": iso_day(until)})
    return _change(book, who, change)


def resume(book, who: str):
    """End a contact's pause now."""
    from kehu.store.contacts import update_contact

    def change(conn, profile):
        if not (profile.state.paused_until and profile.state.paused_until > book.today):
            raise KehuError(_("{name} (#{id}) is not paused").format(name=profile.name, id=profile.id))
        update_contact(conn, profile.id, {"paused_until": None})
    return _change(book, who, change)


def pursue(book, who: str):
    """Start a new deal with a won or lost contact: a new sequence, from first contact."""
    from kehu.store.contacts import update_contact
    from kehu.store.rows import iso_moment

    def change(conn, profile):
        if profile.state.stage not in ("won", "lost"):  # a refused action: exit 1
            state = {"lead": _("a lead whose first contact is still to come"),
                     "pursuing": _("already being pursued")}.get(profile.state.stage, labels.stage(profile.state.stage))
            raise KehuError(_("{name} (#{id}) is {state}; pursue starts a new deal after won or lost").format(
                name=profile.name, id=profile.id, state=state))
        update_contact(conn, profile.id, {"stage": "lead", "sequence_start": iso_moment(book.now), "closed_at": None,
                                          "won_value": None, "won_after": None, "lost_reason": None})
    return _change(book, who, change)


def pause_tier(book, tier: str, until: dt.date) -> list[int]:
    """Snooze every active contact of a tier (a longer pause of a contact's own stays); returns their ids."""
    from kehu.store import contacts

    return _change_tier(book, lambda conn: contacts.pause_tier(conn, tier, until), _(
        "nobody to pause: tier {tier} has no active contact that is not already paused longer").format(tier=tier))


def resume_tier(book, tier: str) -> list[int]:
    """End the pause of every contact of a tier (pauses of their own too); returns their ids."""
    from kehu.store import contacts

    return _change_tier(book, lambda conn: contacts.resume_tier(conn, tier, book.today),
                             _("nobody to resume: no contact of tier {tier} is paused").format(tier=tier))


def _change_tier(book, change, nobody: str) -> list[int]:
    """Apply `change(conn)` (returning the ids it changed) and store their new schedules, in one
    transaction; `nobody` is the error when it changed no one."""
    with book.write() as conn:
        ids = change(conn)
        if not ids:
            raise KehuError(nobody)
        book.reschedule(conn, *ids)
    return ids


def complain(book, who: str, text: str, resolve_by: dt.date):
    """Record a complaint: it stays in `kehu due` until resolved. Returns the contact."""
    from kehu.store import touches

    with book.write() as conn:
        contact = book.resolve(conn, who)
        touches.open_complaint(conn, contact.id, text, book.now, resolve_by)
        book.refresh(conn, contact.id)
    return contact


def resolve_complaints(book, who: str, note: str | None, call_due: dt.date, *, every: bool = False):
    """Resolve the contact's oldest open complaint (or `every` one), with the call-back's day.
    Returns (the contact, the texts resolved, how many stay open)."""
    from kehu.store import touches

    with book.write() as conn:
        contact = book.resolve(conn, who)
        done, still_open = touches.resolve_complaints(conn, contact.id, book.now, note, call_due, every=every)
        if not done:
            raise UsageError(_("{name} (#{id}) has no open complaint").format(name=contact.name, id=contact.id), exit_code=1)
        book.refresh(conn, contact.id)
    return contact, done, still_open


def _require_open(profile) -> None:
    if profile.state.stage in ("won", "lost"):
        raise KehuError(_("{name} (#{id}) is already {stage}; `kehu pursue` starts a new deal first").format(
            name=profile.name, id=profile.id, stage=labels.stage(profile.state.stage)))
