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


def work_calendar(country: str = "CN", shift: bool = True, custom: dict[str, str] | None = None,
                  notice: "Notice | None" = None) -> WorkCalendar:
    """The calendar for a country, with the user's extra days off (`MM-DD` or `YYYY-MM-DD` → name)
    and the days of a holiday notice newer than kehu's data (`[calendar] days_off` and
    `working_days`): each year the notice names comes from it whole, as an official year."""
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

    if notice and (notice.days_off or notice.working_days):
        for year in notice.years():
            named = years[year].days_off if year in years else {}  # a correction keeps the official names
            years[year] = HolidayYear(
                days_off={d: notice.days_off[d] or named.get(d) or "休息日" for d in notice.days_off if d.year == year},
                working_weekends=frozenset(d for d in notice.working_days if d.year == year))
        version += ":notice=" + ",".join(sorted(d.isoformat() for d in notice.days_off)) + "/" + ",".join(
            sorted(d.isoformat() for d in notice.working_days))
    return WorkCalendar(years=years, fallback=fallback, shift=shift, version=version, custom=custom, notice=notice)


class Notice:
    """A holiday notice from the config: days off (with their names where given) and make-up
    working days."""

    def __init__(self, days_off: dict[dt.date, str | None], working_days: set[dt.date]) -> None:
        self.days_off, self.working_days = days_off, working_days

    def years(self) -> list[int]:
        return sorted({d.year for d in self.days_off} | {d.year for d in self.working_days})


def read_notice_days(entries: list[str]) -> dict[dt.date, str | None]:
    """["2027-02-06..2027-02-12 春节", "2027-10-01"] → every day, with its name if one is given;
    ValueError for an entry that is not a day or a range of days."""
    days: dict[dt.date, str | None] = {}
    for entry in entries:
        span, _sep, name = entry.strip().partition(" ")
        first, _dots, last = span.partition("..")
        try:
            start = dt.date.fromisoformat(first)
            end = dt.date.fromisoformat(last) if last else start
        except ValueError:
            raise ValueError(entry) from None
        if len(first) != 10 or end < start or (end - start).days > 31:
            raise ValueError(entry)
        while start <= end:
            days[start] = name.strip() or None
            start += dt.timedelta(days=1)
    return days


def coverage(calendar: WorkCalendar, country: str, notice: Notice | None) -> str:
    """Which years the calendar knows and from where: 'official: 2026 (kehu data 2026.1); your
    config: 2027; other years estimated (预计) from the holidays package'."""
    from kehu.i18n import _

    parts = []
    if country == "CN":
        data = _official_cn()
        official = sorted(int(y) for y in data["years"] if not notice or int(y) not in notice.years())
        if official:
            parts.append(_("official: {years} (kehu data {version})").format(
                years=", ".join(map(str, official)), version=data["version"]))
    if notice and notice.years():
        parts.append(_("your config: {years}").format(years=", ".join(map(str, notice.years()))))
    parts.append(_("other years estimated (预计) from the holidays package"))
    return "; ".join(parts)
