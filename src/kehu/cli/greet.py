"""`kehu greet HOLIDAY`: a holiday's greeting checklist by tier, and a group greeting for a tier."""

from __future__ import annotations

import typer

from kehu.cli.app import app
from kehu.cli.common import channel_option, clean_text, command, confirm, open_book, tier_option
from kehu.errors import KehuError, UsageError
from kehu.i18n import _, ngettext


@command(app, "greet")
def greet(
    holiday: str = typer.Argument(..., metavar="HOLIDAY", help=_("春节, 除夕, 元宵, 端午, 中秋, 元旦, 劳动节, 国庆 (or spring, mid-autumn…).")),
    tier: str = tier_option(help=_("Only this tier; with --channel, the tier to greet at once.")),
    channel: str = channel_option(default=None, flags=("--channel", "-c")),
    note: str = typer.Option(None, "--note", "-n", metavar="TEXT", help=_("What the group greeting said.")),
    yes: bool = typer.Option(False, "--yes", "-y", help=_("Don't ask before logging a group greeting.")),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """A holiday's greeting checklist by tier: who has been greeted and who not, with the channel and budget.

    With --tier and --channel, logs a group greeting for the whole tier at once (one care touch
    each, all or none): `kehu greet 春节 --tier D --channel wechat --yes`. One client at a time:
    `kehu log WHO --greet 春节`.
    """
    book = open_book()
    if channel is not None:
        _group_greeting(book, holiday, tier, channel, clean_text(note, "--note", limit=500), yes)
        return
    from kehu.views import greeting_views

    occ, rows = book.greeting_checklist(holiday, tier)
    if as_json:
        greeting_views.checklist_json(rows)
    else:
        greeting_views.checklist_screen(occ, rows, book.today, book.settings.budget.currency)


def _group_greeting(book, holiday: str, tier: str | None, channel: str, note: str | None, yes: bool) -> None:
    if tier is None:
        raise UsageError(_("a group greeting is for a whole tier: add --tier A|B|C|D (or leave out --channel for the checklist)"))
    from kehu.core import labels

    occ, waiting = book.group_size(holiday, tier)
    what = ngettext("a {holiday} {year} greeting by {channel} for the {n} tier {tier} client not yet greeted",
                    "a {holiday} {year} greeting by {channel} for the {n} tier {tier} clients not yet greeted", waiting).format(
        holiday=occ.holiday.name, year=occ.year, channel=labels.channel(channel), n=waiting, tier=tier)
    if waiting == 0:
        print(_("Every tier {tier} client has been greeted for {holiday} {year}; nothing to log.").format(
            tier=tier, holiday=occ.holiday.name, year=occ.year))
        return
    # Asked before the write begins: a question must not hold the lock the cron digest waits on.
    if not yes and not confirm(_("Log {what}?").format(what=what)):
        raise KehuError(_("nothing logged: would log {what}; add --yes to log it without asking").format(what=what))
    occ, greeted, before = book.greet_tier(holiday, tier, channel, note)
    print(_("Logged {what}: {names}.").format(what=what, names=_(", ").join(name for _id, name in greeted)))
    if before:
        print(_("{n} had been greeted already.").format(n=before))
