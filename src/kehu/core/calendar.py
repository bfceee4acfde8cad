"""Working days: where a retried or shifted follow-up lands."""

from __future__ import annotations

import datetime as dt


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday. (Public holidays and make-up days come with the occasions feature.)"""
    return day.weekday() < 5


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after `day`."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day
