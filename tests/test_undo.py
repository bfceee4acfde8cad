"""`kehu undo`: the last change to the book, whichever command made it, reversed after asking."""

import json
import sqlite3

import pytest

from kehu.store import undo
from kehu.store.schema import create_statements

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`); those of the
# SQLite design itself (temp triggers, ranges, the file) run on SQLite alone.
pytestmark = pytest.mark.usefixtures("engine")


def shown(kehu, who):
    return json.loads(kehu("show", who, "--json").stdout)


def book_rows(book_sql):
    """Every row of every table of the book (not the undo history itself), on either engine."""
    return {t: sorted(book_sql(f"SELECT * FROM {t}"), key=repr) for t in undo.TABLES}


def test_undo_of_a_log_says_what_it_reverses_and_puts_the_follow_up_count_back(kehu, book_sql):
    kehu("add", "张伟", "--met", "2026-11-20")
    before = shown(kehu, "张伟")
    kehu("log", "张伟", "--note", "test call, by mistake")
    out = kehu("undo", "--yes").stdout
    assert "Undone: `kehu log 张伟 --note \"test call, by mistake\"` of 2026-11-23 " in out
    assert "1 touch added, contact #1 changed" in out
    after = shown(kehu, "张伟")
    assert after["touches"] == before["touches"]
    assert after["due"] == before["due"]


def test_undo_without_a_terminal_and_without_yes_undoes_nothing(kehu, book_sql):
    kehu("add", "张伟", "--met", "2026-11-20")
    kehu("log", "张伟")
    before = book_rows(book_sql)
    result = kehu("undo", ok=False)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "would undo `kehu log 张伟`" in result.stderr and "--yes" in result.stderr
    assert book_rows(book_sql) == before


def test_a_second_undo_reverses_the_change_before_and_history_survives_restarts(kehu, book_sql):
    kehu("add", "张伟", "--met", "2026-11-20")
    empty_but_for_zhang = book_rows(book_sql)
    kehu("add", "李娜", "--company", "华为")
    kehu("log", "张伟")
    kehu("undo", "--yes")  # each command is a new connection, as a new process would be
    assert "`kehu add 李娜 --company 华为`" in kehu("undo", "--yes").stdout
    assert book_rows(book_sql) == empty_but_for_zhang
    assert "`kehu add 张伟" in kehu("undo", "--yes").stdout
    assert "nothing to undo" in kehu("undo", "--yes", ok=False).stderr


def test_undo_brings_back_a_purged_contact_with_every_touch_tag_date_and_complaint(kehu, book_sql):
    kehu("add", "王五", "--met", "2026-11-01", "--tag", "vip", "--birthday", "1980-05-01")
    kehu("add", "赵六", "--referred-by", "王五")
    kehu("log", "王五", "--note", "报价", "--todo", "send quote")
    kehu("complaint", "王五", "late delivery")
    before = book_rows(book_sql)
    kehu("rm", "王五", "--purge", "--yes")
    assert "1 contact removed" in kehu("undo", "--yes").stdout
    assert book_rows(book_sql) == before  # 赵六's referrer too (ON DELETE SET NULL undone)


def test_undo_of_a_merge_gives_both_contacts_back(kehu, book_sql):
    kehu("add", "张伟", "--company", "华为", "--met", "2026-11-10")
    kehu("add", "张伟", "--company", "腾讯", "--met", "2026-11-12", "--tag", "wechat")
    kehu("log", "#2", "--note", "second")
    before = book_rows(book_sql)
    kehu("merge", "#1", "#2", "--yes")
    kehu("undo", "--yes")
    assert book_rows(book_sql) == before


def test_undo_of_an_import_removes_what_it_added(kehu, book_sql, tmp_path):
    kehu("add", "张伟")
    before = book_rows(book_sql)
    sheet = tmp_path / "contacts.csv"
    sheet.write_text("姓名,公司,电话\n" + "".join(f"客户{i},公司{i},1380013{i:04d}\n" for i in range(300)), encoding="utf-8")
    kehu("import", str(sheet))
    assert "300 contacts added" in kehu("undo", "--yes").stdout
    assert book_rows(book_sql) == before


