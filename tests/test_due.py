"""What is due and how urgent: pure rules with an injected today."""

import datetime as dt

import pytest

from kehu.core.due import due_facts, due_items, next_due, urgency
from kehu.core.model import ContactState, SequenceState
from kehu.core.calendar import WorkCalendar
from kehu.core.rules import DEFAULT_FOLLOW_UP_DAYS, Rules, TierCadence, UrgencyWeights

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
pytestmark = pytest.mark.usefixtures("engine")

TODAY = dt.date(2026, 11, 23)  # Monday
# The bare cadence: no shifting off weekends, no care calls (both have tests of their own).
RULES = Rules(calendar=WorkCalendar(shift=False), care_days={})


def contact(done=-1, reference=None, tier="C", stage=None, **seq) -> ContactState:
    if stage is None:
        stage = "pursuing" if done >= 0 else "lead"
    return ContactState(
        id=1, name="张三", tier=tier, stage=stage, created_on=dt.date(2026, 11, 1),
        sequence=SequenceState(follow_ups_done=done, reference_on=reference,
                               last_touch_on=seq.pop("last_touch_on", reference), **seq),
    )


def test_a_new_lead_is_due_for_first_contact_on_the_day_it_was_added():
    item = next_due(contact(), RULES, TODAY)
    assert (item.kind, item.follow_up, item.due) == ("first_contact", 0, dt.date(2026, 11, 1))
    assert item.days_overdue == 22


@pytest.mark.parametrize("done", range(0, 11))
def test_follow_up_n_is_due_the_cadence_interval_after_the_previous_one(done):
    ref = dt.date(2026, 11, 20)
    item = next_due(contact(done=done, reference=ref), RULES, TODAY)
    assert item.kind == "follow_up"
    assert item.follow_up == done + 1
    assert item.due == ref + dt.timedelta(days=DEFAULT_FOLLOW_UP_DAYS[done])


def test_after_follow_up_11_with_no_result_the_contact_is_nurtured_every_60_days():
    ref = dt.date(2026, 11, 1)
    item = next_due(contact(done=11, reference=ref), RULES, TODAY)
    assert (item.kind, item.follow_up, item.due) == ("nurture", 12, dt.date(2026, 12, 31))


@pytest.mark.parametrize("tier,days", [("A", 14), ("B", 30), ("C", 60), ("D", 90)])
def test_won_contacts_get_a_maintenance_touch_by_tier_after_their_last_touch(tier, days):
    last = dt.date(2026, 10, 1)
    item = next_due(contact(done=5, reference=dt.date(2026, 9, 1), tier=tier, stage="won", last_touch_on=last), RULES, TODAY)
    assert item.kind == "maintenance"
    assert item.due == last + dt.timedelta(days=days)
    assert item.follow_up is None


def test_a_lost_contact_has_nothing_due():
    assert next_due(contact(done=3, reference=TODAY, stage="lost"), RULES, TODAY) is None


def test_a_named_next_date_wins_over_the_cadence():
    named = dt.date(2026, 12, 23)
    item = next_due(contact(done=2, reference=dt.date(2026, 11, 20), next_on=named), RULES, TODAY)
    assert item.due == named and item.kind == "follow_up" and item.follow_up == 3
    assert "named" in item.rule


def test_a_promise_without_a_date_is_due_within_a_week_and_names_the_action():
    item = next_due(contact(done=0, reference=dt.date(2026, 11, 20), next_on=None,
                            todo="send the quote", todo_on=dt.date(2026, 11, 20)),
                    Rules(tiers={t: TierCadence(follow_up_days=(30,)) for t in "ABCD"}, care_days={}), TODAY)
    assert item.kind == "promise"
    assert item.due == dt.date(2026, 11, 27)
    assert item.next_action == "send the quote"


def test_a_promise_later_than_the_next_follow_up_rides_along_as_its_action():
    item = next_due(contact(done=0, reference=dt.date(2026, 11, 20), todo="send the quote",
                            todo_on=dt.date(2026, 11, 20)), RULES, TODAY)
    assert item.kind == "follow_up" and item.due == dt.date(2026, 11, 22)
    assert item.next_action == "send the quote"


