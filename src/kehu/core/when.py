"""Read the short date words people type (2026-12-01, 3d, fri, 明天, 下周一) as dates.

Pure: no clock, no I/O. Callers pass `today`/`now`, so results are testable and
every command in one run agrees on what "today" is.
"""

import datetime as dt
import re
from collections.abc import Callable

from dateutil.relativedelta import relativedelta

from kehu.i18n import N_, _

ACCEPTED_FORMS = ("YYYY-MM-DD, 20261203, 12/3, 12-03, 12月3日, today, tomorrow, yesterday, 3d/2w/1m/1y, 3d ago, "
                  "mon…sun, next monday, next week, 明天, 大后天, 下周一, 3天后, 半个月后, 1个月后")
_WITH_TIME = N_('{forms}, each with a time if you like ("yesterday 15:30")')


def moment_forms() -> str:
    """The forms --at accepts, for its error messages."""
    return _(_WITH_TIME).format(forms=ACCEPTED_FORMS)


EARLIEST = dt.date(1900, 1, 1)  # a first contact in year 1 is a typo, and 9999-12-31 + 1 day overflows
YEARS_AHEAD = 50


class WhenError(ValueError):
    """Raised with a user-facing message naming the accepted forms."""


_NAMED_DAYS = {
    "today": 0, "今天": 0, "今日": 0,
    "tomorrow": 1, "明天": 1, "明日": 1, "后天": 2, "大后天": 3,
    "yesterday": -1, "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3,
}
_NEXT_SPAN = {"next week": "weeks", "next month": "months", "next year": "years", "下周": "weeks", "下星期": "weeks",
              "下礼拜": "weeks", "下个月": "months", "下月": "months", "明年": "years"}
_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
_CN_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {  # every spelling -> relativedelta keyword
    "d": "days", "day": "days", "days": "days", "天": "days", "日": "days",
    "w": "weeks", "week": "weeks", "weeks": "weeks", "周": "weeks", "星期": "weeks", "礼拜": "weeks",
    "m": "months", "month": "months", "months": "months", "月": "months",
    "y": "years", "year": "years", "years": "years", "年": "years",
}

_NUMBER = r"(?P<n>\d+|[一二两三四五六七八九十]+)"
_EN_UNIT = r"(?P<unit>d|days?|w|weeks?|m|months?|y|years?)"
# 月 needs 个 ("1个月后"): a bare "一月" reads as January.
_CN_UNIT = r"(?P<unit>天|日|个?(?:周|星期|礼拜)|个月|年)"
_CN_WEEK = r"(?:周|星期|礼拜)(?P<wd>[一二三四五六日天])"
_TIME_SUFFIX = re.compile(r"(?P<day>.+?)(?:\s+|(?<=\d)t|(?<=[\u4e00-\u9fff]))(?P<h>\d{1,2})[:：](?P<m>\d{2})")  # 昨天15:30: no space after Chinese


def _number(digits: str) -> int:
    """'12' -> 12; Chinese numerals up to 九十九 ('三' -> 3, '十' -> 10, '二十五' -> 25)."""
    if digits.isdigit():
        return int(digits)
    tens, ten, ones = digits.partition("十")
    if not ten:
        return _CN_DIGITS[digits]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _calendar_date(match: re.Match, today: dt.date) -> dt.date:
    return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))


def _named_day(match: re.Match, today: dt.date) -> dt.date:
    return today + dt.timedelta(days=_NAMED_DAYS[match[0]])


def _span(match: re.Match, today: dt.date) -> dt.date:
    parts = match.groupdict()
    backwards = parts.get("minus") or parts.get("ago") or parts.get("dir", "").endswith("前")
    amount = _number(match["n"]) * (-1 if backwards else 1)
    # relativedelta clamps month ends: Jan 31 + 1 month = Feb 28/29.
    return today + relativedelta(**{_UNITS[match["unit"].lstrip("个")]: amount})


def _half_span(match: re.Match, today: dt.date) -> dt.date:
    """半个月后 (15 days), 半年后 (6 months), 半个月前…"""
    sign = -1 if match["dir"].endswith("前") else 1
    return today + (dt.timedelta(days=15 * sign) if match["unit"] == "个月" else relativedelta(months=6 * sign))


def _next_span(match: re.Match, today: dt.date) -> dt.date:
    return today + relativedelta(**{_NEXT_SPAN[match[0]]: 1})


def _compact_date(match: re.Match, today: dt.date) -> dt.date:
    return dt.date(int(match[0][:4]), int(match[0][4:6]), int(match[0][6:]))


