"""`kehu log` and `kehu due` through the CLI, on a temporary database."""

import json

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("engine")


def due_json(kehu, *args, today=None):
    """The due items, less the holiday greetings a long look ahead reaches (元旦's, here)."""
    return [i for i in json.loads(kehu("due", "--json", *args, today=today).stdout) if i["kind"] != "greeting"]


def test_log_prints_the_follow_up_number_and_the_next_due_date(kehu):
    kehu("add", "张三", "--met", "2026-11-20")
    out = kehu("log", "张三", "--note", "sent brochure").stdout
    assert "follow-up #1" in out
    assert "next: follow-up #2 on 2026-11-26 (in 3 days)" in out


def test_log_to_several_contacts_writes_one_touch_each(kehu):
    kehu("add", "张三", "--met", "2026-11-20")
    kehu("add", "李四", "--met", "2026-11-20")
    out = kehu("log", "张三", "李四", "--channel", "meeting", "--note", "dinner").stdout
    assert out.count("follow-up #1") == 2
    shown = json.loads(kehu("show", "李四", "--json").stdout)
    assert [t["channel"] for t in shown["touches"]] == ["meeting", "meeting"]


def test_log_to_several_contacts_writes_nothing_if_one_name_is_unknown(kehu):
    kehu("add", "张三", "--met", "2026-11-20")
    result = kehu("log", "张三", "nobody", ok=False)
    assert result.exit_code == 1
    assert len(json.loads(kehu("show", "张三", "--json").stdout)["touches"]) == 1


def test_touches_logged_out_of_order_are_numbered_by_time(kehu):
    kehu("add", "王五")
    kehu("log", "王五", "--at", "2026-11-10")
    kehu("log", "王五", "--at", "2026-11-20")
    kehu("log", "王五", "--at", "2026-11-15 09:30")  # forgotten call, logged late
    touches = json.loads(kehu("show", "王五", "--json").stdout)["touches"]
    assert [(t["at"][:10], t["follow_up"]) for t in touches] == [
        ("2026-11-10", 0), ("2026-11-15", 1), ("2026-11-20", 2)]


def test_no_answer_keeps_the_number_and_is_due_again_the_next_working_day(kehu):
    kehu("add", "张三", "--met", "2026-11-16")
    out = kehu("log", "张三", "--outcome", "none", today="2026-11-20").stdout  # a Friday
    assert "attempt at follow-up #1 (no answer)" in out
    [item] = due_json(kehu, "--days", "3", today="2026-11-20")
    assert (item["follow_up"], item["due"]) == (1, "2026-11-23")


def test_next_date_wins_over_the_cadence_until_the_next_touch(kehu):
    kehu("add", "张三", "--met", "2026-11-20")
    kehu("log", "张三", "--next", "1m", "--note", "talk again in a month")
    [item] = due_json(kehu, "--days", "60")
    assert item["due"] == "2026-12-23"
    kehu("log", "张三", today="2026-12-23")
    [item] = due_json(kehu, "--days", "60", today="2026-12-23")
    assert (item["follow_up"], item["due"]) == (3, "2026-12-28")  # back on the cadence: 5 days


def test_a_promise_is_due_and_shown_as_the_next_action(kehu):
    kehu("add", "张三", "--met", "2026-11-20")
    kehu("log", "张三", "--todo", "send the quote", "--next", "fri")
    [item] = due_json(kehu, "--days", "7")
    assert item["kind"] == "promise" and item["next_action"] == "send the quote"
    assert item["due"] == "2026-11-27"


def test_care_touch_does_not_move_the_follow_up_clock(kehu):
    kehu("add", "张三", "--met", "2026-11-20")
    out = kehu("log", "张三", "--care", "--channel", "wechat").stdout
    assert "care touch" in out
    [item] = due_json(kehu, "--days", "7")
    assert (item["follow_up"], item["due"]) == (1, "2026-11-23")  # 11-22 is a Sunday
    assert item["last_touch"] == "2026-11-23"


def test_due_json_has_the_documented_fields(kehu):
    kehu("add", "张三", "--company", "华为", "--tier", "A")
    [item] = due_json(kehu)
    for key in ("contact_id", "name", "company", "tier", "stage", "kind", "follow_up", "due",
                "days_overdue", "urgency", "last_touch", "next_action"):
        assert key in item
    assert item["kind"] == "first_contact" and item["days_overdue"] == 0 and item["company"] == "华为"


