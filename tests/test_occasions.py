"""Personal dates, year by year (2024–2030): Feb 29, lunar day 30, leap months; reminders."""

import datetime as dt

import pytest
from borax.calendars.lunardate import LunarDate

from kehu.core.occasions import (DateEntry, DateSpec, Occasions, festivals, lunar_in_year, next_occurrence,
                                 occasion_due, parse_spec, solar_in_year, years_since)

D = dt.date
YEARS = range(2024, 2031)


@pytest.mark.parametrize("year,expected", [(2024, D(2024, 2, 29)), (2025, D(2025, 2, 28)), (2026, D(2026, 2, 28)),
                                           (2027, D(2027, 2, 28)), (2028, D(2028, 2, 29)), (2029, D(2029, 2, 28)),
                                           (2030, D(2030, 2, 28))])
def test_feb_29_falls_on_feb_28_in_common_years(year, expected):
    assert solar_in_year(DateSpec(2, 29, 1996), year) == expected


def test_feb_29_can_fall_on_mar_1_instead():
    assert solar_in_year(DateSpec(2, 29), 2026, feb29="mar1") == D(2026, 3, 1)
    assert solar_in_year(DateSpec(2, 29), 2028, feb29="mar1") == D(2028, 2, 29)


# 除夕, the last day of each lunar year: the eve of these well-known Spring Festivals
# (2025-01-29, 2026-02-17, 2027-02-06, 2028-01-26, 2029-02-13, 2030-02-03, 2031-01-23).
@pytest.mark.parametrize("lunar_year,eve", [(2024, D(2025, 1, 28)), (2025, D(2026, 2, 16)), (2026, D(2027, 2, 5)),
                                            (2027, D(2028, 1, 25)), (2028, D(2029, 2, 12)), (2029, D(2030, 2, 2)),
                                            (2030, D(2031, 1, 22))])
def test_a_birthday_on_la_yue_sanshi_is_on_the_last_day_of_the_year_when_the_month_has_29_days(lunar_year, eve):
    assert lunar_in_year(DateSpec(12, 30, 1990, lunar=True), lunar_year) == eve


# 中秋 (八月十五), well known: a lunar birthday on 08-15 falls on Mid-Autumn every year.
@pytest.mark.parametrize("lunar_year,mid_autumn", [(2024, D(2024, 9, 17)), (2025, D(2025, 10, 6)), (2026, D(2026, 9, 25)),
                                                   (2027, D(2027, 9, 15)), (2028, D(2028, 10, 3)), (2029, D(2029, 9, 22)),
                                                   (2030, D(2030, 9, 12))])
def test_a_lunar_birthday_follows_the_lunar_calendar(lunar_year, mid_autumn):
    assert lunar_in_year(DateSpec(8, 15, lunar=True), lunar_year) == mid_autumn


@pytest.mark.parametrize("lunar_year", YEARS)
def test_born_in_a_leap_month_celebrates_in_the_leap_month_when_the_year_has_it_else_the_ordinary_one(lunar_year):
    born = DateSpec(6, 10, 2025, lunar=True, leap=True)  # 2025 had a 闰六月
    has_leap_six = lunar_year == 2025
    assert lunar_in_year(born, lunar_year) == LunarDate(lunar_year, 6, 10, int(has_leap_six)).to_solar_date()


def test_born_in_an_ordinary_month_celebrates_once_a_year_even_when_the_year_has_its_leap_twin():
    born = DateSpec(6, 10, 2000, lunar=True)
    ordinary_2025 = LunarDate(2025, 6, 10, 0).to_solar_date()
    leap_twin_2025 = LunarDate(2025, 6, 10, 1).to_solar_date()
    assert lunar_in_year(born, 2025) == ordinary_2025
    day, year = next_occurrence(born, ordinary_2025 + dt.timedelta(days=1))
    assert day != leap_twin_2025 and year == 2026


def test_ages_and_anniversaries_count_in_the_calendar_of_the_date():
    assert years_since(DateSpec(8, 15, 1985, lunar=True), 2026) == 41
    assert years_since(DateSpec(8, 15, lunar=True), 2026) is None
    day, year = next_occurrence(DateSpec(10, 25, 2016, lunar=True), D(2026, 11, 23))
    assert (day, years_since(DateSpec(10, 25, 2016, lunar=True), year)) == (D(2026, 12, 3), 10)


