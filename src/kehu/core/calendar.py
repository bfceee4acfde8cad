"""Working days: where follow-ups land, honouring public holidays and make-up working days (调休)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class HolidayYear:
    """One year's days off (with their names) and weekend days that are working days."""

    days_off: dict[dt.date, str] = field(default_factory=dict)
    working_weekends: frozenset[dt.date] = frozenset()
    estimated: bool = False  # extrapolated by rule, not from an official notice (预计)
    certain: frozenset[dt.date] = frozenset()  # days off that are sure even in an estimated year


# The days off China's holiday law fixes to a date (元旦 1-1, 劳动节 5-1, 国庆节 10-1): only the
# days around them are set by each year's notice, so these are never estimates.
CN_FIXED_DAYS_OFF = frozenset({(1, 1), (5, 1), (10, 1)})


@dataclass
class WorkCalendar:
    """Which days are working days. Years come from `years`, else from `fallback` (e.g. the
    `holidays` package, injected by the caller so the core stays free of I/O), else weekends only."""

    years: dict[int, HolidayYear] = field(default_factory=dict)
    fallback: Callable[[int], HolidayYear] | None = None
    shift: bool = True  # move follow-ups that fall on a day off to the next working day
    version: str = "weekends"  # changes whenever the data does: part of the schedule fingerprint
    custom: dict[str, str] = field(default_factory=dict)  # the user's own days off: "MM-DD" or "YYYY-MM-DD" → name
    notice: object = None  # the config's holiday notice (calendars.Notice), for `kehu config` to show
    _merged: dict[int, HolidayYear] = field(default_factory=dict, repr=False)

    def year(self, year: int) -> HolidayYear:
        """The holiday data of a year, with the user's own days off (asking about any year never fails)."""
        if year not in self._merged:
            if year not in self.years:
                self.years[year] = self.fallback(year) if self.fallback else HolidayYear()
            base = self.years[year]
            extra = {day: name for key, name in self.custom.items() if (day := custom_day(key, year))}
            self._merged[year] = HolidayYear({**base.days_off, **extra}, base.working_weekends, base.estimated, base.certain)
        return self._merged[year]

    def is_working_day(self, day: dt.date) -> bool:
        """Monday to Friday, less public holidays, plus make-up working days."""
        data = self.year(day.year)
        if day in data.working_weekends:
            return True
        return day.weekday() < 5 and day not in data.days_off

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        day += _DAY
        while not self.is_working_day(day):
            day += _DAY
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The last working day strictly before `day` (on a Monday, the Friday)."""
        day -= _DAY
        while not self.is_working_day(day):
            day -= _DAY
        return day

    def working_day_from(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day (or shifting is off), else the next working day."""
        if not self.shift or self.is_working_day(day):
            return day
        return self.next_working_day(day)

    def holiday_name(self, day: dt.date) -> str | None:
        return self.year(day.year).days_off.get(day)

    def is_estimated(self, day: dt.date) -> bool:
        """Whether `day` off is a guess (预计): a year with no official notice yet, except the days
        the law fixes to their date."""
        year = self.year(day.year)
        return year.estimated and day not in year.certain


def custom_day(key: str, year: int) -> dt.date | None:
    """The day a custom holiday key names in `year` ("12-24" every year; "2026-12-31" once)."""
    if len(key) == 5:
        month, day = int(key[:2]), int(key[3:])
        if month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            return None
        return dt.date(year, month, day)
    day = dt.date.fromisoformat(key)
    return day if day.year == year else None


WEEKENDS_ONLY = WorkCalendar()


def next_working_day(day: dt.date, calendar: WorkCalendar = WEEKENDS_ONLY) -> dt.date:
    """The first working day strictly after `day`."""
    return calendar.next_working_day(day)
