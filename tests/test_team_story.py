"""The README's team story, step by step, against a real PostgreSQL (issue 18, "done when"): an
owner who is no superuser (CREATEROLE, owner of the database) sets it up and adds two reps; each
rep pushes a local book, logs and sees only their own clients; the manager sees both and hands
one rep's clients to the other."""

from __future__ import annotations

import json

from tests.conftest import pg_admin


def test_the_readme_team_story(pg_server, kehu, tmp_path, monkeypatch):
    with pg_admin(pg_server) as admin:
        admin.execute("DROP DATABASE IF EXISTS sales WITH (FORCE)")
        admin.execute("DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sales_admin') "
                      "THEN CREATE ROLE sales_admin LOGIN CREATEROLE; END IF; END$$")
        admin.execute("CREATE DATABASE sales OWNER sales_admin")
    admin_url = pg_server.url("sales", "sales_admin")
    url = lambda login: pg_server.url("sales", login)  # noqa: E731

    # The manager's two commands (and one more `team add` per member).
    assert "ready" in kehu("--db", admin_url, "team", "init").stdout
    kehu("--db", admin_url, "team", "add", "story_wang", "--role", "rep", "--name", "王五")
    kehu("--db", admin_url, "team", "add", "story_li", "--role", "rep", "--name", "李四")
    kehu("--db", admin_url, "team", "add", "story_boss", "--role", "manager", "--name", "赵经理")

    # Each rep pushes a local book.
    for login, names in (("story_wang", ("张伟", "周杰")), ("story_li", ("李娜",))):
        monkeypatch.setenv("KEHU_DB", str(tmp_path / f"{login}.db"))
        for name in names:
            kehu("add", name, "--met", "2026-11-02", "--tier", "A")
            kehu("log", name, "--at", "2026-11-06 10:00", "--note", f"{name} 报价")
        assert f"Pushed {len(names)} contact{'s' if len(names) > 1 else ''} of" in kehu("push", url(login), "--yes").stdout

    # Each logs on the team database and sees only their own clients.
    monkeypatch.setenv("KEHU_DB", url("story_wang"))
    kehu("log", "张伟", "--note", "第二次拜访")
    assert {c["name"] for c in json.loads(kehu("list", "--json").stdout)} == {"张伟", "周杰"}
    assert kehu("show", "李娜", ok=False).exit_code == 1
    monkeypatch.setenv("KEHU_DB", url("story_li"))
    kehu("log", "李娜", "--note", "电话回访")
    assert {c["name"] for c in json.loads(kehu("list", "--json").stdout)} == {"李娜"}
    assert kehu("show", "张伟", ok=False).exit_code == 1

    # The manager sees both, and hands 王五's clients to 李四.
    monkeypatch.setenv("KEHU_DB", url("story_boss"))
    owners = {c["name"]: c["owner"] for c in json.loads(kehu("list", "--json").stdout)}
    assert owners == {"张伟": "story_wang", "周杰": "story_wang", "李娜": "story_li"}
    report = {r["login"]: r for r in json.loads(kehu("team", "report", "--json").stdout)}
    assert report["story_wang"]["clients"] == 2 and report["story_li"]["clients"] == 1
    assert "Handed 2 clients" in kehu("handover", "--from", "story_wang", "--to", "story_li", "--yes").stdout

    monkeypatch.setenv("KEHU_DB", url("story_li"))
    assert {c["name"] for c in json.loads(kehu("list", "--json").stdout)} == {"张伟", "周杰", "李娜"}
    shown = json.loads(kehu("show", "张伟", "--json").stdout)
    assert [t["note"] for t in shown["touches"]][:3] == [None, "张伟 报价", "第二次拜访"]
    assert [o["owner"] for o in shown["owners"]] == ["story_wang", "story_li"]
    monkeypatch.setenv("KEHU_DB", url("story_wang"))
    assert json.loads(kehu("list", "--json").stdout) == []
    with pg_admin(pg_server) as admin:
        admin.execute("DROP DATABASE sales WITH (FORCE)")
