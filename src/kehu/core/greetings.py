"""Holiday greetings as work (DOMAIN.md §4): which holidays, the plan per holiday and tier, and
when each client's greeting is due.

A greeting for a holiday is due by its day (春节's by 除夕) and shows from the tier's lead time
ahead of that (gifts for 春节 are bought two weeks before) until the holiday itself, unless it
has been done. Pure: today is a parameter, the greetings done are given as a set.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple

from kehu.i18n import N_

_DAY = dt.timedelta(days=1)
TIERS = ("A", "B", "C", "D")
AFTER_DAYS = 15  # a greeting logged up to this long after a holiday (拜晚年) is for that holiday


class Holiday(NamedTuple):
    """A holiday that calls for a greeting: its Chinese name (the key a greeting is stored under),
    its English name, the names users type, and its date rule."""

    name: str
    title: str  # 'Spring Festival 春节', translated when shown
    aliases: tuple[str, ...]
    month: int
    day: int
    lunar: bool = False
    offset: int = 0  # 除夕: the day before 正月初一
    due_before: int = 0  # greetings are due this many days before the day (春节: by 除夕)
    tasks: bool = True  # whether each client gets a greeting item (除夕's are 春节's)
    season: tuple[tuple[int, int], tuple[int, int]] | None = None  # a lunar one's earliest and latest (month, day), 1900–2100

    @property
    def english(self) -> str:
        """'Spring Festival'."""
        return self.title.removesuffix(self.name).strip()

    def on(self, year: int) -> dt.date:
        """The holiday's day in solar year `year` (lunar holidays: the lunar year starting in it)."""
        if not self.lunar:
            return dt.date(year, self.month, self.day) + self.offset * _DAY
        from kehu.core.occasions import DateSpec, lunar_in_year

        return lunar_in_year(DateSpec(self.month, self.day, lunar=True), year) + self.offset * _DAY


HOLIDAYS = (
    Holiday("元旦", N_("New Year's Day 元旦"), ("new year", "newyear", "yuandan", "元旦节"), 1, 1),
    Holiday("除夕", N_("New Year's Eve 除夕"), ("eve", "new years eve", "chuxi", "大年三十", "年三十"), 1, 1, lunar=True,
            offset=-1, tasks=False, season=((1, 20), (2, 19))),
    Holiday("春节", N_("Spring Festival 春节"), ("spring", "chunjie", "chinese new year", "cny", "过年", "春節"), 1, 1,
            lunar=True, due_before=1, season=((1, 21), (2, 20))),
    Holiday("元宵", N_("Lantern Festival 元宵"), ("lantern", "yuanxiao", "元宵节"), 1, 15, lunar=True,
            season=((2, 4), (3, 6))),
    Holiday("劳动节", N_("Labour Day 劳动节"), ("labour", "labor day", "may day", "laodong", "五一"), 5, 1),
    Holiday("端午", N_("Dragon Boat Festival 端午"), ("dragon boat", "dragonboat", "duanwu", "端午节"), 5, 5, lunar=True,
            season=((5, 27), (6, 26))),
    Holiday("中秋", N_("Mid-Autumn Festival 中秋"), ("mid-autumn", "midautumn", "mooncake", "zhongqiu", "中秋节"), 8, 15,
            lunar=True, season=((9, 7), (10, 8))),
    Holiday("国庆", N_("National Day 国庆"), ("national", "national day", "guoqing", "国庆节", "十一"), 10, 1),
)
BY_NAME = {h.name: h for h in HOLIDAYS}


def _key(text: str) -> str:
    return re.sub(r"[\s'’_\-]+", " ", text.strip().lower()).strip()


@functools.cache
def _aliases() -> dict[str, Holiday]:
    """Every name a user may type for each holiday (built on first use: `kehu due` never needs it)."""
    return {_key(a): h for h in HOLIDAYS for a in (h.name, h.english, h.title, *h.aliases)} | {
        _key(a).replace(" ", ""): h for h in HOLIDAYS for a in (h.english, *h.aliases)}


def find_holiday(text: str) -> Holiday | None:
    """The holiday a user names: 春节, 中秋节, spring, mid-autumn, Spring Festival; None if none."""
    key = _key(text)
    aliases = _aliases()
    return aliases.get(key) or aliases.get(key.replace(" ", ""))


def holiday_forms() -> str:
    """The accepted names, for an error message: '元旦 (new year), 除夕 (eve), …'."""
    return ", ".join(f"{h.name} ({h.aliases[0]})" for h in HOLIDAYS)


class TierPlan(NamedTuple):
    """What one tier gets for one holiday: the kind of greeting, the channel, a gift, the budget
    a client, and how many days ahead of the due day the work begins."""

    greeting: str
    channel: str
    lead_days: int
    gift: str | None = None
    budget: float = 0.0


