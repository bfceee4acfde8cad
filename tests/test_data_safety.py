"""Never lose the book: every way a user (or a hostile file) could destroy it is refused, and every
file kehu replaces appears whole or not at all."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest


def contact_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def book(kehu, db_path):
    kehu("add", "张三", "--company", "华为", "--phone", "13800138000")
    kehu("add", "李四")
    kehu("log", "张三", "--note", "报价")
    return db_path


def assert_book_intact(kehu, db_path):
    assert contact_count(db_path) == 2
    assert "张三" in kehu("list").stdout


# 1. --output onto the live database

@pytest.mark.parametrize("fmt", ["json", "csv", "ics", "vcard"])
def test_export_onto_the_database_is_refused_and_the_book_survives(kehu, book, fmt):
    result = kehu("export", "--format", fmt, "--output", str(book), ok=False)
    assert result.exit_code == 1 and "the client book" in result.stderr and "never writes over it" in result.stderr
    assert_book_intact(kehu, book)


def test_every_other_name_for_the_book_is_refused_too(kehu, book, tmp_path, monkeypatch):
    monkeypatch.chdir(book.parent)
    hard = tmp_path / "hard-link.db"
    os.link(book, hard)
    (tmp_path / "k.db").symlink_to(book)
    kehu("log", "李四")  # the -wal beside the book exists while kehu runs; name it anyway
    for name in ("./kehu.db", "kehu.db", str(hard), str(tmp_path / "k.db"), str(book) + "-wal", str(book) + "-shm",
                 str(book) + "-journal", str(tmp_path / "config.toml")):
        assert kehu("export", "--output", name, ok=False).exit_code == 1, name
        assert kehu("digest", "--output", name, ok=False).exit_code == 1, name
    assert_book_intact(kehu, book)


def test_a_db_given_through_a_symlink_is_still_protected(kehu, book, tmp_path, monkeypatch):
    link = tmp_path / "via-link.db"
    link.symlink_to(book)
    monkeypatch.setenv("KEHU_DB", str(link))
    assert kehu("export", "--output", str(book), ok=False).exit_code == 1
    assert kehu("digest", "--output", str(book), ok=False).exit_code == 1
    assert_book_intact(kehu, book)


def test_no_output_through_a_dangling_link(kehu, book, tmp_path):
    dangling = tmp_path / "out.json"
    dangling.symlink_to(tmp_path / "elsewhere" / "missing.json")
    for args in (["export", "--output", str(dangling)], ["backup", str(dangling)], ["digest", "--output", str(dangling)]):
        result = kehu(*args, ok=False)
        assert result.exit_code == 1, args
    assert not (tmp_path / "elsewhere").exists()


def test_a_backup_is_never_written_over_the_book(kehu, book):
    assert kehu("backup", str(book), ok=False).exit_code == 1
    assert_book_intact(kehu, book)


def test_exports_and_backups_are_private_and_whole(kehu, book, tmp_path):
    out = tmp_path / "book.json"
    kehu("export", "--output", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["format"]
    saved = kehu("backup", str(tmp_path / "b.db")).stdout
    assert "b.db" in saved and stat.S_IMODE((tmp_path / "b.db").stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_export_through_a_link_to_a_file_writes_the_file(kehu, book, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    kehu("export", "--format", "csv", "--output", str(link))
    assert link.is_symlink() and "张三" in real.read_text(encoding="utf-8-sig")


# 2. restore is crash-safe; 7. two restores in one second; where the old book went

def test_restore_names_where_the_previous_book_was_kept(kehu, book, tmp_path):
    saved = tmp_path / "saved.db"
    kehu("backup", str(saved))
    kehu("add", "王五")
    result = kehu("restore", str(saved), "--yes")
    kept = Path(result.stdout.split("kept as ")[1].strip().rstrip("."))
    assert kept.exists() and contact_count(kept) == 3 and contact_count(book) == 2
    assert stat.S_IMODE(book.stat().st_mode) == 0o600


def test_two_restores_in_one_second_both_keep_the_book_they_replaced(kehu, book, tmp_path, monkeypatch):
    from kehu import config

    moment = dt.datetime(2026, 11, 23, 9, 30, 0)
    monkeypatch.setattr(config, "now", lambda: moment)
    saved = tmp_path / "saved.db"
    kehu("backup", str(saved))
    first = kehu("restore", str(saved), "--yes").stdout
    second = kehu("restore", str(saved), "--yes").stdout
    assert first.split("kept as ")[1] != second.split("kept as ")[1]
    assert len(list(book.parent.glob("kehu-before-restore-*.db"))) == 2


# 3. hostile SQLite files

HOSTILE = {
    "a trigger that deletes contacts": "CREATE TRIGGER wipe AFTER INSERT ON touch BEGIN DELETE FROM contact WHERE id != NEW.contact_id; END",
    "a trigger that refuses updates": "CREATE TRIGGER stop BEFORE UPDATE ON contact BEGIN SELECT RAISE(ABORT, 'no'); END",
    "a view shadowing contact": "ALTER TABLE contact RENAME TO contact_real; CREATE VIEW contact AS SELECT * FROM contact_real",
    "no touch table": "DROP TABLE touch",
    "an extra column with a check": "ALTER TABLE contact ADD COLUMN x INTEGER CHECK (x > 0)",
}


@pytest.mark.parametrize("change", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_backup_is_refused_and_nothing_changes(kehu, book, tmp_path, change):
    hostile = tmp_path / "hostile.db"
    kehu("backup", str(hostile))
    conn = sqlite3.connect(hostile)
    conn.executescript(change)
    conn.close()
    before = hostile.read_bytes()
    result = kehu("restore", str(hostile), "--yes", ok=False)
    assert result.exit_code == 3 and "nothing was restored" in result.stderr and "\n" == result.stderr[-1]
    assert result.stderr.count("\n") == 1
    assert hostile.read_bytes() == before
    assert not list(book.parent.glob("kehu-before-restore-*"))
    kehu("log", "李四")  # the book still works, and the trigger never reached it
    assert_book_intact(kehu, book)


def test_a_book_carrying_a_foreign_trigger_is_refused_when_opened(kehu, book):
    conn = sqlite3.connect(book)
    conn.executescript(HOSTILE["a trigger that deletes contacts"])
    conn.close()
    result = kehu("log", "张三", ok=False)
    assert result.exit_code == 3 and "unexpected trigger wipe on touch" in result.stderr
    assert contact_count(book) == 2


def test_a_lowered_schema_version_is_refused_with_a_reason(kehu, book, tmp_path):
    lowered = tmp_path / "lowered.db"
    kehu("backup", str(lowered))
    conn = sqlite3.connect(lowered)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    result = kehu("restore", str(lowered), "--yes", ok=False)
    assert result.exit_code == 3 and "not a kehu database as kehu writes it" in result.stderr
    assert_book_intact(kehu, book)


# 4. no secrets in the hand-over

def test_the_json_hand_over_carries_no_secret(kehu, book, tmp_path):
    (tmp_path / "config.toml").write_text(
        '[smtp]\nhost = "smtp.example.com"\nuser = "me@example.com"\npassword = "hunter2"\n'
        'password_command = "pass show smtp-secret"\n\n[tier.A]\nfollow_up_days = [2, 5, 10]\n', encoding="utf-8")
    text = kehu("export", "--format", "json").stdout
    assert "hunter2" not in text and "smtp-secret" not in text and "password" not in text
    assert "smtp.example.com" in json.loads(text)["settings"]  # the rest of the settings still travel


def test_secrets_never_travel_however_the_config_spells_them():
    import tomllib

    from kehu.config.file import shareable_settings

    assert shareable_settings('smtp = { host = "h", password = "x" }\n') == '[smtp]\nhost = "h"\n'
    assert "x" not in shareable_settings('[smtp]\npassword = """\nx\n"""\n')
    assert shareable_settings('[notify.dingtalk]\nsecret_command = "pass x"\nat = "a"\n') == '[notify.dingtalk]\nat = "a"\n'
    commented = shareable_settings('[smtp]\nhost = "h" # pw hunter2\n# password = "hunter2"\n[calendar.holidays]\n"12-24" = "平安夜"\n')
    assert "hunter2" not in commented and "#" not in commented
    assert tomllib.loads(commented) == {"smtp": {"host": "h"}, "calendar": {"holidays": {"12-24": "平安夜"}}}
    assert shareable_settings("not = [toml") is None


# 5. bounded imports

def _bomb(path: Path, rows: int) -> None:
    """An .xlsx that is small on disk and unpacks to hundreds of MB of sheet XML."""
    row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet><sheetData>')
            chunk = (row * 10_000).encode()
            for _ in range(rows // 10_000):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")


def test_an_xlsx_decompression_bomb_is_refused_before_it_is_read(kehu, db_path, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    _bomb(bomb, 4_500_000)
    assert bomb.stat().st_size < 5 * 2**20
    result = kehu("import", str(bomb), ok=False)
    assert result.exit_code == 2 and "unpacks to" in result.stderr and "200 MB" in result.stderr
    assert not db_path.exists()


def test_too_many_rows_or_too_long_a_cell_is_refused(kehu, db_path, tmp_path, monkeypatch):
    from kehu import files

    sheet = tmp_path / "big.csv"
    sheet.write_text("name,note\n" + "".join(f"客户{i},\n" for i in range(30)), encoding="utf-8")
    monkeypatch.setattr(files, "MAX_ROWS", 20)
    result = kehu("import", str(sheet), ok=False)
    assert result.exit_code == 2 and "more than 20 rows" in result.stderr
    long_cell = tmp_path / "long.csv"
    long_cell.write_text("name,note\n甲," + "x" * 40_000 + "\n", encoding="utf-8")
    result = kehu("import", str(long_cell), ok=False)
    assert result.exit_code == 2 and "line 2" in result.stderr and "32767" in result.stderr
    assert not db_path.exists()


# 6. imports check what add checks

@pytest.mark.parametrize("name", ["\u202eevil", "two\nlines"])
def test_an_import_refuses_the_names_add_refuses(kehu, book, tmp_path, name):
    assert kehu("add", name, ok=False).exit_code == 2
    sheet = tmp_path / "names.csv"
    quoted = '"' + name + '"'
    sheet.write_text(f"name,phone\n王五,13900139000\n{quoted},13700137000\n", encoding="utf-8")
    result = kehu("import", str(sheet), ok=False)
    assert result.exit_code == 2 and "control characters" in result.stderr and "nothing was imported" in result.stderr
    exported = json.loads(kehu("export", "--format", "json").stdout)
    exported["contacts"][1]["name"] = name
    hand_over = tmp_path / "book.json"
    hand_over.write_text(json.dumps(exported), encoding="utf-8")
    result = kehu("import", str(hand_over), "--on-duplicate", "new", ok=False)
    assert result.exit_code == 2 and "contacts[1]" in result.stderr and "control characters" in result.stderr
    assert contact_count(book) == 2


def test_an_unterminated_quote_is_an_error_with_its_line(kehu, db_path, tmp_path):
    sheet = tmp_path / "broken.csv"
    sheet.write_text('name,phone\n甲,13800138000\n"乙,13900139000\n丙,13700137000\n丁,13600136000\n', encoding="utf-8")
    result = kehu("import", str(sheet), ok=False)
    assert result.exit_code == 2 and "line 3" in result.stderr and "never closes" in result.stderr
    assert not db_path.exists()


# 7. the smaller holes

def test_a_book_started_in_an_existing_empty_file_is_private(kehu, db_path):
    old = os.umask(0o022)
    try:
        db_path.touch(mode=0o644)
        kehu("add", "张三")
    finally:
        os.umask(old)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_a_json_nested_100k_deep_is_one_line(kehu, db_path, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = kehu("import", str(deep), ok=False)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "nested deeper" in result.stderr


def test_a_json_contact_without_its_touches_or_referring_itself_is_refused(kehu, book, tmp_path):
    exported = json.loads(kehu("export", "--format", "json").stdout)
    for change, message in ((lambda c: c.pop("touches"), "touches: missing"),
                            (lambda c: c.update(referred_by=c["id"]), "own referrer")):
        doc = json.loads(json.dumps(exported))
        change(doc["contacts"][0])
        path = tmp_path / "changed.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        result = kehu("import", str(path), "--on-duplicate", "new", ok=False)
        assert result.exit_code == 2 and message in result.stderr
    assert contact_count(book) == 2


def test_a_killed_upgrade_leaves_no_half_backup_named_like_a_good_one(tmp_path, monkeypatch):
    from kehu.store import db as store_db

    book = tmp_path / "old.db"
    conn = sqlite3.connect(book)
    conn.executescript((Path(__file__).parent / "fixtures" / "schema-v1.sql").read_text(encoding="utf-8"))
    conn.close()

    def killed(*_args):
        raise KeyboardInterrupt  # the kill arrives after the copy is written, before it is named

    monkeypatch.setattr(store_db.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        store_db.open_database(book)
    assert not list(tmp_path.glob("*.bak")) and not list(tmp_path.glob(".*.tmp"))


def test_read_commands_answer_on_a_full_disk(kehu, book, tmp_path):
    """The cron digest must not fail because stale schedules could not be stored: here the disk
    is full for kehu (RLIMIT_FSIZE) and the config changed the cadence, so every schedule is stale."""
    import resource
    import signal
    import subprocess
    import sys

    conn = sqlite3.connect(book)  # enough rows that storing every schedule needs more room than the limit
    conn.executemany("INSERT INTO contact (name, name_pinyin, name_initials, tier, created_on, archived, stage, "
                     "follow_ups_done, complaint_open) VALUES (?, '', '', 'C', '2026-11-01', 0, 'lead', -1, 0)",
                     [(f"批量{i}",) for i in range(3000)])
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    (tmp_path / "config.toml").write_text("[tier.C]\nfollow_up_days = [1, 2, 3]\n", encoding="utf-8")
    limit = 40 * 1024  # room for the 32 KB shared-memory file, not for the WAL of thousands of updates

    def full_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = os.environ | {"KEHU_DB": str(book), "KEHU_CONFIG": str(tmp_path / "config.toml"), "KEHU_TODAY": "2026-11-23"}
    for args in (["due"], ["digest"]):
        result = subprocess.run([sys.executable, "-m", "kehu", *args], env=env, capture_output=True, text=True,
                                preexec_fn=full_disk, timeout=120)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr and ("批量" in result.stdout or "due" in result.stdout.lower())


# 8. terminals that are not UTF-8

def test_a_terminal_without_utf8_gets_question_marks_not_a_traceback_after_the_write(kehu, book):
    import subprocess
    import sys

    env = os.environ | {"PYTHONIOENCODING": "ascii", "KEHU_DB": str(book)}
    result = subprocess.run([sys.executable, "-m", "kehu", "log", "李四", "--note", "测试"], env=env,
                            capture_output=True, text=True, encoding="ascii", errors="strict", timeout=60)
    assert result.returncode == 0 and "Traceback" not in result.stderr and "?" in result.stdout
    conn = sqlite3.connect(book)
    assert conn.execute("SELECT count(*) FROM touch WHERE note = '测试'").fetchone()[0] == 1
    conn.close()


# 2. restore killed at random instants

def _big_book(path: Path, people: int, note_size: int) -> int:
    """A kehu book of tens of MB (contacts with long notes), made through kehu's own schema."""
    from kehu.store.db import open_database

    db = open_database(path)
    with db.write() as conn:
        conn.executemany("INSERT INTO contact (name, name_pinyin, name_initials, tier, created_on, archived, stage, "
                         "follow_ups_done, complaint_open, note) VALUES (?, '', '', 'C', '2026-11-01', 0, 'lead', -1, 0, ?)",
                         [(f"客户{i}", "备注" * (note_size // 2)) for i in range(people)])
    db.close()
    return people


def test_restore_killed_at_any_instant_leaves_the_old_book_or_the_new_one(tmp_path):
    import random
    import signal
    import subprocess
    import sys
    import time

    from kehu.store.db import open_database

    book, first, second = tmp_path / "kehu.db", tmp_path / "first.db", tmp_path / "second.db"
    sizes = {_big_book(first, 12_000, 1500), _big_book(second, 9_000, 1500)}
    assert first.stat().st_size > 20 * 2**20
    env = os.environ | {"KEHU_DB": str(book), "KEHU_CONFIG": str(tmp_path / "none.toml"), "KEHU_TODAY": "2026-11-23"}

    def restore(source: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "kehu", "restore", str(source), "--yes"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    started = time.monotonic()
    assert restore(first).wait(timeout=120) == 0
    whole = time.monotonic() - started
    rng = random.Random(20261130)
    outcomes = set()
    for round_ in range(24):
        process = restore(second if round_ % 2 else first)
        time.sleep(rng.uniform(0, whole * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        outcomes.add(process.returncode)
        db = open_database(book)  # refuses anything that is not a whole kehu book
        try:
            assert db.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            assert db.conn.execute("SELECT count(*) FROM contact").fetchone()[0] in sizes
        finally:
            db.close()
        assert stat.S_IMODE(book.stat().st_mode) == 0o600
    assert -signal.SIGKILL in outcomes  # the kills did land mid-restore
    assert restore(second).wait(timeout=120) == 0  # and the next restore clears up after the killed ones
    assert not list(tmp_path.glob(".kehu.db.restore-*"))


# What a second look found

def test_a_restore_through_a_linked_book_replaces_the_book_not_the_link(kehu, tmp_path, monkeypatch):
    synced = tmp_path / "sync"
    synced.mkdir()
    real = synced / "real.db"
    link = tmp_path / "linked.db"
    link.symlink_to(real)
    monkeypatch.setenv("KEHU_DB", str(link))
    kehu("add", "张三")
    kehu("add", "李四")
    saved = tmp_path / "saved.db"
    kehu("backup", str(saved))
    kehu("add", "王五")
    kehu("restore", str(saved), "--yes")
    assert link.is_symlink() and contact_count(real) == 2
    kept = list(synced.glob("real-before-restore-*.db"))
    assert len(kept) == 1 and not kept[0].is_symlink() and contact_count(kept[0]) == 3


def test_the_copies_kehu_keeps_are_never_written_over(kehu, book, tmp_path):
    saved = tmp_path / "saved.db"
    kehu("backup", str(saved))
    kept = Path(kehu("restore", str(saved), "--yes").stdout.split("kept as ")[1].strip().rstrip("."))
    result = kehu("export", "--format", "csv", "--output", str(kept), ok=False)
    assert result.exit_code == 1 and "a copy kehu kept" in result.stderr
    assert contact_count(kept) == 2


def test_an_export_to_standard_output_by_name(kehu, book):
    import subprocess
    import sys

    env = os.environ | {"KEHU_DB": str(book)}
    result = subprocess.run([sys.executable, "-m", "kehu", "export", "--format", "csv", "--output", "/dev/stdout"],
                            env=env, capture_output=True, timeout=60)
    assert result.returncode == 0 and "张三" in result.stdout.decode("utf-8-sig")


def test_data_on_a_gbk_console_is_written_as_utf8_not_question_marks(kehu, book):
    import subprocess
    import sys

    kehu("add", "李😀")
    env = os.environ | {"KEHU_DB": str(book), "PYTHONIOENCODING": "gbk"}
    for args in (["export", "--format", "json"], ["list", "--json"]):
        result = subprocess.run([sys.executable, "-m", "kehu", *args], env=env, capture_output=True, timeout=60)
        assert result.returncode == 0 and "李😀" in result.stdout.decode("utf-8"), args


def test_a_quoted_name_followed_by_text_reads_as_excel_reads_it(kehu, tmp_path):
    sheet = tmp_path / "names.csv"
    sheet.write_text('name,company\n"Smith" Jr,Acme\n', encoding="utf-8")
    kehu("import", str(sheet))
    assert "Smith Jr" in kehu("list").stdout


def test_a_json_contact_whose_touches_are_null_is_refused(kehu, book, tmp_path):
    exported = json.loads(kehu("export", "--format", "json").stdout)
    exported["contacts"][0]["touches"] = None
    path = tmp_path / "null.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    result = kehu("import", str(path), "--on-duplicate", "new", ok=False)
    assert result.exit_code == 2 and "touches: missing" in result.stderr


def test_a_line_of_a_million_commas_is_refused_before_it_is_read(kehu, db_path, tmp_path):
    sheet = tmp_path / "commas.csv"
    sheet.write_text("name\n" + "," * 1_000_000 + "\n", encoding="utf-8")
    result = kehu("import", str(sheet), ok=False)
    assert result.exit_code == 2 and "line 2 has more than 16,384 cells" in result.stderr


def test_a_file_of_empty_objects_is_refused_before_it_is_parsed(kehu, db_path, tmp_path, monkeypatch):
    from kehu import files

    monkeypatch.setattr(files, "MAX_RECORDS", 1000)
    path = tmp_path / "objects.json"
    path.write_text("[" + ",".join(["{}"] * 2000) + "]", encoding="utf-8")
    result = kehu("import", str(path), ok=False)
    assert result.exit_code == 2 and "more than 1,000 records" in result.stderr


def test_a_kehu_book_may_exceed_the_sheet_bound_up_to_its_own(kehu, db_path, tmp_path, monkeypatch):
    """A kehu export grows with the book (100k contacts, 1M touches: 211 MB, over a sheet's 200 MB):
    it stays re-importable up to MAX_BOOK_BYTES; a CSV of that size is still refused."""
    from kehu import files

    kehu("demo")
    book = tmp_path / "book.json"
    kehu("export", "--format", "json", "--output", str(book))
    sheet = tmp_path / "book.csv"
    kehu("export", "--format", "csv", "--output", str(sheet))
    monkeypatch.setattr(files, "MAX_BYTES", sheet.stat().st_size // 2)
    monkeypatch.setattr(files, "MAX_BOOK_BYTES", book.stat().st_size * 2)
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "again.db"))
    assert kehu("import", str(book)).exit_code == 0
    result = kehu("import", str(sheet), ok=False)
    assert result.exit_code == 2 and "kehu imports files of at most" in result.stderr
    monkeypatch.setattr(files, "MAX_BOOK_BYTES", book.stat().st_size // 2)
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "third.db"))
    result = kehu("import", str(book), ok=False)
    assert result.exit_code == 2 and "kehu imports files of at most" in result.stderr
