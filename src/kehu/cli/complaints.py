"""Complaints: `kehu complaint` opens one, `kehu resolve` closes it and schedules the call-back."""

from __future__ import annotations

import datetime as dt

import typer

from kehu import config
from kehu.cli.app import app
from kehu.cli.common import clean_text, command, open_book, read_clock, when_date
from kehu.errors import UsageError
from kehu.i18n import _, ngettext


@command(app, "complaint")
def complaint(
    who: str = typer.Argument(..., metavar="WHO"),
    text: str = typer.Argument(..., metavar="TEXT", help=_("What they complained about.")),
    by: str = typer.Option(None, "--by", metavar="WHEN", help=_("Resolve by this date (default: in 2 days, or the next working day after).")),
) -> None:
    """Record a complaint: it stays in `kehu due` until resolved.

    An unresolved complaint is 10% of churn. `kehu show` lists the LAST steps: Listen,
    Apologize, Satisfy, Thank.
    """
    from kehu.core.complaints import default_resolve_by

    body = clean_text(text, "TEXT", multiline=True)
    if not body:
        raise UsageError(_("say what the complaint is about"))
    clock = read_clock()
    cfg = config.load_config()
    today, rules = clock.today, cfg.rules
    resolve_by = when_date(by, "--by", today) if by else default_resolve_by(today, rules.calendar)
    if resolve_by < today:
        raise UsageError(_("--by {day} is in the past").format(day=resolve_by))
    contact = open_book(clock=clock, settings=cfg).complain(who, body, resolve_by)
    print(_("Complaint recorded for {name} (#{id}): resolve it by {day}. Listen, Apologize, Satisfy, Thank.").format(
        name=contact.name, id=contact.id, day=resolve_by))


@command(app, "resolve")
def resolve_(
    who: str = typer.Argument(..., metavar="WHO"),
    note: str = typer.Option(None, "--note", "-n", metavar="TEXT", help=_("How it was resolved.")),
    call: str = typer.Option(None, "--call", metavar="WHEN", help=_("When to call back (default: in 3 days).")),
    every: bool = typer.Option(False, "--all", help=_("Resolve every open complaint, not just the oldest.")),
) -> None:
    """Mark a contact's oldest open complaint resolved and schedule the follow-up call."""
    from kehu.core.complaints import DEFAULT_CALL_AFTER_DAYS

    clock = read_clock()
    cfg = config.load_config()
    today, rules = clock.today, cfg.rules
    call_due = when_date(call, "--call", today) if call else rules.calendar.working_day_from(
        today + dt.timedelta(days=DEFAULT_CALL_AFTER_DAYS))
    if call_due <= today:
        raise UsageError(_("--call {day}: the call-back comes after the resolution, on a later day").format(day=call_due))
    book = open_book(clock=clock, settings=cfg)
    contact, done, still_open = book.resolve_complaints(who, clean_text(note, "--note", multiline=True), call_due, every=every)
    print(_("Resolved for {name} (#{id}): {what}; follow-up call due {day}.").format(
        name=contact.name, id=contact.id, what=" · ".join(f"“{text}”" for text in done), day=call_due))
    if still_open:
        print(ngettext("{n} more complaint still open: `kehu resolve {id}` again, or --all.",
                       "{n} more complaints still open: `kehu resolve {id}` again, or --all.", still_open).format(
            n=still_open, id=contact.id))
