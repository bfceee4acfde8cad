"""When the next touch with a contact is due, and why: how the next follow-up date is computed.

The follow-up cadence of the contact's tier (core.rules) counted from the last follow-up, moved
off weekends and public holidays; then, in order, a date the user named, an open promise due
sooner, a retry the next working day after an unanswered call, and the end of a pause. Won
clients follow the maintenance rhythm. Beside that rhythm: an open complaint or its call-back,
a sweep's care call, and the irregular care call of a won or key client.

None of it depends on today, so the store keeps the result on the contact row
(store.touches.refresh_contact) and `kehu due` never reruns it; core.due adds what does depend
on today. Reasons are untranslated templates with their fields, formatted only when shown.
"""

from __future__ import annotations

import datetime as dt

from kehu.core.model import ContactState, Schedule
from kehu.core.rules import Rules
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


def promise_due(contact: ContactState, rules: Rules) -> dt.date | None:
    """The day an open promise is due: its own date, else `promise_days` after it was made (one
    week: DOMAIN.md §2), on a working day. None without a promise."""
    seq = contact.sequence
    if not seq.todo:
        return None
    return seq.todo_due or rules.calendar.working_day_from((seq.todo_on or contact.created_on) + rules.promise_days * _DAY)


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
        promised = promise_due(contact, rules)
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
