"""`kehu occasions` (coming dates and holidays, with the greeting plan) and `kehu sweep`."""

from __future__ import annotations

import datetime as dt

import typer

from kehu.cli.app import app
from kehu.cli.common import clean_text, command, open_book
from kehu.errors import UsageError
from kehu.i18n import _

sweep_app = typer.Typer(help=_("Reach everyone who lives in or comes from a place hit by an event."),
                        invoke_without_command=True)
app.add_typer(sweep_app, name="sweep")


@command(app, "occasions")
def occasions(
    days: int = typer.Option(30, "--days", min=0, max=400, help=_("How far ahead to look.")),
    limit: int = typer.Option(None, "--limit", min=0, metavar="N", help=_("Name at most N clients per tier in each plan.")),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """Coming personal dates and holidays, with the greeting plan by tier.

    Each holiday has its own plan: for 春节, A a visit with a gift, B a call, C a personal
    message, D one greeting for the whole tier; 中秋 brings mooncakes… (all set in [greetings]).
    Every client is named; `kehu greet HOLIDAY` is the checklist.
    """
    from kehu.views import occasion_views

    book = open_book()
    personal, coming = book.coming_occasions(book.today + dt.timedelta(days=days))
    if as_json:
        occasion_views.occasions_json(personal, coming)
    else:
        occasion_views.occasions_screen(personal, coming, book.today, limit)


@command(sweep_app, "list")
def sweep_list(as_json: bool = typer.Option(False, "--json", help=_("Print JSON."))) -> None:
    """Each sweep's progress: who has been contacted since it began."""
    from kehu.views.occasion_views import sweeps_json, sweeps_screen

    (sweeps_json if as_json else sweeps_screen)(open_book(settings=False).sweeps())


@sweep_app.callback()
def sweep(
    ctx: typer.Context,
    city: str = typer.Option(None, "--city", metavar="PLACE", help=_("The place hit: matches city or hometown.")),
    reason: str = typer.Option(None, "--reason", metavar="TEXT", help=_('What happened ("water pollution").')),
) -> None:
    """Start a sweep: everyone who lives in or comes from PLACE gets a care call due today."""
    if ctx.invoked_subcommand is not None:
        return
    from kehu.cli.common import report
    from kehu.errors import KehuError

    try:
        _start_sweep(city, reason)
    except KehuError as error:
        report(error)
        raise typer.Exit(error.exit_code) from None


def _start_sweep(city: str | None, reason: str | None) -> None:
    place, why = clean_text(city, "--city", limit=100), clean_text(reason, "--reason", limit=200)
    if not place or not why:
        raise UsageError(_("give both --city PLACE and --reason TEXT (or `kehu sweep list`)"))
    reached = open_book().sweep(place, why)
    text = (_("Sweep of {place} ({reason}): 1 contact lives there or comes from there; a care call is due today.")
            if len(reached) == 1 else
            _("Sweep of {place} ({reason}): {n} contacts live there or come from there; each has a care call due today."))
    print(text.format(place=place, reason=why, n=len(reached)))
