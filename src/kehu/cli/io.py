"""Export, merge, backup and restore: a client book that moves intact (DOMAIN.md §3)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from kehu import config
from kehu.cli.app import app
from kehu.cli.common import Session, book_files, command, confirm, open_book, output_path
from kehu.errors import KehuError, UsageError
from kehu.i18n import _


class Format(str, Enum):
    json = "json"
    csv = "csv"
    vcard = "vcard"
    ics = "ics"


@command(app, "export")
def export_book(
    fmt: Format = typer.Option(Format.json, "--format", "-f", case_sensitive=False, help=_("json (everything), csv (Excel), vcard (phone), ics (calendar).")),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help=_("Write to a file (default: print).")),
    days: int = typer.Option(90, "--days", min=1, max=3660, help=_("For ics: how far ahead to put follow-ups and dates.")),
) -> None:
    """Export the client book: json, csv, vcard or ics.

    JSON carries everything (a hand-over), CSV opens safely in Excel, vCard goes to a phone,
    ICS puts follow-ups and personal dates in a calendar.
    """
    from kehu import files

    target = output_path(output) if output else None
    book = open_book()
    pieces, encoding = book.export(fmt.value, days, _shareable_settings() if fmt is Format.json else None)
    if output:
        files.write_atomically(target, pieces, encoding)
        print(_("Exported to {path}.").format(path=output), file=sys.stderr)
    else:
        from kehu.views.console import write_data

        write_data(pieces, encoding)


@command(app, "merge")
def merge(
    keep: str = typer.Argument(..., metavar="WHO"),
    other: str = typer.Argument(..., metavar="DUPLICATE"),
    yes: bool = typer.Option(False, "--yes", "-y", help=_("Don't ask before merging.")),
) -> None:
    """Merge a duplicate contact into another.

    DUPLICATE's touches, tags, dates, complaints, deals and sweeps move to WHO (a date both
    have is kept once), WHO's empty fields are filled from it, a won client stays won (else the
    more recent stage of the two wins), and DUPLICATE is deleted — after confirmation.
    """
    book = open_book()
    kept, gone = book.contact(keep), book.contact(other)
    if kept.id == gone.id:
        raise UsageError(_("{name} (#{id}) is named twice; give two different contacts").format(name=kept.name, id=kept.id))
    describe = lambda c: f"{c.name} (#{c.id}" + (f", {c.company})" if c.company else ")")  # noqa: E731
    if not yes and not confirm(_("Merge {other} into {name}? {other} is then gone, its history kept under {name}.").format(
            other=describe(gone), name=describe(kept))):
        raise KehuError(_("not merged (nothing changed); add --yes to merge without asking"))
    book.merge(kept.id, gone.id)
    print(_("Merged {other} (#{oid}) into {name} (#{id}).").format(other=gone.name, oid=gone.id, name=kept.name, id=kept.id))


@command(app, "backup")
def backup(file: Path = typer.Argument(None, metavar="[FILE]", help=_("Where to write it (default: beside the database, dated)."))) -> None:
    """Copy the database, safely while kehu is in use."""
    target = open_book(settings=False).backup(file, book_files())
    print(_("Backed up to {path}.").format(path=target))


@command(app, "restore")
def restore(
    file: Path = typer.Argument(..., metavar="FILE"),
    yes: bool = typer.Option(False, "--yes", "-y", help=_("Don't ask before replacing the current database.")),
) -> None:
    """Replace the database with a checked backup.

    The backup must be a whole kehu database this kehu can open; the database it replaces is
    kept beside it.
    """
    from kehu.book.copies import restore as restore_from

    path = config.db_target(Session.db_option)
    if isinstance(path, str):
        raise KehuError(_("kehu restore replaces a local file; a team database is restored by its owner with pg_restore "
                          "(or import a JSON hand-over with kehu import)"))
    if not yes and not confirm(_("Replace {path} with {file}?").format(path=path, file=file)):
        raise KehuError(_("not restored (nothing changed); add --yes to restore without asking"))
    kept = restore_from(path, file, config.now())
    if kept:
        print(_("Restored {file}; the database it replaced is kept as {kept}.").format(file=file, kept=kept))
    else:
        print(_("Restored {file} to {path}.").format(file=file, path=path))


def _shareable_settings() -> str | None:
    """The config file without its secrets, for the next owner of an exported book."""
    from kehu.config.file import shareable_settings

    path = config.config_path()
    return shareable_settings(path.read_text(encoding="utf-8")) if path.is_file() else None
