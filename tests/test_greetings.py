"""Holiday greetings as work, the pure rules (core.greetings): which holiday is due, lead windows."""

import datetime as dt

import pytest

from kehu.core.greetings import (BY_NAME, GreetingSettings, Greetee, find_holiday, greeting_items, occurrence,
                                 occurrence_for, open_windows)

D = dt.date


def people():
    return [Greetee(n, name, None, tier, "won", None) for n, (name, tier) in
            enumerate([("甲", "A"), ("乙", "B"), ("丙", "C"), ("丁", "D")], start=1)]


def names(items):
    return [i.name for i in items]


def test_spring_festival_2027_is_due_by_new_years_eve():
    spring = occurrence(BY_NAME["春节"], 2027)
    assert (spring.day, spring.due) == (D(2027, 2, 6), D(2027, 2, 5))
    assert occurrence(BY_NAME["除夕"], 2027).day == D(2027, 2, 5)
    assert occurrence(BY_NAME["中秋"], 2027).day == D(2027, 9, 15)


@pytest.mark.parametrize("text,name", [("春节", "春节"), ("spring", "春节"), ("Spring Festival", "春节"), ("中秋节", "中秋"),
                                       ("mid-autumn", "中秋"), ("Mid Autumn", "中秋"), ("元旦", "元旦"), ("new year", "元旦"),
                                       ("元宵节", "元宵"), ("五一", "劳动节"), ("国庆节", "国庆")])
def test_a_holiday_is_named_in_chinese_or_english(text, name):
    assert find_holiday(text).name == name


def test_an_unknown_holiday_is_none():
    assert find_holiday("春天") is None and find_holiday("") is None


def test_a_tiers_greeting_shows_from_its_lead_time_until_the_holiday():
    settings, spring = GreetingSettings(), occurrence(BY_NAME["春节"], 2027)

    def due_on(day):
        return names(greeting_items(spring, people(), set(), settings, day, day))

    assert due_on(D(2027, 1, 21)) == []
    assert due_on(D(2027, 1, 22)) == ["甲"]  # A: gifts 14 days before 除夕
    assert due_on(D(2027, 1, 29)) == ["甲", "乙"]  # B: 7 days
    assert due_on(D(2027, 2, 2)) == ["甲", "乙", "丙"]  # C: 3 days
    assert due_on(D(2027, 2, 4)) == ["甲", "乙", "丙", "丁"]  # D: the day before
    assert due_on(D(2027, 2, 6)) == ["甲", "乙", "丙", "丁"]  # 春节 itself, a day late
    assert due_on(D(2027, 2, 7)) == []


def test_a_greeting_done_is_no_longer_due_and_the_item_names_the_holiday_and_lead():
    settings, spring = GreetingSettings(), occurrence(BY_NAME["春节"], 2027)
    items = greeting_items(spring, people(), {1}, settings, D(2027, 2, 4), D(2027, 2, 4))
    assert names(items) == ["乙", "丙", "丁"]
    assert {(i.kind, i.holiday, i.due) for i in items} == {("greeting", "春节", D(2027, 2, 5))}
    assert items[0].occasion.startswith("春节, from 7 days ahead: ")


def test_mid_autumn_mooncakes_start_ten_days_ahead():
    settings = GreetingSettings()
    assert [o.holiday.name for o in open_windows(settings, D(2027, 9, 4), D(2027, 9, 4))] == []
    assert [o.holiday.name for o in open_windows(settings, D(2027, 9, 5), D(2027, 9, 5))] == ["中秋"]


def test_which_holidays_are_open_in_late_january_2027():
    opened = open_windows(GreetingSettings(), D(2027, 1, 25), D(2027, 1, 25))
    assert [(o.holiday.name, o.year) for o in opened] == [("春节", 2027)]  # 除夕's greetings are 春节's
    assert open_windows(GreetingSettings(), D(2026, 11, 23), D(2026, 11, 23)) == []


def test_a_greeting_is_for_the_next_holiday_or_one_just_passed():
    spring = BY_NAME["春节"]
    assert occurrence_for(spring, D(2027, 1, 20)).year == 2027
    assert occurrence_for(spring, D(2027, 2, 15)).year == 2027  # 拜晚年
    assert occurrence_for(spring, D(2027, 3, 1)).year == 2028


def test_each_lunar_holiday_falls_within_its_season_1900_to_2100():
    """The seasons let `kehu due` skip the lunar calendar when no holiday is near."""
    from kehu.core.greetings import HOLIDAYS

    for holiday in (h for h in HOLIDAYS if h.lunar):
        first, last = holiday.season
        for year in range(1900, 2101):
            assert D(year, *first) <= holiday.on(year) <= D(year, *last), (holiday.name, year)
