"""Complaints (DOMAIN.md §5): open until resolved, then a follow-up call — 10% of churn otherwise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kehu.i18n import N_

# LAST, the material's four steps, shown as a checklist beside every complaint.
LAST_STEPS = (
    N_("Listen: let them finish; write down what happened"),
    N_("Apologize, where we were at fault"),
    N_("Satisfy: solve it, within your power, and agree the solution"),
    N_("Thank them for telling you"),
)
DEFAULT_RESOLVE_DAYS = 2
DEFAULT_CALL_AFTER_DAYS = 3


def default_resolve_by(opened_on: dt.date, calendar) -> dt.date:
    """A complaint's resolve-by day when none is named: two days on, moved to the next working
    day off a weekend or public holiday (`calendar`: a core.calendar.WorkCalendar)."""
    return calendar.working_day_from(opened_on + dt.timedelta(days=DEFAULT_RESOLVE_DAYS))


@dataclass(frozen=True)
class Complaint:
    """One complaint as the rules see it."""

    id: int
    opened_at: dt.datetime
    text: str
    resolve_by: dt.date
    resolved_at: dt.datetime | None = None
    resolution: str | None = None
    call_due: dt.date | None = None


def complaint_state(complaints: Sequence[Complaint], answered_touch_times: Sequence[dt.datetime]
                    ) -> tuple[bool, dt.date | None, dt.date | None]:
    """(a complaint is open, since when it is listed, the date it is due by).

    An open complaint is listed from the day it was made until resolved, due by its resolve-by
    date. Once all are resolved, the follow-up call of the last one is due until an answered
    touch is logged on a later day than the resolution (the resolution itself is not the call).
    """
    open_ = [c for c in complaints if c.resolved_at is None]
    if open_:
        return True, min(c.opened_at.date() for c in open_), min(c.resolve_by for c in open_)
    resolved = [c for c in complaints if c.resolved_at and c.call_due]
    if not resolved:
        return False, None, None
    last = max(resolved, key=lambda c: c.resolved_at)
    if any(t.date() > last.resolved_at.date() for t in answered_touch_times):
        return False, None, None
    return False, last.call_due, last.call_due