def test_due_marks_the_4_to_11_zone_and_calls_out_stalled_early_contacts(kehu):
    kehu("add", "Zone", "--met", "2026-10-01")
    for day in ("2026-10-03", "2026-10-06", "2026-10-11"):
        kehu("log", "Zone", "--at", day)  # #1, #2, #3 → #4 due 10-18
    kehu("add", "Stalled", "--met", "2026-11-01")
    kehu("log", "Stalled", "--at", "2026-11-03")  # #1 → #2 due 11-06, 17 days overdue > 3
    kehu("add", "Fresh")
    out = kehu("due").stdout
    zone_line = next(line for line in out.splitlines() if "Zone" in line)
    assert "★ #4" in zone_line
    assert "Stalled early" in out and "Stalled (id 2, #2 due)" in out
    assert "3 due · 2 overdue · 1 in the ★ #4–#11 zone" in out
    items = due_json(kehu)
    assert [i["name"] for i in items][0] == "Zone"  # the zone outranks the same tier
    assert next(i for i in items if i["name"] == "Stalled")["stalled_early"] is True


def test_due_filters_by_tier_and_tag_and_limits(kehu):
    kehu("add", "A1", "--tier", "A", "--tag", "vip")
    kehu("add", "C1", "--tag", "vip")
    kehu("add", "C2")
    assert [i["name"] for i in due_json(kehu, "--tier", "a")] == ["A1"]
    assert sorted(i["name"] for i in due_json(kehu, "--tag", "vip")) == ["A1", "C1"]
    assert len(due_json(kehu, "--limit", "2")) == 2
    table = kehu("due", "--limit", "1").stdout
    assert "Showing the 1 most urgent; --limit 0 shows all 3." in table


def test_nothing_due_is_a_friendly_line_and_exit_0(kehu):
    kehu("add", "张三", "--met", "2026-11-23")
    kehu("won", "张三")  # maintenance weeks away
    result = kehu("due")
    assert "Nothing due" in result.stdout and result.exit_code == 0
    assert due_json(kehu) == []


def test_won_contacts_move_to_maintenance_and_lost_ones_drop_out(kehu):
    kehu("add", "张三", "--tier", "A", "--met", "2026-11-20")
    out = kehu("won", "张三", "--value", "50000").stdout
    assert "won at the first contact" in out and "2026-12-04" in out  # A: 14 days after the last touch
    kehu("add", "李四", "--met", "2026-11-20")
    kehu("lost", "李四", "--reason", "price")
    names = [i["name"] for i in due_json(kehu, "--days", "30")]
    assert names == ["张三"]
    assert due_json(kehu, "--days", "30")[0]["kind"] == "maintenance"


def test_pause_hides_a_contact_until_the_date_and_resume_brings_it_back(kehu):
    kehu("add", "张三")
    kehu("pause", "张三", "--until", "2026-12-01")
    assert due_json(kehu) == []
    assert json.loads(kehu("list", "--stage", "paused", "--json").stdout)[0]["name"] == "张三"
    kehu("resume", "张三")
    assert [i["name"] for i in due_json(kehu)] == ["张三"]


def test_pursue_starts_a_new_sequence_from_first_contact(kehu):
    kehu("add", "张三", "--met", "2026-11-01")
    kehu("log", "张三", "--at", "2026-11-03")
    kehu("won", "张三")
    kehu("pursue", "张三")
    [item] = due_json(kehu)
    assert item["kind"] == "first_contact" and item["stage"] == "lead"
    assert "first contact" in kehu("log", "张三").stdout


def test_changing_the_cadence_in_the_config_moves_stored_due_dates(kehu, db_path):
    kehu("add", "张三", "--met", "2026-11-20")
    assert due_json(kehu, "--days", "30")[0]["due"] == "2026-11-23"  # 11-22 is a Sunday
    (db_path.parent / "config.toml").write_text("[cadence]\nfollow_up_days = [10]\n")
    assert due_json(kehu, "--days", "30")[0]["due"] == "2026-11-30"
