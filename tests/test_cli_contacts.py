"""Contacts through the CLI: add, edit, show, list, rm, and naming them (WHO)."""

import json

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("engine")


def listed(kehu, *args):
    return json.loads(kehu("list", "--json", *args).stdout)


def test_add_stores_every_field_and_starts_as_a_lead_due_today(kehu):
    out = kehu("add", "张三", "--company", "华为", "--title", "采购经理", "--tier", "b", "--phone", "+86 138 0013 8000",
               "--email", "zs@example.com", "--wechat", "zs001", "--city", "上海", "--hometown", "兰州",
               "--tag", "vip", "--tag", "expo", "--note", "likes NBA").stdout
    assert "Added 张三 (#1), tier B, lead" in out and "first contact on 2026-11-23 (today)" in out
    [c] = listed(kehu)
    assert (c["company"], c["title"], c["tier"], c["phone"], c["email"], c["wechat"], c["city"], c["hometown"],
            c["tags"], c["note"], c["stage"]) == (
        "华为", "采购经理", "B", "+86 138 0013 8000", "zs@example.com", "zs001", "上海", "兰州",
        ["expo", "vip"], "likes NBA", "lead")


def test_same_name_twice_is_allowed_and_a_repeat_of_name_and_company_is_warned(kehu):
    kehu("add", "张伟", "--company", "阿里")
    other = kehu("add", "张伟", "--company", "腾讯")
    assert "note:" not in other.stderr
    twin = kehu("add", "张伟", "--company", "阿里")
    assert "already exists (#1)" in twin.stderr
    assert len(listed(kehu)) == 3


def test_ambiguous_name_exits_2_lists_candidates_and_writes_nothing(kehu):
    kehu("add", "张伟", "--company", "阿里", "--city", "杭州")
    kehu("add", "张伟", "--company", "腾讯", "--city", "深圳")
    result = kehu("log", "张伟", ok=False)
    assert result.exit_code == 2
    assert "matches 2 contacts" in result.stderr
    assert "#1  张伟  (阿里 · 杭州)" in result.stderr and "#2  张伟  (腾讯 · 深圳)" in result.stderr
    assert all(c["last_touch"] is None for c in listed(kehu))
    assert "first contact" in kehu("log", "#2").stdout


