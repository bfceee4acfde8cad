"""`kehu demo`: fill a database with the demo client book, days counted back from today."""

from __future__ import annotations

from pathlib import Path

import typer

from kehu.cli.app import app
from kehu.cli.common import command, open_book
from kehu.i18n import _


@command(app, "demo")
def demo(
    file: Path = typer.Argument(None, help=_("A demo book in the same JSON format (default: kehu's own).")),
) -> None:
    """Fill a database with a demo client book.

    Refuses a database that holds real contacts: use --db demo.db.
    """
    from kehu.book.demo import read_demo_book

    entries = read_demo_book(file)
    book = open_book(create=True)
    book.fill_demo(entries)
    print(_("Demo book of {n} contacts written to {path}. Try: kehu --db {path} due").format(n=len(entries), path=book.path))
