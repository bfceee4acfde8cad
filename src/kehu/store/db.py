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

        _refuse_read_only(self.path)
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


def open_database(path: Path) -> Database:
    """Open (creating on first use) the kehu database at `path`, migrated to the current schema."""
    fresh = _prepare_file(path)
    read_only = not fresh and is_read_only(path)
    if not read_only:
        _mend_sidecars(path)
    try:
        # A read-only file is opened read-only, and as immutable when no -wal holds pages of it,
        # so that reading it leaves no -wal/-shm beside it (they would take its mode, 0444).
        target = _read_only_uri(path) if read_only else path
        conn = sqlite3.connect(target, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, uri=read_only)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        app_id, version = _identity(conn)
    except sqlite3.DatabaseError as e:
        raise store_error(path, e) from None
    db = Database(path, conn)
    try:
        _recognise(db, fresh, app_id, version)
    except BaseException:
        conn.close()
        raise
    conn.execute("PRAGMA foreign_keys=ON")
    return db


def _recognise(db: Database, fresh: bool, app_id: int, version: int) -> None:
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
    elif version < migrations.SCHEMA_VERSION:
        upgrade(db, version)


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
            os.chmod(path, 0o600)  # the umask may have widened it; the file holds phone numbers
            return True
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise StoreError(_("can't open {path}: {reason}").format(path=path, reason=e.strerror)) from None
    if not header:
        return True
    if header != SQLITE_HEADER:
        raise StoreError(_("{path} is not a kehu database (not even SQLite); refusing to touch it").format(path=path))
    return False


def _identity(conn: sqlite3.Connection) -> tuple[int, int]:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return app_id, version


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def _create(db: Database) -> None:
    from kehu.store.schema import create_statements  # imports SQLModel: once per database

    conn = db.conn
    _refuse_read_only(db.path)
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


def upgrade(db: Database, version: int) -> Path | None:
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
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.schema{version}-{stamp}-{os.getpid()}.bak")
    try:
        conn.execute("VACUUM INTO ?", (str(backup),))
        os.chmod(backup, 0o600)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("BEGIN IMMEDIATE")
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current >= migrations.SCHEMA_VERSION:  # another kehu upgraded it while we made the copy
            conn.execute("ROLLBACK")
            backup.unlink(missing_ok=True)
            return None
        for target, step in migrations.steps_from(current):
            step(conn)
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StoreError(
                _("upgrade of {path} stopped: {n} rows would lose their contact; nothing was changed (backup: {backup})").format(
                    path=path, n=len(broken), backup=backup
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
    return backup


def is_read_only(path: Path) -> bool:
    """True when kehu must not write to the file.

    Checked by mode bits as well as access(): root can write anything, but a file its owner made
    read-only (chmod a-w) is a clear "do not write" that kehu respects for everyone.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def _refuse_read_only(path: Path) -> None:
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


def backup_to(db: Database, target: Path) -> None:
    """A consistent copy through SQLite's backup API, mode 0600; never over an existing file."""
    from kehu.files import new_file

    new_file(target)  # never over an existing file: a refused action (exit 1)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(target)
        try:
            db.conn.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            copy.close()
        os.chmod(target, 0o600)
    except (OSError, sqlite3.Error) as e:
        target.unlink(missing_ok=True)
        raise StoreError(_("backup to {path} failed: {reason}").format(path=target, reason=e)) from None


def _read_only_uri(path: Path) -> str:
    """Open a backup read-only, leaving no -wal/-shm beside it, unless a -wal beside it holds
    pages that belong to it (a copy of a live database)."""
    uri = path.resolve().as_uri() + "?mode=ro"
    return uri if path.with_name(path.name + "-wal").exists() else uri + "&immutable=1"


def check_backup(path: Path) -> None:
    """Refuse a file that is not a whole, readable kehu database this kehu can open."""
    from kehu.files import existing_file

    existing_file(path)
    with path.open("rb") as f:
        if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise StoreError(_("{path} is not a kehu database; nothing was restored").format(path=path))
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True)
        try:
            app_id, version = _identity(conn)
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.Error:
        raise StoreError(_("{path} is damaged; nothing was restored").format(path=path)) from None
    if app_id != migrations.APPLICATION_ID:
        raise StoreError(_("{path} is not a kehu database; nothing was restored").format(path=path))
    if version > migrations.SCHEMA_VERSION:
        raise StoreError(_("{path} was written by a newer kehu; upgrade kehu to restore it").format(path=path))
    if not ok:
        raise StoreError(_("{path} fails SQLite's integrity check; nothing was restored").format(path=path))


def restore_from(path: Path, source: Path, now: dt.datetime) -> Path | None:
    """Check `source`, move the current database at `path` aside (even a damaged one: it is never
    opened), then copy `source` into place. Returns where the replaced database was kept."""
    check_backup(source)
    if path.is_dir():
        raise StoreError(_("{path} is a folder, not a database file").format(path=path))
    if path.exists() and path.resolve() == source.resolve():
        raise StoreError(_("{path} is the database itself; name a backup file").format(path=source))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # restoring on a new machine
    except OSError as e:
        raise StoreError(_("can't create {path}: {reason}").format(path=path.parent, reason=e.strerror)) from None
    kept = None
    if path.exists():
        _refuse_read_only(path)
        kept = path.with_name(f"{path.stem}-before-restore-{now:%Y%m%d-%H%M%S}.db")
        if kept.exists():
            raise StoreError(_("{path} exists; try again in a second").format(path=kept))
        _move_with_journal(path, kept)
    try:
        src = sqlite3.connect(_read_only_uri(source), uri=True)
        try:
            copy = sqlite3.connect(path)
            try:
                src.backup(copy)
            finally:
                copy.close()
        finally:
            src.close()
        os.chmod(path, 0o600)
        open_database(path).close()  # an older backup is upgraded now, with its own safety copy
    except BaseException as e:
        path.unlink(missing_ok=True)
        if kept:
            _move_with_journal(kept, path)
        if isinstance(e, sqlite3.Error):
            raise store_error(path, e) from None
        raise
    return kept


def _move_with_journal(path: Path, target: Path) -> None:
    """Rename a database file with its WAL and shared-memory files, which hold part of its data."""
    try:
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.replace(target.with_name(target.name + suffix))
        path.replace(target)
    except OSError as e:
        raise StoreError(_("can't move {path} aside: {reason}").format(path=path, reason=e.strerror)) from None
