"""The clock a book is read and written by: today and now, read once per command."""

from __future__ import annotations

import datetime as dt


class Clock:
    """Today and now as a command sees them (KEHU_TODAY moves both), and the calendar's real date
    (None: `today` is the real date)."""

    __slots__ = ("today", "now", "calendar_today")

    def __init__(self, today: dt.date, now: dt.datetime, calendar_today: dt.date | None = None):
        self.today, self.now, self.calendar_today = today, now, calendar_today

    @classmethod
    def system(cls) -> Clock:
        """The computer's clock, on KEHU_TODAY's date when that is set."""
        from kehu import config

        return cls(config.today(), config.now(), dt.date.today())

    @classmethod
    def on(cls, today: dt.date, at: dt.time = dt.time(9)) -> Clock:
        """A clock stopped on `today` (tests, planning ahead)."""
        return cls(today, dt.datetime.combine(today, at))

    @property
    def looks_ahead(self) -> bool:
        """Whether `today` is later than the real date (a look ahead with KEHU_TODAY)."""
        return self.calendar_today is not None and self.today > self.calendar_today