@pytest.mark.parametrize("command", [
    ("edit", "张伟", "--tier", "A", "--tag", "vip"), ("won", "张伟", "--value", "9000"), ("lost", "张伟", "--reason", "price"),
    ("pause", "张伟", "--until", "2027-01-01"), ("date", "add", "张伟", "anniversary", "06-01"),
    ("complaint", "张伟", "slow"), ("rm", "张伟"), ("sweep", "--city", "兰州", "--reason", "flood"),
])
def test_every_command_that_writes_can_be_undone(kehu, book_sql, command):
    kehu("add", "张伟", "--met", "2026-11-16", "--city", "兰州")
    kehu("log", "张伟", today="2026-11-20")
    before = book_rows(book_sql)
    kehu(*command)
    assert book_rows(book_sql) != before
    kehu("undo", "--yes")
    assert book_rows(book_sql) == before


def test_upkeep_is_not_a_change_to_undo(kehu, book_sql, tmp_path):
    kehu("add", "张伟", "--met", "2026-11-16")
    (tmp_path / "config.toml").write_text("[cadence]\nfollow_up_days = [10]\n", encoding="utf-8")
    kehu("due")  # recomputes every stored due date under the new rules: not something to undo
    assert "`kehu add 张伟" in kehu("undo", "--yes").stdout


@pytest.mark.sqlite_only
def test_only_the_last_50_changes_are_kept(kehu, db_path):
    kehu("add", "张伟", "--met", "2026-11-01")
    for n in range(55):
        kehu("log", "张伟", "--note", f"call {n}")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM undo_step").fetchone() == (undo.UNDO_STEPS,)
        assert conn.execute("SELECT count(DISTINCT step_id) FROM undo_row").fetchone() == (undo.UNDO_STEPS,)


@pytest.mark.sqlite_only
def test_a_failed_command_leaves_no_step_behind(kehu, db_path):
    kehu("add", "张伟", "--met", "2026-11-16")
    kehu("log", "张伟", "nobody", ok=False)  # refused: nothing written, nothing to undo
    assert "`kehu add 张伟" in kehu("undo", "--yes").stdout


def test_the_recorded_tables_are_every_table_of_the_book():
    conn = sqlite3.connect(":memory:")
    for statement in create_statements():
        conn.execute(statement)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    assert tables - {"undo_step", "undo_row"} == set(undo.TABLES)


@pytest.mark.sqlite_only
def test_the_undo_triggers_never_live_in_the_file(kehu, db_path):
    kehu("add", "张伟", "--met", "2026-11-16")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone() == (0,)


@pytest.mark.sqlite_only
def test_a_big_import_records_the_rows_it_added_as_one_range_and_undo_removes_them(kehu, db_path, tmp_path):
    kehu("add", "张伟", "--met", "2026-11-01")
    before = book_rows(lambda q: __import__('sqlite3').connect(db_path).execute(q).fetchall())
    log = tmp_path / "log.csv"
    log.write_text("日期,姓名,方式\n" + "".join(f"2026-11-{d:02d},张伟,电话\n" for d in range(2, 22)), encoding="utf-8")
    kehu("import", str(log))
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT op, count(*) FROM undo_row WHERE table_name = 'touch' "
                            "AND step_id = (SELECT max(id) FROM undo_step) GROUP BY op").fetchall() == [("a", 1)]
    assert "20 touches added, contact #1 changed" in kehu("undo", "--yes").stdout
    assert book_rows(lambda q: __import__('sqlite3').connect(db_path).execute(q).fetchall()) == before


def test_a_kehu_book_imported_with_its_own_ids_into_an_emptied_book_is_undone_too(kehu, book_sql, tmp_path, engine):
    kehu("add", "张伟", "--met", "2026-11-01")
    kehu("add", "李娜", "--met", "2026-11-02")
    book = tmp_path / "book.json"
    kehu("export", "--output", str(book))
    kehu("rm", "张伟", "--purge", "--yes")
    kehu("rm", "李娜", "--purge", "--yes")
    emptied = book_rows(book_sql)
    kehu("import", str(book))  # ids 1 and 2 again, below the counter: each recorded by itself
    # (a team database gives ids of its own: others share it)
    assert sorted(c["id"] for c in json.loads(kehu("list", "--json").stdout)) == ([1, 2] if engine == "sqlite" else [3, 4])
    kehu("undo", "--yes")
    assert book_rows(book_sql) == emptied
