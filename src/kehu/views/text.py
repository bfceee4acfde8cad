"""Short sentences shared by the views: relative days, follow-up labels."""

from __future__ import annotations

import datetime as dt

from kehu.i18n import _
from kehu.core import labels


_WEEKDAYS_ZH = "一二三四五六日"


def short_day(day: dt.date) -> str:
    """A day in a list of coming days: 'Thu 12-03', in Chinese '12月3日 周四'."""
    from kehu.i18n import language

    if language() == "zh_CN":
        return f"{day.month}月{day.day}日 周{_WEEKDAYS_ZH[day.weekday()]}"
    return day.strftime("%a %m-%d")


def long_day(day: dt.date) -> str:
    """A day as a title says it: 'Thursday 2026-12-03', in Chinese '2026年12月3日 星期四'."""
    from kehu.i18n import language

    if language() == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日 星期{_WEEKDAYS_ZH[day.weekday()]}"
    return day.strftime("%A %Y-%m-%d")


def listing(items) -> str:
    """Items of a sentence joined the reader's way: 'a, b, c'; in Chinese 'a、b、c'."""
    return _(", ").join(items)


def amount(value: float) -> str:
    """A deal value or a cost: '120,000' and '2,300.50'; in Chinese 万 from ten thousand on
    ('12万', '1.25万'), the way Chinese sales figures are read."""
    from kehu.i18n import language

    if language().startswith("zh") and abs(value) >= 10_000:
        return f"{value / 10_000:,.2f}".rstrip("0").rstrip(".") + "万"
    return f"{value:,.2f}".removesuffix(".00")


def relative_day(day: dt.date, today: dt.date) -> str:
    """'today', 'tomorrow', 'in 3 days', '2 days overdue'…"""
    delta = (day - today).days
    if delta == 0:
        return _("today")
    if delta == 1:
        return _("tomorrow")
    if delta == -1:
        return _("1 day overdue")
    if delta < 0:
        return _("{n} days overdue").format(n=-delta)
    return _("in {n} days").format(n=delta)


def kind_label(kind: str, follow_up: int | None) -> str:
    """How a due item's kind reads in a table: '#5', 'first contact', 'maintenance'…"""
    labels = {
        "first_contact": _("first contact"),
        "maintenance": _("maintenance"),
        "nurture": _("nurture #{n}"),
        "promise": _("promise"),
        "complaint": _("complaint"),
        "complaint_call": _("complaint call"),
        "care": _("care call"),
        "occasion": _("occasion"),
        "greeting": _("greeting"),
        "account": _("key account"),
        "follow_up": "#{n}",
    }
    return labels[kind].format(n=follow_up)


def days_ago(day: dt.date, today: dt.date) -> str:
    """'today', 'yesterday', '3 days ago' (a future date reads as relative_day)."""
    delta = (today - day).days
    if delta == 0:
        return _("today")
    if delta == 1:
        return _("yesterday")
    if delta > 1:
        return _("{n} days ago").format(n=delta)
    return relative_day(day, today)


def next_line(item, today: dt.date) -> str:
    """'next: follow-up #4 on 2026-11-30 (in 7 days)', or why nothing is next."""
    if item is None:
        return _("nothing scheduled (lost: `kehu pursue` starts a new deal)")
    return _("next: {action} on {day} ({relative})").format(
        action=item.next_action, day=item.due, relative=relative_day(item.due, today)
    )


def touch_label(touch) -> str:
    """'follow-up #3', 'first contact', 'care touch', 'attempt at follow-up #3 (no answer)',
    'same day as follow-up #3' (a second touch on the day of a follow-up)."""
    if touch.same_day:
        made = _("first contact") if touch.follow_up == 0 else _("follow-up #{n}").format(n=touch.follow_up)
        label = _("same day as {label}").format(label=made)
        return _("{label} (no answer)").format(label=label) if touch.outcome == "none" else label
    if touch.care:
        label = _("care touch")
    elif touch.follow_up is None:
        label = _("touch")
    elif touch.follow_up == 0:
        label = _("first contact")
    else:
        label = _("follow-up #{n}").format(n=touch.follow_up)
    if touch.outcome == "none":
        label = _("attempt at {label} (no answer)").format(label=label)
    return label


def logged_line(result, today: dt.date) -> str:
    """The one line `kehu log` prints per contact."""
    touch, contact, item = result
    when = "" if touch.at.date() == today else " " + _("on {day}").format(day=touch.at.date())
    return _("Logged {channel} with {name} (#{id}){when}: {label} · {next}").format(
        channel=labels.channel(touch.channel), name=contact.name, id=contact.id, when=when,
        label=touch_label(touch), next=next_line(item, today),
    )


def short_relative(day: dt.date, today: dt.date) -> str:
    """Table form of relative_day: 'today', 'in 3d', '7d overdue'."""
    delta = (day - today).days
    if delta == 0:
        return _("today")
    return _("in {n}d").format(n=delta) if delta > 0 else _("{n}d overdue").format(n=-delta)


def short_ago(day: dt.date, today: dt.date) -> str:
    """Table form of days_ago: 'today', '14d ago'."""
    delta = (today - day).days
    if delta == 0:
        return _("today")
    return _("{n}d ago").format(n=delta) if delta > 0 else short_relative(day, today)
