"""The SQLite store: creating, recognising, refusing, migrating, agreeing with the models,
read-only files and two processes writing at once."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sqlite3
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import kehu
from kehu.store import migrations, rows
from kehu.store.db import StoreError, open_database

from conftest import TODAY

SRC_DIR = Path(kehu.__file__).resolve().parents[1]


# --- helpers -------------------------------------------------------------------------------


def settle(path: Path) -> None:
    """Make sure every connection kehu left behind is closed and the WAL is folded into the file,
    so that the main file alone holds the data (and byte comparisons mean something)."""
    gc.collect()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    gc.collect()


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def pragma(path: Path, name: str):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {stderr!r}"
    assert "Traceback" not in stderr
    assert lines[0].startswith("kehu:"), lines[0]
    return lines[0]


@pytest.fixture
def book(kehu, db_path):
    """A small client book built through the CLI: two contacts, tags, a few touches."""
    kehu("add", "张三", "--met", "2026-11-10", "--tag", "vip", "--tag", "上海", "--company", "华为")
    kehu("add", "李四", "--tag", "wine", "--tier", "A")
    kehu("log", "张三", "--note", "报价", "--next", "1m", "--todo", "send quote")
    kehu("log", "李四", "--channel", "wechat", "--note", "first hello")
    kehu("log", "李四", "--at", "2026-11-20", "--care")
    settle(db_path)
    return db_path


# --- 1. a new database ---------------------------------------------------------------------


def test_first_use_creates_the_folder_and_a_private_wal_database_marked_as_kehus(tmp_path):
    path = tmp_path / "a" / "b" / "kehu.db"

    db = open_database(path)
    try:
        assert path.is_file()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        conn = db.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"contact", "touch", "contact_tag", "meta"} <= tables
    finally:
        db.close()


def test_the_returned_connection_enforces_foreign_keys(tmp_path):
    db = open_database(tmp_path / "kehu.db")
    try:
        with pytest.raises(sqlite3.IntegrityError):
            db.conn.execute(
                "INSERT INTO touch (contact_id, at, channel, outcome, care, logged_at) "
                "VALUES (42, '2026-11-23 10:00:00', 'call', 'neutral', 0, '2026-11-23 10:00:00')"
            )
    finally:
        db.close()


def test_reopening_an_existing_database_keeps_its_data(kehu, db_path):
    kehu("add", "张三")
    settle(db_path)
    db = open_database(db_path)
    try:
        assert db.conn.execute("SELECT name FROM contact").fetchall() == [("张三",)]
        assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        db.close()


def test_an_empty_file_is_taken_as_a_new_database(tmp_path):
    path = tmp_path / "kehu.db"
    path.touch()
    db = open_database(path)
    try:
        assert db.conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    finally:
        db.close()


# --- 2. refusals: never touch a file that is not ours ----------------------------------------


def refused(path: Path) -> StoreError:
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_database(path)
    gc.collect()  # close whatever connection the refusal left behind
    assert caught.value.exit_code == 3
    assert path.read_bytes() == before, "a refused file must be left byte-for-byte unchanged"
    return caught.value


def test_a_text_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("客户: 张三, 电话 138…\n" * 50, encoding="utf-8")
    error = refused(path)
    assert "not a kehu database" in error.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"], "no -wal/-shm files left next to it"


def test_another_apps_sqlite_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO recipe (title) VALUES ('红烧肉')")
    conn.commit()
    conn.close()
    assert pragma(path, "application_id") == 0

    error = refused(path)
    assert "not a kehu database" in error.message
    assert dump(path) == [
        "BEGIN TRANSACTION;",
        "CREATE TABLE recipe (id INTEGER PRIMARY KEY, title TEXT);",
        "INSERT INTO \"recipe\" VALUES(1,'红烧肉');",
        "COMMIT;",
    ]


def test_a_database_from_a_newer_kehu_is_refused_with_a_hint_to_upgrade(tmp_path):
    path = tmp_path / "kehu.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={migrations.SCHEMA_VERSION + 1}")
    conn.close()
    settle(path)

    error = refused(path)
    assert "newer" in error.message
    assert pragma(path, "user_version") == migrations.SCHEMA_VERSION + 1


def corrupt(path: Path) -> None:
    """Keep the 100-byte header (so it still says kehu, current schema) and garble the rest."""
    data = path.read_bytes()
    garbage = (b"\xde\xad\xbe\xef\x00\x13\x37" * (len(data) // 7 + 1))[: len(data) - 100]
    path.write_bytes(data[:100] + garbage)


def test_a_damaged_database_is_never_written_and_writing_to_it_fails_with_exit_3(book, kehu):
    corrupt(book)
    before = book.read_bytes()

    # Opening may succeed (the header is intact) or be refused; either way nothing is written.
    try:
        open_database(book).close()
    except StoreError as error:
        assert error.exit_code == 3
    gc.collect()
    assert book.read_bytes() == before

    run = kehu("log", "张三", ok=False)
    assert run.exit_code == 3
    assert "damaged" in one_error_line(run.stderr)
    gc.collect()
    assert book.read_bytes() == before


@pytest.mark.parametrize("command", [("due",), ("list",), ("show", "张三")])
def test_reading_a_damaged_database_says_so_in_one_line_and_exits_3(book, kehu, command):
    # Opening only reads the intact header: the damage shows when a query reaches a broken page.
    corrupt(book)
    before = book.read_bytes()

    run = kehu(*command, ok=False)

    assert run.exit_code == 3
    assert "damaged" in one_error_line(run.stderr)
    gc.collect()
    assert book.read_bytes() == before


def test_kehu_due_on_a_text_file_exits_3_with_one_line_and_leaves_it_untouched(kehu, db_path):
    db_path.write_text("this is my shopping list, not a database\n", encoding="utf-8")
    before = db_path.read_bytes()

    run = kehu("due", ok=False)

    assert run.exit_code == 3
    line = one_error_line(run.stderr)
    assert str(db_path) in line
    assert run.stdout == ""
    assert db_path.read_bytes() == before


# --- 3. migrations ---------------------------------------------------------------------------


def rebuild_contact_with_a_nickname(conn: sqlite3.Connection) -> None:
    """A version-2 step in SQLite's "batch" pattern: recreate `contact` with one more column."""
    columns = conn.execute("PRAGMA table_info(contact)").fetchall()
    indexes = [r[0] for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contact' AND sql IS NOT NULL"
    )]
    definitions = [f"{name} {type_}{' NOT NULL' if notnull else ''}" for _, name, type_, notnull, _, _ in columns]
    names = ", ".join(c[1] for c in columns)
    conn.execute(
        f"CREATE TABLE contact_new ({', '.join(definitions)}, nickname VARCHAR, PRIMARY KEY (id))"
    )
    conn.execute(f"INSERT INTO contact_new ({names}) SELECT {names} FROM contact")
    conn.execute("DROP TABLE contact")
    conn.execute("ALTER TABLE contact_new RENAME TO contact")
    for sql in indexes:
        conn.execute(sql)


