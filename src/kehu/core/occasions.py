"""Personal and family dates, solar and lunar, and the festivals that call for a greeting.

The yearly-occurrence rules are kehu's own (no converter implements them; they raise or skip):
- Feb 29 in a year without one falls on Feb 28 (or Mar 1, `feb29 = "mar1"` in the config).
- Lunar day 30 in a 29-day month falls on that month's last day (腊月三十 does not exist in
  2025–2029: such a birthday is on 腊月廿九).
- Someone born in a leap month celebrates in the leap month in years that have it, and in the
  ordinary month of the same number otherwise; someone born in an ordinary month only ever in
  the ordinary month — once a year, even in a year with its leap twin.
Lunar conversion is borax's (MIT, pure Python).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kehu.i18n import N_

_DAY = dt.timedelta(days=1)
LABELS = ("birthday", "anniversary", "wedding", "graduation", "baby", "company anniversary")
WHOSE = ("self", "spouse", "child", "parent", "other")
LUNAR_MONTHS = "正二三四五六七八九十冬腊"
LUNAR_DAYS = ("初一 初二 初三 初四 初五 初六 初七 初八 初九 初十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 "
              "廿一 廿二 廿三 廿四 廿五 廿六 廿七 廿八 廿九 三十").split()


@dataclass(frozen=True)
class Occasions:
    """Settings: reminder lead days and greeting kinds per tier, and the Feb 29 rule."""

    lead_days: dict[str, int] = field(default_factory=lambda: {"A": 7, "B": 3, "C": 1, "D": 0})
    greetings: dict[str, str] = field(default_factory=lambda: {
        "A": N_("a call, a handwritten card, a gift or a visit"),
        "B": N_("a personal call or message"),
        "C": N_("a personal message (never a mass message)"),
        "D": N_("a personal message (never a mass message)"),
    })
    feb29: str = "feb28"  # or "mar1"
    greeting_plans: object = None  # core.greetings.GreetingSettings from the config; None: kehu's defaults

    @property
    def holidays(self):
        """The plan per holiday and tier (core.greetings.GreetingSettings), imported only when asked."""
        if self.greeting_plans is not None:
            return self.greeting_plans
        from kehu.core.greetings import GreetingSettings

        return GreetingSettings()


@dataclass(frozen=True)
class DateSpec:
    """An important date as entered: solar or lunar, the year when known."""

    month: int
    day: int
    year: int | None = None
    lunar: bool = False
    leap: bool = False  # a lunar leap month (闰月)

    def describe(self) -> str:
        """'1985-08-15', '08-15', or lunar '1985 闰六月初十', '八月十五'."""
        if not self.lunar:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}" if self.year else f"{self.month:02d}-{self.day:02d}"
        text = ("闰" if self.leap else "") + LUNAR_MONTHS[self.month - 1] + "月" + LUNAR_DAYS[self.day - 1]
        return f"{self.year} {text}" if self.year else text


# Patterns as text, compiled by `re` on first use: only typed-in dates need them, and compiling
# them at import cost every `kehu due` ~1 ms.
_SOLAR = r"^(?:(\d{4})-)?(\d{1,2})-(\d{1,2})$"
# A lunar date as people and spreadsheets write it: 08-15, 1985-08-15, 八月十五, 1985年八月十五,
# 腊月三十, 闰六月初十, 1987-闰六-10, 闰6-10, L06-10.
_LUNAR = (r"^(?:(?P<y>\d{4})\s*(?:年|-|/|\s)\s*)?(?P<leap>闰|L|l)?\s*"
          r"(?P<m>\d{1,2}|十一|十二|[正一二三四五六七八九十冬腊])\s*(?:月|-|/)\s*"
          r"(?P<d>\d{1,2}|初[一二三四五六七八九十]|十[一二三四五六七八九]|二十|廿[一二三四五六七八九]|三十)\s*[日号]?$")
_LUNAR_MONTH_WORDS = {"正": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                      "十": 10, "十一": 11, "冬": 11, "十二": 12, "腊": 12}
_LUNAR_PREFIX = r"(?i)^(?:农历|阴历|旧历|lunar)\s*"
_SOLAR_PREFIX = r"(?i)^(?:公历|阳历|新历|solar)\s*"
DATE_FORMS = N_("YYYY-MM-DD or MM-DD (also 1985/8/15, 19850815, 1985年8月15日, 8月15日; 八月十五 is lunar)")
LUNAR_FORMS = N_("八月十五, 1985年八月十五, 腊月三十, 闰六月初十, 08-15, 1985-08-15, 1987-闰6-10 (or L06-10)")
# A month or day in Chinese numerals (八月, 腊月, 初三, 廿九) or a leap month: how lunar dates are
# written; solar ones are written in digits (8月15日).
_LUNAR_WORDS = (r"(?:^|\d\s*年\s*)(?:闰\s*)?(?:十一|十二|[正一二三四五六七八九十冬腊])月|初[一二三四五六七八九十]|廿|闰")


class SpecError(ValueError):
    """A date that is well written but does not exist (腊月三十 of a year whose 腊月 has 29 days)."""
FIRST_YEAR, LAST_YEAR = 1900, 2100  # the lunar calendar's tables; solar dates are held to the same


def _solar_form(text: str) -> str:
    """The ways a spreadsheet or a person writes a date, as YYYY-MM-DD or MM-DD."""
    if re.fullmatch(r"\d{8}", text):
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    text = re.sub(r"^(\d{4})年", r"\1-", text)
    text = re.sub(r"(\d{1,2})月(\d{1,2})[日号]?$", r"\1-\2", text)
    return re.sub(r"[/.]", "-", text)


def parse_spec(text: str, lunar: bool) -> DateSpec:
    """Read DATE of `kehu date add`, `--birthday` or a 生日 cell; a leading 农历/阴历 makes it
    lunar whatever `lunar` says (公历/阳历 is dropped). ValueError when it can't be read,
    SpecError (with the reason) when it reads but never existed."""
    text = text.strip()
    if prefix := re.match(_LUNAR_PREFIX, text):
        text, lunar = text[prefix.end():], True
    elif prefix := re.match(_SOLAR_PREFIX, text):
        if lunar:
            raise ValueError(text)
        text = text[prefix.end():]
    if lunar:
        m = re.match(_LUNAR, text)
        if not m:
            raise ValueError(text)
        year, leap, month, day = m["y"], bool(m["leap"]), _lunar_number(m["m"]), _lunar_day(m["d"])
    else:
        m = re.match(_SOLAR, _solar_form(text))
        if not m:
            raise ValueError(text)
        year, leap, month, day = m.group(1), False, int(m.group(2)), int(m.group(3))
    spec = DateSpec(month, day, int(year) if year else None, lunar, leap)
    _validate(spec)
    return spec


def is_lunar_text(text: str) -> bool:
    """Whether a date says it is lunar: 农历八月十五, or written in Chinese numerals (八月十五, 腊月初八)."""
    return bool(re.match(_LUNAR_PREFIX, text.strip()) or re.search(_LUNAR_WORDS, text))


def _lunar_number(word: str) -> int:
    return int(word) if word.isdigit() else _LUNAR_MONTH_WORDS[word]


def _lunar_day(word: str) -> int:
    return int(word) if word.isdigit() else LUNAR_DAYS.index(word) + 1


def lunar_month_name(month: int, leap: bool = False) -> str:
    """正月, 闰六月, 腊月."""
    return ("闰" if leap else "") + LUNAR_MONTHS[month - 1] + "月"


def leap_month_of(year: int) -> int:
    """The lunar year's leap month (闰月), 0 when it has none."""
    from borax.calendars.lunardate import LCalendars

    return LCalendars.leap_month(year)


