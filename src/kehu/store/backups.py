"""Backups and restores of the database file: a copy that appears whole or not at all, and a
restore that leaves the old book or the new one, never a third thing."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from kehu.errors import KehuError
from kehu.i18n import _
from kehu.store import migrations
from kehu.store.db import (BUSY_TIMEOUT_MS, SQLITE_HEADER, Database, StoreError, identity, open_database, read_only_uri,
                           refuse_foreign_objects, refuse_read_only, store_error)


def backup_to(db: Database, target: Path, protected: list[Path]) -> Path:
    """A consistent copy through SQLite's backup API, mode 0600, that appears whole or not at all;
    never over an existing file, nor one of `protected`. Returns the file written."""
    from kehu.files import fsync_file, new_file, sync_folder

    target = new_file(target, protected)  # never over an existing file: a refused action (exit 1)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        copy = sqlite3.connect(partial)
        try:
            db.conn.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            copy.close()
        os.chmod(partial, 0o600)
        fsync_file(partial)
        _place(partial, target)
        sync_folder(target.parent)
    except FileExistsError:
        raise KehuError(_("{path} exists; choose another name").format(path=target)) from None
    except (OSError, sqlite3.Error) as e:
        raise StoreError(_("backup to {path} failed: {reason}").format(path=target, reason=e)) from None
    finally:
        partial.unlink(missing_ok=True)
    return target


def _place(partial: Path, target: Path) -> None:
    """Give a finished file its name, never over a file that appeared meanwhile (a hard link fails
    if the name is taken); where links are not supported (FAT), a rename after one more check."""
    try:
        os.link(partial, target)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(target):
            raise FileExistsError(17, "exists", str(target)) from None
        os.replace(partial, target)


def check_backup(path: Path) -> None:
    """Refuse a file that is not a whole, readable kehu database this kehu can open: its header,
    application id, version, SQLite's integrity check, and exactly the objects its schema defines
    (a trigger or view in a backup would run inside the restored book)."""
    from kehu.files import existing_file

    existing_file(path)
    with path.open("rb") as f:
        if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise StoreError(_("{path} is not a kehu database; nothing was restored").format(path=path))
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            app_id, version = identity(conn)
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            if app_id == migrations.APPLICATION_ID and 0 < version <= migrations.SCHEMA_VERSION:
                refuse_foreign_objects(conn, path, version, restoring=True)
        finally:
            conn.close()
    except sqlite3.Error:
        raise StoreError(_("{path} is damaged; nothing was restored").format(path=path)) from None
    if app_id != migrations.APPLICATION_ID or version == 0:
        raise StoreError(_("{path} is not a kehu database; nothing was restored").format(path=path))
    if version > migrations.SCHEMA_VERSION:
        raise StoreError(_("{path} was written by a newer kehu; upgrade kehu to restore it").format(path=path))
    if not ok:
        raise StoreError(_("{path} fails SQLite's integrity check; nothing was restored").format(path=path))


def restore_from(path: Path, source: Path, now: dt.datetime) -> Path | None:
    """Replace the database at `path` with a checked copy of `source`, so that a kill at any
    instant leaves the old book or the new one, never a third thing. Returns where the replaced
    database was kept (None when there was none).

    1. Check `source` (check_backup) and copy it to a temporary file beside the book.
    2. Open the copy as a database (upgrading an older backup), check it again, flush it to disk.
    3. Keep the current book under a new name (a second link to it, so it is never missing) with
       its WAL folded in (or moved beside it, for a damaged book that cannot be opened).
    4. Rename the copy over the book: one atomic step.
    """
    check_backup(source)
    path = Path(os.path.realpath(path))  # through a link (a synced folder): the book itself is replaced
    if path.is_dir():
        raise StoreError(_("{path} is a folder, not a database file").format(path=path))
    if path.exists() and os.path.samefile(path, source):
        raise StoreError(_("{path} is the database itself; name a backup file").format(path=source))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # restoring on a new machine
    except OSError as e:
        raise StoreError(_("can't create {path}: {reason}").format(path=path.parent, reason=e.strerror)) from None
    if path.exists():
        refuse_read_only(path)
    _forget_killed_restores(path)
    partial = path.with_name(f".{path.name}.restore-{os.getpid()}.tmp")
    try:
        _copy_checked(source, partial)
        kept = _keep_aside(path, now) if path.exists() else None
        os.replace(partial, path)
        for suffix in ("-wal", "-shm"):  # the old book's, emptied by the checkpoint in _keep_aside
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        from kehu.files import sync_folder

        sync_folder(path.parent)
    except sqlite3.Error as e:
        raise store_error(path, e) from None
    except OSError as e:
        raise StoreError(_("restore to {path} failed: {reason}; the book is unchanged").format(path=path, reason=e.strerror or e)) from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            partial.with_name(partial.name + suffix).unlink(missing_ok=True)
    return kept


def _forget_killed_restores(path: Path) -> None:
    """Remove the temporary copies of restores that were killed (their process is gone)."""
    for partial in path.parent.glob(f".{path.name}.restore-*.tmp*"):
        pid = partial.name.split(".restore-")[1].split(".")[0]
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            partial.unlink(missing_ok=True)
        except (ValueError, OSError):
            pass  # not a number, or a process of someone else's: leave it


def _copy_checked(source: Path, partial: Path) -> None:
    """`source` copied to `partial` (mode 0600, WAL like every book, upgraded, checked, on disk)."""
    from kehu.files import fsync_file

    for suffix in ("", "-wal", "-shm", "-journal"):
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    src = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            src.backup(copy)
        finally:
            copy.close()
    finally:
        src.close()
    os.chmod(partial, 0o600)
    db = open_database(partial, upgrade_backup=False)  # an older backup is upgraded here, in the copy
    try:
        db.conn.execute("PRAGMA journal_mode=WAL")
        if db.conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreError(_("{path} could not be copied intact; nothing was restored").format(path=source))
    finally:
        db.close()  # the last connection: SQLite folds the WAL into the file and removes it
    fsync_file(partial)


def _keep_aside(path: Path, now: dt.datetime) -> Path:
    """A second name for the current book (`k-before-restore-<when>.db`), with everything its WAL
    holds; the book itself stays in place until the new one is renamed over it."""
    wal = path.with_name(path.name + "-wal")
    settled = _fold_wal(path)
    if not settled and wal.exists() and wal.stat().st_size and not _damaged(path):
        raise StoreError(_("{path} is in use by another kehu; nothing was restored, try again").format(path=path))
    stamp = f"{now:%Y%m%d-%H%M%S}"
    for n in range(1, 100):
        kept = path.with_name(f"{path.stem}-before-restore-{stamp}{'' if n == 1 else f'-{n}'}.db")
        try:
            _place(path, kept)
            break
        except FileExistsError:
            continue
    else:
        raise StoreError(_("too many restores in one second; try again").format())
    if wal.exists() and wal.stat().st_size:  # a damaged book: its WAL goes with it
        wal.replace(kept.with_name(kept.name + "-wal"))
    return kept


def _fold_wal(path: Path) -> bool:
    """Checkpoint the book's WAL into the file; True when nothing is left in the WAL."""
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
        return not busy
    except sqlite3.Error:
        return False


def _damaged(path: Path) -> bool:
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
        return False
    except sqlite3.Error:
        return True
