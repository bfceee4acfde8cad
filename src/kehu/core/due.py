"""What is due for whom, and how urgent: the rules behind `kehu due`.

Two steps. `schedule` decides when a contact's next touch is due and of what kind; it does not
depend on today, so the store keeps its result on the contact row and `kehu due` never reruns it.
`assess` adds what does depend on today: days overdue, the zone and stalled-early flags, urgency.
Both run once per contact on hot paths, so they build no sentences: a reason is an untranslated
template with its fields, formatted only when shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kehu.core.model import ContactState, DueFacts, DueItem, Schedule, shown_stage
from kehu.core.rules import Rules
from kehu.core.urgency import in_zone, stalled_early, urgency
from kehu.i18n import N_

_DAY = dt.timedelta(days=1)


def _cadence(contact: ContactState, rules: Rules) -> Schedule:
    """The cadence's answer, before the user's own dates override it."""
    seq = contact.sequence
    cadence = rules.for_tier(contact.tier)
    if contact.stage == "won":
        base = seq.last_touch_on or contact.created_on
        days = cadence.maintenance_days
        reason = (N_("maintenance: every day for tier {tier}, counted from the last touch ({base})") if days == 1 else
                  N_("maintenance: every {days} days for tier {tier}, counted from the last touch ({base})"),
                  {"days": days, "tier": contact.tier, "base": base})
        due, reason = _working_day(base + days * _DAY, reason, rules)
        return Schedule("maintenance", None, due, days, reason)
    if seq.follow_ups_done < 0 and seq.reference_on:  # `kehu pursue`: a new deal with someone known
        reason = (N_("first contact of a new deal (pursued on {day})"), {"day": seq.reference_on})
        return Schedule("first_contact", 0, seq.reference_on, None, reason)
    if seq.follow_ups_done < 0 or seq.reference_on is None:
        reason = (N_("first contact of a new lead (added {day})"), {"day": contact.created_on})
        return Schedule("first_contact", 0, contact.created_on, None, reason)
    number = seq.follow_ups_done + 1
    base = seq.reference_on
    if number <= len(cadence.follow_up_days):
        days = cadence.follow_up_days[number - 1]
        kind, sentence = "follow_up", (N_("follow-up #{n}: 1 day after #{prev} ({base}), tier {tier} cadence") if days == 1 else
                                       N_("follow-up #{n}: {days} days after #{prev} ({base}), tier {tier} cadence"))
    else:
        days = cadence.nurture_days
        kind, sentence = "nurture", (N_("nurture: past #{prev} with no result, every day after the last ({base})") if days == 1 else
                                     N_("nurture: past #{prev} with no result, every {days} days after the last ({base})"))
    reason = (sentence, {"n": number, "prev": number - 1, "days": days, "base": base, "tier": contact.tier})
    # Follow-ups that fall on a weekend or a public holiday move to the next working day.
    due, reason = _working_day(base + days * _DAY, reason, rules)
    return Schedule(kind, number, due, days, reason)


def _working_day(day: dt.date, reason: tuple, rules: Rules) -> tuple[dt.date, tuple]:
    """`day`, or the next working day with the move explained in the reason (and marked 预计
    when the day off comes from an estimate, not an official notice)."""
    moved = rules.calendar.working_day_from(day)
    if moved == day and day.weekday() >= 5 and rules.calendar.shift:  # a Saturday worked (调休)
        return day, (reason, (N_("{day} is a weekend day worked in exchange for a holiday (调休): kept"), {"day": day}))
    if moved == day:
        return day, reason
    why = rules.calendar.holiday_name(day) or N_("a weekend")
    estimated = N_(" (预计 estimated)") if rules.calendar.is_estimated(day) else ""
    note = (N_("{day} is {why}{estimated}: moved to {moved}"), {"day": day, "why": why, "estimated": estimated, "moved": moved})
    return moved, (reason, note)


def schedule(contact: ContactState, rules: Rules) -> Schedule | None:
    """When the next touch is due and of what kind (None for a lost contact). Independent of today.

    The cadence, then in order: a date the user named, an open promise due sooner, a retry the
    next working day after an unanswered attempt, and the end of a pause.
    """
    if contact.stage == "lost":
        return None
    seq = contact.sequence
    s = _cadence(contact, rules)
    if seq.next_on:
        s.due, s.reason = seq.next_on, (N_("the date you named ({day})"), {"day": seq.next_on})
    if seq.todo:
        promised = seq.todo_due or rules.calendar.working_day_from(
            (seq.todo_on or contact.created_on) + rules.promise_days * _DAY)
        if promised <= s.due:
            s.kind, s.due = "promise", promised
            s.reason = (N_("promised on {made}, due {day}"), {"made": seq.todo_on, "day": promised})
    if seq.attempt_on:
        s.due = rules.calendar.next_working_day(seq.attempt_on)
        s.reason = (N_("no answer on {day}: try again the next working day"), {"day": seq.attempt_on})
    if contact.paused_until and contact.paused_until > s.due:
        s.due = contact.paused_until
        s.reason = (N_("paused until {day}"), {"day": contact.paused_until})
    if contact.stage == "won":
        s.follow_up = None
    return s


def side_schedules(contact: ContactState, rules: Rules) -> list[Schedule]:
    """What is due besides the follow-up rhythm, each its own item so it never hides overdue work:
    an open complaint (always listed until resolved) or its call-back, a sweep's care call, and
    the irregular care call of a won or key client (not while paused)."""
    care = care_schedule(contact, rules)
    return event_schedules(contact) + ([care] if care else [])


def event_schedules(contact: ContactState) -> list[Schedule]:
    """The side items events bring: a complaint (open, or its call-back) and a sweep's care call."""
    seq = contact.sequence
    found = []
    if seq.complaint_due and seq.complaint_open:
        found.append(Schedule("complaint", None, seq.complaint_due, None,
                              (N_("complaint open: resolve it by {day}, then `kehu resolve`"), {"day": seq.complaint_due}),
                              always=True))
    elif seq.complaint_due:
        found.append(Schedule("complaint_call", None, seq.complaint_due, None,
                              (N_("complaint resolved: call back on {day}"), {"day": seq.complaint_due})))
    if seq.sweep_on:
        found.append(Schedule("care", None, seq.sweep_on, None,
                              (N_("{reason}: everyone who lives in or comes from the place"), {"reason": seq.sweep_reason}),
                              note=seq.sweep_reason))
    return found


