"""Correcting the record: `kehu touch list|edit|rm|move`, each renumbering and recomputing what is due."""

import json

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("engine")


def touches(kehu, who):
    return json.loads(kehu("touch", "list", who, "--json").stdout)


def due_of(kehu, who):
    return json.loads(kehu("show", who, "--json").stdout)["due"]


def test_touch_list_shows_each_touch_with_its_id_and_follow_up_number(kehu):
    kehu("add", "张伟", "--met", "2026-11-16")
    kehu("log", "张伟", "--note", "报价", "--cost", "300", "--todo", "send quote", "--at", "2026-11-18 10:00")
    listed = touches(kehu, "张伟")
    assert [(t["id"], t["follow_up"], t["channel"]) for t in listed] == [(1, 0, "meeting"), (2, 1, "call")]
    assert {"id", "at", "channel", "note", "follow_up", "outcome", "cost", "todo", "next"} <= set(listed[1])
    assert (listed[1]["at"], listed[1]["note"], listed[1]["cost"], listed[1]["todo"]) == ("2026-11-18 10:00:00", "报价", 300.0, "send quote")
    table = kehu("touch", "list", "张伟").stdout
    assert "#2" in table and "follow-up #1" in table and "报价" in table and "300" in table


def test_a_stray_test_touch_removed_gives_the_follow_up_number_back(kehu):
    kehu("add", "张伟", "--met", "2026-11-16")
    before = due_of(kehu, "张伟")
    kehu("log", "张伟", "--note", "test, ignore")
    assert due_of(kehu, "张伟")["follow_up"] == 2
    out = kehu("touch", "rm", "2", "--yes").stdout
    assert "Deleted touch #2" in out and "next: follow-up #1" in out
    assert [t["id"] for t in touches(kehu, "张伟")] == [1]
    assert due_of(kehu, "张伟") == before


def test_touch_rm_asks_first_and_without_a_terminal_removes_nothing(kehu):
    kehu("add", "张伟", "--met", "2026-11-16")
    refused = kehu("touch", "rm", "1", ok=False)
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1 and "--yes" in refused.stderr
    assert len(touches(kehu, "张伟")) == 1


def test_a_call_logged_to_the_wrong_zhang_wei_moves_to_the_right_one_and_both_are_renumbered(kehu):
    kehu("add", "张伟", "--company", "华为", "--met", "2026-11-10")
    kehu("add", "张伟", "--company", "腾讯", "--met", "2026-11-12")
    kehu("log", "#1", "--note", "腾讯的报价", "--at", "2026-11-20 09:00")
    assert due_of(kehu, "#1")["follow_up"] == 2 and due_of(kehu, "#2")["follow_up"] == 1
    out = kehu("touch", "move", "3", "#2").stdout
    assert "Moved touch #3 from 张伟 (#1) to 张伟 (#2): now follow-up #1 there." in out
    assert [t["follow_up"] for t in touches(kehu, "#1")] == [0]
    assert [t["follow_up"] for t in touches(kehu, "#2")] == [0, 1]
    assert due_of(kehu, "#1")["follow_up"] == 1 and due_of(kehu, "#2")["follow_up"] == 2


def test_touch_edit_moves_a_touch_in_time_and_the_numbers_follow(kehu):
    kehu("add", "王五")
    kehu("log", "王五", "--at", "2026-11-10")
    kehu("log", "王五", "--at", "2026-11-20", "--note", "second")
    kehu("log", "王五", "--at", "2026-11-15")
    out = kehu("touch", "edit", "2", "--at", "2026-11-12 09:30", "--channel", "wechat", "--note", "", "--outcome", "good").stdout
    assert "Corrected touch #2 (2026-11-12 09:30, wechat) with 王五 (#1): follow-up #1" in out
    listed = touches(kehu, "王五")
    assert [(t["id"], t["follow_up"]) for t in listed] == [(1, 0), (2, 1), (3, 2)]
    assert (listed[1]["channel"], listed[1]["note"], listed[1]["outcome"]) == ("wechat", None, "good")


def test_touch_edit_sets_and_clears_the_promise_and_the_named_next_date(kehu):
    kehu("add", "张伟", "--met", "2026-11-16")
    kehu("log", "张伟", "--at", "2026-11-20")
    kehu("touch", "edit", "2", "--todo", "send the quote", "--next", "2026-12-01", "--cost", "1,200")
    assert (due_of(kehu, "张伟")["due"], touches(kehu, "张伟")[1]["cost"]) == ("2026-12-01", 1200.0)
    kehu("touch", "edit", "2", "--todo", "", "--next", "")
    edited = touches(kehu, "张伟")[1]
    assert (edited["todo"], edited["next"]) == (None, None)
    assert due_of(kehu, "张伟")["due"] != "2026-12-01"


def test_touch_edit_refuses_what_log_refuses(kehu):
    kehu("add", "张伟", "--met", "2026-11-16")
    for args in (("--at", "tomorrow"), ("--next", "2026-11-01"), ()):
        result = kehu("touch", "edit", "1", *args, ok=False)
        assert result.exit_code == 2 and result.stderr.startswith("kehu: ") and result.stderr.count("\n") == 1, args
    for args in (("--channel", "fax"), ("--cost", "99,50")):  # refused by the option parser (one line from `kehu`)
        assert kehu("touch", "edit", "1", *args, ok=False).exit_code == 2
    assert touches(kehu, "张伟")[0]["channel"] == "meeting"


def test_an_unknown_touch_id_is_one_line_and_exit_1(kehu):
    kehu("add", "张伟", "--met", "2026-11-16")
    for args in (("edit", "99", "--note", "x"), ("rm", "99", "--yes"), ("move", "99", "张伟")):
        result = kehu("touch", *args, ok=False)
        assert result.exit_code == 1 and result.stderr == "kehu: no touch #99; kehu touch list WHO shows a contact's touches with their ids\n"


def test_a_correction_is_undone_like_any_change(kehu):
    kehu("add", "张伟", "--met", "2026-11-16")
    kehu("add", "李娜", "--met", "2026-11-16")
    kehu("log", "张伟", "--at", "2026-11-20")
    before = (touches(kehu, "张伟"), touches(kehu, "李娜"), due_of(kehu, "张伟"), due_of(kehu, "李娜"))
    kehu("touch", "move", "3", "李娜")
    assert "touch #3 changed" in kehu("undo", "--yes").stdout
    assert (touches(kehu, "张伟"), touches(kehu, "李娜"), due_of(kehu, "张伟"), due_of(kehu, "李娜")) == before


def test_a_deleted_touch_id_is_never_given_again(kehu):
    kehu("add", "张伟", "--met", "2026-11-16")
    kehu("log", "张伟")
    kehu("touch", "rm", "2", "--yes")
    kehu("log", "张伟")
    assert [t["id"] for t in touches(kehu, "张伟")] == [1, 3]
