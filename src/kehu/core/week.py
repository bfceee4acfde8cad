"""The week ahead: what is due on each of the next working days, and a gentler spread of it.

Weekend and holiday shifts pile follow-ups onto the first working day after them (28 on a
Monday after 调休). `plan` files every due item under the working day it falls on (overdue
items under today); `even` proposes moving the movable ones from a day above the week's average
to a lighter day at most `reach` working days later. Movable: follow-ups, maintenance touches
and care calls of B, C and D clients that carry no promise — A clients, promises, complaints,
personal dates and greetings keep their day (the 80/20 rule, and a date is a date)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from kehu.core.calendar import WorkCalendar
from kehu.core.model import DueItem

MOVABLE_KINDS = frozenset({"follow_up", "maintenance", "care"})


@dataclass(frozen=True)
class Move:
    item: DueItem
    from_day: dt.date
    to_day: dt.date


def working_days(calendar: WorkCalendar, today: dt.date, count: int = 7) -> list[dt.date]:
    """Today if it is a working day, then the working days after it: `count` days in all."""
    day = today if calendar.is_working_day(today) else calendar.next_working_day(today)
    days = [day]
    while len(days) < count:
        days.append(calendar.next_working_day(days[-1]))
    return days


def plan(items: list[DueItem], days: list[dt.date]) -> dict[dt.date, list[DueItem]]:
    """Each working day's items, most urgent first: overdue ones on the first day, an item due on
    a day off on the working day after it; items after the last day are left out."""
    week: dict[dt.date, list[DueItem]] = {day: [] for day in days}
    for item in items:
        day = next((d for d in days if d >= item.due), None)
        if day is not None:
            week[day].append(item)
    for filed in week.values():
        filed.sort(key=lambda i: (-i.urgency, i.name))
    return week


def movable(item: DueItem) -> bool:
    return item.kind in MOVABLE_KINDS and item.tier != "A" and not item.promised


def even(week: dict[dt.date, list[DueItem]], reach: int = 2) -> list[Move]:
    """Moves that bring each day down towards the week's average (rounded up): the least urgent
    movable items of a heavy day go to the lightest day within `reach` working days after it."""
    days = sorted(week)
    load = {day: len(week[day]) for day in days}
    target = math.ceil(sum(load.values()) / len(days)) if days else 0
    moves: list[Move] = []
    for i, day in enumerate(days):
        candidates = sorted((item for item in week[day] if movable(item)), key=lambda it: (it.urgency, it.name))
        for item in candidates:
            if load[day] <= target:
                break
            later = [d for d in days[i + 1:i + 1 + reach] if load[d] < target]
            if not later:
                break
            to_day = min(later, key=lambda d: (load[d], d))
            moves.append(Move(item, day, to_day))
            load[day] -= 1
            load[to_day] += 1
    return moves