def care_schedule(contact: ContactState, rules: Rules) -> Schedule | None:
    """The irregular care call of a won client or a key (A/B) contact (DOMAIN.md §4): None for
    others, for a lost contact, while a pause lasts past it, and while a sweep's care call is
    pending (that call is the care call: one for the person, not two). Independent of today, so
    the store keeps it on the row (care_on, care_interval)."""
    days = rules.care_days.get(contact.tier, 0)
    if not days or contact.stage == "lost" or not (contact.stage == "won" or contact.tier in ("A", "B")):
        return None
    if contact.sequence.sweep_on:
        return None
    base = care_base(contact.sequence.last_care_on, contact.sequence.last_touch_on, contact.created_on)
    jittered = care_interval(contact.id, base, days, rules.care_jitter)
    due = rules.calendar.working_day_from(base + jittered * _DAY)
    if contact.paused_until and contact.paused_until > due:
        return None
    return stored_care(due, jittered, base, days)


def care_base(last_care_on: dt.date | None, last_touch_on: dt.date | None, created_on: dt.date) -> dt.date:
    """Care calls count from the last care touch; before any, from the last touch of any kind."""
    return last_care_on or last_touch_on or created_on


def stored_care(due: dt.date, jittered: int, base: dt.date, days: int) -> Schedule:
    """A care call's schedule, from what the row keeps (and what `care_schedule` computed)."""
    reason = (N_("care call: about every day (this time {jittered}) since the last ({base})") if days == 1 else
              N_("care call: about every {days} days (this time {jittered}) since the last ({base})"),
              {"days": days, "jittered": jittered, "base": base})
    return Schedule("care", None, due, jittered, reason)


def care_interval(contact_id: int, base: dt.date, days: int, jitter: float) -> int:
    """`days` moved by up to ±jitter, the same for the same contact and cycle (so it is stable
    between runs) but different from one contact and one cycle to the next."""
    import zlib

    spread = zlib.crc32(f"{contact_id}:{base.isoformat()}".encode()) / 0xFFFFFFFF * 2 - 1  # -1 … 1
    return max(1, round(days * (1 + jitter * spread)))


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
    `store.contacts.ranked_due` follows in SQL — its follow-up schedules are never complaints)."""
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
