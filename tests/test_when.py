"""How kehu reads the dates people type: fixed `today`s, never the real clock."""

import datetime as dt

import pytest

from kehu.core.when import ACCEPTED_FORMS, WhenError, parse_date, parse_moment

MONDAY = dt.date(2026, 11, 23)
WEDNESDAY = dt.date(2026, 11, 25)
MONDAY_AFTERNOON = dt.datetime(2026, 11, 23, 16, 45, 10)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize("text", [
    "2026-12-01", "2026/12/01", "2026.12.01", "2026-12-1", "2026年12月1日", "2026年12月1号", " 2026-12-01 ",
])
def test_calendar_dates_in_any_common_spelling_mean_that_day(text):
    assert parse_date(text, MONDAY) == d("2026-12-01")


@pytest.mark.parametrize("text, expected", [
    ("today", "2026-11-23"), ("TODAY", "2026-11-23"), ("tomorrow", "2026-11-24"), ("yesterday", "2026-11-22"),
    ("今天", "2026-11-23"), ("明天", "2026-11-24"), ("后天", "2026-11-25"), ("昨天", "2026-11-22"), ("前天", "2026-11-21"),
])
def test_named_days_count_from_today(text, expected):
    assert parse_date(text, MONDAY) == d(expected)


@pytest.mark.parametrize("text, expected", [
    ("3d", "2026-11-26"), ("+3d", "2026-11-26"), ("3 days", "2026-11-26"), ("1 day", "2026-11-24"),
    ("2w", "2026-12-07"), ("2 weeks", "2026-12-07"), ("1 week", "2026-11-30"),
    ("1m", "2026-12-23"), ("1 month", "2026-12-23"), ("3 months", "2027-02-23"),
    ("1y", "2027-11-23"), ("1 year", "2027-11-23"), ("2 Years", "2028-11-23"),
])
def test_english_durations_count_forward_from_today(text, expected):
    assert parse_date(text, MONDAY) == d(expected)


@pytest.mark.parametrize("text, expected", [
    ("3天后", "2026-11-26"), ("2周后", "2026-12-07"), ("2个星期后", "2026-12-07"), ("1个月后", "2026-12-23"),
    ("1年后", "2027-11-23"), ("三天后", "2026-11-26"), ("两周后", "2026-12-07"), ("十天后", "2026-12-03"),
    ("十二天后", "2026-12-05"), ("二十天后", "2026-12-13"), ("3 天后", "2026-11-26"), ("3天以后", "2026-11-26"),
])
def test_chinese_durations_count_forward_from_today(text, expected):
    assert parse_date(text, MONDAY) == d(expected)


@pytest.mark.parametrize("text, expected", [
    ("3d ago", "2026-11-20"), ("2 weeks ago", "2026-11-09"), ("1 month ago", "2026-10-23"), ("-3d", "2026-11-20"),
    ("3天前", "2026-11-20"), ("1个月前", "2026-10-23"), ("两周前", "2026-11-09"),
])
def test_past_durations_count_backward_from_today(text, expected):
    assert parse_date(text, MONDAY) == d(expected)


def test_a_month_after_the_31st_lands_on_the_last_day_of_a_short_month():
    assert parse_date("1m", d("2026-01-31")) == d("2026-02-28")
    assert parse_date("1m", d("2024-01-31")) == d("2024-02-29")
    assert parse_date("1个月后", d("2024-01-31")) == d("2024-02-29")
    assert parse_date("1m ago", d("2026-03-31")) == d("2026-02-28")
    assert parse_date("1y", d("2024-02-29")) == d("2025-02-28")


@pytest.mark.parametrize("text, expected", [
    ("mon", "2026-11-30"), ("tue", "2026-11-24"), ("wed", "2026-11-25"), ("thu", "2026-11-26"),
    ("fri", "2026-11-27"), ("sat", "2026-11-28"), ("sun", "2026-11-29"),
    ("Monday", "2026-11-30"), ("friday", "2026-11-27"), ("SUNDAY", "2026-11-29"),
    ("周一", "2026-11-30"), ("周五", "2026-11-27"), ("周日", "2026-11-29"), ("周天", "2026-11-29"),
    ("星期一", "2026-11-30"), ("星期三", "2026-11-25"), ("星期日", "2026-11-29"), ("星期天", "2026-11-29"),
])
def test_weekday_name_means_the_next_such_day_never_today(text, expected):
    assert parse_date(text, MONDAY) == d(expected)


def test_on_a_wednesday_wed_is_a_week_away_and_mon_is_five_days_away():
    assert parse_date("wed", WEDNESDAY) == d("2026-12-02")
    assert parse_date("星期三", WEDNESDAY) == d("2026-12-02")
    assert parse_date("mon", WEDNESDAY) == d("2026-11-30")
    assert parse_date("tue", WEDNESDAY) == d("2026-12-01")