@pytest.mark.parametrize("text,lunar,spec", [
    ("1985-08-15", False, DateSpec(8, 15, 1985)),
    ("08-15", False, DateSpec(8, 15)),
    ("02-29", False, DateSpec(2, 29)),
    ("1985-08-15", True, DateSpec(8, 15, 1985, lunar=True)),
    ("闰6-10", True, DateSpec(6, 10, lunar=True, leap=True)),
    ("L06-10", True, DateSpec(6, 10, lunar=True, leap=True)),
    ("2025-闰6-10", True, DateSpec(6, 10, 2025, lunar=True, leap=True)),
])
def test_dates_are_read_in_every_documented_form(text, lunar, spec):
    assert parse_spec(text, lunar) == spec


@pytest.mark.parametrize("text,lunar", [("13-01", False), ("2026-02-29", False), ("12-31", True),
                                        ("2024-闰6-10", True), ("soon", False), ("闰6-10", False)])
def test_impossible_dates_are_refused(text, lunar):
    with pytest.raises(Exception):
        parse_spec(text, lunar)


def entry(spec, tier="B", last_touch=None, remind=None, last_greeting=None):
    return DateEntry(1, 7, "张伟", None, tier, "won", "birthday", "child", spec, remind, last_touch, last_greeting)


def test_a_reminder_starts_the_tiers_lead_days_ahead_and_a_greeting_since_then_clears_it():
    spec = DateSpec(12, 3, 2016)
    settings = Occasions()  # B: 3 days ahead
    today = D(2026, 11, 30)
    item = occasion_due(entry(spec), settings, today, today)
    assert item.kind == "occasion" and item.due == D(2026, 12, 3) and "turns 10" in item.next_action
    assert occasion_due(entry(spec), settings, D(2026, 11, 29), D(2026, 11, 29)) is None  # not yet
    assert occasion_due(entry(spec, last_greeting=D(2026, 11, 30)), settings, today, today) is None  # greeted
    assert occasion_due(entry(spec, last_greeting=D(2026, 11, 29)), settings, today, today) is not None
    assert occasion_due(entry(spec, remind=10), settings, D(2026, 11, 23), D(2026, 11, 23)) is not None


def test_a_work_touch_in_the_window_never_clears_a_reminder_and_it_stays_through_the_day():
    spec = DateSpec(12, 3, 2016)
    worked = entry(spec, last_touch=D(2026, 12, 2))
    for day in (D(2026, 11, 30), D(2026, 12, 2), D(2026, 12, 3)):
        assert occasion_due(worked, Occasions(), day, day) is not None


def test_a_greeting_clears_this_years_occurrence_only():
    spec = DateSpec(12, 3, 2016)
    greeted = entry(spec, last_greeting=D(2026, 12, 1))
    assert occasion_due(greeted, Occasions(), D(2026, 12, 3), D(2026, 12, 3)) is None
    assert occasion_due(greeted, Occasions(), D(2027, 11, 30), D(2027, 11, 30)).due == D(2027, 12, 3)


def test_a_missed_birthday_stays_for_three_days_then_rolls_to_next_year():
    spec = DateSpec(11, 20, 1980)
    assert occasion_due(entry(spec), Occasions(), D(2026, 11, 23), D(2026, 11, 23)).days_overdue == 3
    assert occasion_due(entry(spec), Occasions(), D(2026, 11, 24), D(2026, 11, 24)) is None


def test_the_greeting_festivals_of_a_season():
    names = [name for _day, name in festivals(D(2026, 12, 1), D(2027, 3, 1))]
    assert names == ["New Year's Day 元旦", "New Year's Eve 除夕", "Spring Festival 春节", "Lantern Festival 元宵"]
    assert [day for day, _name in festivals(D(2027, 2, 1), D(2027, 2, 10))] == [D(2027, 2, 5), D(2027, 2, 6)]  # 除夕, 春节
