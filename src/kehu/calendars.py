"""Loading the working-day calendar: kehu's data file of official days off and make-up days,
the `holidays` package for other years and countries, and the user's own holidays."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

from kehu.core.calendar import HolidayYear, WorkCalendar


@lru_cache(maxsize=1)
def _official_cn() -> dict:
    from pathlib import Path

    # Beside this module in every install (importlib.resources would cost 3 ms at each start).
    return json.loads((Path(__file__).parent / "data" / "holidays-cn.json").read_text(encoding="utf-8"))


def _official_year(block: dict) -> HolidayYear:
    days_off = {}
    for first, last, name in block["days_off"]:
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        while day <= end:
            days_off[day] = name
            day += dt.timedelta(days=1)
    working = frozenset(dt.date.fromisoformat(d) for d in block["working_days"])
    return HolidayYear(days_off=days_off, working_weekends=working)


def _from_holidays_package(country: str, year: int) -> HolidayYear:
    """Days off from the `holidays` package: no make-up days, and marked estimated (预计)."""
    import holidays  # 50 ms: only for a year kehu's own data does not cover

    try:
        found = holidays.country_holidays(country, years=year, language="en_US")
    except (NotImplementedError, KeyError):
        return HolidayYear(estimated=True)
    return HolidayYear(days_off={day: str(name) for day, name in found.items()}, estimated=True)


def work_calendar(country: str = "CN", shift: bool = True, custom: dict[str, str] | None = None) -> WorkCalendar:
    """The calendar for a country, with the user's extra days off (`MM-DD` or `YYYY-MM-DD` → name)."""
    years: dict[int, HolidayYear] = {}
    version = f"{country}:{shift}"
    if country == "CN":
        data = _official_cn()
        years = {int(y): _official_year(block) for y, block in data["years"].items()}
        version += f":{data['version']}"
    custom = dict(custom or {})
    if custom:
        version += ":" + ",".join(f"{k}={v}" for k, v in sorted(custom.items()))

    def fallback(year: int) -> HolidayYear:
        return _from_holidays_package(country, year)

    return WorkCalendar(years=years, fallback=fallback, shift=shift, version=version, custom=custom)