def _plan(a: TierPlan, b: TierPlan, c: TierPlan, d: TierPlan) -> dict[str, TierPlan]:
    return dict(zip(TIERS, (a, b, c, d)))


_C_MESSAGE = N_("a personal message with their name (never a mass message)")
_D_GROUP = N_("one greeting for the whole tier, sent to each privately (never a visible group)")

# Sensible defaults that differ by holiday (DOMAIN.md §4: A a visit and a gift, B a call, C a
# personal message, D a group greeting).
DEFAULT_PLANS: dict[str, dict[str, TierPlan]] = {
    "元旦": _plan(TierPlan(N_("a call and a desk calendar or card that stays on the desk"), "call", 7, N_("desk calendar"), 100),
                 TierPlan(N_("a personal call or message"), "call", 2),
                 TierPlan(_C_MESSAGE, "wechat", 1), TierPlan(_D_GROUP, "wechat", 0)),
    "春节": _plan(TierPlan(N_("a visit with a gift (a local specialty with a story), or a mailed gift and a handwritten card"),
                         "visit", 14, N_("New Year gift box or hometown specialty"), 500),
                 TierPlan(N_("a personal New Year call, and a small gift if you meet"), "call", 7, None, 100),
                 TierPlan(N_("a personal New Year message with their name (never a mass message)"), "wechat", 3),
                 TierPlan(N_("a New Year greeting for the whole tier, sent to each privately (never a visible group)"),
                          "wechat", 1)),
    "元宵": _plan(TierPlan(N_("a call on the day"), "call", 1),
                 TierPlan(N_("a short personal message"), "wechat", 0),
                 TierPlan(N_("a short message on the day, with their name (never a mass message)"), "wechat", 0),
                 TierPlan(_D_GROUP, "wechat", 0)),
    "劳动节": _plan(TierPlan(N_("a call before the holiday"), "call", 2),
                  TierPlan(N_("a personal call or message"), "wechat", 1),
                  TierPlan(_C_MESSAGE, "wechat", 0), TierPlan(_D_GROUP, "wechat", 0)),
    "端午": _plan(TierPlan(N_("zongzi delivered or mailed, and a call"), "gift", 7, N_("zongzi 粽子"), 200),
                 TierPlan(N_("a personal call or message"), "call", 3),
                 TierPlan(_C_MESSAGE, "wechat", 1), TierPlan(_D_GROUP, "wechat", 0)),
    "中秋": _plan(TierPlan(N_("mooncakes delivered or mailed, and a call"), "gift", 10, N_("mooncakes 月饼"), 300),
                 TierPlan(N_("a personal call, mooncakes if you meet"), "call", 5, None, 100),
                 TierPlan(_C_MESSAGE, "wechat", 2), TierPlan(_D_GROUP, "wechat", 0)),
    "国庆": _plan(TierPlan(N_("a call before the holiday, a gift if you meet"), "call", 5),
                 TierPlan(N_("a personal call or message"), "call", 2),
                 TierPlan(_C_MESSAGE, "wechat", 1), TierPlan(_D_GROUP, "wechat", 0)),
}
DEFAULT_PLANS["除夕"] = {t: p._replace(lead_days=0) for t, p in DEFAULT_PLANS["春节"].items()}


class GreetingSettings:
    """The plan per holiday and tier, and which holidays make greeting items."""

    __slots__ = ("plans", "tasks")

    def __init__(self, plans: dict[str, dict[str, TierPlan]] | None = None, tasks: dict[str, bool] | None = None):
        self.plans = plans if plans is not None else dict(DEFAULT_PLANS)
        self.tasks = tasks if tasks is not None else {h.name: h.tasks for h in HOLIDAYS}

    def plan(self, holiday: str, tier: str) -> TierPlan:
        """The plan of one tier for one holiday (C's for an unknown tier)."""
        plans = self.plans[holiday]
        return plans.get(tier) or plans["C"]


class Occurrence(NamedTuple):
    """One holiday in one year: when greetings are due and when the holiday is."""

    holiday: Holiday
    year: int
    day: dt.date  # the holiday itself
    due: dt.date  # greetings due by (春节: 除夕)

    def opens(self, lead_days: int) -> dt.date:
        """The first day a tier with `lead_days` sees the greeting."""
        return self.due - lead_days * _DAY


def occurrence(holiday: Holiday, year: int) -> Occurrence:
    """The holiday in solar year `year`."""
    day = holiday.on(year)
    return Occurrence(holiday, year, day, day - holiday.due_before * _DAY)


