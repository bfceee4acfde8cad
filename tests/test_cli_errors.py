"""Bad input: one clear line on stderr, a non-zero exit, nothing written, never a traceback."""

import json

import pytest

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
pytestmark = pytest.mark.usefixtures("engine")


def touch_count(book_sql):
    return book_sql("SELECT count(*) FROM touch")[0][0]


@pytest.fixture
def book(kehu):
    kehu("add", "张三", "--met", "2026-11-20")
    return kehu


@pytest.mark.parametrize("args,needle", [
    (("log", "张三", "--at", "someday"), "YYYY-MM-DD"),
    (("log", "张三", "--next", "2026-02-30"), "YYYY-MM-DD"),
    (("log", "张三", "--at", "tomorrow"), "in the future"),
    (("log", "张三", "--next", "2026-11-01"), "before the touch"),
    (("log", "张三", "--at", "yesterday 25:00"), "hours 0-23"),
    (("log", "", "--note", "x"), "WHO is empty"),
    (("pause", "张三", "--until", "yesterday"), "not in the future"),
    (("add", "王五", "--met", "next year"), "in the future"),
    (("add", "王五", "--met", "someday"), "YYYY-MM-DD"),
    (("add", "   "), "name is empty"),
    (("add", "王五", "--email", "not-an-address"), "e-mail"),
    (("add", "王五", "--phone", "call me"), "--phone"),
])
def test_bad_values_give_one_line_and_exit_2_and_write_nothing(book, book_sql, args, needle):
    before = touch_count(book_sql)
    result = book(*args, ok=False)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert result.stderr.startswith("kehu: ") and result.stderr.count("\n") == 1
    assert touch_count(book_sql) == before
    assert len(json.loads(book("list", "--json").stdout)) == 1


@pytest.mark.parametrize("args,needle", [
    (("add", "王五", "--tier", "E"), "--tier"),
    (("log", "张三", "--channel", "pigeon"), "--channel"),
    (("log", "张三", "--outcome", "great"), "--outcome"),
    (("lost", "张三", "--reason", "bored"), "--reason"),
    (("log", "张三", "--cost", "-5"), "--cost"),
])
def test_invalid_choices_name_the_accepted_values(book, book_sql, args, needle):
    result = book(*args, ok=False)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert touch_count(book_sql) == 1


def test_a_100_kb_note_is_refused_with_the_limit_named(book, book_sql):
    result = book("log", "张三", "--note", "记" * 100_000, ok=False)
    assert result.exit_code == 2 and "limit is 20000" in result.stderr
    assert touch_count(book_sql) == 1


def test_a_long_but_reasonable_note_is_kept_whole(book):
    note = "客户说" * 3000  # 9,000 characters
    book("log", "张三", "--note", note)
    touches = json.loads(book("show", "张三", "--json").stdout)["touches"]
    assert touches[-1]["note"] == note


def test_naming_one_contact_twice_in_log_is_refused(book, book_sql):
    result = book("log", "张三", "#1", ok=False)
    assert result.exit_code == 2 and "named twice" in result.stderr
    assert touch_count(book_sql) == 1


def test_won_twice_and_resume_without_pause_are_explained(book):
    book("won", "张三")
    refused = [book("won", "张三", ok=False), book("resume", "张三", ok=False)]
    assert "already won" in refused[0].stderr and "not paused" in refused[1].stderr
    assert "new deal started" in book("pursue", "张三").stdout
    refused.append(again := book("pursue", "张三", ok=False))
    assert "a lead whose first contact is still to come" in again.stderr
    assert [r.exit_code for r in refused] == [1, 1, 1]  # refused actions, as the README's table says


def test_a_bad_kehu_today_is_an_error_not_a_traceback(book, monkeypatch):
    result = book("due", today="someday", ok=False)
    assert result.exit_code == 2 and "KEHU_TODAY" in result.stderr


def test_kehu_today_far_in_the_future_or_past_is_an_error_not_a_traceback(book):
    for day in ("9999-12-31", "2200-01-01", "1800-01-01"):
        for command in (("due",), ("digest",), ("occasions",), ("export", "-f", "ics")):
            result = book(*command, today=day, ok=False)
            assert result.exit_code == 2 and "from 1900-01-01 to 2199-12-31" in result.stderr, (day, command)
    assert book("occasions", today="2199-12-31").exit_code == 0