def snapshot(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return {
            "contacts": conn.execute("SELECT id, name, company, tier, follow_ups_done, due_on FROM contact ORDER BY id").fetchall(),
            "touches": conn.execute("SELECT * FROM touch ORDER BY id").fetchall(),
            "tags": conn.execute("SELECT * FROM contact_tag ORDER BY contact_id, tag").fetchall(),
            "meta": conn.execute("SELECT * FROM meta ORDER BY key").fetchall(),
            "indexes": sorted(r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")),
        }
    finally:
        conn.close()


def test_the_batch_rebuild_trap_is_real_with_foreign_keys_on(book, tmp_path):
    # Why the upgrade must turn foreign keys off: with them on, the very same step silently
    # deletes every touch and tag through ON DELETE CASCADE.
    copy = tmp_path / "copy.db"
    copy.write_bytes(book.read_bytes())
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("BEGIN")
    rebuild_contact_with_a_nickname(conn)
    assert conn.execute("SELECT count(*) FROM touch").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM contact_tag").fetchone()[0] == 0
    conn.execute("ROLLBACK")
    conn.close()


def test_an_upgrade_that_rebuilds_contact_keeps_every_touch_and_tag(book, kehu, monkeypatch):
    current, following = migrations.SCHEMA_VERSION, migrations.SCHEMA_VERSION + 1
    before = snapshot(book)
    assert len(before["contacts"]) == 2 and len(before["touches"]) == 4 and len(before["tags"]) == 3
    assert pragma(book, "user_version") == current

    # The next schema version, whatever today's is: a step that rebuilds the contact table.
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", following)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (following, rebuild_contact_with_a_nickname)])
    db = open_database(book)
    try:
        conn = db.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == following
        assert "nickname" in [r[1] for r in conn.execute("PRAGMA table_info(contact)")], "the step ran"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1, "foreign keys are back on"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # The next version's shape would be recorded with it (tests/fixtures/write_shapes.py).
        from kehu.store import shape

        known = {**shape.known_shapes(), following: frozenset(shape.shape_of(conn))}
        monkeypatch.setattr(shape, "known_shapes", lambda: known)
    finally:
        db.close()
    settle(book)
    assert snapshot(book) == before, "every contact, touch, tag, meta row and index survived"

    backups = list(book.parent.glob(f"{book.name}*.bak"))
    assert len(backups) == 1
    backup = backups[0]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert pragma(backup, "user_version") == current
    assert pragma(backup, "application_id") == migrations.APPLICATION_ID
    assert snapshot(backup) == before
    assert "nickname" not in [r[1] for r in sqlite3.connect(backup).execute("PRAGMA table_info(contact)")]

    # And kehu keeps working on the upgraded book.
    listed = kehu("list")
    assert "张三" in listed.stdout and "李四" in listed.stdout
    kehu("log", "张三")
    assert count(book, "touch") == 5


def test_an_upgrade_that_would_orphan_touches_is_refused_and_changes_nothing(book, monkeypatch):
    current = migrations.SCHEMA_VERSION
    before = dump(book)
    touches, tags = count(book, "touch"), count(book, "contact_tag")

    def drop_zhangsan(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM contact WHERE name = '张三'")  # FKs are off: his touches stay, orphaned

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, (current + 1, drop_zhangsan)])
    with pytest.raises(StoreError) as caught:
        open_database(book)
    assert caught.value.exit_code == 3
    assert "nothing was changed" in caught.value.message

    settle(book)
    assert pragma(book, "user_version") == current
    assert count(book, "contact") == 2
    assert count(book, "touch") == touches
    assert count(book, "contact_tag") == tags
    assert dump(book) == before


def test_no_upgrade_and_no_backup_when_the_database_is_current(book):
    open_database(book).close()
    assert list(book.parent.glob("*.bak")) == []


# --- 4. the raw-SQL store and the SQLModel tables agree ---------------------------------------


def test_the_column_lists_of_the_raw_queries_are_columns_of_the_models():
    from kehu.store.schema import Contact, Touch

    contact_columns = set(Contact.__table__.columns.keys())
    touch_columns = set(Touch.__table__.columns.keys())
    assert set(rows.STATE_COLUMNS) <= contact_columns
    assert {c for c in rows.PROFILE_COLUMNS if not c.startswith("(")} <= contact_columns  # and the referrer's name
    assert set(rows.TOUCH_COLUMNS) <= touch_columns
    assert set(rows.DUE_COLUMNS) <= contact_columns
    for columns in (rows.STATE_COLUMNS, rows.PROFILE_COLUMNS, rows.TOUCH_COLUMNS, rows.DUE_COLUMNS):
        assert len(set(columns)) == len(columns), "no column read twice"


def test_kehu_due_reads_only_its_covering_index(kehu, db_path):
    kehu("add", "张三")
    with sqlite3.connect(db_path) as conn:
        sql = f"SELECT {', '.join(rows.DUE_COLUMNS)} FROM contact WHERE archived = 0 AND due_on <= ?"
        plan = " ".join(str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, ("2026-11-23",)))
    assert "COVERING INDEX ix_contact_due" in plan


