"""`kehu week`: the next working days, day by day, and evening out the heavy ones."""

from __future__ import annotations

import typer

from kehu.cli.app import app
from kehu.cli.common import command, confirm, open_book, tier_option
from kehu.errors import KehuError, UsageError
from kehu.i18n import _


@command(app, "week")
def week(
    days: int = typer.Option(7, "--days", min=1, max=60, help=_("How many working days (default 7).")),
    tier: str = tier_option(None, _("Only this tier.")),
    limit: int = typer.Option(10, "--limit", min=0, help=_("Show at most N items a day (0 = all); the counts are always whole.")),
    even: bool = typer.Option(False, "--even", help=_("Propose moving B–D follow-ups from heavy days to lighter ones (up to 2 working days later).")),
    apply: bool = typer.Option(False, "--apply", help=_("With --even: make the moves (each contact waits until its new day).")),
    yes: bool = typer.Option(False, "--yes", "-y", help=_("With --apply: don't ask first.")),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON: a list of days, each with its due items.")),
) -> None:
    """The week ahead: what is due on each working day, with the count per day.

    Overdue items are on today; an item due on a day off is on the working day after it.
    --even proposes a gentler spread (A clients, promises, complaints, dates and greetings keep
    their day); --apply makes it.
    """
    from kehu.core.week import even as spread
    from kehu.views import week_views

    if apply and not even:
        raise UsageError(_("--apply makes the moves of --even: give both"))
    book = open_book()
    workdays, plan = book.week(days, tier=tier)
    moves = spread(plan) if even else []
    if as_json:
        week_views.week_json(plan, moves)
        return
    week_views.week_screen(plan, moves, book.today, limit, applying=apply)
    if apply and moves:
        if not yes and not confirm(_("Move these {n} items?").format(n=len(moves))):
            raise KehuError(_("nothing moved; add --yes to move without asking"))
        book.move_later(moves)
        print(_("Moved {n} items; kehu undo takes the moves back.").format(n=len(moves)))
