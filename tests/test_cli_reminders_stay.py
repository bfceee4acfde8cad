"""Issue 11: a personal date's reminder stays in `kehu due` until a greeting is logged for it."""

import json

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("engine")


def occasions_due(kehu, today):
    return [i for i in json.loads(kehu("due", "--json", "--days", "1", today=today).stdout) if i["kind"] == "occasion"]


def a_client_with_a_birthday_on_12_08(kehu):
    kehu("add", "刘总", "--tier", "A", "--met", "2026-11-01", today="2026-11-01")
    kehu("date", "add", "刘总", "birthday", "1976-12-08", today="2026-11-01")  # A: reminded 7 days ahead


def test_a_work_call_does_not_clear_a_birthday_reminder_and_it_is_there_on_the_day(kehu):
    a_client_with_a_birthday_on_12_08(kehu)
    assert [i["due"] for i in occasions_due(kehu, "2026-12-07")] == ["2026-12-08"]
    kehu("log", "刘总", "--note", "about the order", today="2026-12-07")
    assert [i["due"] for i in occasions_due(kehu, "2026-12-07")] == ["2026-12-08"]
    [item] = occasions_due(kehu, "2026-12-08")
    assert item["days_overdue"] == 0 and "birthday (turns 50)" in item["next_action"]


def test_a_greeting_logged_in_the_window_clears_this_years_occurrence_only(kehu):
    a_client_with_a_birthday_on_12_08(kehu)
    out = kehu("log", "刘总", "--greet", "--channel", "wechat", today="2026-12-06").stdout
    assert "greeting" in out
    shown = json.loads(kehu("show", "刘总", "--json", today="2026-12-06").stdout)
    assert shown["touches"][-1]["care"] is True and "birthday" in shown["touches"][-1]["note"]
    assert occasions_due(kehu, "2026-12-08") == []
    assert [i["due"] for i in occasions_due(kehu, "2027-12-02")] == ["2027-12-08"]


def test_a_care_touch_in_the_window_is_a_greeting_but_one_before_the_window_is_not(kehu):
    a_client_with_a_birthday_on_12_08(kehu)
    kehu("log", "刘总", "--care", "--note", "喝茶", today="2026-11-28")  # before the window (12-01)
    assert [i["due"] for i in occasions_due(kehu, "2026-12-08")] == ["2026-12-08"]
    kehu("log", "刘总", "--care", "--note", "生日快乐", today="2026-12-08")
    assert occasions_due(kehu, "2026-12-08") == []


def test_greet_and_care_are_one_option_too_many_for_a_work_touch(kehu):
    a_client_with_a_birthday_on_12_08(kehu)
    result = kehu("log", "刘总", "--greet", "--outcome", "none", ok=False)
    assert result.exit_code == 2 and "--greet" in result.stderr and "Traceback" not in result.stderr


def test_a_greeting_with_no_date_in_its_window_is_logged_as_a_care_touch_and_says_so(kehu):
    kehu("add", "王五")
    result = kehu("log", "王五", "--greet", "--channel", "wechat")
    assert "care touch" in result.stdout and "no personal date waiting for a greeting" in result.stderr
    [touch] = json.loads(kehu("show", "王五", "--json").stdout)["touches"]
    assert touch["care"] is True and touch["note"] == "greeting"
