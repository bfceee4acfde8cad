"""`kehu due --json` is written by SQLite for the stored schedules (book.due.due_json): the same
items, fields, values and order as DueItem.as_json over the ranked list computed in Python
(book.due_list), whatever the weights, the language, the horizon or the filters."""

from __future__ import annotations

import json

import pytest


def python_list(days: int = 0, tier: str | None = None, tag: str | None = None) -> list[dict]:
    from kehu.cli.common import open_book

    return [i.as_json() for i in open_book().due_list(days, tier=tier, tag=tag)]


@pytest.fixture
def busy_book(kehu, db_path):
    kehu("demo")
    kehu("complaint", "1", "漏发了货")  # a complaint: always first
    kehu("pause", "2", "--until", "2026-12-20")
    kehu("log", "3", "--todo", "发报价单", "--next", "2026-11-26")
    return db_path


@pytest.mark.parametrize("args", [(), ("--days", "30"), ("--days", "400"), ("--tier", "A", "--days", "90"),
                                  ("--limit", "5"), ("--days", "400", "--limit", "37")])
def test_the_sql_written_json_is_the_python_one(kehu, busy_book, args):
    shown = json.loads(kehu("due", "--json", *args).stdout)
    days = int(args[args.index("--days") + 1]) if "--days" in args else 0
    tier = args[args.index("--tier") + 1] if "--tier" in args else None
    expected = python_list(days, tier)
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
    assert shown == (expected[:limit] if limit else expected)
    assert len(shown) > 3 and shown[0]["kind"] == "complaint" if not tier else True


def test_odd_weights_round_as_python_does(kehu, busy_book):
    busy_book.with_name("config.toml").write_text(
        "[urgency]\nper_day_overdue = 0.335\ndue = 10.005\nzone = 6.125\n[urgency.tier]\nA = 14.0049\nB = 2.675\n"
        "[urgency.kind]\nfollow_up = 0.1\ncare = 0.2\n", encoding="utf-8")
    shown = json.loads(kehu("due", "--json", "--days", "400").stdout)
    assert shown == python_list(400)
    assert len({i["urgency"] for i in shown}) > 10


def test_next_actions_are_translated_as_python_does(kehu, busy_book, monkeypatch):
    from kehu import i18n

    monkeypatch.setenv("KEHU_LANG", "zh_CN")
    i18n.reset()
    try:
        shown = json.loads(kehu("due", "--json", "--days", "400").stdout)
        assert shown == python_list(400)
        assert any("跟进" in i["next_action"] for i in shown)
    finally:
        monkeypatch.setenv("KEHU_LANG", "en")
        i18n.reset()


def test_without_side_items_sqlite_writes_each_whole_item(kehu, db_path):
    """No complaint, date or greeting due: each item's text comes whole from SQLite (the default
    weights make every urgency a multiple of 1/4), still DueItem.as_json's."""
    from kehu.cli.common import open_book

    for name, tier, at in (("王芳", "A", "2026-06-01"), ("李雷", "B", "2026-09-10"), ("Ann O'Neil \"AO\"", "C", "2026-11-01"),
                           ("张伟", "D", "2026-11-20")):
        kehu("add", name, "--tier", tier)
        kehu("log", name, "--at", at, "--outcome", "good")
    kehu("log", "李雷", "--todo", "寄\\样品 \"快\"", "--at", "2026-10-01")
    from kehu.book.due import _side_items

    book = open_book()
    assert not _side_items(book, 400, book.today, None, None)
    for days in (0, 30, 400):
        shown = json.loads(kehu("due", "--json", "--days", str(days)).stdout)
        assert shown == python_list(days)
    assert any(i["promised"] for i in shown) and len(shown) >= 4
