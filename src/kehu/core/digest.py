"""The daily digest, as data: what is due, who is at risk, what was promised, how yesterday went.

Pure: the store hands in contacts and touches, the views render the result as text, Markdown or
HTML. `today` is a parameter like everywhere else in the core.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kehu.core.follow_up_numbers import stage_after_touches, summarise
from kehu.core.next_follow_up import schedule
from kehu.core.model import ContactState, DueItem, Touch
from kehu.core.rules import Rules

_DAY = dt.timedelta(days=1)
STREAK_LOOKBACK_DAYS = 60


@dataclass(frozen=True)
class AtRisk:
    """A won client nobody has touched for twice their maintenance interval (DOMAIN.md §2: 68%)."""

    contact_id: int
    name: str
    company: str | None
    tier: str
    value: float | None
    last_touch: dt.date | None
    days_silent: int


@dataclass(frozen=True)
class Activity:
    """What was logged on one day."""

    touches: int = 0
    first_contacts: int = 0
    follow_ups: int = 0  # answered follow-ups #1 and later
    attempts: int = 0  # unanswered


@dataclass
class Digest:
    """Everything the morning digest shows."""

    today: dt.date
    days: int
    overdue: list[DueItem] = field(default_factory=list)
    due_today: list[DueItem] = field(default_factory=list)
    upcoming: list[DueItem] = field(default_factory=list)
    at_risk: list[AtRisk] = field(default_factory=list)
    promises: list[DueItem] = field(default_factory=list)
    yesterday: Activity = field(default_factory=Activity)  # since the last working day (Friday, on a Monday)
    since: dt.date | None = None  # the last working day: `yesterday` counts from it through yesterday
    streak: int = 0
    dates: list[tuple[dt.date, str, str]] = field(default_factory=list)  # (day, who, what)
    holidays: list[tuple[dt.date, str, str]] = field(default_factory=list)  # (day, festival, who gets what)
    reminders: int = 0  # personal dates whose reminder window has begun (listed under the coming days)
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (key account, who to call): core.accounts alarms
    # When each section holds only its most urgent items (`shown`): how many there are in all
    # ("overdue", "due_today", "upcoming", "stalled", "in_zone"), and the first stalled contacts.
    totals: dict[str, int] = field(default_factory=dict)
    first_stalled: list[DueItem] | None = None

    def total(self, section: str) -> int:
        """How many items a section ("overdue", "due_today", "upcoming", "stalled") holds, shown or not."""
        return self.totals[section] if section in self.totals else len(getattr(self, section))

    @property
    def stalled(self) -> list[DueItem]:
        if self.first_stalled is not None:
            return self.first_stalled
        return [i for i in self.overdue if i.stalled_early]

    @property
    def in_zone(self) -> int:
        if "in_zone" in self.totals:
            return self.totals["in_zone"]
        return sum(1 for i in self.overdue + self.due_today if i.in_zone)

    @property
    def due_count(self) -> int:
        """What `kehu due` counts: overdue, due today, and personal dates whose reminder has begun."""
        return self.total("overdue") + self.total("due_today") + self.reminders

    @property
    def anything_due(self) -> bool:
        """Something is due today or overdue, or a birthday's reminder has begun (what `--if-due` asks)."""
        return self.due_count > 0


def split_by_day(items: Iterable[DueItem], digest: Digest) -> None:
    """File due items (ranked) under overdue, today and the coming days (those by day)."""
    for item in items:
        if item.days_overdue > 0:
            digest.overdue.append(item)
        elif item.days_overdue == 0:
            digest.due_today.append(item)
        else:
            digest.upcoming.append(item)
    digest.upcoming.sort(key=upcoming_key)


def upcoming_key(item: DueItem) -> tuple:
    """The coming days are listed by day, the most urgent first within a day."""
    return (item.due, -item.urgency)


def keep_most_urgent(digest: Digest, shown: int) -> None:
    """Keep the first `shown` items of each section (ranked), counting them all first."""
    stalled = digest.stalled
    digest.totals = {"overdue": len(digest.overdue), "due_today": len(digest.due_today),
                     "upcoming": len(digest.upcoming), "stalled": len(stalled), "in_zone": digest.in_zone}
    digest.first_stalled = stalled[:shown]
    digest.overdue, digest.due_today, digest.upcoming = (digest.overdue[:shown], digest.due_today[:shown],
                                                         digest.upcoming[:shown])


def at_risk(won: Iterable[tuple[ContactState, float | None]], rules: Rules, today: dt.date) -> list[AtRisk]:
    """Won clients silent for more than twice their tier's maintenance interval, most valuable first."""
    found = []
    for contact, value in won:
        last = contact.sequence.last_touch_on or contact.created_on
        silent = (today - last).days
        if silent > 2 * rules.for_tier(contact.tier).maintenance_days:
            found.append(AtRisk(contact.id, contact.name, contact.company, contact.tier, value,
                                contact.sequence.last_touch_on, silent))
    found.sort(key=lambda r: (-(r.value or 0), r.tier, -r.days_silent))
    return found


def activity(touches: Iterable[Touch]) -> Activity:
    """Count one day's touches by what they were."""
    counts = {"touches": 0, "first_contacts": 0, "follow_ups": 0, "attempts": 0}
    made: set[tuple[int, int]] = set()  # several touches with one contact on a day make one follow-up
    for t in touches:
        counts["touches"] += 1
        if t.care or t.follow_up is None:
            continue
        if t.outcome != "none":
            if (t.contact_id, t.follow_up) in made:
                continue
            made.add((t.contact_id, t.follow_up))
        if t.outcome == "none":
            counts["attempts"] += 1
        elif t.follow_up == 0:
            counts["first_contacts"] += 1
        else:
            counts["follow_ups"] += 1
    return Activity(**counts)


@dataclass(frozen=True)
class History:
    """One contact's whole story, for replaying what was due on a past day."""

    contact: ContactState
    touches: Sequence[Touch]
    sequence_start: dt.datetime | None = None
    closed_at: dt.datetime | None = None


def was_left_undone(history: History, day: dt.date, rules: Rules) -> bool:
    """Something was due for this contact on `day` (or earlier) and no touch was made that day."""
    c = history.contact
    if c.created_on > day or (c.paused_until and c.paused_until > day):
        return False  # not in the book yet, or paused (the pause now on record is all kehu knows)
    start = dt.datetime.combine(day, dt.time.min)
    before = [t.facts() for t in history.touches if t.at < start]
    if any(t.at.date() == day for t in history.touches):
        return False
    closed = history.closed_at if history.closed_at and history.closed_at < start else None
    _, state = summarise(before, history.sequence_start, closed)
    stage = c.stage if closed else stage_after_touches("lead", state)
    then = ContactState(c.id, c.name, c.tier, stage, c.created_on, state, c.company, None)
    planned = schedule(then, rules)
    return planned is not None and planned.due <= day


def streak(histories: Sequence[History], rules: Rules, today: dt.date) -> int:
    """Days in a row, up to yesterday, on which every due follow-up was done (tried, at least)."""
    days = 0
    day = today - _DAY
    while days < STREAK_LOOKBACK_DAYS and not any(was_left_undone(h, day, rules) for h in histories):
        if not any(h.contact.created_on <= day for h in histories):
            break  # before the book began: nothing to have done
        days += 1
        day -= _DAY
    return days
