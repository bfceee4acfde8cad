"""The one definition of urgency, the ★ zone and stalled-early (core.urgency), computed on
Python values and rendered as SQL for SQLite (store.formulas): one formula, two evaluators."""

import itertools
import sqlite3

import pytest

from kehu.core.rules import UrgencyWeights
from kehu.core.urgency import in_zone, stalled_early, urgency
from kehu.store.formulas import SQL, Sql

W = UrgencyWeights()


def test_follow_ups_4_to_11_of_a_pursued_contact_are_in_the_zone():
    assert [n for n in range(0, 14) if in_zone("pursuing", "follow_up", n)] == list(range(4, 12))
    assert in_zone("pursuing", "promise", 5)
    assert not in_zone("won", "follow_up", 5) and not in_zone("pursuing", "nurture", 5)
    assert not in_zone("pursuing", "maintenance", None)


def test_a_contact_is_stalled_early_when_overdue_by_more_than_the_interval_before_follow_up_4():
    assert stalled_early("follow_up", 2, 8, 7) and not stalled_early("follow_up", 2, 7, 7)
    assert not stalled_early("follow_up", 4, 30, 7)  # #5 due: past the early stage
    assert not stalled_early("care", 1, 30, None)


def test_urgency_adds_lateness_capped_due_tier_kind_zone_and_stalled():
    assert urgency(-3, "C", "follow_up", False, False, W) == W.per_day_overdue * -3 + W.tier["C"]
    assert urgency(0, "A", "follow_up", True, False, W) == W.due + W.tier["A"] + W.zone
    late = urgency(100, "D", "follow_up", False, True, W)
    assert late == W.per_day_overdue * W.overdue_cap_days + W.due + W.stalled_early


def _sql_value(expr: Sql, row: dict):
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE t ({', '.join(row)})")
    conn.execute(f"INSERT INTO t VALUES ({', '.join('?' * len(row))})", list(row.values()))
    return conn.execute(f"SELECT {expr.text} FROM t", expr.params).fetchone()[0]


@pytest.mark.parametrize("weights", [W, UrgencyWeights(due=0, per_day_overdue=2, overdue_cap_days=5),
                                     UrgencyWeights(tier={"A": 30.0}, kind={}, zone=0.25)])
def test_the_sql_rendering_computes_what_python_computes(weights):
    cases = itertools.product(("pursuing", "won", "lead"), ("follow_up", "promise", "care", "first_contact"),
                              (None, 0, 3, 4, 11, 12), (-5, 0, 3, 30), ("A", "C", "D"), (None, 2, 7))
    for stage, kind, follow_up, over, tier, interval in cases:
        done = (follow_up or 1) - 1
        zone = in_zone(stage, kind, follow_up)
        stalled = stalled_early(kind, done, over, interval)
        expected = urgency(over, tier, kind, zone, stalled, weights)
        cols = {c: Sql(c) for c in ("stage", "kind", "follow_up", "done", "over", "tier", "interval")}
        sql_zone = in_zone(cols["stage"], cols["kind"], cols["follow_up"], SQL)
        sql_stalled = stalled_early(cols["kind"], cols["done"], cols["over"], cols["interval"], SQL)
        score = urgency(cols["over"], cols["tier"], cols["kind"], sql_zone, sql_stalled, weights, SQL)
        row = {"stage": stage, "kind": kind, "follow_up": follow_up, "done": done, "over": over, "tier": tier,
               "interval": interval}
        assert bool(_sql_value(sql_zone, row)) == zone
        assert bool(_sql_value(sql_stalled, row)) == stalled
        assert _sql_value(score, row) == expected, row


@pytest.mark.parametrize("weights", [W, UrgencyWeights(due=0, per_day_overdue=2, overdue_cap_days=5),
                                     UrgencyWeights(per_day_overdue=-1, zone=-3, stalled_early=-2, tier={"A": 30.0, "B": -4}),
                                     UrgencyWeights(tier={"A": 30.0}, kind={}, zone=0.25)])
@pytest.mark.parametrize("least", [-14, 0, 3, 40])
def test_the_highest_urgency_of_a_tier_is_never_beaten_by_any_item_of_it(weights, least):
    """The store skips a tier whose highest possible urgency is below the day's top rows: the bound
    must hold for every item of that tier the formulas can score — and be reached by one of them."""
    from kehu.core.model import SCHEDULE_KINDS
    from kehu.core.urgency import highest_urgency

    kinds = (*SCHEDULE_KINDS, "care", None)
    for tier in ("A", "B", "C", "D", None):
        bound = highest_urgency(tier, weights, least, kinds)
        cap, scores = weights.overdue_cap_days, set()
        days = {d for d in (least, least + 1, -2, -1, 0, 1, 2, 6, cap - 1, cap, cap + 1, cap + 9, 90) if d >= least}
        for stage, kind, follow_up, done, over, interval in itertools.product(
                ("pursuing", "won"), kinds, (None, 1, 4, 11, 12), (-1, 0, 3, 4),
                days, (None, 0, 2, 7, 30)):
            zone = in_zone(stage, kind, follow_up)
            scores.add(urgency(over, tier, kind, zone, stalled_early(kind, done, over, interval), weights))
        assert max(scores) == bound, (tier, least)
