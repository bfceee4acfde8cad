"""Team mode on PostgreSQL (issue 18): setting up, members, privacy enforced by the database
(row-level security), and the one-line errors of a team database that can't be used."""

from __future__ import annotations

import json
import sys

import pytest

from tests.conftest import REP, pg_admin


@pytest.fixture
def team(pg_database, kehu):
    """URLs of a fresh team database: as its owner, as the rep REP, as a second rep `wang` (added
    here by `kehu team add`) and as the manager `boss`."""
    server, name = pg_database
    urls = {"owner": server.url(name), "rep": server.url(name, REP), "boss": server.url(name, "boss"),
            "wang": server.url(name, "wang")}
    kehu("--db", urls["owner"], "team", "add", "wang", "--role", "rep", "--name", "王五")
    return urls


def test_init_creates_then_upgrades_nothing_and_members_are_listed(pg_server, kehu):
    with pg_admin(pg_server) as admin:
        admin.execute("DROP DATABASE IF EXISTS fresh_team WITH (FORCE)")
        admin.execute("CREATE DATABASE fresh_team")
    url = pg_server.url("fresh_team")
    refused = kehu("--db", url, "list", ok=False)  # not set up: one line, exit 3
    assert refused.exit_code == 3 and "team init" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert "ready" in kehu("--db", url, "team", "init").stdout
    assert "already set up and current" in kehu("--db", url, "team", "init").stdout
    kehu("--db", url, "team", "add", "zhao", "--role", "rep", "--name", "赵六")
    kehu("--db", url, "team", "add", "qian", "--role", "manager")
    members = {m["login"]: m for m in json.loads(kehu("--db", url, "team", "list", "--json").stdout)}
    assert members["zhao"]["role"] == "rep" and members["zhao"]["name"] == "赵六" and members["qian"]["role"] == "manager"
    assert "赵六" in kehu("--db", pg_server.url("fresh_team", "qian"), "team", "list").stdout  # a manager lists too
    rep = kehu("--db", pg_server.url("fresh_team", "zhao"), "team", "list", ok=False)
    assert rep.exit_code == 1 and "manager" in rep.stderr
    for args, code in ((("team", "add", "Bad-Name", "--role", "rep"), 2), (("team", "add", "sun", "--role", "boss"), 2),
                       (("team", "add", "pg_x", "--role", "rep"), 2)):
        result = kehu("--db", url, *args, ok=False)
        assert result.exit_code == code and len(result.stderr.splitlines()) == 1
    assert kehu("team", "init", ok=False).exit_code == 2  # a SQLite book is no team database
    with pg_admin(pg_server) as admin:
        admin.execute("DROP DATABASE fresh_team WITH (FORCE)")


def test_a_rep_sees_and_reaches_only_their_own_clients_a_manager_sees_all(team, kehu):
    kehu("--db", team["rep"], "add", "张伟", "--company", "华为", "--tier", "A")
    kehu("--db", team["rep"], "log", "张伟", "--note", "报价")
    kehu("--db", team["wang"], "add", "李娜", "--company", "腾讯")
    kehu("--db", team["wang"], "log", "李娜", "--note", "拜访")
    mine = json.loads(kehu("--db", team["rep"], "list", "--json").stdout)
    assert [(c["name"], c["owner"]) for c in mine] == [("张伟", REP)]
    lina = json.loads(kehu("--db", team["wang"], "list", "--json").stdout)[0]["id"]
    for args in (("show", "李娜"), ("log", "李娜"), ("show", str(lina)), ("log", f"#{lina}"), ("rm", str(lina), "--purge", "--yes"),
                 ("edit", str(lina), "--tier", "A")):
        refused = kehu("--db", team["rep"], *args, ok=False)
        assert refused.exit_code == 1 and "no contact matches" in refused.stderr, args
    assert "李娜" not in kehu("--db", team["rep"], "find", "拜访", ok=False).stdout
    assert {d["name"] for d in json.loads(kehu("--db", team["rep"], "due", "--json", "--days", "30").stdout)} == {"张伟"}
    everyone = json.loads(kehu("--db", team["boss"], "list", "--json").stdout)
    assert sorted((c["name"], c["owner"]) for c in everyone) == [("张伟", REP), ("李娜", "wang")]
    assert "拜访" in kehu("--db", team["boss"], "show", "李娜").stdout
    table = kehu("--db", team["boss"], "list").stdout  # a manager's table names each owner
    assert "Owner" in table and any("李娜" in line and "wang" in line for line in table.splitlines())
    assert "Owner" not in kehu("--db", team["rep"], "list").stdout  # a rep's are all their own
    assert len(json.loads(kehu("--db", team["wang"], "list", "--json").stdout)) == 1  # untouched by the attempts


