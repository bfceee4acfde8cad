"""Issue 15: holiday greetings as work — items in `kehu due`, `log --greet 春节`, `kehu greet`."""

import json

import pytest

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
pytestmark = pytest.mark.usefixtures("engine")

LATE_JANUARY = "2027-01-29"  # 春节 2027 is 02-06, 除夕 02-05


def a_book_with_a_to_d(kehu):
    for name, tier, company in (("刘总", "A", "华为"), ("王经理", "B", None), ("张伟", "C", "腾讯"), ("赵六", "D", None),
                                ("钱七", "D", None)):
        kehu("add", name, "--tier", tier, *(("--company", company) if company else ()), "--met", "2026-12-01",
             today="2026-12-01")
        kehu("log", name, "--at", "2026-12-01", "--next", "2027-03-15", today="2026-12-01")


def greetings(kehu, today, *args):
    return [i for i in json.loads(kehu("due", "--json", *args, today=today).stdout) if i["kind"] == "greeting"]


def test_due_lists_spring_festival_greetings_by_name_with_their_lead_times(kehu):
    a_book_with_a_to_d(kehu)
    items = greetings(kehu, LATE_JANUARY)
    assert [(i["name"], i["holiday"], i["due"]) for i in items] == [("刘总", "春节", "2027-02-05"),
                                                                   ("王经理", "春节", "2027-02-05")]
    assert "from 14 days ahead" in items[0]["next_action"] and "from 7 days ahead" in items[1]["next_action"]
    table = kehu("due", today=LATE_JANUARY).stdout
    assert "greeting: 春节, from 14 days ahead" in table
    assert len(greetings(kehu, "2027-02-04")) == 5  # every tier by the day before 除夕


def test_a_greeting_logged_with_greet_holiday_is_gone_from_due_and_checked_off(kehu):
    a_book_with_a_to_d(kehu)
    out = kehu("log", "刘总", "--greet", "春节", "--channel", "visit", "--cost", "480", today=LATE_JANUARY).stdout
    assert "春节 2027 greeting done" in out
    kehu("log", "王经理", "--greet", "spring", "--care", today=LATE_JANUARY)
    assert greetings(kehu, LATE_JANUARY) == []
    checklist = {c["name"]: c for c in json.loads(kehu("greet", "春节", "--json", today=LATE_JANUARY).stdout)}
    assert {n: (c["tier"], c["done"]) for n, c in checklist.items()} == {
        "刘总": ("A", True), "王经理": ("B", True), "张伟": ("C", False), "赵六": ("D", False), "钱七": ("D", False)}
    assert (checklist["刘总"]["channel"], checklist["刘总"]["budget"], checklist["刘总"]["company"]) == ("visit", 500, "华为")
    screen = kehu("greet", "春节", today=LATE_JANUARY).stdout
    assert "2 of 5 done" in screen and "✓ 刘总" in screen and "☐ 张伟" in screen
    [touch] = [t for t in json.loads(kehu("show", "刘总", "--json", today=LATE_JANUARY).stdout)["touches"] if t["cost"]]
    assert touch["care"] and touch["note"] == "春节 greeting"


def test_greet_alone_still_greets_for_a_personal_date(kehu):
    a_book_with_a_to_d(kehu)
    kehu("date", "add", "张伟", "birthday", "1980-01-30", today=LATE_JANUARY)
    out = kehu("log", "张伟", "--greet", "--channel", "wechat", today=LATE_JANUARY).stdout
    assert "greeting for birthday" in out and "春节" not in out
    assert not json.loads(kehu("greet", "春节", "--json", "--tier", "C", today=LATE_JANUARY).stdout)[0]["done"]


def test_a_group_greeting_marks_every_d_client(kehu):
    a_book_with_a_to_d(kehu)
    refused = kehu("greet", "春节", "--tier", "D", "--channel", "wechat", ok=False, today="2027-02-04")
    assert refused.exit_code == 1 and "add --yes" in refused.stderr  # no terminal, no --yes: nothing done
    assert all(not c["done"] for c in json.loads(kehu("greet", "春节", "--json", today="2027-02-04").stdout))
    out = kehu("greet", "春节", "--tier", "D", "--channel", "wechat", "--yes", today="2027-02-04").stdout
    assert "2 tier D clients" in out
    tier_d = json.loads(kehu("greet", "春节", "--tier", "D", "--json", today="2027-02-04").stdout)
    assert [(c["name"], c["done"], c["channel"]) for c in tier_d] == [("钱七", True, "wechat"), ("赵六", True, "wechat")]
    assert {i["tier"] for i in greetings(kehu, "2027-02-04")} == {"A", "B", "C"}
    again = kehu("greet", "春节", "--tier", "D", "--channel", "wechat", "--yes", today="2027-02-04").stdout
    assert "nothing to log" in again
    kehu("undo", "--yes", today="2027-02-04")
    assert {i["tier"] for i in greetings(kehu, "2027-02-04")} == {"A", "B", "C", "D"}


def test_deleting_the_greeting_touch_undoes_the_greeting(kehu):
    a_book_with_a_to_d(kehu)
    kehu("log", "刘总", "--greet", "春节", today=LATE_JANUARY)
    kehu("undo", "--yes", today=LATE_JANUARY)
    assert [i["name"] for i in greetings(kehu, LATE_JANUARY)] == ["刘总", "王经理"]


@pytest.mark.parametrize("args,needle", [
    (("greet", "春天"), "春节 (spring)"),
    (("greet", "春节", "--tier", "E"), "use A, B, C or D"),
    (("log", "刘总", "--greet-holiday", "春天"), "中秋 (mid-autumn)"),
    (("greet", "春节", "--channel", "wechat"), "--tier"),
])
def test_bad_holidays_and_tiers_are_one_line_errors_naming_the_accepted_forms(kehu, args, needle):
    a_book_with_a_to_d(kehu)
    result = kehu(*args, ok=False, today=LATE_JANUARY)
    assert result.exit_code == 2 and needle in result.stderr and "Traceback" not in result.stderr


