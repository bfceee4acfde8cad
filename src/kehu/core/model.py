"""Plain domain types shared by the core, the store and the views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kehu.i18n import N_

TIERS = ("A", "B", "C", "D")
CHANNELS = ("call", "visit", "wechat", "sms", "email", "meeting", "gift", "card", "social", "other")
OUTCOMES = ("good", "neutral", "bad", "none")
STAGES = ("lead", "pursuing", "won", "lost", "paused")
LOST_REASONS = ("died", "moved", "competitor", "influence", "price", "complaint", "neglect", "other")
DUE_KINDS = ("first_contact", "follow_up", "promise", "nurture", "maintenance", "complaint", "complaint_call",
             "care", "occasion", "greeting", "account")
SCHEDULE_KINDS = ("first_contact", "follow_up", "promise", "nurture", "maintenance")  # a contact's next follow-up

# DOMAIN.md §1: 80% of sales close on the 4th–11th follow-up.
ZONE = range(4, 12)


@dataclass(frozen=True)
class TouchFacts:
    """What the follow-up rules need to know about one touch."""

    at: dt.datetime
    care: bool = False
    outcome: str = "neutral"
    next_on: dt.date | None = None
    todo: str | None = None

    @property
    def answered(self) -> bool:
        """False for an unanswered attempt (`--outcome none`)."""
        return self.outcome != "none"


# The three types `kehu due` builds once per due contact use slots and skip `frozen` (whose
# __init__ is about twice as slow); treat them as immutable all the same.
@dataclass(slots=True)
class SequenceState:
    """A contact's follow-up state, summarised from the touches of its current sequence.

    Stored on the contact row so that `kehu due` never reads the touch history.
    """

    follow_ups_done: int = -1  # -1: no first contact yet; 0: first contact made; N: follow-up #N made
    reference_on: dt.date | None = None  # last answered work touch (or a new deal's start): the follow-up clock runs from it
    last_touch_on: dt.date | None = None  # last answered touch of any kind (care included)
    attempt_on: dt.date | None = None  # an unanswered attempt after the last answered touch
    next_on: dt.date | None = None  # a next date the user named ("talk again in a month")
    todo: str | None = None  # a promised action ("send the quote")
    todo_on: dt.date | None = None  # when the promise was made
    todo_due: dt.date | None = None  # the promise's own date (`--next` on the promising touch)
    last_care_on: dt.date | None = None  # the last answered care touch
    sweep_on: dt.date | None = None  # a major event hit their place that day; no touch since
    sweep_reason: str | None = None
    complaint_open: bool = False  # a complaint waits to be resolved
    complaint_due: dt.date | None = None  # its resolve-by date, or the follow-up call after it


@dataclass(slots=True)
class ContactState:
    """One contact as the due rules see it."""

    id: int
    name: str
    tier: str
    stage: str  # lead | pursuing | won | lost (paused is `paused_until` in the future)
    created_on: dt.date
    sequence: SequenceState
    company: str | None = None
    paused_until: dt.date | None = None
    tags: tuple[str, ...] = ()

    def stage_on(self, today: dt.date) -> str:
        """The stage shown to the user: `paused` while a pause lasts."""
        return shown_stage(self.stage, self.paused_until, today)


def shown_stage(stage: str, paused_until: dt.date | None, today: dt.date) -> str:
    """A contact's stage as the user sees it: `paused` while a pause lasts."""
    if paused_until and paused_until > today and stage != "lost":
        return "paused"
    return stage


@dataclass(slots=True)
class Schedule:
    """When a contact's next touch is due and of what kind: everything that does not depend on
    today, so the store can keep it on the contact row (due_on, due_kind, …)."""

    kind: str  # one of DUE_KINDS
    follow_up: int | None  # the follow-up number due (0 for a first contact)
    due: dt.date
    interval: int | None = None  # the cadence interval behind `due`, when there is one
    reason: tuple = ("", {})  # (untranslated sentence, its fields): formatted only when shown
    always: bool = False  # listed whatever the horizon (an open complaint)
    note: str | None = None  # what to say about it, e.g. a sweep's reason


@dataclass(slots=True)
class DueFacts:
    """What `kehu due` reads per contact: who, the stored schedule, and what urgency needs."""

    contact_id: int
    name: str
    company: str | None
    tier: str
    stage: str
    paused_until: dt.date | None
    follow_ups_done: int
    last_touch: dt.date | None
    todo: str | None
    schedule: Schedule