def test_a_key_account_is_the_teams_its_people_stay_each_reps_own(team, kehu):
    kehu("--db", team["rep"], "add", "张伟", "--company", "华为", "--role", "decision")
    kehu("--db", team["wang"], "add", "李娜", "--company", "华为", "--role", "user")  # the same account
    kehu("--db", team["wang"], "account", "set", "华为", "--attractiveness", "5", "--strength", "4")
    seen = json.loads(kehu("--db", team["rep"], "account", "list", "--json").stdout)
    assert [(a["name"], a["quadrant"]) for a in seen] == [("华为", "key")]  # wang's scoring, one account
    assert [p["name"] for p in seen[0]["people"]] == ["张伟"]  # but not wang's client
    everyone = json.loads(kehu("--db", team["boss"], "account", "list", "--json").stdout)
    assert len(everyone) == 1 and sorted(p["name"] for p in everyone[0]["people"]) == ["张伟", "李娜"]


def test_raw_sql_through_a_reps_own_role_cannot_read_change_or_delete_anothers_rows(team, kehu):
    import psycopg

    kehu("--db", team["rep"], "add", "张伟", "--tier", "A")
    kehu("--db", team["rep"], "log", "张伟", "--note", "秘密报价")
    kehu("--db", team["rep"], "complaint", "张伟", "太慢")
    kehu("--db", team["rep"], "date", "add", "张伟", "birthday", "3-14")
    kehu("--db", team["wang"], "add", "李娜")
    theirs = json.loads(kehu("--db", team["rep"], "list", "--json").stdout)[0]["id"]
    with psycopg.connect(team["wang"], autocommit=True) as wang:
        for table in ("contact", "touch", "complaint", "important_date", "contact_tag"):
            seen = wang.execute(f"SELECT count(*) FROM {table} WHERE {'id' if table == 'contact' else 'contact_id'} = %s",
                                (theirs,)).fetchone()[0]
            assert seen == 0, table
        assert wang.execute("SELECT count(*) FROM contact").fetchone()[0] == 1  # their own
        assert wang.execute("UPDATE contact SET name = 'x' WHERE id = %s", (theirs,)).rowcount == 0
        assert wang.execute("DELETE FROM touch WHERE contact_id = %s", (theirs,)).rowcount == 0
        assert wang.execute("DELETE FROM contact WHERE id = %s", (theirs,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a touch on another's contact
            wang.execute("INSERT INTO touch (contact_id, at, channel, outcome, care, logged_at) "
                         "VALUES (%s, '2026-11-23 10:00:00', 'call', 'good', 0, '2026-11-23 10:00:00')", (theirs,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor give a contact away (or take one)
            wang.execute("UPDATE contact SET owner = %s", (REP,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            wang.execute("INSERT INTO contact (name, created_on, owner) VALUES ('偷', '2026-11-23', %s)", (REP,))
    shown = kehu("--db", team["rep"], "show", "张伟").stdout
    assert "秘密报价" in shown and "太慢" in shown  # all still there
    with psycopg.connect(team["boss"], autocommit=True) as boss:
        assert boss.execute("SELECT count(*) FROM contact").fetchone()[0] == 2
        assert boss.execute("SELECT count(*) FROM touch WHERE contact_id = %s", (theirs,)).fetchone()[0] == 1


def test_without_psycopg_a_postgresql_url_says_what_to_install(kehu, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg → ImportError
    for url in ("postgresql://me@localhost/team", "postgres://me@localhost/team"):
        result = kehu("--db", url, "list", ok=False)
        assert result.exit_code == 3 and 'pip install "kehu[team]"' in result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_unreachable_server_wrong_password_and_a_server_gone_are_one_line_exit_3(pg_server, team, kehu, monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    refused = kehu("--db", f"postgresql://me@127.0.0.1:{closed}/team", "due", ok=False)
    assert refused.exit_code == 3 and "can't be reached" in refused.stderr and len(refused.stderr.splitlines()) == 1
    name = team["rep"].split("/")[3].split("?")[0]
    kehu("--db", team["owner"], "team", "add", "zhou", "--role", "rep", "--password", "s3cret")
    wrong = kehu("--db", pg_server.tcp_url(name, "zhou", "nope"), "list", ok=False)
    assert wrong.exit_code == 3 and "wrong password" in wrong.stderr and "nope" not in wrong.stderr
    assert len(wrong.stderr.splitlines()) == 1
    kehu("--db", pg_server.tcp_url(name, "zhou", "s3cret"), "add", "周杰")
    monkeypatch.setenv("KEHU_DB", team["rep"])
    kehu("add", "张伟")
    # The server goes away in the middle of a command: between its read and its write.
    from kehu.book import Clock, open_book
    from kehu.config import load_config
    from kehu.errors import KehuError

    book = open_book(team["rep"], load_config, Clock.system())
    book.contact("张伟")
    with pg_admin(pg_server) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s AND datname = %s",
                      (REP, name))
    with pytest.raises(KehuError) as gone:
        book.log(["张伟"], {"at": book.now, "channel": "call", "outcome": "good", "note": None, "care": False,
                            "cost": None, "next_on": None, "todo": None})
    assert gone.value.exit_code == 3 and "\n" not in gone.value.message and "terminat" in gone.value.message, gone.value.message


def test_config_store_url_names_the_team_database(team, kehu, db_path, monkeypatch):
    monkeypatch.delenv("KEHU_DB")
    (db_path.parent / "config.toml").write_text(f'[store]\nurl = "{team["rep"]}"\n', encoding="utf-8")
    kehu("add", "张伟")
    assert [c["owner"] for c in json.loads(kehu("--db", team["boss"], "list", "--json").stdout)] == [REP]
    assert not db_path.exists()
    (db_path.parent / "config.toml").write_text('[store]\nurl = "mysql://x"\n', encoding="utf-8")
    assert kehu("list", ok=False).exit_code == 2


def test_handover_moves_clients_with_their_history_and_an_introduction_due(team, kehu):
    kehu("--db", team["wang"], "add", "李娜", "--tier", "A", "--tag", "重点", "--met", "2026-11-01")
    kehu("--db", team["wang"], "log", "李娜", "--at", "2026-11-10 10:00", "--note", "报价")
    kehu("--db", team["wang"], "complaint", "李娜", "发票错了")
    kehu("--db", team["wang"], "add", "王强", "--tier", "C")
    kehu("--db", team["rep"], "add", "张伟")
    refused = kehu("--db", team["boss"], "handover", "--from", "wang", "--to", REP, ok=False)  # asks first
    assert refused.exit_code == 1 and "nothing changed" in refused.stderr
    assert kehu("--db", team["boss"], "handover", "--from", "wang", "--to", "nobody", "--yes", ok=False).exit_code == 1
    assert kehu("--db", team["boss"], "handover", "--from", "wang", "--to", "wang", "--yes", ok=False).exit_code == 2
    # A rep can't hand over another's clients: they don't see them (the database's rules).
    assert "owns no clients" in kehu("--db", team["rep"], "handover", "--from", "wang", "--to", REP, "--yes").stdout
    assert "owns no clients" in kehu("--db", team["boss"], "handover", "--from", "wang", "--to", REP, "--tag", "无此标签",
                                     "--yes").stdout  # --tag narrows as --tier does
    out = kehu("--db", team["boss"], "handover", "--from", "wang", "--to", REP, "--tier", "A", "--tag", "重点", "--yes").stdout
    assert "Handed 1 client from" in out
    mine = {c["name"] for c in json.loads(kehu("--db", team["rep"], "list", "--json").stdout)}
    assert mine == {"张伟", "李娜"}
    assert {c["name"] for c in json.loads(kehu("--db", team["wang"], "list", "--json").stdout)} == {"王强"}
    shown = json.loads(kehu("--db", team["rep"], "show", "李娜", "--json").stdout)
    assert shown["owner"] == REP and [o["owner"] for o in shown["owners"]] == ["wang", REP]
    assert shown["owners"][0]["since"] == "2026-11-01" and shown["owners"][0]["until"].startswith("2026-11-23")
    assert "报价" in [t["note"] for t in shown["touches"]] and shown["complaints"][0]["text"] == "发票错了"
    assert shown["follow_ups_done"] == 1  # the introduction is no follow-up
    due = [d for d in json.loads(kehu("--db", team["rep"], "due", "--json").stdout) if d["name"] == "李娜"]
    assert [(d["kind"], d["due"], d["next_action"]) for d in due if d["kind"] == "promise"] == [
        ("promise", "2026-11-23", "introduce yourself as their new contact")]
    text = kehu("--db", team["rep"], "show", "李娜").stdout
    assert "王五 (wang): 2026-11-01 – 2026-11-23" in text and "测试 (tester): 2026-11-23 – now" in text
    # The manager's undo hands them back, ownership periods and all; a rep's undo is their own.
    undone = kehu("--db", team["boss"], "undo", "--yes").stdout
    assert "handover --from wang" in undone and "period of ownership" in undone
    assert {c["name"] for c in json.loads(kehu("--db", team["wang"], "list", "--json").stdout)} == {"李娜", "王强"}
    back = json.loads(kehu("--db", team["wang"], "show", "李娜", "--json").stdout)
    assert [o["owner"] for o in back["owners"]] == ["wang"] and back["owners"][0]["until"] is None
    assert "introduce yourself" not in json.dumps(back, ensure_ascii=False)


def test_push_copies_a_local_book_under_the_member_all_or_nothing_skipping_duplicates(team, kehu, db_path):
    kehu("add", "周杰", "--tier", "A", "--phone", "13900000000", "--met", "2026-11-02")  # the local SQLite book
    kehu("log", "周杰", "--at", "2026-11-05 10:00", "--note", "寄样品")
    kehu("date", "add", "周杰", "birthday", "1985-03-14")
    kehu("add", "吴敏", "--tier", "B")
    assert kehu("push", team["wang"], ok=False).exit_code == 1  # asks first: nothing written
    assert json.loads(kehu("--db", team["wang"], "list", "--json").stdout) == []
    assert kehu("push", "mysql://x", "--yes", ok=False).exit_code == 2
    out = kehu("push", team["wang"], "--yes").stdout
    assert "Pushed 2 contacts" in out
    theirs = {c["name"]: c for c in json.loads(kehu("--db", team["boss"], "list", "--json").stdout)}
    assert set(theirs) == {"周杰", "吴敏"} and {c["owner"] for c in theirs.values()} == {"wang"}
    shown = json.loads(kehu("--db", team["wang"], "show", "周杰", "--json").stdout)
    local = json.loads(kehu("show", "周杰", "--json").stdout)
    assert [(t["at"], t["note"], t["follow_up"]) for t in shown["touches"]] == [
        (t["at"], t["note"], t["follow_up"]) for t in local["touches"]] and "寄样品" in [t["note"] for t in local["touches"]]
    assert shown["follow_ups_done"] == local["follow_ups_done"] and [d["what"] for d in shown["dates"]] == [d["what"] for d in local["dates"]] == ["birthday (turns 42)"]
    assert json.loads(kehu("--db", team["rep"], "list", "--json").stdout) == []  # another rep sees none of it
    assert "Nothing to push" in kehu("push", team["wang"], "--yes").stdout  # duplicates skipped
    kehu("add", "郑爽")
    assert "Pushed 1 contact of" in kehu("push", team["wang"], "--yes").stdout
    assert len(json.loads(kehu("--db", team["wang"], "list", "--json").stdout)) == 3
    assert db_path.exists() and len(json.loads(kehu("list", "--json").stdout)) == 3  # the local book is unchanged


def test_team_report_and_due_by_owner_for_the_manager(team, kehu):
    # The rep REP: a client won after follow-up #1, an overdue lead; wang: a due first contact.
    kehu("--db", team["rep"], "add", "张伟", "--tier", "B", "--met", "2026-10-01")
    kehu("--db", team["rep"], "log", "张伟", "--at", "2026-10-05 10:00")
    kehu("--db", team["rep"], "won", "张伟", "--value", "5000")
    kehu("--db", team["rep"], "add", "赵敏", "--tier", "A", "--met", "2026-11-01")
    kehu("--db", team["wang"], "add", "李娜", "--tier", "C")
    kehu("--db", team["boss"], "add", "钱多", "--tier", "A")  # the manager's own client
    report = {r["login"]: r for r in json.loads(kehu("--db", team["boss"], "team", "report", "--json").stdout)}
    rep = report[REP]
    assert rep["clients"] == 2 and rep["wins"] == 1 and rep["wins_by_follow_up"] == {"#1": 1}
    assert rep["due"] >= 1 and rep["overdue"] >= 1  # 赵敏: follow-up #1 long overdue
    assert report["wang"]["due"] == 1 and report["wang"]["overdue"] == 0 and report["wang"]["wins"] == 0
    assert "王五 (wang)" in kehu("--db", team["boss"], "team", "report").stdout
    refused = kehu("--db", team["rep"], "team", "report", ok=False)
    assert refused.exit_code == 1 and "manager" in refused.stderr
    names = lambda *args: {d["name"] for d in json.loads(kehu("--db", team["boss"], "due", "--json", *args).stdout)}
    assert names() == {"钱多"}  # a manager's own list by default
    assert names("--owner", "wang") == {"李娜"}
    assert names("--owner", REP) == {"赵敏"} | ({"张伟"} & names("--owner", REP))
    assert names("--team") >= {"钱多", "李娜", "赵敏"}
    owners = {d["name"]: d["owner"] for d in json.loads(kehu("--db", team["boss"], "due", "--json", "--team").stdout)}
    assert owners["李娜"] == "wang" and owners["钱多"] == "boss"
    assert "李娜" in kehu("--db", team["boss"], "due", "--owner", "wang").stdout
    assert kehu("--db", team["boss"], "due", "--owner", "nobody", ok=False).exit_code == 1
    assert {d["name"] for d in json.loads(kehu("--db", team["rep"], "due", "--json", "--team").stdout)} <= {"张伟", "赵敏"}
    kehu("add", "孙丽")
    assert kehu("due", "--team", ok=False).exit_code == 2  # a SQLite book has no team


def test_backup_on_a_team_database_writes_the_json_hand_over_and_restore_refuses(team, kehu, tmp_path):
    kehu("--db", team["rep"], "add", "张伟", "--met", "2026-11-20")
    kehu("--db", team["wang"], "add", "李娜")
    out = tmp_path / "mine.json"
    assert "Backed up" in kehu("--db", team["rep"], "backup", str(out)).stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "kehu-book" and [c["name"] for c in doc["contacts"]] == ["张伟"]  # only what the rep sees
    assert kehu("--db", team["rep"], "backup", str(out), ok=False).exit_code == 1  # never over a file
    kehu("import", str(out))  # the hand-over reads back into a local book
    assert [c["name"] for c in json.loads(kehu("list", "--json").stdout)] == ["张伟"]
    refused = kehu("--db", team["rep"], "restore", str(out), "--yes", ok=False)
    assert refused.exit_code == 1 and "pg_restore" in refused.stderr


def test_the_team_schema_is_versioned_an_older_one_is_upgraded_by_its_owner_a_newer_one_refused(team, kehu):
    import psycopg

    kehu("--db", team["rep"], "add", "张伟", "--tier", "A")
    with psycopg.connect(team["owner"], autocommit=True) as owner:
        # An older team database: a column the models have is missing (with its index), the version says 3.
        owner.execute("ALTER TABLE contact DROP COLUMN care_interval")
        owner.execute("UPDATE kehu_team SET value = '3' WHERE key = 'schema'")
    refused = kehu("--db", team["rep"], "due", ok=False)
    assert refused.exit_code == 3 and "older kehu" in refused.stderr and "team init" in refused.stderr
    assert "upgraded" in kehu("--db", team["owner"], "team", "init").stdout
    assert "already set up and current" in kehu("--db", team["owner"], "team", "init").stdout
    assert "张伟" in kehu("--db", team["rep"], "due", "--days", "30").stdout
    with psycopg.connect(team["owner"], autocommit=True) as owner:
        assert owner.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_contact_care'").fetchone()[0] == 1
        owner.execute("UPDATE kehu_team SET value = '99' WHERE key = 'schema'")
    for url in (team["rep"], team["owner"]):
        newer = kehu("--db", url, "list", ok=False)
        assert newer.exit_code == 3 and "newer kehu" in newer.stderr
    assert kehu("--db", team["owner"], "team", "init", ok=False).exit_code == 3


def test_config_shows_a_team_database_without_its_password(kehu, monkeypatch):
    monkeypatch.setenv("KEHU_DB", "postgresql://wang:s3cret@dbhost/sales")
    paths = json.loads(kehu("config", "--json").stdout)["paths"]
    assert paths["database"] == "postgresql://wang:***@dbhost/sales"


def test_each_member_keeps_their_own_settings_fingerprint(team, kehu):
    """(A superuser, like the tests' owner here, is bound by no policy; the README's owner is none.)"""
    import psycopg

    kehu("--db", team["rep"], "add", "张伟")
    for who in ("rep", "wang", "boss", "owner"):
        kehu("--db", team[who], "due")
    with psycopg.connect(team["owner"], autocommit=True) as owner:
        assert owner.execute("SELECT count(*) FROM meta WHERE key = 'rules_fingerprint'").fetchone()[0] >= 3
        assert owner.execute("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'meta'").fetchone()[0]
    for who in ("boss", "wang"):
        with psycopg.connect(team[who], autocommit=True) as member:
            assert member.execute("SELECT owner FROM meta WHERE key = 'rules_fingerprint'").fetchall() == [(who,)]
