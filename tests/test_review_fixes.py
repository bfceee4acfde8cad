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
    kehu("log", "甲", "--next", "2027-01-05", today="2026-11-21")  # the day after the meeting, whatever the clock says
    kehu("date", "add", "甲", "birthday", "11-25")
    quiet = kehu("digest", "--if-due", today="2026-11-24")
    assert quiet.stdout == ""
    loud = kehu("digest", "--if-due", today="2026-11-25").stdout
    assert "1 due: 0 overdue, 1 today ·" in loud and "birthday" in loud


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
    for command in (("digest", "--if-due"), ("due",), ("list",), ("log", "甲"), ("export",)):
        result = kehu("--db", str(tmp_path / "typo.db"), *command, ok=False)
        assert result.exit_code == 1 and "no kehu database at" in result.stderr and "check --db" in result.stderr
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


# --- the new-user review (third) ----------------------------------------------------------------

def test_looking_ahead_does_not_skip_this_years_birthday(kehu):
    kehu("add", "欧阳", "--tier", "A", "--met", "2026-11-10", today="2026-11-10")
    kehu("date", "add", "欧阳", "birthday", "1980-11-28")
    occasions = lambda: [i for i in json.loads(kehu("due", "--json").stdout) if i["kind"] == "occasion"]
    kehu("due", today="2026-12-20")  # planning ahead with KEHU_TODAY
    kehu("due", today="2026-11-22")  # back to the real week: the reminder is still there
    assert [i["due"] for i in occasions()] == ["2026-11-28"]


def test_huge_ids_are_unknown_contacts_not_crashes(kehu):
    kehu("add", "甲")
    for args in (("show", "99999999999999999999999"), ("log", "9223372036854775808")):
        result = kehu(*args, ok=False)
        assert result.exit_code == 1 and "no contact matches" in result.stderr
    assert kehu("date", "rm", "9223372036854775808", ok=False).exit_code == 2


def test_the_digest_if_due_counts_a_birthday_whose_reminder_has_begun(kehu):
    kehu("add", "欧阳", "--tier", "A", today="2026-11-14")
    kehu("log", "欧阳", "--next", "2026-12-15")  # nothing else due (a touch after 11-21 would clear the reminder)
    kehu("date", "add", "欧阳", "birthday", "1980-11-28", today="2026-11-22")  # tier A: reminded 7 days ahead
    out = kehu("digest", "--if-due").stdout
    assert "欧阳" in out and "birthday" in out
    assert kehu("digest", "--if-due", today="2026-11-15").stdout == ""  # before the window: silence


def test_a_new_deal_starts_on_the_day_it_is_pursued(kehu):
    kehu("add", "周", "--met", "2026-06-01", today="2026-06-01")
    kehu("won", "周", today="2026-06-03")
    kehu("pursue", "周", today="2026-11-25")
    item = json.loads(kehu("due", "--json").stdout)[0]
    assert (item["kind"], item["due"], item["days_overdue"]) == ("first_contact", "2026-11-25", 0)


def test_amounts_beyond_a_trillion_are_refused(kehu):
    kehu("add", "甲")
    for args in (("log", "甲", "--cost", "1e308"), ("won", "甲", "--value", "inf"), ("log", "甲", "--cost", "abc"),
                 ("log", "甲", "--cost", "-5"), ("log", "甲", "--cost", "99,50"), ("log", "甲", "--cost", "1_000")):
        result = kehu(*args, ok=False)
        assert result.exit_code == 2 and "is not an amount like 120, 99.50" in result.stderr
    assert json.loads(kehu("show", "甲", "--json").stdout)["touches"] == []
    kehu("log", "甲", "--cost", "1,200")  # thousands separators as people write them
    assert json.loads(kehu("show", "甲", "--json").stdout)["touches"][0]["cost"] == 1200


def test_a_bad_tier_names_the_tiers_in_capitals(kehu):
    result = kehu("list", "--tier", "E", ok=False)
    assert result.exit_code == 2 and "'E' is not a tier: use A, B, C or D" in result.stderr
    kehu("add", "甲", "--tier", "b")
    assert json.loads(kehu("list", "--json", "--tier", "B").stdout)[0]["tier"] == "B"