def test_no_answer_on_friday_is_tried_again_on_monday():
    friday = dt.date(2026, 11, 20)
    item = next_due(contact(done=2, reference=dt.date(2026, 11, 10), attempt_on=friday), RULES, TODAY)
    assert item.due == dt.date(2026, 11, 23)
    assert item.follow_up == 3


def test_nothing_is_due_during_a_pause_and_it_comes_back_on_the_end_date():
    paused = ContactState(id=1, name="x", tier="C", stage="pursuing", created_on=dt.date(2026, 11, 1),
                          sequence=SequenceState(follow_ups_done=1, reference_on=dt.date(2026, 11, 1)),
                          paused_until=dt.date(2026, 12, 1))
    item = next_due(paused, RULES, TODAY)
    assert item.due == dt.date(2026, 12, 1) and item.stage == "paused"
    assert due_items([due_facts(paused, RULES)], RULES, TODAY) == []
    assert len(due_items([due_facts(paused, RULES)], RULES, TODAY, days_ahead=8)) == 1


def test_fourth_follow_up_is_marked_in_the_80_percent_zone_and_third_is_not():
    fourth = next_due(contact(done=3, reference=dt.date(2026, 11, 10)), RULES, TODAY)
    third = next_due(contact(done=2, reference=dt.date(2026, 11, 10)), RULES, TODAY)
    eleventh = next_due(contact(done=10, reference=dt.date(2026, 11, 10)), RULES, TODAY)
    nurture = next_due(contact(done=11, reference=dt.date(2026, 1, 10)), RULES, TODAY)
    assert fourth.in_zone and eleventh.in_zone
    assert not third.in_zone and not nurture.in_zone


def test_stalled_early_means_stopped_after_first_contact_to_3_and_overdue_by_more_than_the_interval():
    # After #2 the next interval (#3) is 5 days: due 11-10 + 5 = 11-15, 8 days overdue > 5.
    stalled = next_due(contact(done=2, reference=dt.date(2026, 11, 10)), RULES, TODAY)
    assert stalled.stalled_early
    # 3 days overdue is not more than the 5-day interval.
    recent = next_due(contact(done=2, reference=dt.date(2026, 11, 15)), RULES, TODAY)
    assert not recent.stalled_early
    # Stopped right after the first contact (#0) is stalled early too (issue 11).
    after_first = next_due(contact(done=0, reference=dt.date(2026, 10, 1)), RULES, TODAY)
    assert after_first.stalled_early


def test_urgency_formula_adds_capped_overdue_days_due_tier_kind_zone_and_stalled():
    w = UrgencyWeights()
    assert urgency(3, "A", "follow_up", False, False, w) == 1.5 + 10 + 14
    assert urgency(100, "D", "follow_up", True, False, w) == 10 + 10 + 0 + 6
    assert urgency(-2, "C", "promise", False, True, w) == -1 + 4 + 3 + 4


def test_due_list_is_most_urgent_first_and_stops_at_the_horizon():
    a = contact(done=4, reference=dt.date(2026, 11, 10), tier="A")  # #5 due 11-17, in zone
    d = ContactState(id=2, name="李四", tier="D", stage="pursuing", created_on=TODAY,
                     sequence=SequenceState(follow_ups_done=0, reference_on=dt.date(2026, 11, 14)))  # due 11-16
    later = ContactState(id=3, name="王五", tier="B", stage="pursuing", created_on=TODAY,
                         sequence=SequenceState(follow_ups_done=0, reference_on=dt.date(2026, 11, 25)))
    facts = [due_facts(c, RULES) for c in (d, later, a)]
    assert [i.contact_id for i in due_items(facts, RULES, TODAY)] == [1, 2]
    assert [i.contact_id for i in due_items(facts, RULES, TODAY, days_ahead=5)] == [1, 2, 3]