def _validate(spec: DateSpec) -> None:
    if spec.year is not None and not FIRST_YEAR <= spec.year <= LAST_YEAR:
        raise ValueError(spec)
    if not spec.lunar:
        dt.date(spec.year or 2000, spec.month, spec.day)  # 2000: a leap year, so 02-29 is fine
        return
    if not (1 <= spec.month <= 12 and 1 <= spec.day <= 30):
        raise ValueError(spec)
    if spec.year is not None:
        from borax.calendars.lunardate import LCalendars

        from kehu.i18n import _

        leap_month = LCalendars.leap_month(spec.year)
        if spec.leap and leap_month != spec.month:
            has = _("its leap month is month {m}").format(m=leap_month) if leap_month else _("it has no leap month")
            raise SpecError(_("lunar year {year} has no leap month {month} ({has}); drop the year, or check the date").format(
                year=spec.year, month=spec.month, has=has))
        days = LCalendars.ndays(spec.year, spec.month, int(spec.leap))
        if spec.day > days:
            raise SpecError(_("{month} of lunar {year} has {n} days, so it has no {day}").format(
                month=lunar_month_name(spec.month, spec.leap), year=spec.year, n=days, day=LUNAR_DAYS[spec.day - 1]))


def solar_in_year(spec: DateSpec, year: int, feb29: str = "feb28") -> dt.date:
    """A solar date's occurrence in `year` (Feb 29 → Feb 28 or Mar 1 in common years)."""
    try:
        return dt.date(year, spec.month, spec.day)
    except ValueError:  # only Feb 29 can fail
        return dt.date(year, 2, 28) if feb29 == "feb28" else dt.date(year, 3, 1)


