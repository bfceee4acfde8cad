"""Issue 11: the ranking of `kehu due` follows the 80/20 rule; stalled early from the first
contact on; pausing a whole tier."""

import json

import pytest

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
pytestmark = pytest.mark.usefixtures("engine")


def due_json(kehu, *args, today=None):
    return json.loads(kehu("due", "--json", *args, today=today).stdout)


def test_a_clients_star_item_due_today_is_first_and_a_neglected_d_contact_second(kehu):
    kehu("add", "大客户", "--tier", "A", "--met", "2027-01-01", today="2027-01-01")
    for day in ("2027-01-04", "2027-01-07", "2027-01-11"):  # #1, #2, #3
        kehu("log", "大客户", "--at", day, today=day)
    kehu("add", "小客户", "--tier", "D", "--met", "2026-12-07", today="2026-12-07")  # #1 due 12-09
    kehu("add", "新客户", "--tier", "B", "--met", "2027-01-18", today="2027-01-18")  # #1 due in 2 days
    items = due_json(kehu, "--days", "3", today="2027-01-18")
    assert [(i["name"], i["follow_up"], i["days_overdue"]) for i in items] == [
        ("大客户", 4, 0), ("小客户", 1, 40), ("新客户", 1, -2)]
    assert items[0]["in_zone"] and items[1]["stalled_early"]


def test_a_contact_stuck_right_after_first_contact_is_called_out_as_stalled(kehu):
    kehu("add", "王五", "--met", "2026-10-12", today="2026-10-12")  # #1 due 10-14: 42 days overdue on 11-25
    out = kehu("due", today="2026-11-25").stdout
    assert "Stalled early" in out and "王五 (id 1, #1 due)" in out


def test_show_and_config_name_the_tier_weights(kehu, db_path):
    (db_path.parent / "config.toml").write_text("[urgency.tier]\nA = 20\n", encoding="utf-8")
    kehu("add", "张三", "--tier", "A")
    assert "+20 tier A" in kehu("show", "张三").stdout
    config = {row["key"]: row for row in json.loads(kehu("config", "--json").stdout)["settings"]}
    assert config["urgency.tier.A"]["value"] == 20 and config["urgency.tier.D"]["value"] == 0
    assert config["urgency.due"]["value"] == 10


def test_pause_a_whole_tier_and_resume_it(kehu):
    for name, tier in (("D1", "D"), ("D2", "D"), ("C1", "C")):
        kehu("add", name, "--tier", tier)
    kehu("lost", "D2", "--reason", "price")
    kehu("add", "D3", "--tier", "D")
    kehu("pause", "D3", "--until", "2027-06-01")  # a longer pause of its own is kept
    out = kehu("pause", "--tier", "d", "--until", "2027-01-04").stdout
    assert "tier D paused until 2027-01-04: 1 contact" in out  # D2 is lost, D3 paused longer
    assert [i["name"] for i in due_json(kehu)] == ["C1"]
    shown = json.loads(kehu("show", "D3", "--json").stdout)
    assert shown["paused_until"] == "2027-06-01"
    assert [i["name"] for i in due_json(kehu, today="2027-01-04")] == ["C1", "D1"]
    out = kehu("resume", "--tier", "D", today="2026-11-23").stdout
    assert "tier D resumed: 2 contacts" in out
    assert sorted(i["name"] for i in due_json(kehu)) == ["C1", "D1", "D3"]


@pytest.mark.parametrize("args,needle", [
    (("pause", "D1", "--tier", "D", "--until", "2027-01-04"), "not both"),
    (("pause", "--until", "2027-01-04"), "WHO or --tier"),
    (("resume",), "WHO or --tier"),
    (("resume", "D1", "--tier", "D"), "not both"),
])
def test_pause_and_resume_refuse_bad_combinations_in_one_line(kehu, args, needle):
    kehu("add", "D1", "--tier", "D")
    result = kehu(*args, ok=False)
    assert result.exit_code == 2 and needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert json.loads(kehu("show", "D1", "--json").stdout)["paused_until"] is None


def test_pause_refuses_an_unknown_tier(kehu):
    result = kehu("pause", "--tier", "X", "--until", "2027-01-04", ok=False)
    assert result.exit_code == 2 and "--tier" in result.stderr


def test_pausing_or_resuming_a_tier_with_nobody_to_change_is_refused(kehu):
    kehu("add", "C1")
    assert "nobody" in kehu("pause", "--tier", "A", "--until", "2027-01-04", ok=False).stderr
    assert "nobody" in kehu("resume", "--tier", "C", ok=False).stderr