def test_unknown_name_exits_1_and_suggests_the_closest(kehu):
    kehu("add", "John Smith")
    result = kehu("show", "Jon Smith", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == "kehu: no contact matches 'Jon Smith'; did you mean John Smith?"


def test_pinyin_and_initials_name_a_contact(kehu):
    kehu("add", "欧阳娜娜")
    assert "欧阳娜娜" in kehu("log", "oynn").stdout
    assert "欧阳娜娜" in kehu("log", "ouyang nana").stdout


def test_edit_changes_fields_clears_with_empty_and_renames_with_new_pinyin(kehu):
    kehu("add", "张三", "--phone", "123456", "--tag", "old")
    kehu("edit", "zs", "--name", "张叁", "--phone", "", "--tier", "A", "--tag", "new", "--untag", "old")
    [c] = listed(kehu)
    assert (c["name"], c["phone"], c["tier"], c["tags"]) == ("张叁", None, "A", ["new"])
    assert "张叁" in kehu("show", "zhangsan").stdout


def test_edit_with_nothing_to_change_is_a_usage_error(kehu):
    kehu("add", "张三")
    assert kehu("edit", "张三", ok=False).exit_code == 2


def test_list_city_matches_where_they_live_or_come_from(kehu):
    kehu("add", "住兰州", "--city", "兰州")
    kehu("add", "兰州人", "--city", "北京", "--hometown", "兰州")
    kehu("add", "上海人", "--city", "上海")
    assert sorted(c["name"] for c in listed(kehu, "--city", "兰州")) == ["住兰州", "兰州人"]


def test_list_filters_by_tier_tag_and_stage(kehu):
    kehu("add", "A1", "--tier", "A", "--tag", "vip")
    kehu("add", "B1", "--tier", "B", "--met", "2026-11-01")
    assert [c["name"] for c in listed(kehu, "--tier", "A")] == ["A1"]
    assert [c["name"] for c in listed(kehu, "--tag", "vip")] == ["A1"]
    assert [c["name"] for c in listed(kehu, "--stage", "pursuing")] == ["B1"]
    assert kehu("list", "--stage", "nope", ok=False).exit_code == 2


def test_show_explains_what_is_due_next_and_why(kehu):
    kehu("add", "张三", "--tier", "A", "--met", "2026-11-01")
    for day in ("2026-11-03", "2026-11-06", "2026-11-11"):
        kehu("log", "张三", "--at", day, "--note", f"call {day}")
    out = kehu("show", "张三").stdout
    assert "follow-up #3" in out and "call 2026-11-11" in out
    assert "follow-up #4: 7 days after #3 (2026-11-11), tier A cadence" in out
    assert "#4–#11 zone" in out and "5 days overdue" in out


def test_rm_archives_keeping_history_and_purge_needs_confirmation(kehu, book_sql):
    kehu("add", "张三", "--met", "2026-11-20")
    kehu("rm", "张三")
    assert listed(kehu) == [] and len(listed(kehu, "--archived")) == 1
    for who in ("张三", "1", "zs"):
        result = kehu("log", who, ok=False)
        assert result.exit_code == 1 and "张三 (#1) is archived; `kehu unarchive 1`" in result.stderr
    refused = kehu("rm", "#1", "--purge", ok=False)
    assert refused.exit_code == 1 and "not deleted" in refused.stderr
    assert book_sql("SELECT count(*) FROM touch")[0][0] == 1
    kehu("unarchive", "#1")
    assert len(listed(kehu)) == 1
    kehu("rm", "#1", "--purge", "--yes")
    assert book_sql("SELECT count(*) FROM contact")[0][0] == 0
    assert book_sql("SELECT count(*) FROM touch")[0][0] == 0


def test_chinese_names_line_up_in_the_table(kehu):
    kehu("add", "欧阳娜娜", "--company", "华为")
    kehu("add", "Bob", "--company", "ACME")
    lines = [line for line in kehu("list").stdout.splitlines() if "华为" in line or "ACME" in line]
    from rich.cells import cell_len
    assert cell_len(lines[0].split("华为")[0]) == cell_len(lines[1].split("ACME")[0])


def test_edit_sets_and_clears_who_referred_them_and_warns_of_a_twin(kehu):
    kehu("add", "李娜", "--company", "阿里")
    kehu("add", "李四", "--company", "阿里")
    kehu("edit", "李四", "--referred-by", "李娜")
    assert json.loads(kehu("show", "李四", "--json").stdout)["referred_by"] == 1
    assert "referred by: 李娜 (#1)" in kehu("show", "李四").stdout
    assert kehu("edit", "李四", "--referred-by", "李四", ok=False).exit_code == 2  # not themselves
    kehu("edit", "李四", "--referred-by", "")
    assert json.loads(kehu("show", "李四", "--json").stdout)["referred_by"] is None
    renamed = kehu("edit", "2", "--name", "李娜")
    assert "李娜 at the same company already exists (#1)" in renamed.stderr
    assert "already exists" not in kehu("edit", "2", "--note", "x").stderr  # only when the name or company changes


def test_show_and_list_read_well_in_80_columns(kehu, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    kehu("add", "Maximilian Fischer-Huber", "--company", "International Business Machines Corporation",
         "--tag", "ecommerce", "--tag", "vip", "--city", "深圳", "--hometown", "潮州", "--met", "2026-11-01")
    kehu("log", "1", "--at", "2026-11-03 10:00", "--channel", "wechat", "--note", "asked about volumes and the price range")
    shown = kehu("show", "1").stdout.splitlines()
    assert max(len(line) for line in shown) <= 80
    assert any("2026-11-03 10:00" in line and "follow-up #1" in line for line in shown)  # neither split
    listed = kehu("list").stdout.splitlines()
    assert any("Maximilian" in line for line in listed) and any("days ago" in line for line in listed)


@pytest.mark.sqlite_only  # a missing file
def test_an_empty_list_says_whether_the_book_or_the_filter_is_empty(kehu, db_path):
    missing = kehu("list", ok=False)  # no database: a mistyped --db must not pass for an empty book
    assert missing.exit_code == 1 and "no kehu database at" in missing.stderr and not db_path.exists()
    kehu("add", "李四")
    kehu("rm", "李四", "--purge", "--yes")
    assert "No contacts yet" in kehu("list").stdout
    kehu("add", "张三")
    assert "No contacts match these filters" in kehu("list", "--tag", "nope").stdout
    assert kehu("list").stdout.rstrip().endswith("1 contact")