def test_a_fresh_database_has_exactly_the_tables_columns_and_indexes_of_the_models(tmp_path):
    from sqlalchemy.dialects import sqlite as sqlite_dialect
    from sqlmodel import SQLModel

    import kehu.store.schema  # noqa: F401  (registers the tables)

    dialect = sqlite_dialect.dialect()
    db = open_database(tmp_path / "kehu.db")
    try:
        conn = db.conn
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        assert tables == {t.name for t in SQLModel.metadata.sorted_tables}
        for table in SQLModel.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            expected = [
                (c.name, c.type.compile(dialect=dialect), int(not c.nullable), pk.index(c) + 1 if c in pk else 0)
                for c in table.columns
            ]
            actual = [(name, type_, notnull, pk_pos)
                      for _, name, type_, notnull, _, pk_pos in conn.execute(f"PRAGMA table_info({table.name})")]
            assert actual == expected, table.name
            indexes = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table.name,))}
            assert indexes == {ix.name for ix in table.indexes}, table.name
    finally:
        db.close()


def test_rows_written_by_the_cli_read_back_through_sqlmodel_with_the_right_types(kehu, db_path):
    from sqlmodel import Session, create_engine, select

    from kehu.store.schema import Contact, ContactTag, Touch

    kehu("add", "张三", "--met", "2026-11-10", "--tier", "B", "--tag", "vip", "--company", "华为")
    kehu("log", "张三", "--next", "1m", "--todo", "send quote", "--cost", "88.5")
    settle(db_path)

    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with Session(engine) as session:
            (contact,) = session.exec(select(Contact)).all()
            first, second = session.exec(select(Touch).order_by(Touch.id)).all()
            tags = session.exec(select(ContactTag)).all()
    finally:
        engine.dispose()

    assert contact.name == "张三" and contact.company == "华为"
    assert contact.tier == "B"
    assert contact.stage == "pursuing"
    assert contact.archived is False
    assert type(contact.created_on) is dt.date and contact.created_on == dt.date(2026, 11, 10)  # the --met day
    assert contact.follow_ups_done == 1
    assert type(contact.next_on) is dt.date and contact.next_on == dt.date(2026, 12, 23)
    assert contact.todo == "send quote"
    assert contact.todo_on == TODAY
    assert type(contact.due_on) is dt.date and contact.due_on == dt.date(2026, 12, 23)
    assert type(contact.last_touch_on) is dt.date and contact.last_touch_on == TODAY

    assert [(t.contact_id, t.tag) for t in tags] == [(contact.id, "vip")]

    assert isinstance(first.at, dt.datetime) and first.at.replace(tzinfo=None) == dt.datetime(2026, 11, 10, 12, 0)
    assert first.channel == "meeting" and first.follow_up == 0 and first.care is False
    assert isinstance(second.at, dt.datetime) and second.at.date() == TODAY
    assert second.contact_id == contact.id
    assert second.channel == "call" and second.outcome == "neutral"
    assert second.follow_up == 1
    assert type(second.next_on) is dt.date and second.next_on == dt.date(2026, 12, 23)
    assert second.todo == "send quote"
    assert second.cost == 88.5
    assert isinstance(second.logged_at, dt.datetime) and second.logged_at.date() == TODAY


