"""Follow-up numbering and the sequence summary: pure rules, no database."""

import datetime as dt

from kehu.core.follow_up_numbers import number_touches, same_day, stage_after_touches, summarise
from kehu.core.model import TouchFacts


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour)


def test_first_answered_touch_is_first_contact_then_follow_ups_count_up():
    touches = [TouchFacts(at(1)), TouchFacts(at(3)), TouchFacts(at(6))]
    assert number_touches(touches) == [0, 1, 2]


def test_unanswered_attempt_carries_the_number_it_tried_for_without_using_it_up():
    touches = [TouchFacts(at(1)), TouchFacts(at(3), outcome="none"), TouchFacts(at(4))]
    assert number_touches(touches) == [0, 1, 1]


def test_care_touch_is_not_a_follow_up():
    touches = [TouchFacts(at(1)), TouchFacts(at(2), care=True), TouchFacts(at(3))]
    assert number_touches(touches) == [0, None, 1]


def test_touches_before_a_new_sequence_or_after_closing_have_no_number():
    touches = [TouchFacts(at(1)), TouchFacts(at(5)), TouchFacts(at(9)), TouchFacts(at(12))]
    assert number_touches(touches, sequence_start=at(4), closed_at=at(10)) == [None, 0, 1, None]


def test_summary_counts_follow_ups_and_runs_the_clock_from_the_last_answered_work_touch():
    touches = [TouchFacts(at(1)), TouchFacts(at(3)), TouchFacts(at(5), care=True)]
    _, state = summarise(touches)
    assert state.follow_ups_done == 1
    assert state.reference_on == dt.date(2026, 11, 3)
    assert state.last_touch_on == dt.date(2026, 11, 5)  # care counts as contact
    assert state.attempt_on is None


def test_an_unanswered_attempt_after_the_last_answer_is_remembered():
    _, state = summarise([TouchFacts(at(1)), TouchFacts(at(4), outcome="none")])
    assert state.attempt_on == dt.date(2026, 11, 4)
    assert state.last_touch_on == dt.date(2026, 11, 1)
    _, answered_later = summarise([TouchFacts(at(1)), TouchFacts(at(4), outcome="none"), TouchFacts(at(5))])
    assert answered_later.attempt_on is None


def test_a_named_next_date_stands_until_the_next_work_touch():
    named = dt.date(2026, 12, 20)
    _, state = summarise([TouchFacts(at(1), next_on=named, todo="send quote")])
    assert state.next_on == named and state.todo == "send quote"
    assert state.todo_on == dt.date(2026, 11, 1)
    _, later = summarise([TouchFacts(at(1), next_on=named, todo="send quote"), TouchFacts(at(6))])
    assert later.next_on is None and later.todo is None


def test_a_care_touch_does_not_cancel_a_named_next_date():
    named = dt.date(2026, 12, 20)
    _, state = summarise([TouchFacts(at(1), next_on=named), TouchFacts(at(6), care=True)])
    assert state.next_on == named


def test_stage_follows_the_first_contact_but_never_overrides_won_or_lost():
    _, none_yet = summarise([])
    _, met = summarise([TouchFacts(at(1))])
    assert stage_after_touches("lead", none_yet) == "lead"
    assert stage_after_touches("lead", met) == "pursuing"
    assert stage_after_touches("won", met) == "won"
    assert stage_after_touches("lost", none_yet) == "lost"


# Follow-up numbering by day (issue 11): a follow-up is a contact made on a day, whatever
# channels it used.

def test_a_gift_a_dinner_and_a_thank_you_wechat_on_one_day_are_one_follow_up():
    touches = [TouchFacts(at(1)), TouchFacts(at(10, 11)), TouchFacts(at(10, 19)), TouchFacts(at(10, 22))]
    assert number_touches(touches) == [0, 1, 1, 1]
    assert same_day(touches, number_touches(touches)) == [False, False, True, True]
    _, state = summarise(touches)
    assert state.follow_ups_done == 1
    assert state.reference_on == dt.date(2026, 11, 10)


def test_the_next_day_starts_the_next_follow_up():
    touches = [TouchFacts(at(1, 9)), TouchFacts(at(1, 17)), TouchFacts(at(2, 9))]
    assert number_touches(touches) == [0, 0, 1]


def test_the_first_reached_touch_numbers_the_day_and_an_earlier_attempt_tries_for_it():
    touches = [TouchFacts(at(1)), TouchFacts(at(3, 9), outcome="none"), TouchFacts(at(3, 15)), TouchFacts(at(3, 18))]
    numbers = number_touches(touches)
    assert numbers == [0, 1, 1, 1]
    assert same_day(touches, numbers) == [False, False, False, True]


def test_an_unanswered_attempt_alone_on_a_day_still_does_not_count():
    touches = [TouchFacts(at(1)), TouchFacts(at(3, 9), outcome="none"), TouchFacts(at(3, 15), outcome="none")]
    assert number_touches(touches) == [0, 1, 1]
    _, state = summarise(touches)
    assert state.follow_ups_done == 0
    assert state.attempt_on == dt.date(2026, 11, 3)


def test_no_answer_later_on_a_day_already_reached_is_no_attempt_to_retry():
    touches = [TouchFacts(at(1)), TouchFacts(at(3, 9)), TouchFacts(at(3, 15), outcome="none")]
    numbers = number_touches(touches)
    assert numbers == [0, 1, 1]
    assert same_day(touches, numbers) == [False, False, True]
    _, state = summarise(touches)
    assert state.follow_ups_done == 1 and state.attempt_on is None


def test_a_care_touch_on_a_follow_up_day_stays_a_care_touch():
    touches = [TouchFacts(at(1)), TouchFacts(at(3, 9)), TouchFacts(at(3, 12), care=True)]
    assert number_touches(touches) == [0, 1, None]
    assert same_day(touches, number_touches(touches)) == [False, False, False]


def test_a_promise_made_at_dinner_stands_after_the_thank_you_message_the_same_evening():
    named = dt.date(2026, 11, 20)
    touches = [TouchFacts(at(1)), TouchFacts(at(10, 19), todo="send the quote", next_on=named), TouchFacts(at(10, 22))]
    _, state = summarise(touches)
    assert state.todo == "send the quote" and state.next_on == named
    _, next_day = summarise(touches + [TouchFacts(at(11, 9))])
    assert next_day.todo is None and next_day.next_on is None  # the next day's follow-up moves on