@pytest.mark.parametrize("text, expected", [
    ("下周一", "2026-11-30"), ("下周三", "2026-12-02"), ("下周日", "2026-12-06"), ("下周天", "2026-12-06"),
    ("下星期一", "2026-11-30"), ("下星期五", "2026-12-04"),
])
def test_next_week_weekday_means_that_day_in_the_following_monday_to_sunday_week(text, expected):
    assert parse_date(text, WEDNESDAY) == d(expected)


def test_next_week_monday_seen_from_a_monday_is_seven_days_later_and_next_sunday_thirteen():
    assert parse_date("下周一", MONDAY) == d("2026-11-30")
    assert parse_date("下周日", MONDAY) == d("2026-12-06")


@pytest.mark.parametrize("text", [
    "", "   ", "soon", "3x", "2026-02-30", "2026-13-01", "2026-11-20 15:30", "25:00", "next fortnight", "-3d ago",
    "十十天后", "2026-11/20", "1月后",
])
def test_unreadable_dates_raise_an_error_naming_the_accepted_forms(text):
    with pytest.raises(WhenError, match="YYYY-MM-DD") as caught:
        parse_date(text, MONDAY)
    assert "\n" not in str(caught.value)
    assert repr(text) in str(caught.value)


def test_when_error_is_a_value_error_and_the_forms_fit_on_one_line():
    assert issubclass(WhenError, ValueError)
    assert "\n" not in ACCEPTED_FORMS and "YYYY-MM-DD" in ACCEPTED_FORMS


@pytest.mark.parametrize("text, expected", [
    ("yesterday 15:30", dt.datetime(2026, 11, 22, 15, 30)),
    ("2026-11-20 09:05", dt.datetime(2026, 11, 20, 9, 5)),
    ("2026-11-20T09:05", dt.datetime(2026, 11, 20, 9, 5)),
    ("2026-11-20 9:05", dt.datetime(2026, 11, 20, 9, 5)),
    ("昨天 15:30", dt.datetime(2026, 11, 22, 15, 30)),
    ("today 00:00", dt.datetime(2026, 11, 23, 0, 0)),
    ("3d ago 23:59", dt.datetime(2026, 11, 20, 23, 59)),
])
def test_a_moment_is_a_date_plus_the_time_given(text, expected):
    assert parse_moment(text, MONDAY_AFTERNOON) == expected


def test_a_moment_without_a_time_is_now_if_today_else_noon():
    assert parse_moment("today", MONDAY_AFTERNOON) == MONDAY_AFTERNOON
    assert parse_moment("yesterday", MONDAY_AFTERNOON) == dt.datetime(2026, 11, 22, 12, 0)
    assert parse_moment("2026-11-20", MONDAY_AFTERNOON) == dt.datetime(2026, 11, 20, 12, 0)
    assert parse_moment("前天", MONDAY_AFTERNOON) == dt.datetime(2026, 11, 21, 12, 0)


def test_a_moment_keeps_the_timezone_of_now():
    aware_now = MONDAY_AFTERNOON.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert parse_moment("yesterday 15:30", aware_now).tzinfo == aware_now.tzinfo
    assert parse_moment("today", aware_now) == aware_now


@pytest.mark.parametrize("text", [
    "", "soon", "25:00", "yesterday 25:00", "yesterday 15:60", "2026-02-30 10:00", "yesterday 15:3", "3x 10:00",
])
def test_unreadable_moments_raise_an_error_naming_the_accepted_forms(text):
    with pytest.raises(WhenError, match="YYYY-MM-DD") as caught:
        parse_moment(text, MONDAY_AFTERNOON)
    assert "\n" not in str(caught.value)


# The forms Chinese users (and English ones) type, relative to Monday 2026-11-30.
@pytest.mark.parametrize("text, expected", [
    ("12/3", "2026-12-03"), ("12-03", "2026-12-03"), ("12月3日", "2026-12-03"), ("12月3号", "2026-12-03"),
    ("20261203", "2026-12-03"), ("大后天", "2026-12-03"), ("大前天", "2026-11-27"), ("半个月后", "2026-12-15"),
    ("半年后", "2027-05-30"), ("next monday", "2026-12-07"), ("next fri", "2026-12-04"), ("next week", "2026-12-07"),
    ("下个月", "2026-12-30"), ("明年", "2027-11-30"),
])
def test_the_forms_people_type_are_read(text, expected):
    assert parse_date(text, d("2026-11-30")) == d(expected)


def test_a_month_and_day_is_the_nearest_occurrence_either_side_of_new_year():
    assert parse_date("1/5", d("2026-12-30")) == d("2027-01-05")  # a --next in late December
    assert parse_date("12/28", d("2027-01-02")) == d("2026-12-28")  # an --at in early January
    assert parse_date("2月29日", d("2027-11-30")) == d("2028-02-29")  # only a leap year has it