def test_moments_written_by_the_cli_read_back_through_sqlmodel_as_the_same_naive_local_time(kehu, db_path):
    from sqlmodel import Session, create_engine, select

    from kehu.store.schema import Touch

    kehu("add", "张三", "--met", "2026-11-10")
    kehu("log", "张三", "--at", "2026-11-20 15:30")
    settle(db_path)
    raw = sqlite3.connect(db_path)
    stored = raw.execute("SELECT at, logged_at FROM touch ORDER BY id").fetchall()
    raw.close()

    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with Session(engine) as session:
            touches = session.exec(select(Touch).order_by(Touch.id)).all()
    finally:
        engine.dispose()

    assert [t.at for t in touches] == [dt.datetime(2026, 11, 10, 12, 0), dt.datetime(2026, 11, 20, 15, 30)]
    for touch, (at, logged_at) in zip(touches, stored):
        assert touch.at.tzinfo is None and touch.logged_at.tzinfo is None
        assert touch.at == rows.moment(at) and touch.logged_at == rows.moment(logged_at)


# --- 5. a read-only file -------------------------------------------------------------------


@pytest.fixture
def read_only_book(book, kehu):
    kehu("due")  # caches the due dates under the current rules, as daily use does
    settle(book)
    os.chmod(book, 0o444)
    yield book
    os.chmod(book, 0o600)


def test_logging_to_a_read_only_database_is_refused_and_writes_nothing(read_only_book, kehu):
    touches = count(read_only_book, "touch")
    before = read_only_book.read_bytes()

    run = kehu("log", "张三", ok=False)

    assert run.exit_code == 3
    assert "read-only" in one_error_line(run.stderr)
    assert count(read_only_book, "touch") == touches
    gc.collect()
    assert read_only_book.read_bytes() == before