def lunar_in_year(spec: DateSpec, lunar_year: int) -> dt.date:
    """A lunar date's occurrence in a lunar year, by the rules in the module docstring."""
    from borax.calendars.lunardate import LCalendars, LunarDate

    leap = spec.leap and LCalendars.leap_month(lunar_year) == spec.month
    day = min(spec.day, LCalendars.ndays(lunar_year, spec.month, int(leap)))
    return LunarDate(lunar_year, spec.month, day, int(leap)).to_solar_date()


def occurrence_in(spec: DateSpec, year: int, feb29: str = "feb28") -> dt.date:
    """The occurrence of `spec` in solar year `year`'s own calendar year (lunar year `year` for lunar)."""
    return lunar_in_year(spec, year) if spec.lunar else solar_in_year(spec, year, feb29)


def next_occurrence(spec: DateSpec, on_or_after: dt.date, feb29: str = "feb28") -> tuple[dt.date, int]:
    """(the first occurrence on or after a day, the year it belongs to — lunar year for lunar dates).

    Lunar dates exist from 1900 to 2100 (borax's range); beyond it a lunar date is shown on the
    solar day of the same number — never an error, whatever day is asked about.
    """
    for year in range(on_or_after.year - 1, on_or_after.year + 2):
        try:
            day = occurrence_in(spec, year, feb29)
        except Exception:  # outside borax's range, or a year before 1 or after 9999
            try:
                day = solar_in_year(DateSpec(spec.month, min(spec.day, 28) if spec.month == 2 else min(spec.day, 30)), year)
            except ValueError:
                continue
        if day >= on_or_after:
            return day, year
    return on_or_after, on_or_after.year  # unreachable in practice: a date recurs every year


def years_since(spec: DateSpec, occurrence_year: int) -> int | None:
    """The age, or which anniversary: occurrence year − the year of the date, when known."""
    return occurrence_year - spec.year if spec.year else None