def test_digest_items_carry_their_own_text(kehu):
    kehu("add", "陈静", "--city", "兰州", "--met", "2026-11-20")
    kehu("log", "陈静", "--todo", "send the quote", "--next", "2026-11-30")
    kehu("sweep", "--city", "兰州", "--reason", "water pollution")
    lines = [line for line in kehu("digest").stdout.splitlines() if "陈静" in line and "care call" in line]
    assert lines and all("water pollution" in line and "send the quote" not in line for line in lines)


def test_a_failed_output_leaves_no_hidden_copy(kehu, tmp_path):
    kehu("add", "甲")
    folder = tmp_path / "sub"
    folder.mkdir()
    assert kehu("export", "--output", str(folder), ok=False).exit_code == 2  # bad input: a folder, not a file
    assert list(folder.iterdir()) == [] and not [p for p in tmp_path.iterdir() if p.name.startswith(".sub")]


def test_edit_birthday_empty_clears_it(kehu):
    kehu("add", "甲", "--birthday", "1980-05-01")
    kehu("edit", "甲", "--birthday", "")
    assert json.loads(kehu("date", "list", "--json").stdout) == []


@pytest.mark.parametrize("name", ["\u200b", "\u202eevil", "a\u2066b"])
def test_invisible_and_direction_changing_names_are_refused(kehu, db_path, name):
    kehu("add", "甲")
    result = kehu("add", name, ok=False)
    assert result.exit_code == 2 and result.stderr.startswith("kehu: ")
    assert [c["name"] for c in json.loads(kehu("list", "--json").stdout)] == ["甲"]


def test_an_emoji_family_name_is_kept(kehu):
    kehu("add", "王👨\u200d👩\u200d👧")
    assert [c["name"] for c in json.loads(kehu("list", "--json").stdout)] == ["王👨\u200d👩\u200d👧"]


def test_same_name_notes_and_suggestions_say_what_is_true(kehu):
    kehu("add", "马一")
    note = kehu("add", "马一").stderr
    assert "with no company" in note and "same company" not in note
    assert "did you mean 马一?" in kehu("show", "马二", ok=False).stderr


def test_config_refuses_an_unknown_country(kehu, db_path):
    (db_path.parent / "config.toml").write_text('[calendar]\ncountry = "XX"\n', encoding="utf-8")
    result = kehu("config", ok=False)
    assert result.exit_code != 0 and "'XX' is not a country" in result.stderr


def test_old_demo_marks_are_refused_with_their_own_reason(kehu, db_path):
    import sqlite3

    kehu("demo")
    with sqlite3.connect(db_path) as conn:  # as an older kehu marked its demo
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'demo'")
    result = kehu("demo", ok=False)
    assert result.exit_code == 1 and "written by an older kehu" in result.stderr


def test_a_known_label_in_capitals_is_that_label(kehu):
    kehu("add", "甲")
    assert "(turns 41)" in kehu("date", "add", "甲", "Birthday", "1985-12-01").stdout
    assert kehu("date", "add", "甲", "birthday", "1985-12-01", ok=False).exit_code == 1  # the same date
    result = kehu("add", "乙", "--birthday", "18991231", ok=False)
    assert result.exit_code == 2 and "the year must be 1900 or later" in result.stderr


def test_two_contacts_cannot_have_referred_each_other(kehu):
    kehu("add", "甲")
    kehu("add", "乙", "--referred-by", "甲")
    result = kehu("edit", "甲", "--referred-by", "乙", ok=False)
    assert result.exit_code == 2 and "can't have referred each other" in result.stderr


def test_the_digest_never_breaks_a_link(kehu, monkeypatch):
    link = "https://example.com/a/very/long/path/to/the/quote/document/version-2026-11-23-final.pdf"
    kehu("add", "甲", "--met", "2026-11-20")
    kehu("log", "甲", "--todo", f"send {link}", "--next", "tomorrow")
    assert link in kehu("digest").stdout