@dataclass(slots=True)
class DueItem:
    """Something the user should do for one contact, and why."""

    contact_id: int
    name: str
    company: str | None
    tier: str
    stage: str
    kind: str  # one of DUE_KINDS
    follow_up: int | None  # the follow-up number due (0 for a first contact); None after won/lost
    due: dt.date
    days_overdue: int  # negative when upcoming
    urgency: float
    last_touch: dt.date | None
    todo: str | None = None  # the open promise, if any (`--todo`)
    reason: tuple = ("", {})  # (untranslated sentence, its fields), or a tuple of those: formatted when shown
    occasion: str | None = None  # for kind occasion: "生日 of 张三's daughter (turns 10)"
    in_zone: bool = False  # follow-up #4–#11
    stalled_early: bool = False  # stopped after #0–#3 and overdue by more than the interval
    holiday: str | None = None  # for kind greeting: the holiday's name, 春节
    account: str | None = None  # for kind account: the key account that needs another thread

    @property
    def promised(self) -> bool:
        """The next action is a promise the user made."""
        return self.todo is not None

    @property
    def next_action(self) -> str:
        """What to do, in words: the promise, else the kind of touch."""
        if self.occasion:
            return self.occasion
        if self.todo:
            return self.todo
        from kehu.i18n import _

        return _(_NEXT_ACTIONS.get(self.kind, _FOLLOW_UP)).format(n=self.follow_up)  # one sentence translated, not six

    @property
    def rule(self) -> str:
        """Which rule made it due, in words (shown by `kehu show`)."""
        from kehu.i18n import _

        parts = self.reason if self.reason and isinstance(self.reason[0], tuple) else (self.reason,)
        return "; ".join(_(sentence).format(**{k: _(v) if isinstance(v, str) and k in ("why", "estimated") else v
                                                 for k, v in fields.items()})
                         for sentence, fields in parts)

    def as_json(self) -> dict:
        """The `--json` shape of `kehu due`."""
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "company": self.company,
            "tier": self.tier,
            "stage": self.stage,
            "kind": self.kind,
            "follow_up": self.follow_up,
            "due": self.due.isoformat(),
            "days_overdue": self.days_overdue,
            "urgency": round(self.urgency, 2),
            "last_touch": self.last_touch.isoformat() if self.last_touch else None,
            "next_action": self.next_action,
            "promised": self.promised,
            "in_zone": self.in_zone,
            "stalled_early": self.stalled_early,
        } | ({"holiday": self.holiday} if self.holiday else {}) | ({"account": self.account} if self.account else {})


# What to do for each kind of due item, untranslated (`DueItem.next_action` translates one).
_FOLLOW_UP = N_("follow-up #{n}")
_NEXT_ACTIONS = {
    "first_contact": N_("first contact"),
    "maintenance": N_("maintenance touch"),
    "nurture": N_("nurture touch (#{n})"),
    "complaint": N_("resolve the complaint"),
    "complaint_call": N_("follow-up call after the complaint"),
    "care": N_("care call (嘘寒问暖): no business in it"),
}


def next_action_templates() -> dict[str, str]:
    """`DueItem.next_action`'s translated template of each kind ({n}: the follow-up number), ""
    the one of any other kind: for SQL that writes it (store.ranking.ranked_due_json)."""
    from kehu.i18n import _

    return {kind: _(template) for kind, template in _NEXT_ACTIONS.items()} | {"": _(_FOLLOW_UP)}


@dataclass(frozen=True)
class Touch:
    """One logged touchpoint, as the timeline shows it."""

    id: int
    contact_id: int
    at: dt.datetime
    channel: str
    note: str | None
    outcome: str
    care: bool
    cost: float | None
    next_on: dt.date | None
    todo: str | None
    follow_up: int | None
    same_day: bool = False  # part of a follow-up an earlier touch that day made (core.follow_up_numbers.same_day)

    def facts(self) -> TouchFacts:
        """The part the follow-up rules read."""
        return TouchFacts(at=self.at, care=self.care, outcome=self.outcome, next_on=self.next_on, todo=self.todo)


@dataclass(frozen=True)
class Profile:
    """Everything about a contact that `kehu show` and `kehu list` display."""

    state: ContactState
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    wechat: str | None = None
    city: str | None = None
    hometown: str | None = None
    note: str | None = None
    archived: bool = False
    won_value: float | None = None
    lost_reason: str | None = None
    closed_at: dt.datetime | None = None
    referred_by: int | None = None  # the contact who introduced them
    referrer: str | None = None  # that contact's name
    role: str | None = None  # in their account (core.accounts.ROLES)
    style: str | None = None  # their social style (core.accounts.STYLES)
    account: str | None = None  # the account's name (its company)

    @property
    def id(self) -> int:
        return self.state.id

    @property
    def name(self) -> str:
        return self.state.name

    def as_json(self, today: dt.date) -> dict:
        """The `--json` shape of a contact."""
        s = self.state
        seq = s.sequence
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {
            "id": s.id,
            "name": s.name,
            "company": s.company,
            "title": self.title,
            "tier": s.tier,
            "stage": s.stage_on(today),
            "tags": list(s.tags),
            "phone": self.phone,
            "email": self.email,
            "wechat": self.wechat,
            "city": self.city,
            "hometown": self.hometown,
            "note": self.note,
            "created_on": iso(s.created_on),
            "archived": self.archived,
            "paused_until": iso(s.paused_until),
            "won_value": self.won_value,
            "lost_reason": self.lost_reason,
            "referred_by": self.referred_by,
            "follow_ups_done": seq.follow_ups_done,
            "last_touch": iso(seq.last_touch_on),
            "next_on": iso(seq.next_on),
            "todo": seq.todo,
            "account": self.account,
            "role": self.role,
            "style": self.style,
        }
