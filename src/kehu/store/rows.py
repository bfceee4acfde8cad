"""Conversions between SQLite rows and the core's plain types (ISO text ↔ dates)."""

from __future__ import annotations

import datetime as dt
import functools

from kehu.core.model import ContactState, DueFacts, Profile, Schedule, SequenceState, Touch

# The contact columns the raw-SQL queries read, in order. A test checks them against the
# SQLModel table, so the two ways of seeing the schema cannot drift apart.
STATE_COLUMNS = (
    "id", "name", "tier", "stage", "created_on", "company", "paused_until",
    "follow_ups_done", "reference_on", "last_touch_on", "attempt_on", "next_on", "todo", "todo_on", "todo_due",
    "complaint_open", "complaint_due", "last_care_on", "sweep_on", "sweep_reason",
)
PROFILE_COLUMNS = STATE_COLUMNS + (
    "title", "phone", "email", "wechat", "city", "hometown", "note", "archived",
    "won_value", "lost_reason", "closed_at", "referred_by",
    "(SELECT r.name FROM contact r WHERE r.id = contact.referred_by) AS referrer",
    "role", "style", "(SELECT a.name FROM account a WHERE a.id = contact.account_id) AS account_name",
)
# What `kehu due` reads per contact: all of it in the covering index ix_contact_due.
DUE_COLUMNS = (
    "id", "name", "company", "tier", "stage", "paused_until", "follow_ups_done", "last_touch_on", "todo",
    "due_on", "due_kind", "due_follow_up", "due_interval",
)
TOUCH_COLUMNS = (
    "id", "contact_id", "at", "channel", "note", "outcome", "care", "cost", "next_on", "todo", "follow_up",
)


@functools.lru_cache(maxsize=8192)
def day(text: str | None) -> dt.date | None:
    # A big book holds a few thousand distinct days in hundreds of thousands of cells.
    return dt.date.fromisoformat(text) if text else None


def moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def iso_day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def iso_moment(value: dt.datetime | None) -> str | None:
    # The same text SQLAlchemy reads back, seconds precision.
    return value.replace(microsecond=0).isoformat(sep=" ") if value else None


def contact_state(row: tuple, tags: tuple[str, ...] = ()) -> ContactState:
    (id_, name, tier, stage, created_on, company, paused_until,
     done, reference_on, last_touch_on, attempt_on, next_on, todo, todo_on, todo_due,
     complaint_open, complaint_due, last_care_on, sweep_on, sweep_reason) = row[: len(STATE_COLUMNS)]
    return ContactState(
        id=id_, name=name, tier=tier, stage=stage, created_on=day(created_on), company=company,
        paused_until=day(paused_until), tags=tags,
        sequence=SequenceState(
            follow_ups_done=done, reference_on=day(reference_on), last_touch_on=day(last_touch_on),
            attempt_on=day(attempt_on), next_on=day(next_on), todo=todo, todo_on=day(todo_on),
            todo_due=day(todo_due), complaint_open=bool(complaint_open), complaint_due=day(complaint_due),
            last_care_on=day(last_care_on), sweep_on=day(sweep_on), sweep_reason=sweep_reason,
        ),
    )


def profile(row: tuple, tags: tuple[str, ...] = ()) -> Profile:
    (title, phone, email, wechat, city, hometown, note, archived,
     won_value, lost_reason, closed_at, referred_by, referrer, role, style, account) = row[len(STATE_COLUMNS):]
    return Profile(
        state=contact_state(row, tags), title=title, phone=phone, email=email, wechat=wechat,
        city=city, hometown=hometown, note=note, archived=bool(archived), won_value=won_value,
        lost_reason=lost_reason, closed_at=moment(closed_at), referred_by=referred_by, referrer=referrer,
        role=role, style=style, account=account,
    )


def touch(row: tuple) -> Touch:
    (id_, contact_id, at, channel, note, outcome, care, cost, next_on, todo, follow_up) = row
    return Touch(
        id=id_, contact_id=contact_id, at=moment(at), channel=channel, note=note, outcome=outcome,
        care=bool(care), cost=cost, next_on=day(next_on), todo=todo, follow_up=follow_up,
    )


def due_facts(row: tuple) -> DueFacts:
    (id_, name, company, tier, stage, paused_until, done, last_touch_on, todo,
     due_on, kind, follow_up, interval) = row
    return DueFacts(id_, name, company, tier, stage, day(paused_until), done, day(last_touch_on), todo,
                    Schedule(kind, follow_up, day(due_on), interval))


def schedule_columns(schedule: Schedule | None, care: Schedule | None = None) -> dict:
    """The stored form of a contact's schedule (all None for a lost contact) and care call."""
    main = ({"due_on": None, "due_kind": None, "due_follow_up": None, "due_interval": None} if schedule is None else
            {"due_on": schedule.due.isoformat(), "due_kind": schedule.kind,
             "due_follow_up": schedule.follow_up, "due_interval": schedule.interval})
    return main | {"care_on": iso_day(care.due) if care else None, "care_interval": care.interval if care else None}


CARE_COLUMNS = ("id", "name", "company", "tier", "stage", "paused_until", "follow_ups_done", "last_touch_on",
                "last_care_on", "created_on", "care_on", "care_interval")


def care_facts(row: tuple, care_days: dict[str, int]) -> DueFacts:
    """A stored care call as `core.due.assess` reads it."""
    from kehu.core.next_follow_up import care_base, stored_care

    (id_, name, company, tier, stage, paused_until, done, last_touch_on, last_care_on, created_on,
     care_on, interval) = row
    last_touch = day(last_touch_on)
    base = care_base(day(last_care_on), last_touch, day(created_on))
    return DueFacts(id_, name, company, tier, stage, day(paused_until), done, last_touch, None,
                    stored_care(day(care_on), interval, base, care_days.get(tier, 0)))


COMPLAINT_COLUMNS = ("id", "opened_at", "text", "resolve_by", "resolved_at", "resolution", "call_due")


def complaint(row: tuple):
    from kehu.core.complaints import Complaint

    id_, opened_at, text, resolve_by, resolved_at, resolution, call_due = row
    return Complaint(id_, moment(opened_at), text, day(resolve_by), moment(resolved_at), resolution, day(call_due))
