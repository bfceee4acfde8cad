"""`kehu log`: record a touch (call, visit, WeChat…) with one or more contacts."""

from __future__ import annotations

import sys

import typer
from typer.core import TyperCommand

from kehu.cli.app import app
from kehu.cli.common import (amount_option, channel_option, clean_text, command, open_book, outcome_option, read_clock, when_date,
                             when_moment)
from kehu.errors import UsageError
from kehu.i18n import _


class _GreetCommand(TyperCommand):
    """`--greet` alone greets for a personal date; `--greet 春节` (a holiday right after it) for a
    holiday: Typer has no option with an optional value, so the holiday is handed to the hidden
    `--greet-holiday` before the arguments are parsed."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        return super().parse_args(ctx, holiday_after_greet(args))


def holiday_after_greet(args: list[str]) -> list[str]:
    """`--greet 春节` → `--greet-holiday 春节` (and `--greet=春节`); `--greet` before WHO or
    another option is left alone."""
    if not any(arg.startswith("--greet") for arg in args):
        return args  # `kehu log` runs twenty times a day: no holiday table to load
    from kehu.core.greetings import find_holiday

    found, i = [], 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return found + args[i:]
        if arg.startswith("--greet="):
            found += ["--greet-holiday", arg.split("=", 1)[1]]
        elif arg == "--greet" and i + 1 < len(args) and find_holiday(args[i + 1]):
            found += ["--greet-holiday", args[i + 1]]
            i += 1
        else:
            found.append(arg)
        i += 1
    return found


@command(app, "log", cls=_GreetCommand)
def log(
    who: list[str] = typer.Argument(..., metavar="WHO...", help=_("One or more contacts: id, name, pinyin…")),
    channel: str = channel_option(),
    note: str = typer.Option(None, "--note", "-n", metavar="TEXT", help=_("What was said.")),
    at: str = typer.Option(None, "--at", metavar="WHEN", help=_('When it happened (default now): "yesterday 15:30", 2026-11-20, 3d ago…')),
    next_: str = typer.Option(None, "--next", metavar="WHEN", help=_("Next follow-up on this date instead of the cadence (1m, fri, 2026-12-01…).")),
    todo: str = typer.Option(None, "--todo", metavar="TEXT", help=_('What you promised ("send the quote"); due by --next or within a week.')),
    outcome: str = outcome_option(),
    care: bool = typer.Option(False, "--care", help=_("A care touch (嘘寒问暖): not a follow-up, does not move the clock.")),
    cost: str = amount_option("--cost", _("What it cost (gift, meal); shared out when several contacts are named.")),
    greet: bool = typer.Option(False, "--greet", help=_(
        "A greeting for a birthday or other personal date in its reminder window: a care touch that clears "
        "that reminder (the note says which date, unless you give one). --greet HOLIDAY (春节, 中秋, "
        "spring…): a greeting for a holiday, which marks it done.")),
    greet_holiday: str = typer.Option(None, "--greet-holiday", metavar="HOLIDAY", hidden=True),
) -> None:
    """Record a call, visit, message… with one or more contacts.

    Prints the touch's follow-up number and when the next one is due. Several contacts
    get one touch each, all or none.
    """
    from kehu.views.text import logged_line

    clock = read_clock()
    today, now = clock.today, clock.now
    at_moment = touch_moment(at, now) if at else now
    holiday = None
    if greet_holiday is not None:
        from kehu.book.greetings import holiday as read_holiday

        holiday = read_holiday(greet_holiday)
    if (greet or holiday) and outcome == "none":
        raise UsageError(_("--greet records a greeting that reached them; log an unanswered call with --outcome none alone"))
    next_on = next_date(next_, at_moment, today) if next_ else None
    fields = {
        "at": at_moment, "channel": channel, "note": clean_text(note, "--note", multiline=True),
        "outcome": outcome, "care": care or greet or holiday is not None, "cost": cost, "next_on": next_on,
        "todo": clean_text(todo, "--todo", limit=500),
    }
    book = open_book(clock=clock)
    budget = book.settings.budget if cost else None  # [budget] read, and refused if wrong, before the write
    lines, warnings = [], []
    for logged in book.log(who, fields, greet=greet and holiday is None, holiday=holiday):
        contact = logged.contact
        lines.append(logged_line(logged, today))
        if logged.holiday:
            occ, before = logged.holiday
            lines.append(_("  {holiday} {year} greeting done (due by {day})").format(holiday=occ.holiday.name, year=occ.year,
                                                                                   day=occ.due)
                         if before is None else
                         _("  already greeted for {holiday} {year} (touch #{touch}); this touch is logged as well").format(
                             holiday=occ.holiday.name, year=occ.year, touch=before))
        elif greet and logged.greeted:
            lines += [_("  greeting for {what} on {day}: its reminder is cleared").format(what=i.occasion, day=i.due)
                      for i in logged.greeted]
        elif greet:
            warnings.append(_("{name} (#{id}) has no personal date waiting for a greeting (none in its "
                              "reminder window, or already greeted); logged as a care touch").format(name=contact.name, id=contact.id)
                            + _holiday_hint(book))
        if logged.spent:
            warnings += _budget_warnings(contact, at_moment.year, logged.spent, budget)
    print("\n".join(lines))
    for warning in warnings:
        print(_("kehu: note: {text}").format(text=warning), file=sys.stderr)


def _holiday_hint(book) -> str:
    """When a holiday's greetings are under way: how to log one for it."""
    holidays = book.open_holidays()
    return _("; a greeting for {holiday}? kehu log WHO --greet {holiday}").format(holiday=holidays[0]) if holidays else ""


def touch_moment(at: str, now):
    """--at of a touch (`kehu log`, `kehu touch edit`): when it happened, never in the future."""
    moment = when_moment(at, "--at", now)
    if moment > now:
        raise UsageError(_("--at {at} is in the future: log what happened; plan the next touch with --next").format(
            at=moment.strftime("%Y-%m-%d %H:%M")))
    return moment


def next_date(next_: str, at_moment, today):
    """--next of a touch: the date the client named, not before the touch itself."""
    next_on = when_date(next_, "--next", today)
    if next_on < at_moment.date():
        raise UsageError(_("--next {day} is before the touch itself ({at})").format(day=next_on, at=at_moment.date()))
    return next_on


def _budget_warnings(contact, year: int, spent: tuple, budget) -> list[str]:
    """Say so when a cost takes a client, or its whole tier, over the year's budget."""
    own, tier, tier_total, clients = spent
    allowed = budget.per_client.get(tier, 0.0)
    from kehu.core.budget import money
    from kehu.i18n import ngettext

    cur, found = budget.currency, []
    if own > allowed:
        found.append(_("{name} has now cost {own} in {year}, over the tier {tier} budget of {allowed} a client").format(
            name=contact.name, own=money(own, cur), year=year, tier=tier, allowed=money(allowed, cur)))
    if tier_total > allowed * clients:
        found.append(ngettext("tier {tier} has now spent {total} in {year}, over its {budget} ({n} client)",
                              "tier {tier} has now spent {total} in {year}, over its {budget} ({n} clients)", clients).format(
            tier=tier, total=money(tier_total, cur), year=year, budget=money(allowed * clients, cur), n=clients))
    return found
