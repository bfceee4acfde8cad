"""`kehu undo`: reverse the last change to the book, whichever command made it."""

from __future__ import annotations

import typer

from kehu.cli.app import app
from kehu.cli.common import command, confirm, open_book
from kehu.errors import KehuError
from kehu.i18n import N_, _
from kehu.views.text import listing

# What each table's rows are called when a step is described: (one, several).
_NOUNS = {
    "contact": (N_("contact"), N_("contacts")),
    "touch": (N_("touch"), N_("touches")),
    "contact_tag": (N_("tag"), N_("tags")),
    "deal": (N_("deal"), N_("deals")),
    "complaint": (N_("complaint"), N_("complaints")),
    "important_date": (N_("personal date"), N_("personal dates")),
    "sweep": (N_("sweep"), N_("sweeps")),
    "sweep_contact": (N_("contact reached by a sweep"), N_("contacts reached by a sweep")),
    "greeting": (N_("holiday greeting"), N_("holiday greetings")),
    "account": (N_("account"), N_("accounts")),
    "account_alias": (N_("account name"), N_("account names")),
    "account_stage": (N_("stage move"), N_("stage moves")),
    "meta": (N_("book setting"), N_("book settings")),
    "ownership": (N_("period of ownership"), N_("periods of ownership")),  # a team database's hand-overs
}
_WITH_IDS = ("contact", "touch")  # changed rows the user knows by id: "contact #3 changed"


@command(app, "undo")
def undo(yes: bool = typer.Option(False, "--yes", "-y", help=_("Don't ask before undoing."))) -> None:
    """Reverse the last change to the book.

    Any command that wrote (log, add, edit, rm, won, lost, merge, import, touch edit…) can be
    undone, newest first: a second `kehu undo` reverses the change before. The last 50 changes
    are kept, across restarts. Undo itself cannot be undone.
    """
    book = open_book()
    step = book.last_change()
    what = _("`{label}` of {at:%Y-%m-%d %H:%M}: {changes}").format(label=step.label, at=step.at, changes=describe(step))
    # Asked before the write begins: a question must not hold the lock the cron digest waits on.
    if not yes and not confirm(_("Undo {what}?").format(what=what)):
        raise KehuError(_("not undone (nothing changed): would undo {what}; add --yes to undo without asking").format(what=what))
    book.undo(step)
    print(_("Undone: {what}.").format(what=what))


def describe(step) -> str:
    """"1 touch added, contact #3 changed": what a step did, in the order of the book's tables."""
    parts = []
    for counts, sentence in ((step.added, _("{things} added")), (step.removed, _("{things} removed"))):
        for table, n in counts.items():
            parts.append(sentence.format(things=_count(table, n)))
    for table, ids in step.changed.items():
        one, several = _NOUNS.get(table, (table, table))
        if table in _WITH_IDS and len(ids) <= 5:
            parts.append(_("{noun} {ids} changed").format(
                noun=_(one) if len(ids) == 1 else _(several), ids=listing(f"#{i}" for i in sorted(ids))))
        else:
            parts.append(_("{things} changed").format(things=_count(table, len(ids))))
    return listing(parts) or _("nothing")


def _count(table: str, n: int) -> str:
    """'1 touch', '3 touches'."""
    one, several = _NOUNS.get(table, (table, table))
    return _("{n} {noun}").format(n=n, noun=_(one) if n == 1 else _(several))