def _month_day(match: re.Match, today: dt.date) -> dt.date:
    """12/3, 12-03, 12月3日: the occurrence nearest today (within half a year either way), so a
    --next typed in late December reaches into January and an --at in January back into December."""
    month, day = int(match["m"]), int(match["d"])
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # 02-29 outside a leap year
            continue
    if not candidates:
        raise ValueError(match[0])
    return min(candidates, key=lambda d: (abs((d - today).days), d < today))


def _next_weekday(match: re.Match, today: dt.date) -> dt.date:
    weekday = _WEEKDAYS.get(match["wd"], _CN_WEEKDAYS.get(match["wd"]))
    # Strictly after today: on a Monday, "mon" means a week later, never today.
    return today + dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _weekday_next_week(match: re.Match, today: dt.date) -> dt.date:
    next_monday = today + dt.timedelta(days=7 - today.weekday())
    return next_monday + dt.timedelta(days=_CN_WEEKDAYS[match["wd"]])


_FORMS: list[tuple[re.Pattern, Callable[[re.Match, dt.date], dt.date]]] = [
    (re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"), _calendar_date),
    (re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?"), _calendar_date),
    (re.compile(r"(?:19|20|21)\d{6}"), _compact_date),
    (re.compile(r"(?P<m>\d{1,2})(?P<sep>[-/.])(?P<d>\d{1,2})"), _month_day),
    (re.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?"), _month_day),
    (re.compile("|".join(sorted(_NAMED_DAYS, key=len, reverse=True))), _named_day),
    (re.compile("|".join(_NEXT_SPAN)), _next_span),
    (re.compile(r"半\s*(?P<unit>个月|年)\s*(?P<dir>[后前]|[以之][后前])"), _half_span),
    (re.compile(rf"(?:\+|(?P<minus>-))?\s*(?P<n>\d+)\s*{_EN_UNIT}"), _span),
    (re.compile(rf"(?P<n>\d+)\s*{_EN_UNIT}\s+(?P<ago>ago)"), _span),
    (re.compile(rf"{_NUMBER}\s*{_CN_UNIT}\s*(?P<dir>[后前]|[以之][后前])"), _span),
    # "next monday" is the coming Monday, as "mon" is (下周一 is the Monday of next week).
    (re.compile(rf"(?:next\s+|this\s+|coming\s+)?(?P<wd>{'|'.join(_WEEKDAYS)})"), _next_weekday),
    (re.compile(_CN_WEEK), _next_weekday),
    (re.compile(rf"下个?{_CN_WEEK}"), _weekday_next_week),
]


def _cannot_read(text: str, forms: str) -> WhenError:
    return WhenError(_("can't read {text!r} as a date; use {forms}").format(text=text, forms=forms))


def _read_date(words: str, text: str, today: dt.date, forms: str = ACCEPTED_FORMS) -> dt.date:
    """Match already-normalised `words` against the forms; errors quote the user's `text`."""
    for pattern, to_date in _FORMS:
        match = pattern.fullmatch(words)
        if match:
            try:
                day = to_date(match, today)
            except (ValueError, KeyError, OverflowError):  # 2026-02-30, 十十天后, 99999y
                break
            if not EARLIEST <= day <= today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28)):
                raise WhenError(_("{text!r} is {day}: kehu takes dates from {first} to {years} years ahead").format(
                    text=text, day=day, first=EARLIEST.year, years=YEARS_AHEAD))
            return day
    raise _cannot_read(text, forms)


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def parse_date(text: str, today: dt.date) -> dt.date:
    """Read a date such as '2026-12-01', 'fri', '3d', '2 weeks ago' or '下周一', relative to `today`."""
    return _read_date(_normalise(text), text, today)


def parse_moment(text: str, now: dt.datetime) -> dt.datetime:
    """Read a date with an optional 'HH:MM' ('yesterday 15:30'); no time means now if today, else noon."""
    words = _normalise(text)
    timed = _TIME_SUFFIX.fullmatch(words)
    if not timed:
        day = _read_date(words, text, now.date(), moment_forms())
        at = now.time() if day == now.date() else dt.time(12, 0)
        return dt.datetime.combine(day, at, tzinfo=now.tzinfo)
    day = _read_date(timed["day"], text, now.date(), moment_forms())
    hour, minute = int(timed["h"]), int(timed["m"])
    if hour > 23 or minute > 59:
        raise WhenError(
            _("can't read the time in {text!r} (hours 0-23, minutes 0-59); use {forms}").format(
                text=text, forms=moment_forms()
            )
        )
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=now.tzinfo)
