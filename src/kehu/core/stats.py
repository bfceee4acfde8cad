"""The user's own numbers (DOMAIN.md §1–§3): follow-up funnel, churn and retention, referrals,
lost reasons, effort by tier. Pure: the store hands in deals, sequences and touches."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kehu.core.model import TIERS

LAST_BUCKET = 11  # "#11+": the last follow-up of the cadence, and everything after it
# The sales-association report the material quotes: share of sales closed after each touch.
REFERENCE_WIN_SHARE = {0: 0.02, 1: 0.03, 2: 0.05, 3: 0.10}
REFERENCE_ZONE_SHARE = 0.80  # follow-ups #4–#11 together
# Why clients leave (key-account material).
REFERENCE_LOST_REASONS = {"died": 0.01, "moved": 0.03, "competitor": 0.04, "influence": 0.05, "price": 0.09,
                          "complaint": 0.10, "neglect": 0.68}


@dataclass(frozen=True)
class Deal:
    """A closed sequence."""

    contact_id: int
    tier: str
    started_at: dt.datetime
    closed_at: dt.datetime
    outcome: str  # won | lost | churned
    closed_after: int
    value: float | None = None
    reason: str | None = None


@dataclass(frozen=True)
class OpenSequence:
    """A sequence still going: how far it got, and whether it has been left to go cold."""

    contact_id: int | None  # None for `count` sequences alike (store.stats.open_sequence_counts)
    follow_ups_done: int
    stopped: bool  # overdue by more than its own interval: the user stopped following up
    count: int = 1


@dataclass
class FunnelStep:
    number: int  # 0…11, where 11 means #11 and later
    reached: int = 0  # sequences that got this far
    won_here: int = 0  # won right after this follow-up
    stopped_here: int = 0  # ended (lost) or went cold right after it

    @property
    def label(self) -> str:
        return f"#{self.number}+" if self.number == LAST_BUCKET else f"#{self.number}"


@dataclass
class Funnel:
    steps: list[FunnelStep]
    wins: int

    def win_share(self, step: FunnelStep) -> float | None:
        return step.won_here / self.wins if self.wins else None

    @property
    def zone_win_share(self) -> float | None:
        """Share of wins after follow-ups #4–#11 (the folklore says 80%)."""
        return sum(s.won_here for s in self.steps[4:]) / self.wins if self.wins else None

    def gave_up_after(self, number: int) -> float | None:
        """Of the sequences that reached #number, the share that stopped right there."""
        step = self.steps[number]
        return step.stopped_here / step.reached if step.reached else None


def _bucket(number: int) -> int:
    return min(max(number, 0), LAST_BUCKET)


COLD_KINDS = ("follow_up", "nurture")


def gone_cold(kind, days_overdue, interval, ops=None):
    """A sequence left to go cold: its follow-up (or nurture call) overdue by more than its own
    interval. Over `ops` as core.urgency's formulas are: store.stats renders it as SQL."""
    if ops is None:
        return kind in COLD_KINDS and days_overdue > (interval or 0)
    return ops.one_of(kind, COLD_KINDS) & (days_overdue > ops.or_zero(interval))


def funnel(deals: Iterable[Deal], open_sequences: Iterable[OpenSequence]) -> Funnel:
    """How far sequences got, where the wins came, where they stopped. Churn is not a sequence."""
    steps = [FunnelStep(n) for n in range(LAST_BUCKET + 1)]
    wins = 0
    for deal in deals:
        if deal.outcome == "churned" or deal.closed_after < 0:
            continue
        for step in steps[: _bucket(deal.closed_after) + 1]:
            step.reached += 1
        if deal.outcome == "won":
            steps[_bucket(deal.closed_after)].won_here += 1
            wins += 1
        else:
            steps[_bucket(deal.closed_after)].stopped_here += 1
    furthest: Counter = Counter()  # open sequences by the step they got to (a big book has tens of thousands)
    for seq in open_sequences:
        if seq.follow_ups_done < 0:
            continue
        furthest[_bucket(seq.follow_ups_done)] += seq.count
        if seq.stopped:
            steps[_bucket(seq.follow_ups_done)].stopped_here += seq.count
    beyond = 0
    for step in reversed(steps):  # a sequence that got to #n reached every step up to it
        beyond += furthest[step.number]
        step.reached += beyond
    return Funnel(steps, wins)


@dataclass
class Churn:
    start: dt.date
    end: dt.date
    clients_at_start: int
    lost: int  # clients who churned in the period

    @property
    def rate(self) -> float | None:
        return self.lost / self.clients_at_start if self.clients_at_start else None

    @property
    def retention(self) -> float | None:
        return None if self.rate is None else 1 - self.rate


def _client_at(deals: Sequence[Deal], moment: dt.datetime) -> bool:
    """A contact is a client at a moment when its latest win or churn before it was a win."""
    events = [d for d in deals if d.outcome in ("won", "churned") and d.closed_at < moment]
    return bool(events) and max(events, key=lambda d: d.closed_at).outcome == "won"


def churn(deals: Sequence[Deal], start: dt.date, end: dt.date) -> Churn:
    """Churn = clients lost in the period / clients at its start; retention = 1 − churn."""
    begin = dt.datetime.combine(start, dt.time())
    stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    by_contact: dict[int, list[Deal]] = {}
    for d in deals:
        by_contact.setdefault(d.contact_id, []).append(d)
    clients = {cid for cid, own in by_contact.items() if _client_at(own, begin)}
    lost = {cid for cid in clients
            if any(d.outcome == "churned" and begin <= d.closed_at < stop for d in by_contact[cid])}
    return Churn(start, end, len(clients), len(lost))


def referral_rate(clients: set[int], referrers: set[int]) -> float | None:
    """Share of clients who introduced someone."""
    return len(clients & referrers) / len(clients) if clients else None


def lost_reasons(deals: Iterable[Deal], start: dt.date) -> Counter:
    """Why prospects and clients left in the period, by reason."""
    begin = dt.datetime.combine(start, dt.time())
    return Counter(d.reason or "other" for d in deals if d.outcome in ("lost", "churned") and d.closed_at >= begin)


@dataclass
class TierEffort:
    tier: str
    contacts: int = 0
    touches: int = 0
    spend: float = 0.0


@dataclass
class Effort:
    """The 80/20 check: where the touches and the money go, by tier."""

    tiers: dict[str, TierEffort] = field(default_factory=lambda: {t: TierEffort(t) for t in TIERS})

    def share(self, tier: str, what: str) -> float | None:
        total = sum(getattr(t, what) for t in self.tiers.values())
        return getattr(self.tiers[tier], what) / total if total else None

    @property
    def a_underserved(self) -> bool:
        """A clients get a smaller share of the touches than their share of the book."""
        touches, contacts = self.share("A", "touches"), self.share("A", "contacts")
        return touches is not None and contacts is not None and contacts > 0 and touches < contacts


def effort(totals: Iterable[tuple[str, int, int, float]]) -> Effort:
    """Contacts, touches and spend per tier, from (tier, contacts, touches, spend) totals."""
    result = Effort()
    for tier, contacts, touches, spend in totals:
        if tier in result.tiers:
            result.tiers[tier] = TierEffort(tier, contacts, touches, spend)
    return result
