"""Databases written by earlier schemas open, keep every row, and end up with today's schema."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kehu.store import migrations
from kehu.store.db import open_database

FIXTURES = Path(__file__).parent / "fixtures"
SRC = Path(__file__).parent.parent / "src"


@pytest.fixture
def kehu_env(tmp_path):
    return os.environ | {"KEHU_CONFIG": str(tmp_path / "none.toml"), "KEHU_TODAY": "2026-11-23",
                         "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}


def build_from_dump(dump: Path, target: Path) -> Path:
    conn = sqlite3.connect(target)
    conn.executescript(dump.read_text(encoding="utf-8"))
    conn.close()
    return target


def columns(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    shape = {t: [(c[1], c[2], c[3], c[5]) for c in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    indexes = conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
    return shape | {"indexes": [tuple(r) for r in indexes]}


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("contact", "touch", "contact_tag")}


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION + 1))
def test_a_database_from_every_earlier_schema_opens_with_all_rows_and_the_current_schema(tmp_path, version):
    dump = FIXTURES / f"schema-v{version}.sql"
    assert dump.exists(), f"keep a dump of schema v{version} in tests/fixtures"
    old = build_from_dump(dump, tmp_path / "old.db")
    with sqlite3.connect(old) as conn:
        before = counts(conn)
    upgraded = open_database(old)
    fresh = open_database(tmp_path / "fresh.db")
    assert counts(upgraded.conn) == before
    assert before["touch"] > 0 and before["contact"] > 0
    assert columns(upgraded.conn) == columns(fresh.conn)
    assert upgraded.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert upgraded.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_v2_upgrade_reads_surnames_as_surnames_and_keeps_a_backup(tmp_path):
    old = build_from_dump(FIXTURES / "schema-v1.sql", tmp_path / "old.db")
    with sqlite3.connect(old) as conn:  # as kehu 1 stored them: 曾 read as "ceng"
        conn.execute("UPDATE contact SET name = '曾国藩', name_pinyin = 'cengguofan', name_initials = 'cgf' WHERE id = 2")
        before = conn.execute("SELECT name, name_pinyin FROM contact WHERE id <> 2 ORDER BY id").fetchall()
    db = open_database(old)
    assert db.conn.execute("SELECT name_pinyin, name_initials FROM contact WHERE id = 2").fetchone() == ("zengguofan", "zgf")
    assert db.conn.execute("SELECT name, name_pinyin FROM contact WHERE id <> 2 ORDER BY id").fetchall() == before
    backups = list(tmp_path.glob("old.db.schema1-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT name_pinyin FROM contact WHERE id = 2").fetchone() == ("cengguofan",)


def test_a_read_only_database_from_an_older_schema_says_it_needs_an_upgrade(tmp_path, kehu_env):
    old = build_from_dump(FIXTURES / "schema-v1.sql", tmp_path / "old.db")
    before = old.read_bytes()
    os.chmod(old, 0o444)
    try:
        done = subprocess.run([sys.executable, "-m", "kehu", "--db", str(old), "due"], env=kehu_env,
                              capture_output=True, text=True, timeout=60)
    finally:
        os.chmod(old, 0o600)
    assert done.returncode == 3 and "must be upgraded (schema 1 to" in done.stderr and "chmod u+w" in done.stderr
    assert old.read_bytes() == before and list(tmp_path.glob("*.bak")) == []


def test_kehu_started_twice_at_once_on_an_older_database_upgrades_it_once(tmp_path, kehu_env):
    old = build_from_dump(FIXTURES / "schema-v1.sql", tmp_path / "old.db")
    with sqlite3.connect(old) as conn:
        touches = conn.execute("SELECT count(*) FROM touch").fetchone()[0]
        someone = conn.execute("SELECT id FROM contact WHERE archived = 0 ORDER BY id").fetchone()[0]
    commands = [["log", str(someone), "--note", "at once"], ["due"], ["list"], ["due", "--json"]]
    running = [subprocess.Popen([sys.executable, "-m", "kehu", "--db", str(old), *c], env=kehu_env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in running]
    assert all(code == 0 for code, _err in results), results
    with sqlite3.connect(old) as conn:
        assert conn.execute("SELECT count(*) FROM touch").fetchone()[0] == touches + 1
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert len(list(tmp_path.glob("old.db.schema1-*.bak"))) == 1


def test_the_v3_upgrade_keeps_every_row_of_a_v2_book_and_never_gives_a_deleted_id_again(tmp_path):
    old = build_from_dump(FIXTURES / "schema-v2.sql", tmp_path / "old.db")
    tables = ("contact", "touch", "contact_tag", "deal", "complaint", "important_date", "sweep", "sweep_contact", "meta")
    with sqlite3.connect(old) as conn:  # the columns v2 had (later schemas add some)
        kept = {t: ", ".join(c[1] for c in conn.execute(f"PRAGMA table_info({t})")) for t in tables}
        before = {t: conn.execute(f"SELECT {kept[t]} FROM {t} ORDER BY rowid").fetchall() for t in tables}
    db = open_database(old)
    assert {t: db.conn.execute(f"SELECT {kept[t]} FROM {t} ORDER BY rowid").fetchall() for t in tables} == before
    assert db.conn.execute("SELECT count(*) FROM undo_step").fetchone() == (0,)
    newest = max(r[0] for r in before["contact"])
    db.conn.execute("DELETE FROM contact WHERE id = ?", (newest,))  # kehu rm --purge
    again = db.conn.execute("INSERT INTO contact (name, name_pinyin, name_initials, tier, created_on, archived, stage, "
                            "follow_ups_done, complaint_open) VALUES ('新人', '', '', 'C', '2026-11-23', 0, 'lead', -1, 0)").lastrowid
    assert again == newest + 1
    last_touch = max(r[0] for r in before["touch"])
    touch = db.conn.execute("INSERT INTO touch (contact_id, at, channel, outcome, care, logged_at) "
                            "VALUES (1, '2026-11-23 10:00:00', 'call', 'neutral', 0, '2026-11-23 10:00:00')").lastrowid
    assert touch == last_touch + 1


def test_the_v5_upgrade_makes_every_company_an_account_and_keeps_the_book(tmp_path):
    old = build_from_dump(FIXTURES / "schema-v4.sql", tmp_path / "old.db")
    with sqlite3.connect(old) as conn:  # two spellings of one company, one of another, a blank one
        conn.execute("UPDATE contact SET company = '华为技术有限公司', created_on = '2026-01-05' WHERE id = 2")
        conn.execute("UPDATE contact SET company = '  华为技术 ' WHERE id = 3")
        conn.execute("UPDATE contact SET company = '  ' WHERE id = 4")
        before = conn.execute("SELECT id, name, company, tier, stage FROM contact ORDER BY id").fetchall()
    db = open_database(old)
    conn = db.conn
    assert conn.execute("SELECT id, name, company, tier, stage FROM contact ORDER BY id").fetchall() == before
    accounts = conn.execute("SELECT id, name, stage, attractiveness, strength, created_on FROM account ORDER BY id").fetchall()
    assert [a[1:] for a in accounts] == [("华为", "pre", None, None, "2026-11-01"), ("华为技术有限公司", "pre", None, None, "2026-01-05")]
    huawei, technik = accounts[0][0], accounts[1][0]
    assert dict(conn.execute("SELECT id, account_id FROM contact")) == {1: huawei, 2: technik, 3: technik, 4: None}
    assert dict(conn.execute("SELECT key, account_id FROM account_alias")) == {"华为": huawei, "华为技术": technik}
    assert conn.execute("SELECT count(*) FROM contact WHERE role IS NOT NULL OR style IS NOT NULL").fetchone() == (0,)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
