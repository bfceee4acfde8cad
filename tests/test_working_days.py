"""Working days: follow-ups move off weekends and public holidays, onto make-up days (调休)."""

import datetime as dt
import json

import pytest

from kehu.config.work_calendar import work_calendar
from kehu.core.calendar import HolidayYear, WorkCalendar

D = dt.date


@pytest.fixture(scope="module")
def china():
    return work_calendar("CN")


def test_national_day_week_is_off_and_its_make_up_saturday_is_a_working_day(china):
    assert not any(china.is_working_day(D(2026, 10, d)) for d in range(1, 8))
    assert china.is_working_day(D(2026, 10, 10))  # Saturday, 调休
    assert china.is_working_day(D(2026, 9, 20))  # Sunday, 调休
    assert china.working_day_from(D(2026, 10, 1)) == D(2026, 10, 8)
    assert china.holiday_name(D(2026, 10, 1)) == "国庆节 National Day"


def test_spring_festival_2026_runs_from_the_15th_to_the_23rd_with_two_saturdays_worked(china):
    assert china.working_day_from(D(2026, 2, 15)) == D(2026, 2, 24)
    assert china.is_working_day(D(2026, 2, 14)) and china.is_working_day(D(2026, 2, 28))


def test_a_year_without_official_data_comes_from_the_holidays_package_marked_estimated(china):
    assert not china.is_estimated(D(2026, 5, 1))
    assert china.is_estimated(D(2027, 10, 4))  # the days around National Day wait for the notice
    assert not china.is_estimated(D(2027, 10, 1)) and not china.is_estimated(D(2027, 1, 1))  # fixed by law
    assert not china.is_working_day(D(2027, 10, 1))  # National Day, by rule
    assert china.holiday_name(D(2027, 10, 1)) == "国庆节"  # in Chinese, as the official years name it
    assert isinstance(china.is_working_day(D(2150, 6, 3)), bool)  # any year answers; none crashes


def test_shifting_can_be_turned_off():
    assert work_calendar("CN", shift=False).working_day_from(D(2026, 10, 1)) == D(2026, 10, 1)


def test_another_country_and_custom_holidays():
    us = work_calendar("US", custom={"12-24": "Christmas Eve", "2026-11-27": "Bridge day"})
    assert not us.is_working_day(D(2026, 7, 3))  # Independence Day, observed
    assert not us.is_working_day(D(2026, 12, 24)) and not us.is_working_day(D(2027, 12, 24))
    assert not us.is_working_day(D(2026, 11, 27)) and us.is_working_day(D(2027, 11, 26))


def test_a_bare_calendar_knows_weekends_only():
    plain = WorkCalendar(years={2026: HolidayYear()})
    assert plain.next_working_day(D(2026, 11, 20)) == D(2026, 11, 23)


def test_a_follow_up_due_on_national_day_moves_to_the_next_working_day(kehu):
    kehu("add", "王五", "--met", "2026-09-26", today="2026-09-28")
    out = kehu("log", "王五", today="2026-09-28").stdout  # #1; #2 is 3 days later: 10-01
    assert "follow-up #2 on 2026-10-08" in out


def test_a_config_can_turn_shifting_off(kehu, db_path):
    (db_path.parent / "config.toml").write_text("[calendar]\nshift_to_working_days = false\n", encoding="utf-8")
    kehu("add", "王五", "--met", "2026-09-26", today="2026-09-28")
    assert "follow-up #2 on 2026-10-01" in kehu("log", "王五", today="2026-09-28").stdout


@pytest.mark.parametrize("text,needle", [
    ('[calendar]\ncountry = "Narnia!"\n', "calendar.country"),
    ("[calendar]\nshift_to_working_days = 3\n", "calendar.shift_to_working_days"),
    ('[calendar.holidays]\n"13-45" = "x"\n', "[calendar.holidays] key '13-45' is not a day"),
    ('[calendar]\nfeb29 = "never"\n', "calendar.feb29"),
    ('[calendar]\ndays_off = "2027-01-01"\n', "calendar.days_off must be a list of days"),
    ('[calendar]\ndays_off = ["2027-13-01"]\n', "calendar.days_off entry '2027-13-01' is not a day"),
    ('[calendar]\nworking_days = ["2027-02-14..2027-01-01"]\n', "calendar.working_days entry"),
    ('[calendar]\ndays_off = ["2027-02-14"]\nworking_days = ["2027-02-14"]\n', "2027-02-14 is both"),
])
def test_a_bad_calendar_setting_is_refused_with_its_key(kehu, db_path, text, needle):
    (db_path.parent / "config.toml").write_text(text, encoding="utf-8")
    result = kehu("due", ok=False)
    assert result.exit_code == 2 and needle in result.stderr


def test_years_from_the_holidays_package_are_cached_on_disk(tmp_path, monkeypatch):
    import json

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert not work_calendar("CN").is_working_day(D(2028, 10, 2))
    cache = tmp_path / "kehu" / "holidays-CN-2028-v2.json"
    days = json.loads(cache.read_text(encoding="utf-8"))
    assert "2028-10-02" in days
    cache.write_text(json.dumps(days | {"2028-03-15": "cached day"}), encoding="utf-8")
    assert work_calendar("CN").holiday_name(D(2028, 3, 15)) == "cached day"  # read back, not recomputed


def test_show_explains_a_follow_up_moved_off_a_holiday(kehu):
    kehu("add", "王五", "--met", "2026-09-26", today="2026-09-28")
    kehu("log", "王五", today="2026-09-28")
    shown = kehu("show", "王五", today="2026-09-28").stdout
    assert "2026-10-01 is 国庆节 National Day: moved to 2026-10-08" in shown


def test_a_move_off_an_estimated_holiday_is_marked(kehu):
    kehu("add", "王五", "--met", "2027-09-27", today="2027-09-29")
    kehu("log", "王五", today="2027-09-29")  # #2 falls on 2027-10-02, a day off by rule only
    assert "预计 estimated" in kehu("show", "王五", today="2027-09-29").stdout


NOTICE_2027 = '[calendar]\ndays_off = ["2027-02-06..2027-02-13 春节"]\nworking_days = ["2027-02-14", "2027-02-20"]\n'


def test_a_holiday_notice_in_the_config_moves_follow_ups_as_the_notice_says(kehu, db_path):
    kehu("add", "张三", "--met", "2027-02-06", "--tier", "A", today="2027-02-06")  # #1 due Mon 02-08
    assert "moved to 2027-02-11" in kehu("show", "张三", today="2027-02-06").stdout  # estimated: off until 02-10
    (db_path.parent / "config.toml").write_text(NOTICE_2027, encoding="utf-8")
    shown = kehu("show", "张三", today="2027-02-06").stdout
    assert "2027-02-08 is 春节: moved to 2027-02-14" in " ".join(shown.split())  # the make-up Sunday


def test_config_says_which_years_the_calendar_covers_and_from_where(kehu, db_path):
    (db_path.parent / "config.toml").write_text(NOTICE_2027, encoding="utf-8")
    shown = {row["key"]: row for row in json.loads(kehu("config", "--json").stdout)["settings"]}
    assert shown["calendar.days_off"]["value"] == 8 and shown["calendar.working_days"]["value"] == 2
    assert shown["calendar.years"]["value"] == ("official: 2026 (kehu data 2026.1); your config: 2027; "
                                                "other years estimated (预计) from the holidays package")
