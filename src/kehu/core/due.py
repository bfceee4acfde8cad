"""What is due for whom, and how urgent: the rules behind `kehu due`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kehu.core.calendar import next_working_day
from kehu.core.model import ZONE, ContactState, DueItem
from kehu.core.rules import Rules, UrgencyWeights
from kehu.i18n import _


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _scheduled(contact: ContactState, rules: Rules) -> tuple[str, int | None, dt.date, str, int | None]:
    """The cadence's answer before overrides: (kind, follow-up number, due, rule, interval)."""
    seq = contact.sequence
    cadence = rules.for_tier(contact.tier)
    if contact.stage == "won":
        base = seq.last_touch_on or contact.created_on
        days = cadence.maintenance_days
        rule = _("maintenance: every {days} days for tier {tier}, counted from the last touch ({base})")
        return "maintenance", None, base + _days(days), rule.format(days=days, tier=contact.tier, base=base), days
    if seq.follow_ups_done < 0 or seq.reference_on is None:
        rule = _("first contact of a new lead (added {day})").format(day=contact.created_on)
        return "first_contact", 0, contact.created_on, rule, None
    number = seq.follow_ups_done + 1
    if number <= len(cadence.follow_up_days):
        days = cadence.follow_up_days[number - 1]
        rule = _("follow-up #{n}: {days} days after #{prev} ({base}), tier {tier} cadence")
        kind = "follow_up"
    else:
        days = cadence.nurture_days
        rule = _("nurture: past #{prev} with no result, every {days} days after the last ({base})")
        kind = "nurture"
    base = seq.reference_on
    text = rule.format(n=number, prev=number - 1, days=days, base=base, tier=contact.tier)
    return kind, number, base + _days(days), text, days


def urgency(
    days_overdue: int, tier: str, kind: str, in_zone: bool, stalled_early: bool, w: UrgencyWeights
) -> float:
    """urgency = per_day·min(days overdue, cap) + tier + kind + zone (#4–#11) + stalled early."""
    score = w.per_day_overdue * min(days_overdue, w.overdue_cap_days)
    score += w.tier.get(tier, 0.0) + w.kind.get(kind, 0.0)
    if in_zone:
        score += w.zone
    if stalled_early:
        score += w.stalled_early
    return score


def next_due(contact: ContactState, rules: Rules, today: dt.date) -> DueItem | None:
    """The one next thing to do for a contact, or None for a lost contact."""
    if contact.stage == "lost":
        return None
    seq = contact.sequence
    kind, number, due, rule, interval = _scheduled(contact, rules)
    if seq.next_on:
        due, rule = seq.next_on, _("the date you named ({day})").format(day=seq.next_on)
    next_action = _default_action(kind, number)
    if seq.todo:
        promised = seq.next_on or (seq.todo_on or today) + _days(rules.promise_days)
        if promised <= due:
            due, kind = promised, "promise"
            rule = _("promised on {made}, due {day}").format(made=seq.todo_on, day=promised)
        next_action = seq.todo
    if seq.attempt_on:
        due = next_working_day(seq.attempt_on)
        rule = _("no answer on {day}: try again the next working day").format(day=seq.attempt_on)
    if contact.paused_until and contact.paused_until > due:
        due = contact.paused_until
        rule = _("paused until {day}").format(day=contact.paused_until)
    days_overdue = (today - due).days
    in_zone = contact.stage == "pursuing" and number in ZONE
    stalled = (
        kind == "follow_up"
        and 1 <= seq.follow_ups_done <= 3
        and interval is not None
        and days_overdue > interval
    )
    return DueItem(
        contact_id=contact.id,
        name=contact.name,
        company=contact.company,
        tier=contact.tier,
        stage=contact.stage_on(today),
        kind=kind,
        follow_up=number if contact.stage in ("lead", "pursuing") else None,
        due=due,
        days_overdue=days_overdue,
        urgency=urgency(days_overdue, contact.tier, kind, in_zone, stalled, rules.urgency),
        last_touch=seq.last_touch_on,
        next_action=next_action,
        rule=rule,
        in_zone=in_zone,
        stalled_early=stalled,
        promised=bool(seq.todo),
    )


def _default_action(kind: str, number: int | None) -> str:
    if kind == "first_contact":
        return _("first contact")
    if kind == "maintenance":
        return _("maintenance touch")
    if kind == "nurture":
        return _("nurture touch (#{n})").format(n=number)
    return _("follow-up #{n}").format(n=number)


def due_items(
    contacts: Iterable[ContactState], rules: Rules, today: dt.date, days_ahead: int = 0
) -> list[DueItem]:
    """Everything due on or before today + `days_ahead`, most urgent first."""
    horizon = today + _days(days_ahead)
    items = [item for c in contacts if (item := next_due(c, rules, today)) and item.due <= horizon]
    items.sort(key=lambda i: (-i.urgency, i.due, i.name))
    return items
