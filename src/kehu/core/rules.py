"""The tunable numbers behind the cadence and the urgency formula, with the defaults kehu ships."""

from __future__ import annotations

from dataclasses import dataclass, field

from kehu.core.calendar import WorkCalendar

# Days from the previous work touch to follow-ups #1…#11: widening, about four months in all,
# "not too tight (the client gets annoyed), not too loose (the client is lost)" (DOMAIN.md §1).
DEFAULT_FOLLOW_UP_DAYS = (2, 3, 5, 7, 7, 10, 14, 14, 21, 21, 30)
DEFAULT_NURTURE_DAYS = 60
DEFAULT_MAINTENANCE_DAYS = {"A": 14, "B": 30, "C": 60, "D": 90}
DEFAULT_PROMISE_DAYS = 7  # "give feedback within one week" (DOMAIN.md §2)
# Care calls (DOMAIN.md §4) for won clients and key (A/B) contacts, deliberately less regular
# than work calls: each interval is moved by a per-contact jitter of up to ±30%.
DEFAULT_CARE_DAYS = {"A": 30, "B": 45, "C": 90}  # C: won clients only; D: none
DEFAULT_CARE_JITTER = 0.3


@dataclass(frozen=True)
class TierCadence:
    """The rhythm for one tier."""

    follow_up_days: tuple[int, ...] = DEFAULT_FOLLOW_UP_DAYS
    nurture_days: int = DEFAULT_NURTURE_DAYS
    maintenance_days: int = 60


@dataclass(frozen=True)
class UrgencyWeights:
    """Weights of the urgency formula (see `core.urgency`).

    Chosen so that the 80/20 rule holds (DOMAIN.md §3): being due at all weighs more than any
    lateness, lateness adds at most `per_day_overdue × overdue_cap_days` (10), and the tier
    weights spread as wide as lateness can — an A client's ★ follow-up due today (10 + 14 + 6)
    outranks a D contact forgotten for weeks (10 + 10, + 4 stalled), and both outrank anything
    not yet due. Open complaints are listed first whatever their score (`core.due.rank_key`).
    """

    per_day_overdue: float = 0.5
    overdue_cap_days: int = 20
    due: float = 10.0  # once an item is due (today or overdue)
    tier: dict[str, float] = field(default_factory=lambda: {"A": 14.0, "B": 9.0, "C": 4.0, "D": 0.0})
    zone: float = 6.0
    stalled_early: float = 4.0
    kind: dict[str, float] = field(
        default_factory=lambda: {
            "first_contact": 1.0,
            "follow_up": 0.0,
            "promise": 3.0,
            "nurture": -2.0,
            "maintenance": 0.0,
            "complaint": 20.0,  # an unresolved complaint is 10% of churn (and always listed first)
            "complaint_call": 3.0,
            "care": 0.0,
            "occasion": 2.0,
            "greeting": 1.0,
            "account": 3.0,  # a key account's silent decision maker, or a single thread (core.accounts)
        }
    )


def _default_tiers() -> dict[str, TierCadence]:
    return {t: TierCadence(maintenance_days=d) for t, d in DEFAULT_MAINTENANCE_DAYS.items()}


@dataclass(frozen=True)
class Rules:
    """Everything the due rules read from the configuration."""

    tiers: dict[str, TierCadence] = field(default_factory=_default_tiers)
    promise_days: int = DEFAULT_PROMISE_DAYS
    urgency: UrgencyWeights = field(default_factory=UrgencyWeights)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)  # weekends only unless configured
    care_days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CARE_DAYS))
    care_jitter: float = DEFAULT_CARE_JITTER

    def for_tier(self, tier: str) -> TierCadence:
        """The cadence of a tier (C's when the tier is unknown)."""
        return self.tiers.get(tier) or self.tiers["C"]
