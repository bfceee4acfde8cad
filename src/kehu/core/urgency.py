"""How urgent a due item is: the one definition of urgency, the ★ zone and stalled-early.

Written once, over an `ops` that says how to take a minimum, a weight when a condition holds,
a weight from a table, membership and a missing number. With the default `VALUES` the formulas
compute on Python values (`core.due.assess`); the store hands them SQL column expressions
instead (store.formulas) and gets the same formula as SQL, so that SQLite ranks a big book
exactly as Python ranks a small one. Conditions are combined with `&`, which both Python's
booleans and the SQL expressions understand.
"""

from __future__ import annotations

from types import SimpleNamespace

from kehu.core.model import ZONE

ZONE_KINDS = ("follow_up", "promise")  # the schedules that number a follow-up in the zone
EARLY = range(0, 4)  # stopped after the first contact or follow-up #1–#3 (DOMAIN.md §1)


def _when(condition, weight: float) -> float:
    return weight if condition else 0.0


def _lookup(key, weights: dict) -> float:
    return weights.get(key, 0.0)


def _one_of(value, values) -> bool:
    return value in values


def _or_zero(value):
    return value or 0


# The formulas' operations on Python values (functions held on the instance: assess runs once
# per due item, and a plain attribute is the cheapest to look up).
VALUES = SimpleNamespace(least=min, when=_when, lookup=_lookup, one_of=_one_of, or_zero=_or_zero)


def in_zone(stage, kind, follow_up, ops=VALUES):
    """Follow-ups #4–#11 of a contact being pursued, where 80% of deals close (marked ★)."""
    return (stage == "pursuing") & ops.one_of(kind, ZONE_KINDS) & ops.one_of(follow_up, ZONE)


def stalled_early(kind, follow_ups_done, days_overdue, interval, ops=VALUES):
    """Stopped after the first contact or follow-up #1–#3 (#1–#4 due), overdue by more than the
    interval itself — where most salespeople give up (DOMAIN.md §1)."""
    return (kind == "follow_up") & ops.one_of(follow_ups_done, EARLY) & (days_overdue > ops.or_zero(interval))


def urgency(days_overdue, tier, kind, zone, stalled, w, ops=VALUES):
    """urgency = per_day·min(days overdue, cap) + due (once due) + tier + kind + zone (#4–#11)
    + stalled early (`w`: core.rules.UrgencyWeights)."""
    return (w.per_day_overdue * ops.least(days_overdue, w.overdue_cap_days) + ops.when(days_overdue >= 0, w.due)
            + (ops.lookup(tier, w.tier) + ops.lookup(kind, w.kind)) + ops.when(zone, w.zone)
            + ops.when(stalled, w.stalled_early))


def highest_urgency(tier, w, least_days_overdue: int, kinds) -> float:
    """The highest urgency any due item of `tier` (of one of `kinds`) can reach when it is at least
    `least_days_overdue` days overdue (negative: due in that many days) — the formulas above
    evaluated at every point where one of their terms can change, so that no weight's sign is
    assumed. The store skips the rows of tiers that cannot reach the day's most urgent items."""
    cap = w.overdue_cap_days
    # min(days, cap) and days ≥ 0 and days > interval change only at these points (linear between).
    days = {d for d in (least_days_overdue, -1, 0, 1, cap, cap + 1) if d >= least_days_overdue}
    best = None
    for kind in kinds:
        zones = {in_zone(stage, kind, n) for stage in ("pursuing", None) for n in (None, ZONE.start)}
        for d in days:
            stalls = {stalled_early(kind, done, d, interval) for done in (EARLY.start, EARLY.stop)
                      for interval in (None, d - 1, d)}
            for zone in zones:
                for stalled in stalls:
                    u = urgency(d, tier, kind, zone, stalled, w)
                    best = u if best is None else max(best, u)
    return best