def test_a_plan_per_holiday_and_tier_in_the_config(kehu, db_path):
    (db_path.parent / "config.toml").write_text(
        '[greetings."春节"]\nA = { channel = "gift", gift = "兰州百合", budget = 800, lead_days = 20 }\n'
        '[greetings.mid-autumn.B]\nlead_days = 12\n', encoding="utf-8")
    a_book_with_a_to_d(kehu)
    assert [i["name"] for i in greetings(kehu, "2027-01-16")] == ["刘总"]  # 20 days before 除夕
    [liu] = json.loads(kehu("greet", "spring", "--tier", "A", "--json", today="2027-01-16").stdout)
    assert (liu["channel"], liu["gift"], liu["budget"]) == ("gift", "兰州百合", 800)
    assert [i["name"] for i in greetings(kehu, "2027-09-03")] == ["王经理"]  # B: 12 days before 中秋
    (db_path.parent / "config.toml").write_text('[greetings."春天"]\nA = { budget = 1 }\n', encoding="utf-8")
    result = kehu("due", ok=False)
    assert result.exit_code == 2 and "春节 (spring)" in result.stderr


def test_occasions_names_every_client_tells_namesakes_apart_and_lists_new_years_eve(kehu):
    for n in range(10):
        kehu("add", f"客户{n}号", "--tier", "C")
    kehu("add", "张伟", "--tier", "C", "--company", "腾讯")
    kehu("add", "张伟", "--tier", "C", "--company", "阿里")
    screen = kehu("occasions", "--days", "90").stdout
    assert "more" not in screen and all(f"客户{n}号" in screen for n in range(10))
    assert "张伟 (腾讯" in screen and "张伟 (阿里" in screen
    assert "New Year's Eve 除夕 2027-02-05" in screen and "春节 greetings are due by this day" in screen
    assert "and 11 more" in kehu("occasions", "--days", "90", "--limit", "1").stdout
    holidays = json.loads(kehu("occasions", "--days", "90", "--json").stdout)["holidays"]
    plans = {h["holiday"]: h["plan"] for h in holidays}
    assert plans["春节"][0]["greeting"] != plans["元旦"][0]["greeting"] != plans["元宵"][0]["greeting"]


def test_a_greeting_months_before_its_holiday_is_refused_and_nothing_is_written(kehu):
    a_book_with_a_to_d(kehu)
    touches = len(json.loads(kehu("show", "刘总", "--json", today=LATE_JANUARY).stdout)["touches"])
    result = kehu("log", "刘总", "--greet", "中秋", ok=False, today=LATE_JANUARY)
    assert result.exit_code == 2 and "60 days before" in result.stderr
    assert len(json.loads(kehu("show", "刘总", "--json", today=LATE_JANUARY).stdout)["touches"]) == touches
    group = kehu("greet", "中秋", "--tier", "D", "--channel", "wechat", "--yes", ok=False, today=LATE_JANUARY)
    assert group.exit_code == 2
    assert not any(c["done"] for c in json.loads(kehu("greet", "中秋", "--json", today=LATE_JANUARY).stdout))


def test_greet_alone_in_a_holidays_window_says_how_to_greet_for_the_holiday(kehu):
    a_book_with_a_to_d(kehu)
    result = kehu("log", "刘总", "--greet", today=LATE_JANUARY)
    assert "kehu log WHO --greet 春节" in result.stderr


def test_a_merged_duplicate_keeps_its_greeting(kehu):
    a_book_with_a_to_d(kehu)
    kehu("add", "刘总2", "--tier", "A", today=LATE_JANUARY)
    kehu("log", "刘总2", "--greet", "春节", today=LATE_JANUARY)
    kehu("merge", "刘总", "刘总2", "--yes", today=LATE_JANUARY)
    assert [c["done"] for c in json.loads(kehu("greet", "春节", "--tier", "A", "--json", today=LATE_JANUARY).stdout)] == [True]


def test_the_json_hand_over_keeps_who_has_been_greeted(kehu, tmp_path, monkeypatch):
    kehu("add", "刘总", "--tier", "A", "--met", "2027-01-10", today="2027-01-29")
    kehu("add", "王经理", "--tier", "B", "--met", "2027-01-10", today="2027-01-29")
    kehu("log", "刘总", "--greet", "春节", "--channel", "visit", today="2027-01-29")
    kehu("export", "--format", "json", "--output", str(tmp_path / "book.json"), today="2027-01-29")
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "other.db"))
    kehu("import", str(tmp_path / "book.json"), today="2027-01-29")
    done = {c["name"]: c["done"] for c in json.loads(kehu("greet", "春节", "--json", today="2027-01-29").stdout)}
    assert done == {"刘总": True, "王经理": False}


def test_the_digest_names_the_clients_a_holiday_greeting_is_due_for(kehu):
    kehu("add", "刘总", "--tier", "A", "--met", "2027-01-10", today="2027-01-29")
    kehu("add", "王经理", "--tier", "B", "--met", "2027-01-10", today="2027-01-29")
    out = kehu("digest", today="2027-02-03").stdout
    assert "刘总 (A): greeting — 春节" in out and "王经理 (B): greeting — 春节" in out
    kehu("log", "刘总", "--greet", "春节", "--channel", "visit", today="2027-02-03")
    assert "刘总 (A): greeting" not in kehu("digest", today="2027-02-03").stdout