def occurrence_for(holiday: Holiday, day: dt.date) -> Occurrence:
    """The occurrence a greeting made on `day` is for: the next one, or one passed within AFTER_DAYS."""
    for year in (day.year - 1, day.year, day.year + 1):
        found = occurrence(holiday, year)
        if found.day >= day - AFTER_DAYS * _DAY:
            return found
    return occurrence(holiday, day.year + 1)  # unreachable: a holiday recurs every year


def holidays_between(start: dt.date, end: dt.date) -> list[Occurrence]:
    """The greeting holidays whose day falls between two days, inclusive, in date order (lunar
    ones only within borax's years, 1900–2100)."""
    found = []
    for year in range(start.year, end.year + 1):
        for holiday in HOLIDAYS:
            if holiday.lunar and not 1900 <= year <= 2100:
                continue
            occ = occurrence(holiday, year)
            if start <= occ.day <= end:
                found.append(occ)
    return sorted(found, key=lambda o: o.day)


def open_windows(settings: GreetingSettings, today: dt.date, horizon: dt.date) -> list[Occurrence]:
    """The holidays whose greeting work has begun for some tier by `horizon` and whose day has not
    passed by today, soonest first. Cheap when none is open: `kehu due` asks on every run."""
    found = []
    for holiday in HOLIDAYS:
        if not settings.tasks.get(holiday.name, holiday.tasks):
            continue
        lead = max(p.lead_days for p in settings.plans[holiday.name].values())
        for year in (today.year, today.year + 1):
            if not _may_open(holiday, year, lead, today, horizon):
                continue  # the lunar calendar (borax) is not even loaded for a holiday months away
            occ = occurrence(holiday, year)
            if occ.day >= today and occ.opens(lead) <= horizon:
                found.append(occ)
    return sorted(found, key=lambda o: o.due)


def _may_open(holiday: Holiday, year: int, lead: int, today: dt.date, horizon: dt.date) -> bool:
    """Whether the holiday's window in `year` can be open between today and `horizon`, from its
    season alone (a solar holiday's day is its season)."""
    if not holiday.lunar or holiday.season is None or not 1900 <= year <= 2100:
        return not holiday.lunar or 1900 <= year <= 2100
    first, last = holiday.season
    return dt.date(year, *first) - (holiday.due_before + lead) * _DAY <= horizon and dt.date(year, *last) >= today


def greeting_open(occ: Occurrence, plan: TierPlan, today: dt.date, horizon: dt.date) -> bool:
    """Whether a tier's greeting for the occurrence is shown: its lead window has begun by
    `horizon` and the holiday has not passed."""
    return occ.opens(plan.lead_days) <= horizon and occ.day >= today


class Greetee(NamedTuple):
    """A client as a greeting item needs them."""

    contact_id: int
    name: str
    company: str | None
    tier: str
    stage: str
    last_touch: dt.date | None


def greeting_items(occ: Occurrence, people: list[Greetee], done: set[int], settings: GreetingSettings,
                   today: dt.date, horizon: dt.date) -> list:
    """The greeting items (kind `greeting`) of one holiday: every client whose tier's window is
    open and who has not been greeted (`done`: contact ids). Urgency is the caller's."""
    from kehu.core.model import DueItem

    items = []
    for p in people:
        plan = settings.plan(occ.holiday.name, p.tier)
        if p.contact_id in done or not greeting_open(occ, plan, today, horizon):
            continue
        items.append(DueItem(
            contact_id=p.contact_id, name=p.name, company=p.company, tier=p.tier, stage=p.stage, kind="greeting",
            follow_up=None, due=occ.due, days_overdue=(today - occ.due).days, urgency=0.0, last_touch=p.last_touch,
            occasion=_lead_text(occ.holiday.name, plan),
            holiday=occ.holiday.name,
            reason=(_LEAD.get(plan.lead_days, N_("{holiday} greeting due by {day}: from {lead} days ahead")),
                    {"holiday": occ.holiday.name, "day": occ.due, "lead": plan.lead_days})))
    return items


def _lead_text(holiday: str, plan: TierPlan) -> str:
    """'春节, from 14 days ahead: a visit with a gift…' — what a greeting item says to do."""
    from kehu.i18n import _, ngettext

    lead = (_("{holiday}, on the day") if plan.lead_days == 0 else
            ngettext("{holiday}, from {n} day ahead", "{holiday}, from {n} days ahead", plan.lead_days))
    return _("{lead}: {what}").format(lead=lead.format(holiday=holiday, n=plan.lead_days), what=_(plan.greeting))


_LEAD = {0: N_("{holiday} greeting due on {day}"), 1: N_("{holiday} greeting due by {day}: from 1 day ahead")}
