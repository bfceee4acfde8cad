"""`kehu stats` (your own funnel, churn, referrals, effort by tier) and `kehu budget`."""

from __future__ import annotations

import typer

from kehu.cli.app import app
from kehu.cli.common import command, open_book, read_clock, when_date
from kehu.errors import UsageError
from kehu.i18n import _


@command(app, "stats")
def stats(
    since: str = typer.Option(None, "--since", metavar="WHEN", help=_("Start of the period (default: a year ago).")),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """Your own numbers: where deals close, where you stop, who leaves.

    The follow-up funnel beside the 2/3/5/10/80 folklore, churn and retention, referrals,
    lost reasons beside the reference shares, clients at risk, and effort by tier (80/20).
    """
    import datetime as dt

    from kehu.views import stats_views

    clock = read_clock()
    today = clock.today
    start = when_date(since, "--since", today) if since else today - dt.timedelta(days=365)
    if start > today:
        raise UsageError(_("--since {day} is in the future").format(day=start))
    report = stats_views.StatsReport(**open_book(clock=clock).stats(start))
    if as_json:
        stats_views.stats_json(report)
    else:
        stats_views.stats_screen(report)


@command(app, "budget")
def budget(
    year: int = typer.Option(None, "--year", min=1900, max=2200, help=_("The year (default: this year).")),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """Gifts and meals against the yearly budget of each tier."""
    from kehu.views import stats_views

    book = open_book()
    year = year or book.today.year
    report, settings = book.budget(year), book.settings.budget
    if as_json:
        stats_views.budget_json(report, year, settings)
    else:
        stats_views.budget_screen(report, year, settings)
