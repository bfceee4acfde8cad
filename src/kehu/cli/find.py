"""`kehu find`: every touch, promise, note and complaint that mentions something."""

from __future__ import annotations

import typer

from kehu.cli.app import app
from kehu.cli.common import clean_text, command, open_book
from kehu.errors import UsageError
from kehu.i18n import _


@command(app, "find")
def find(
    text: str = typer.Argument(..., metavar="TEXT", help=_("What to look for: 报价, a word, or pinyin (baojia).")),
    limit: int = typer.Option(50, "--limit", min=0, metavar="N", help=_("Show the N newest (0: all).")),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """Find touches, promises, notes and complaints that contain TEXT, newest first.

    Chinese text is also found by its pinyin in whole syllables: `kehu find baojia` finds 报价.
    """
    from kehu.views import find_views

    query = clean_text(text, "TEXT", limit=200)
    if not query:
        raise UsageError(_("TEXT is empty: give a word to look for (报价, quote, baojia)"))
    found = open_book(settings=False).search(query)
    shown = found[:limit] if limit else found
    if as_json:
        find_views.found_json(shown)
    else:
        find_views.found_table(query, shown, len(found))
