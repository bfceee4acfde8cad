"""The book's file copied out and put back: `kehu backup` and `kehu restore`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path


def backup(book, target: Path | None, protected) -> Path:
    """A consistent copy of the open book (default: beside it, named for now), never over an
    existing file nor one of `protected`; returns the file written."""
    if getattr(book.db, "team", False):
        return _team_backup(book, target, protected)
    from kehu.store.backups import backup_to

    path = book.db.path
    return backup_to(book.db, target or path.with_name(f"{path.stem}-{book.now:%Y%m%d-%H%M%S}.db"), protected)


def restore(path: Path, source: Path, now: dt.datetime) -> Path | None:
    """Replace the book at `path` with a checked copy of `source` (store.backups.restore_from);
    returns where the replaced book was kept (None when there was none)."""
    from kehu.store.backups import restore_from

    return restore_from(path, source, now)


def _team_backup(book, target: Path | None, protected) -> Path:
    """On a team database: the JSON hand-over of every client the member sees (as `kehu export
    --format json` writes it; `kehu import` reads it back), never over an existing file. The
    whole database is backed up by its server's tools (pg_dump, README)."""
    from kehu.files import new_file, write_atomically

    member = book.db.member
    target = new_file(target or Path(f"kehu-{member}-{book.now:%Y%m%d-%H%M%S}.json"), dict(protected))
    pieces, encoding = book.export("json", 0)
    write_atomically(target, pieces, encoding)
    return target