def test_a_read_only_database_can_still_be_read(read_only_book, kehu):
    due = kehu("due")
    assert due.exit_code == 0
    listed = kehu("list")
    assert "张三" in listed.stdout and "李四" in listed.stdout
    assert kehu("show", "张三").exit_code == 0


def test_kehu_due_works_on_a_read_only_database_whose_due_dates_were_never_cached(book, kehu):
    os.chmod(book, 0o444)
    try:
        run = kehu("due", ok=False)
    finally:
        os.chmod(book, 0o600)
    assert run.exit_code == 0, run.stderr


def test_reading_a_read_only_database_leaves_nothing_beside_it(read_only_book, kehu):
    sidecars = [read_only_book.with_name(read_only_book.name + s) for s in ("-wal", "-shm")]
    for sidecar in sidecars:
        sidecar.unlink(missing_ok=True)
    assert kehu("due").exit_code == 0 and kehu("show", "张三").exit_code == 0
    assert not any(s.exists() for s in sidecars)  # they would take the file's mode, 0444


def test_read_only_leftovers_beside_a_writable_database_are_mended(book, kehu):
    for suffix in ("-wal", "-shm"):  # as an older kehu left them after reading a read-only file
        sidecar = book.with_name(book.name + suffix)
        sidecar.touch()
        os.chmod(sidecar, 0o444)
    from kehu.store.db import _mend_sidecars

    _mend_sidecars(book)  # what opening it does first (root would not notice: SQLite fixes them for root)
    for suffix in ("-wal", "-shm"):
        assert book.with_name(book.name + suffix).stat().st_mode & 0o200
    assert "Logged" in kehu("log", "张三").stdout


# --- 6. two processes writing at once ---------------------------------------------------------


def subprocess_env(db_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KEHU_DB=str(db_path),
        KEHU_CONFIG=os.environ["KEHU_CONFIG"],
        KEHU_TODAY=TODAY.isoformat(),
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC_DIR), env.get("PYTHONPATH")])),
    )
    return env


def test_two_processes_logging_at_once_both_succeed_and_every_touch_is_kept(book):
    env = subprocess_env(book)
    start = count(book, "touch")
    calls_per_worker = 15

    def worker(name: str) -> list[tuple[int, str]]:
        results = []
        for i in range(calls_per_worker):
            # Each touch on its own day (one follow-up a day): left on odd days, right on even ones.
            day = TODAY + dt.timedelta(days=2 * i + (1 if name == "left" else 2))
            done = subprocess.run(
                [sys.executable, "-m", "kehu", "log", "张三", "--note", f"{name}-{i}"],
                env=env | {"KEHU_TODAY": day.isoformat()}, capture_output=True, text=True, timeout=60,
            )
            results.append((done.returncode, done.stderr))
        return results

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = [r for batch in pool.map(worker, ["left", "right"]) for r in batch]

    assert len(results) == 2 * calls_per_worker
    for returncode, stderr in results:
        assert "locked" not in stderr and "busy" not in stderr, stderr
        assert returncode == 0, stderr
    assert count(book, "touch") == start + 2 * calls_per_worker
    conn = sqlite3.connect(book)
    try:
        notes = sorted(r[0] for r in conn.execute("SELECT note FROM touch WHERE note LIKE 'left-%' OR note LIKE 'right-%'"))
        # every touch numbered once, consecutively, whatever order the two writers interleaved
        numbers = [r[0] for r in conn.execute(
            "SELECT follow_up FROM touch WHERE contact_id = (SELECT id FROM contact WHERE name = '张三') "
            "AND care = 0 ORDER BY at, id")]
    finally:
        conn.close()
    assert notes == sorted(f"{w}-{i}" for w in ("left", "right") for i in range(calls_per_worker))
    assert numbers == list(range(len(numbers)))


def test_three_processes_creating_the_same_new_database_at_once_all_succeed(tmp_path, db_path):
    path = tmp_path / "fresh" / "kehu.db"
    env = subprocess_env(path)
    procs = [
        subprocess.Popen([sys.executable, "-m", "kehu", "add", name], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for name in ("甲", "乙", "丙")
    ]
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    assert count(path, "contact") == 3
    assert pragma(path, "application_id") == migrations.APPLICATION_ID
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
