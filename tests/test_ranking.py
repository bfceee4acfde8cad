"""Issue 11: a ranking that follows the 80/20 rule, and stalled early from the first contact on.
Pure rules, today injected."""

import datetime as dt

from kehu.core.calendar import WorkCalendar
from kehu.core.due import due_facts, due_items, next_due, urgency
from kehu.core.model import ContactState, DueFacts, Schedule, SequenceState
from kehu.core.rules import Rules, UrgencyWeights

TODAY = dt.date(2027, 1, 18)  # a Monday
RULES = Rules(calendar=WorkCalendar(shift=False), care_days={})


def pursuing(id_, tier, done, reference, name=None) -> ContactState:
    return ContactState(id=id_, name=name or f"c{id_}", tier=tier, stage="pursuing", created_on=dt.date(2026, 10, 1),
                        sequence=SequenceState(follow_ups_done=done, reference_on=reference, last_touch_on=reference))


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def test_an_a_clients_star_5_due_today_outranks_a_d_contact_40_days_overdue_and_both_outrank_what_is_not_due():
    a_star = pursuing(1, "A", 4, TODAY - days(7))  # #5: 7 days after #4 → due today
    d_neglected = pursuing(2, "D", 0, TODAY - days(42))  # #1: 2 days after first contact → 40 days overdue
    a_upcoming = pursuing(3, "A", 5, TODAY - days(8))  # ★ #6: 10 days after #5 → due in 2 days
    b_upcoming = pursuing(4, "B", 1, TODAY - days(1))  # #2 due in 2 days
    items = due_items([due_facts(c, RULES) for c in (d_neglected, b_upcoming, a_upcoming, a_star)], RULES, TODAY, 7)
    assert [(i.contact_id, i.days_overdue) for i in items] == [(1, 0), (2, 40), (3, -2), (4, -2)]
    assert items[0].in_zone and items[0].follow_up == 5


def test_an_open_complaint_is_always_at_the_top():
    complaint = ContactState(id=9, name="投诉", tier="D", stage="won", created_on=dt.date(2026, 1, 1),
                             sequence=SequenceState(follow_ups_done=3, last_touch_on=TODAY - days(3),
                                                    complaint_open=True, complaint_due=TODAY + days(20)))
    old_maintenance = ContactState(id=8, name="老客户", tier="A", stage="won", created_on=dt.date(2026, 1, 1),
                                   sequence=SequenceState(follow_ups_done=3, last_touch_on=TODAY - days(200)))
    a_star = pursuing(1, "A", 4, TODAY - days(40))
    from kehu.core.due import side_facts

    facts = [due_facts(c, RULES) for c in (old_maintenance, a_star, complaint)] + side_facts(complaint, RULES)
    items = due_items([f for f in facts if f], RULES, TODAY)
    assert items[0].kind == "complaint" and items[0].contact_id == 9


def test_lateness_adds_at_most_the_cap():
    w = UrgencyWeights()
    capped = urgency(w.overdue_cap_days, "D", "follow_up", False, False, w)
    assert urgency(400, "D", "follow_up", False, False, w) == capped


def test_being_due_weighs_more_than_a_tier():
    w = UrgencyWeights()
    assert urgency(0, "D", "follow_up", False, False, w) - urgency(-1, "D", "follow_up", False, False, w) >= w.due


def test_a_contact_stuck_right_after_first_contact_is_stalled_early():
    stuck = next_due(pursuing(1, "C", 0, TODAY - days(44)), RULES, TODAY)  # #1 overdue 42 days
    assert (stuck.follow_up, stuck.days_overdue, stuck.stalled_early) == (1, 42, True)
    for done in (1, 2, 3):  # #2, #3 and #4 due
        assert next_due(pursuing(1, "C", done, TODAY - days(60)), RULES, TODAY).stalled_early
    fresh = next_due(pursuing(1, "C", 0, TODAY - days(4)), RULES, TODAY)  # 2 days overdue: not more than 2
    assert not fresh.stalled_early
    later = next_due(pursuing(1, "C", 4, TODAY - days(60)), RULES, TODAY)  # #5: past the early stage
    assert not later.stalled_early
