"""`kehu date`, `kehu occasions`, occasions and care in `kehu due`, and `kehu sweep`, through the CLI."""

import json

import pytest

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
pytestmark = pytest.mark.usefixtures("engine")


def test_date_add_list_and_rm(kehu):
    kehu("add", "张伟", "--tier", "A")
    out = kehu("date", "add", "张伟", "birthday", "2016-10-25", "--lunar", "--whose", "child").stdout
    assert "2016 十月廿五" in out and "next 2026-12-03 (turns 10)" in out
    kehu("date", "add", "张伟", "wedding", "06-18", "--remind", "10")
    listed = json.loads(kehu("date", "list", "--json").stdout)
    assert [(d["label"], d["next"], d["lunar"]) for d in listed] == [("birthday", "2026-12-03", True),
                                                                     ("wedding", "2027-06-18", False)]
    kehu("date", "rm", str(listed[1]["id"]))
    assert len(json.loads(kehu("date", "list", "张伟", "--json").stdout)) == 1
    assert kehu("date", "rm", "999", ok=False).exit_code == 1


@pytest.mark.parametrize("args,needle", [
    (("date", "add", "张伟", "birthday", "2026-02-30"), "YYYY-MM-DD or MM-DD"),
    (("date", "add", "张伟", "birthday", "2024-闰6-10", "--lunar"), "lunar year 2024 has no leap month 6 (it has no leap month)"),
    (("date", "add", "张伟", "birthday", "2025-闰5-10", "--lunar"), "its leap month is month 6"),
    (("date", "add", "张伟", "birthday", "2025-13-40", "--lunar"), "lunar date"),
    (("date", "add", "张伟", "birthday", "08-15", "--whose", "cousin"), "--whose"),
    (("add", "李四", "--birthday", "1990-01-01", "--lunar-birthday", "01-01"), "not both"),
])
def test_bad_dates_are_refused_and_nothing_is_written(kehu, args, needle):
    kehu("add", "张伟")
    result = kehu(*args, ok=False)
    assert result.exit_code == 2 and needle in result.stderr
    assert json.loads(kehu("date", "list", "--json").stdout) == []


def test_birthday_shortcuts_on_add_and_edit(kehu):
    kehu("add", "王芳", "--lunar-birthday", "1990-10-27")
    kehu("edit", "王芳", "--birthday", "1990-12-01")
    [only] = json.loads(kehu("date", "list", "--json").stdout)
    assert (only["label"], only["date"], only["next"]) == ("birthday", "1990-12-01", "2026-12-01")


def test_a_family_members_lunar_birthday_shows_in_due_within_the_lead_days_and_a_touch_clears_it(kehu):
    kehu("add", "张伟", "--tier", "B", "--met", "2026-11-01")
    kehu("log", "张伟", "--at", "2026-11-03", "--next", "2027-01-15")
    kehu("date", "add", "张伟", "birthday", "2016-10-25", "--lunar", "--whose", "child")  # 2026-12-03
    assert json.loads(kehu("due", "--json", today="2026-11-29").stdout) == []  # B: 3 days ahead
    [item] = json.loads(kehu("due", "--json", today="2026-11-30").stdout)
    assert (item["kind"], item["due"], item["days_overdue"]) == ("occasion", "2026-12-03", -3)
    assert item["next_action"] == "child's birthday (turns 10) · lunar 十月廿五"
    kehu("log", "张伟", "--care", "--channel", "wechat", "--note", "红包 for the birthday", today="2026-12-01")
    assert json.loads(kehu("due", "--json", today="2026-12-02").stdout) == []


def test_occasions_lists_dates_and_the_spring_festival_with_its_greeting_plan_by_tier(kehu):
    kehu("add", "A客户", "--tier", "A", "--wechat", "a1")
    kehu("add", "B客户", "--tier", "B", "--phone", "13800138000")
    kehu("add", "C客户", "--tier", "C")
    kehu("log", "C客户", "--channel", "wechat")
    kehu("add", "Lost", "--tier", "A")
    kehu("lost", "Lost", "--reason", "moved")
    kehu("date", "add", "A客户", "birthday", "12-01", "--lunar", "--whose", "spouse")
    found = json.loads(kehu("occasions", "--days", "90", "--json").stdout)
    assert [(p["name"], p["what"]) for p in found["personal"]] == [("A客户", "spouse's birthday · lunar 腊月初一")]
    spring = next(h for h in found["holidays"] if h["name"].startswith("Spring Festival"))
    assert spring["date"] == "2027-02-06" and spring["day_off"] and spring["estimated"]
    plan = {p["tier"]: p for p in spring["plan"]}
    assert plan["A"]["greeting"].startswith("a visit with a gift")  # 春节's own plan
    assert (plan["A"]["budget"], plan["A"]["lead_days"]) == (500, 14)
    assert [(c["name"], c["channel"]) for c in plan["A"]["contacts"]] == [("A客户", "wechat")]
    assert [(c["name"], c["channel"]) for c in plan["B"]["contacts"]] == [("B客户", "call")]
    assert [(c["name"], c["channel"]) for c in plan["C"]["contacts"]] == [("C客户", "wechat")]
    assert plan["C"]["greeting"] == "a personal New Year message with their name (never a mass message)"
    screen = kehu("occasions", "--days", "90").stdout
    assert "Spring Festival 春节 2027-02-06" in screen and "预计" in screen


