"""Loading the working-day calendar: kehu's data file of official days off and make-up days,
the `holidays` package for other years and countries, and the user's own holidays."""

from __future__ import annotations

import datetime as dt
import json
import time
from functools import lru_cache

from kehu.core.calendar import CN_FIXED_DAYS_OFF, HolidayYear, WorkCalendar


@lru_cache(maxsize=1)
def _official_cn() -> dict:
    from pathlib import Path

    # In kehu/data/ in every install (importlib.resources would cost 3 ms at each start).
    return json.loads((Path(__file__).parent.parent / "data" / "holidays-cn.json").read_text(encoding="utf-8"))


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
    """Days off from the `holidays` package: no make-up days, and marked estimated (预计).

    The package costs 50 ms to import, and the hot commands need next year as soon as a date is
    a few weeks out; so each year it gives is cached on disk for a month.
    """
    cache = _cache_file(country, year)
    try:
        if cache and time.time() - cache.stat().st_mtime < 30 * 86400:
            days = json.loads(cache.read_text(encoding="utf-8"))
            return _estimated_year(country, {dt.date.fromisoformat(d): n for d, n in days.items()})
    except (OSError, ValueError):
        pass
    import holidays

    try:
        # China's holidays by their Chinese names (国庆节, as the official data file has them).
        language = "zh_CN" if country == "CN" else "en_US"
        found = {day: str(name) for day, name in holidays.country_holidays(country, years=year, language=language).items()}
    except (NotImplementedError, KeyError):
        from kehu.errors import UsageError
        from kehu.i18n import _

        raise UsageError(_("config: calendar.country {country!r} is not a country the holidays package knows "
                          "(use a code such as CN, US, DE, SG)").format(country=country)) from None
    if cache:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps({d.isoformat(): n for d, n in found.items()}, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass  # a read-only home: no cache, just slower
    return _estimated_year(country, found)


def _estimated_year(country: str, days_off: dict[dt.date, str]) -> HolidayYear:
    fixed = CN_FIXED_DAYS_OFF if country == "CN" else frozenset()
    certain = frozenset(day for day in days_off if (day.month, day.day) in fixed)
    return HolidayYear(days_off=days_off, estimated=True, certain=certain)


def _cache_file(country: str, year: int):
    from pathlib import Path

    import platformdirs

    try:
        return Path(platformdirs.user_cache_dir("kehu", appauthor=False)) / f"holidays-{country}-{year}-v2.json"  # v2: Chinese names for CN
    except Exception:  # no usable home directory
        return None


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
