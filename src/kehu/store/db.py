"""Opening the SQLite file safely: create, recognise, refuse, migrate; pragmas; transactions.

Every write is one `BEGIN IMMEDIATE` transaction: it takes the write lock before reading, so
the cron digest and an interactive `kehu log` at the same moment wait for each other (busy
timeout) instead of failing with "database is locked" halfway through.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

from kehu.errors import KehuError
from kehu.i18n import _
from kehu.store import migrations

BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(KehuError):
    """The database file can't be used as it is (not kehu's, newer, corrupt, read-only)."""

    exit_code = 3


class Database:
    """An open kehu database: a `sqlite3` connection in autocommit mode plus its path."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn
        # What the undo history calls the changes made through this connection, and when
        # (set by the CLI: "kehu log 张伟"; store.undo).
        self.change_label = "kehu"
        self.change_at: dt.datetime | None = None

    @contextlib.contextmanager
    def write(self, *, undoable: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it, with the record of how
        to undo it (store.undo) in the same transaction. Upkeep that only refreshes derived data
        (due dates under new rules) is not `undoable`: `kehu undo` reverses what the user did."""
        from kehu.store import undo

        refuse_read_only(self.path)
        try:
            if undoable:
                undo.install(self.conn)
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise store_error(self.path, e) from None
        try:
            if undoable:
                undo.begin(self.conn, self.change_label, self.change_at)
            yield self.conn
            if undoable:
                undo.end(self.conn)
            self.conn.execute("COMMIT")
        except sqlite3.Error as e:
            self._rollback()
            raise store_error(self.path, e) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


def open_database(path: Path, *, upgrade_backup: bool = True) -> Database:
    """Open (creating on first use) the kehu database at `path`, migrated to the current schema
    (after a backup copy, unless `upgrade_backup` is False: a restore upgrades a copy)."""
    fresh = _prepare_file(path)
    read_only = not fresh and is_read_only(path)
    if not read_only:
        _mend_sidecars(path)
    try:
        # A read-only file is opened read-only, and as immutable when no -wal holds pages of it,
        # so that reading it leaves no -wal/-shm beside it (they would take its mode, 0444).
        target = read_only_uri(path) if read_only else path
        conn = sqlite3.connect(target, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, uri=read_only)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        app_id, version = identity(conn)
    except sqlite3.DatabaseError as e:
        raise store_error(path, e) from None
    db = Database(path, conn)
    try:
        _recognise(db, fresh, app_id, version, upgrade_backup)
    except BaseException:
        conn.close()
        raise
    conn.execute("PRAGMA foreign_keys=ON")
    return db


def _recognise(db: Database, fresh: bool, app_id: int, version: int, upgrade_backup: bool = True) -> None:
    """Create a new database, refuse a foreign or newer one, upgrade an older one."""
    conn, path = db.conn, db.path
    if fresh or (app_id == 0 and version == 0 and not _has_tables(conn)):
        _create(db)
    elif app_id != migrations.APPLICATION_ID:
        raise StoreError(_("{path} is not a kehu database; refusing to use it (choose another file with --db)").format(path=path))
    elif version > migrations.SCHEMA_VERSION:
        raise StoreError(
            _("{path} was written by a newer kehu (schema {found}, this kehu knows {known}); upgrade kehu to use it").format(
                path=path, found=version, known=migrations.SCHEMA_VERSION
            )
        )
    else:
        try:
            refuse_foreign_objects(conn, path, version)
        except StoreError:
            # Another kehu may have upgraded it since we read its version: judge it as it is now.
            if identity(conn)[1] == version:
                raise
            return _recognise(db, fresh, *identity(conn), upgrade_backup)
        if version < migrations.SCHEMA_VERSION:
            upgrade(db, version, backup=upgrade_backup)


def refuse_foreign_objects(conn: sqlite3.Connection, path: Path, version: int, *, restoring: bool = False) -> None:
    """Refuse a file whose tables, columns, indexes, triggers or views are not exactly those of the
    schema it claims (store.shape): a trigger or view kehu did not create could rewrite the book."""
    from kehu.store.shape import differences

    try:
        found = differences(conn, version)
    except sqlite3.Error as e:
        raise store_error(path, e) from None
    if found:
        more = _(" and {n} more").format(n=len(found) - 1) if len(found) > 1 else ""
        what = (_("{path} is not a kehu database as kehu writes it ({difference}{more}); nothing was restored")
                if restoring else
                _("{path} is not a kehu database as kehu writes it ({difference}{more}); refusing to use it"))
        raise StoreError(what.format(path=path, difference=found[0], more=more))


def _mend_sidecars(path: Path) -> None:
    """A -wal/-shm left read-only by reading a read-only file (older kehu did) would keep the file
    read-only after `chmod u+w`: give them back their owner's write permission."""
    for sidecar in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if sidecar.exists() and not (sidecar.stat().st_mode & stat.S_IWUSR and os.access(sidecar, os.W_OK)):
                os.chmod(sidecar, 0o600)
        except OSError:
            pass  # not ours: SQLite says so when it opens the file


def _prepare_file(path: Path) -> bool:
    """Create the folder and an empty 0600 file if needed; check an existing file's header.

    Returns True when the file is new (or empty).
    """
    try:
        if path.is_dir():
            raise StoreError(_("{path} is a folder, not a database file").format(path=path))
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            _private(path)
            return True
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise StoreError(_("can't open {path}: {reason}").format(path=path, reason=e.strerror)) from None
    if not header:
        _private(path)  # an empty file kehu is about to fill: it will hold phone numbers
        return True
    if header != SQLITE_HEADER:
        raise StoreError(_("{path} is not a kehu database (not even SQLite); refusing to touch it").format(path=path))
    return False


def _private(path: Path) -> None:
    """Mode 0600: the umask may have widened a new file; a client book holds phone numbers."""
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass  # not the owner: the file keeps the mode its owner chose


def identity(conn: sqlite3.Connection) -> tuple[int, int]:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return app_id, version


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def create_statements() -> list[str]:
    """The current schema's DDL: store/schema.py's SQLModel tables compiled for SQLite, kept in
    data/schema-ddl.json (tests/fixtures/write_shapes.py writes it; tests/test_shape.py fails when
    it differs from what the tables generate), so that creating a database does not import
    SQLModel and SQLAlchemy (~0.45 s)."""
    import json

    return json.loads((Path(__file__).parent.parent / "data" / "schema-ddl.json").read_text(encoding="utf-8"))


def _create(db: Database) -> None:
    conn = db.conn
    refuse_read_only(db.path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("BEGIN IMMEDIATE")
        # Another process may have created it while we waited for the lock.
        if _has_tables(conn):
            conn.execute("ROLLBACK")
            return
        for statement in create_statements():
            conn.execute(statement)
        conn.execute(f"PRAGMA application_id={migrations.APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={migrations.SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except sqlite3.Error as e:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise store_error(db.path, e) from None


def upgrade(db: Database, version: int, *, backup: bool = True) -> Path | None:
    """Carry a database at `version` forward to the current schema; returns the backup's path
    (None when another kehu upgraded it meanwhile).

    Backup first (VACUUM INTO, which can't run inside a transaction: so under a name of its own,
    and the version is checked again under the write lock, where two kehu started at once meet),
    then every step in one transaction with foreign keys off (a recreated parent table must not
    cascade-delete its children), then a foreign-key check before the commit.
    """
    conn, path = db.conn, db.path
    if is_read_only(path):
        raise StoreError(_("{path} was written by an older kehu and must be upgraded (schema {found} to {known}), "
                           "which needs write access: make it writable (chmod u+w) once").format(
            path=path, found=version, known=migrations.SCHEMA_VERSION))
    # Named for the book's last change (its file's time), not for today: the store reads no clock.
    stamp = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.name}.schema{version}-{stamp}-{os.getpid()}.bak") if backup else None
    try:
        if copy:
            _vacuum_into(conn, copy)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("BEGIN IMMEDIATE")
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current >= migrations.SCHEMA_VERSION:  # another kehu upgraded it while we made the copy
            conn.execute("ROLLBACK")
            if copy:
                copy.unlink(missing_ok=True)
            return None
        for target, step in migrations.steps_from(current):
            step(conn)
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StoreError(
                _("upgrade of {path} stopped: {n} rows would lose their contact; nothing was changed (backup: {backup})").format(
                    path=path, n=len(broken), backup=copy
                )
            )
        conn.execute(f"PRAGMA user_version={migrations.SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException as e:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(e, sqlite3.Error):
            raise store_error(path, e) from None
        raise
    finally:
        conn.execute("PRAGMA foreign_keys=ON")
    return copy


def _vacuum_into(conn: sqlite3.Connection, backup: Path) -> None:
    """A copy of the database at `backup`, which appears whole or not at all: written under a
    temporary name (a kill halfway leaves a `.tmp`, never a half file named like a backup)."""
    from kehu.files import fsync_file, sync_folder

    partial = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
    partial.unlink(missing_ok=True)
    try:
        conn.execute("VACUUM INTO ?", (str(partial),))
        os.chmod(partial, 0o600)
        fsync_file(partial)
        os.replace(partial, backup)
        sync_folder(backup.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def is_read_only(path: Path) -> bool:
    """True when kehu must not write to the file.

    Checked by mode bits as well as access(): root can write anything, but a file its owner made
    read-only (chmod a-w) is a clear "do not write" that kehu respects for everyone.
    """
    if isinstance(path, str):  # a team database (PostgreSQL): its server decides
        return False
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def refuse_read_only(path: Path) -> None:
    if is_read_only(path):
        raise StoreError(_("{path} is read-only; nothing was written (make it writable: chmod u+w)").format(path=path))


def store_error(path: Path, e: sqlite3.Error) -> StoreError:
    """The one-line message for a SQLite failure on `path`."""
    text = str(e)
    if "locked" in text or "busy" in text:
        return StoreError(_("{path} is busy (another kehu is writing); nothing was written, try again").format(path=path))
    if "readonly" in text or "read-only" in text:
        return StoreError(_("{path} is read-only; nothing was written").format(path=path))
    if "not a database" in text or "malformed" in text:
        return StoreError(_("{path} is not a kehu database or is damaged; restore a backup").format(path=path))
    return StoreError(_("database error in {path}: {error}").format(path=path, error=text))


def read_only_uri(path: Path) -> str:
    """Open a backup read-only, leaving no -wal/-shm beside it, unless a -wal beside it holds
    pages that belong to it (a copy of a live database)."""
    real = path.resolve()  # a -wal lies beside the file itself, not beside a link to it
    uri = real.as_uri() + "?mode=ro"
    return uri if real.with_name(real.name + "-wal").exists() else uri + "&immutable=1"


def cache_for_bulk_writes(conn: sqlite3.Connection) -> None:
    """A 64 MiB page cache for this connection (SQLite's default is 2 MiB): an import writes its
    rows into indexes out of their order (touches in the order they were logged, renumbered by
    contact), and with the default cache every such write goes to the disk."""
    if getattr(conn, "dialect", "sqlite") == "sqlite":  # a team database's server has its own cache
        conn.execute("PRAGMA cache_size=-65536")