def test_greeting_kinds_and_lead_days_come_from_the_config(kehu, db_path):
    (db_path.parent / "config.toml").write_text('[greetings]\nC = "a WeChat voice message"\n[reminders]\nC = 20\n',
                                               encoding="utf-8")
    kehu("add", "张三")
    kehu("date", "add", "张三", "birthday", "12-10")
    items = json.loads(kehu("due", "--json").stdout)
    assert "occasion" in [i["kind"] for i in items]  # 17 days ahead, within C's 20
    plan = json.loads(kehu("occasions", "--days", "45", "--json").stdout)["holidays"][0]["plan"]
    assert plan[0]["greeting"] == "a WeChat voice message"


def test_a_sweep_puts_everyone_from_the_place_in_due_today_with_the_reason(kehu):
    kehu("add", "住兰州", "--city", "兰州", "--met", "2026-11-20")
    kehu("log", "住兰州", "--next", "2026-12-20")
    kehu("add", "兰州人", "--city", "北京", "--hometown", "兰州市")
    kehu("add", "上海人", "--city", "上海", "--met", "2026-11-22")
    out = kehu("sweep", "--city", "兰州", "--reason", "water pollution").stdout
    assert "2 contacts" in out
    items = {i["name"]: i for i in json.loads(kehu("due", "--json").stdout)}
    assert items["住兰州"]["kind"] == "care" and items["住兰州"]["next_action"] == "water pollution"
    assert items["兰州人"]["kind"] == "care" and "上海人" not in items
    kehu("log", "住兰州", "--care", "--note", "asked if the family is safe")
    listing = kehu("sweep", "list").stdout
    assert "1 of 2 contacted" in listing and "✓ 住兰州" in listing and "☐ 兰州人" in listing
    [left] = [i for i in json.loads(kehu("due", "--json").stdout) if i["kind"] == "care"]
    assert left["name"] == "兰州人"
    assert kehu("sweep", "--city", "兰州", ok=False).exit_code == 2


def test_key_clients_get_care_calls_at_irregular_intervals(kehu):
    for name in ("甲", "乙", "丙"):
        kehu("add", name, "--tier", "A", "--met", "2026-06-01", today="2026-06-01")
        kehu("won", name, today="2026-06-01")
        kehu("log", name, "--care", today="2026-06-02")
        kehu("log", name, "--channel", "visit", "--next", "2027-06-01", today="2026-06-03")  # no maintenance soon
    items = json.loads(kehu("due", "--json", "--days", "60", today="2026-06-03").stdout)
    care = sorted(i["due"] for i in items if i["kind"] == "care")
    assert len(care) == 3 and len(set(care)) > 1  # about 30 days each, not the same day
    assert all("2026-06-23" <= day <= "2026-07-13" for day in care)  # 30 days ± 30%, on a working day


def test_due_by_tag_keeps_the_personal_dates_of_tagged_contacts(kehu):
    kehu("add", "张伟", "--tier", "A", "--tag", "vip", "--met", "2026-11-01")  # before the reminders begin
    kehu("add", "李娜", "--tier", "A", "--met", "2026-11-01")
    kehu("date", "add", "张伟", "birthday", "1980-11-25")
    kehu("date", "add", "李娜", "birthday", "1980-11-26")
    occasions = [i["name"] for i in json.loads(kehu("due", "--json", "--tag", "vip").stdout) if i["kind"] == "occasion"]
    assert occasions == ["张伟"]
    table = kehu("due", "--tag", "vip").stdout
    assert "birthday" in table and "李娜" not in table


def test_greeting_plans_wrap_under_themselves_in_80_columns(kehu, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for n in range(8):
        kehu("add", f"客户{n}号", "--tier", "A", "--wechat", f"w{n}")
    lines = kehu("occasions", "--days", "90").stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Spring Festival"))
    plan = lines[start + 1:start + 4]
    assert plan[0].startswith("  A: a visit") and plan[1].startswith("     ") and plan[1].strip()
    assert all(len(line) <= 80 and line == line.rstrip() for line in lines)
    assert all(f"客户{n}号" in "".join(lines) for n in range(8))  # folded, never cut off


def test_a_sweep_call_is_the_care_call_and_the_latest_sweep_gives_the_reason(kehu):
    kehu("add", "郑凯", "--tier", "B", "--city", "兰州", "--met", "2026-08-01")  # its care call long overdue
    kinds = [i["kind"] for i in json.loads(kehu("due", "--json").stdout)]
    assert kinds.count("care") == 1
    kehu("sweep", "--city", "兰州", "--reason", "water pollution", today="2026-11-22")
    kehu("sweep", "--city", "兰州", "--reason", "flood", today="2026-11-23")  # the later one gives the reason
    care = [i for i in json.loads(kehu("due", "--json").stdout) if i["kind"] == "care"]
    assert [(c["due"], c["next_action"]) for c in care] == [("2026-11-23", "flood")]
    kehu("log", "郑凯", "--care", "--note", "asked after the family")
    assert not [i for i in json.loads(kehu("due", "--json").stdout) if i["kind"] == "care"]


def test_list_and_sweep_find_a_place_by_its_pinyin(kehu):
    kehu("add", "张伟", "--city", "上海", "--hometown", "兰州市")
    kehu("add", "李娜", "--city", "兰溪")
    assert [c["name"] for c in json.loads(kehu("list", "--city", "lanzhou", "--json").stdout)] == ["张伟"]
    kehu("sweep", "--city", "lanzhou", "--reason", "flood")
    [sweep] = json.loads(kehu("sweep", "list", "--json").stdout)
    assert [c["name"] for c in sweep["contacts"]] == ["张伟"]
