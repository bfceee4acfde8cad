"""What is due for whom, and how urgent: the rules behind `kehu due`.

Two steps. `core.next_follow_up.schedule` decides when a contact's next touch is due and of what
kind; it does not depend on today, so the store keeps its result on the contact row and
`kehu due` never reruns it. `assess` adds what does depend on today: days overdue, the zone and
stalled-early flags, urgency (core.urgency). Both run once per contact on hot paths, so they build no sentences: a reason is an untranslated
template with its fields, formatted only when shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kehu.core.model import ContactState, DueFacts, DueItem, Schedule, shown_stage
from kehu.core.next_follow_up import event_schedules, schedule, side_schedules
from kehu.core.rules import Rules
from kehu.core.urgency import in_zone, stalled_early, urgency

_DAY = dt.timedelta(days=1)


def assess(facts: DueFacts, rules: Rules, today: dt.date) -> DueItem:
    """A scheduled touch seen from today: how overdue, whether in the zone or stalled, how urgent."""
    s = facts.schedule
    days_overdue = (today - s.due).days
    zone = in_zone(facts.stage, s.kind, s.follow_up)
    stalled = stalled_early(s.kind, facts.follow_ups_done, days_overdue, s.interval)
    return DueItem(
        contact_id=facts.contact_id,
        name=facts.name,
        company=facts.company,
        tier=facts.tier,
        stage=shown_stage(facts.stage, facts.paused_until, today),
        kind=s.kind,
        follow_up=s.follow_up,
        due=s.due,
        days_overdue=days_overdue,
        urgency=urgency(days_overdue, facts.tier, s.kind, zone, stalled, rules.urgency),
        last_touch=facts.last_touch,
        todo=facts.todo,
        reason=s.reason,
        occasion=s.note,
        in_zone=zone,
        stalled_early=stalled,
    )


def due_facts(contact: ContactState, rules: Rules) -> DueFacts | None:
    """A contact with its schedule, as `assess` reads it (None for a lost contact)."""
    s = schedule(contact, rules)
    if s is None:
        return None
    return _facts(contact, s)


def _facts(contact: ContactState, s: Schedule, with_promise: bool = True) -> DueFacts:
    seq = contact.sequence
    return DueFacts(contact.id, contact.name, contact.company, contact.tier, contact.stage,
                    contact.paused_until, seq.follow_ups_done, seq.last_touch_on, seq.todo if with_promise else None, s)


def event_facts(contact: ContactState) -> list[DueFacts]:
    """A contact's complaint and sweep items, as `assess` reads them."""
    return [_facts(contact, s, with_promise=False) for s in event_schedules(contact)]


def side_facts(contact: ContactState, rules: Rules) -> list[DueFacts]:
    """The side items of a contact, as `assess` reads them (a promise belongs to the follow-up
    rhythm, not to a complaint or a care call)."""
    return [_facts(contact, s, with_promise=False) for s in side_schedules(contact, rules)]


def next_due(contact: ContactState, rules: Rules, today: dt.date) -> DueItem | None:
    """The one next thing to do for a contact, or None for a lost contact."""
    facts = due_facts(contact, rules)
    return assess(facts, rules, today) if facts else None


def due_items(facts: Iterable[DueFacts], rules: Rules, today: dt.date, days_ahead: int = 0) -> list[DueItem]:
    """Everything due on or before today + `days_ahead`, most urgent first."""
    horizon = today + days_ahead * _DAY
    items = [assess(f, rules, today) for f in facts if f.schedule.due <= horizon or f.schedule.always]
    items.sort(key=rank_key)
    return items


def rank_key(item: DueItem) -> tuple:
    """Open complaints first (an unresolved complaint is 10% of churn), then most urgent first;
    then the earlier due, the name, the contact, the kind (a total order, which
    `store.ranking.ranked_due` follows in SQL — its follow-up schedules are never complaints)."""
    return (item.kind != "complaint", -item.urgency, item.due, item.name, item.contact_id, item.kind)


@dataclass(frozen=True)
class DueSummary:
    """The closing lines of `kehu due`: how many are due, overdue, in the zone, stalled early."""

    total: int
    overdue: int
    in_zone: int
    stalled: int
    first_stalled: tuple[DueItem, ...] = ()  # the most urgent stalled contacts, for naming

    @classmethod
    def of(cls, items: list[DueItem], named: int = 10) -> DueSummary:
        """The summary of a whole list (ranked)."""
        stalled = [i for i in items if i.stalled_early]
        return cls(len(items), sum(1 for i in items if i.days_overdue > 0), sum(1 for i in items if i.in_zone),
                   len(stalled), tuple(stalled[:named]))
