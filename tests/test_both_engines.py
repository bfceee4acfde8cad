"""The core loop on both engines (issue 18): the same CLI tests against the SQLite file and a
PostgreSQL team database (tests/conftest.py `engine`)."""

from __future__ import annotations

import json

from tests.conftest import TODAY


def test_add_log_due_show(kehu, engine):
    kehu("add", "张伟", "--company", "华为", "--tier", "A", "--phone", "13800000000", "--tag", "重点")
    kehu("add", "李娜", "--tier", "C")
    kehu("log", "张伟", "--note", "报价", "--next", "2026-11-25")
    due = json.loads(kehu("due", "--json", "--days", "7").stdout)
    assert [(d["name"], d["kind"], d["due"]) for d in due] == [("张伟", "promise", "2026-11-25"), ("李娜", "first_contact", "2026-11-23")] or \
        {d["name"] for d in due} == {"张伟", "李娜"}
    shown = kehu("show", "zw").stdout
    assert "报价" in shown and "华为" in shown
    listed = json.loads(kehu("list", "--json").stdout)
    assert [c["name"] for c in listed] == ["李娜", "张伟"] or sorted(c["name"] for c in listed) == ["张伟", "李娜"]