def festivals(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """China's greeting festivals between two days, inclusive, in date order (core.greetings)."""
    from kehu.core.greetings import holidays_between

    return [(occ.day, occ.holiday.title) for occ in holidays_between(start, end)]


def preferred_channel(used_most: str | None, wechat: str | None, phone: str | None, email: str | None) -> str:
    """How a contact is best reached: the channel you use with them most, else what is on file."""
    return used_most or ("wechat" if wechat else "call" if phone else "email" if email else "—")


GRACE_DAYS = 3  # a missed birthday still deserves late wishes for a few days


@dataclass(frozen=True)
class DateEntry:
    """An important date of a contact, with what the due list needs of the contact."""

    id: int
    contact_id: int
    name: str
    company: str | None
    tier: str
    stage: str
    label: str
    whose: str
    spec: DateSpec
    remind_days: int | None
    last_touch: dt.date | None
    last_greeting: dt.date | None = None  # the last answered care touch (`--care`, `--greet`)


# Whose date it is, for a label in the user's own Chinese words: the word put before it
# (孩子的生日), and the words that already say whose it is (孩子生日, 女儿生日, 结婚纪念日).
_KIN_ZH = {"spouse": "配偶", "child": "孩子", "parent": "父母"}
_KIN_ZH_NAMED = ("孩子", "儿子", "女儿", "宝宝", "小孩", "孙", "配偶", "老婆", "老公", "妻", "丈夫", "爱人", "太太", "先生",
                 "媳妇", "婚", "父", "母", "爸", "妈", "岳", "公公", "婆婆", "爷爷", "奶奶", "外公", "外婆", "兄", "弟",
                 "姐", "妹", "哥", "家")


def whose_label(label: str, whose: str) -> str:
    """The label with whose date it is: "child's birthday", "孩子的生日"; a Chinese label that
    already names the person ("孩子生日") is left as written."""
    from kehu.i18n import _

    if any("\u4e00" <= ch <= "\u9fff" for ch in label):  # the user's own words, in Chinese
        if whose not in _KIN_ZH or any(word in label for word in _KIN_ZH_NAMED):
            return label
        return f"{_KIN_ZH[whose]}的{label}"
    prefix = {"spouse": _("spouse's "), "child": _("child's "), "parent": _("parent's "),
              "other": _("family ")}.get(whose, "")
    return f"{prefix}{_(label)}"


def occasion_text(entry: DateEntry, years: int | None, year: int | None = None, feb29: str = "feb28") -> str:
    """'child's birthday (turns 10) · lunar 十月廿五', '孩子的生日', '女儿生日'; with the `year` of
    the occurrence, what the calendar did to it when the date does not exist that year."""
    from kehu.i18n import _

    text = whose_label(entry.label, entry.whose)
    if years is not None and years > 0:
        text += _years(entry.label, years)
    if entry.spec.lunar:
        text += _(" · lunar {date}").format(date=entry.spec.describe().split(" ")[-1])
    if year is not None and (moved := substitution(entry.spec, year, feb29)):
        text += _(" ({note})").format(note=moved)
    return text


def substitution(spec: DateSpec, year: int, feb29: str = "feb28") -> str | None:
    """Which rule placed the date in `year` when that year lacks it: "腊月 has 29 days in 2026:
    on 廿九", "no 闰六月 in 2026: in 六月", "no Feb 29 in 2027: on Feb 28"; None when it exists."""
    from kehu.i18n import _

    if not spec.lunar:
        import calendar

        if (spec.month, spec.day) != (2, 29) or calendar.isleap(year):
            return None
        return _("no 29 February in {year}: on {day}").format(year=year, day=_("28 February") if feb29 == "feb28" else _("1 March"))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    from borax.calendars.lunardate import LCalendars

    leap = spec.leap and LCalendars.leap_month(year) == spec.month
    if spec.leap and not leap:
        return _("no {leap_month} in {year}: in {month}").format(
            leap_month=lunar_month_name(spec.month, True), year=year, month=lunar_month_name(spec.month))
    days = LCalendars.ndays(year, spec.month, int(leap))
    if spec.day > days:
        return _("{month} has {n} days in {year}: on {day}").format(
            month=lunar_month_name(spec.month, leap), n=days, year=year, day=LUNAR_DAYS[days - 1])
    return None


def occasion_due(entry: DateEntry, settings: Occasions, today: dt.date, horizon: dt.date):
    """The entry as a due item when its reminder window has begun by `horizon`, until a few days
    after the day, unless a greeting (a care touch) was logged since the window began: that
    clears this occurrence, never the next one. A work touch clears nothing. Else None."""
    from kehu.core.model import DueItem

    occurrence, year = next_occurrence(entry.spec, today - GRACE_DAYS * _DAY, settings.feb29)
    lead = entry.remind_days if entry.remind_days is not None else settings.lead_days.get(entry.tier, 0)
    remind_from = occurrence - lead * _DAY
    if remind_from > horizon or (entry.last_greeting and entry.last_greeting >= remind_from):
        return None
    days_overdue = (today - occurrence).days
    text = occasion_text(entry, years_since(entry.spec, year), year, settings.feb29)
    return DueItem(
        contact_id=entry.contact_id, name=entry.name, company=entry.company, tier=entry.tier, stage=entry.stage,
        kind="occasion", follow_up=None, due=occurrence, days_overdue=days_overdue, urgency=0.0,
        last_touch=entry.last_touch, occasion=text,
        reason=(_REMIND.get(lead, N_("{what} on {day}: remind {lead} days ahead")), {"what": text, "day": occurrence, "lead": lead}),
    )


_REMIND = {0: N_("{what} on {day}: reminded on the day"), 1: N_("{what} on {day}: remind 1 day ahead")}


def describe_next(spec: DateSpec, today: dt.date, feb29: str = "feb28", label: str = "") -> str:
    """'2026-12-03 (10 years)', '2026-12-03 (turns 10)' — the next occurrence on or after today."""
    day, year = next_occurrence(spec, today, feb29)
    years = years_since(spec, year)
    moved = substitution(spec, year, feb29)
    from kehu.i18n import _

    return f"{day}" + (_years(label, years) if years else "") + (_(" ({note})").format(note=moved) if moved else "")


def _years(label: str, years: int) -> str:
    from kehu.i18n import _

    from kehu.i18n import ngettext

    return (_(" (turns {n})") if is_birthday(label) else ngettext(" ({n} year)", " ({n} years)", years)).format(n=years)


def is_birthday(label: str) -> bool:
    """A birthday in either language: 'birthday', '生日', '女儿生日', '生辰', '寿辰' (an age, not a number of years)."""
    label = label.strip().lower()
    return label == "birthday" or label.endswith(("生日", "生辰", "寿辰", "寿诞"))
