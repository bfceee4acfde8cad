"""Stories from the second review: what must never hide, clear or count by mistake."""

import json

import pytest


def test_a_sweep_does_not_hide_overdue_follow_ups_and_an_unanswered_call_does_not_clear_it(kehu):
    kehu("add", "甲", "--city", "兰州", "--met", "2026-11-01")  # #1 overdue since 11-03
    kehu("sweep", "--city", "兰州", "--reason", "flood")
    kinds = sorted(i["kind"] for i in json.loads(kehu("due", "--json").stdout))
    assert kinds == ["care", "follow_up"]
    kehu("log", "甲", "--outcome", "none")
    assert "☐ 甲" in kehu("sweep", "list").stdout
    assert json.loads(kehu("sweep", "list", "--json").stdout)[0]["contacts"][0]["contacted"] is False


def test_a_sweep_that_reaches_nobody_is_not_recorded(kehu):
    kehu("add", "甲", "--city", "上海")
    result = kehu("sweep", "--city", "兰州", "--reason", "flood", ok=False)
    assert result.exit_code == 1 and "nobody lives in or comes from" in result.stderr
    assert json.loads(kehu("sweep", "list", "--json").stdout) == []


def test_paused_contacts_get_no_care_calls(kehu):
    kehu("add", "甲", "--tier", "A", "--met", "2026-06-01", today="2026-06-01")
    kehu("log", "甲", "--care", today="2026-06-01")
    kehu("pause", "甲", "--until", "2026-12-31", today="2026-06-01")
    assert json.loads(kehu("due", "--json", today="2026-07-15").stdout) == []


def test_the_digest_counts_personal_dates_that_are_due(kehu):
    kehu("add", "甲", "--tier", "D", "--met", "2026-11-20")
    kehu("log", "甲", "--next", "2027-01-05", today="2026-11-20")
    kehu("date", "add", "甲", "birthday", "11-25")
    quiet = kehu("digest", "--if-due", today="2026-11-24")
    assert quiet.stdout == ""
    loud = kehu("digest", "--if-due", today="2026-11-25").stdout
    assert "1 due today" in loud and "birthday" in loud


def test_the_streak_counts_paused_days_as_kept(kehu):
    kehu("add", "甲", "--met", "2026-11-02", today="2026-11-02")
    kehu("pause", "甲", "--until", "2026-12-31", today="2026-11-02")
    assert "Streak: 10 days" in kehu("digest", today="2026-11-12").stdout  # 11-02 … 11-11


def test_a_shared_dinner_is_shared_out_and_a_lost_clients_spend_still_counts(kehu):
    kehu("add", "甲", "--tier", "B")
    kehu("add", "乙", "--tier", "B")
    kehu("log", "甲", "乙", "--channel", "meeting", "--cost", "400")
    tiers = {t["tier"]: t for t in json.loads(kehu("budget", "--json").stdout)["tiers"]}
    assert tiers["B"]["spent"] == 400
    kehu("lost", "甲", "--reason", "moved")
    tiers = {t["tier"]: t for t in json.loads(kehu("budget", "--json").stdout)["tiers"]}
    assert (tiers["B"]["spent"], tiers["B"]["clients"]) == (400, 1)


@pytest.mark.parametrize("to", ["a@b.c\nBcc: x@y.z", "", "not-an-address"])
def test_digest_refuses_a_bad_address_before_doing_anything(kehu, to):
    kehu("add", "甲")
    result = kehu("digest", "--to", to, ok=False)
    assert result.exit_code == 2 and "--to" in result.stderr and result.stderr.count("\n") == 1


def test_digest_on_a_mistyped_database_path_fails_loudly(kehu, tmp_path):
    result = kehu("--db", str(tmp_path / "typo.db"), "digest", "--if-due", ok=False)
    assert result.exit_code == 1 and "no database" in result.stderr
    assert not (tmp_path / "typo.db").exists()


def test_dates_in_a_year_to_come_are_refused_and_far_years_never_crash(kehu):
    kehu("add", "甲", "--lunar-birthday", "12-30")
    assert "year still to come" in kehu("date", "add", "甲", "wedding", "2031-01-01", ok=False).stderr
    assert kehu("due", today="2099-12-20").exit_code == 0
    assert kehu("occasions", today="2100-12-20").exit_code == 0


def test_other_countries_list_their_own_holidays_and_yours(kehu, db_path):
    (db_path.parent / "config.toml").write_text('[calendar]\ncountry = "US"\n[calendar.holidays]\n"12-24" = "Christmas Eve"\n',
                                               encoding="utf-8")
    kehu("add", "Bob", "--tier", "A")
    names = [h["name"] for h in json.loads(kehu("occasions", "--days", "45", "--json").stdout)["holidays"]]
    assert names == ["Thanksgiving Day", "Christmas Eve", "Christmas Day", "New Year's Day"]
    (db_path.parent / "config.toml").write_text('[calendar]\ncountry = "XX"\n', encoding="utf-8")
    assert "not a country" in kehu("log", "Bob", ok=False).stderr


def test_care_and_complaint_weights_are_configurable(kehu, db_path):
    (db_path.parent / "config.toml").write_text("[urgency.kind]\ncomplaint = 50\n", encoding="utf-8")
    kehu("add", "甲")
    kehu("complaint", "甲", "x")
    assert max(i["urgency"] for i in json.loads(kehu("due", "--json").stdout)) >= 50
