"""Stages: `kehu won`, `lost`, `pause`, `resume`, `pursue`."""

from __future__ import annotations

import typer

from kehu.cli.app import app
from kehu.cli.common import amount_option, command, lost_reason_option, open_book, tier_option, when_date
from kehu.errors import UsageError
from kehu.i18n import _


def _print_change(describe, book, change, *args) -> None:
    """Make the change (a Book method) and print what changed and what is due next."""
    from kehu.views.text import next_line

    profile, item = change(*args)
    print(f"{describe(profile)} · {next_line(item, book.today)}")


@command(app, "won")
def won(who: str = typer.Argument(..., metavar="WHO"),
        value: str = amount_option("--value", _("The deal's value."))) -> None:
    """Mark a deal won.

    The contact moves to the maintenance rhythm of its tier.
    """
    def describe(p) -> str:
        done = p.state.sequence.follow_ups_done
        if done < 0:
            return _("{name} (#{id}) won before any touch was logged").format(name=p.name, id=p.id)
        if done == 0:
            return _("{name} (#{id}) won at the first contact").format(name=p.name, id=p.id)
        return _("{name} (#{id}) won after follow-up #{n}").format(name=p.name, id=p.id, n=done)

    book = open_book()
    _print_change(describe, book, book.won, who, value)


@command(app, "lost")
def lost(who: str = typer.Argument(..., metavar="WHO"),
         reason: str = lost_reason_option()) -> None:
    """Mark a contact lost, with the reason.

    The reasons are those of the churn study: 68% of lost clients felt plain neglect.
    """
    book = open_book()
    _print_change(lambda p: _("{name} (#{id}) lost ({reason})").format(name=p.name, id=p.id, reason=reason),
                  book, book.lost, who, reason)


@command(app, "pause")
def pause(who: str = typer.Argument(None, metavar="[WHO]"),
          tier: str = tier_option(None, _("Pause every active contact of this tier instead of one contact.")),
          until: str = typer.Option(..., "--until", metavar="WHEN", help=_("When to pick up again: 2027-03-01, 3m, 下周一…"))) -> None:
    """Pause a contact, or a whole tier (--tier D), until a date."""
    whole_tier = _one_or_tier(who, tier)
    book = open_book()
    day = _pause_end(until, book.today)
    if whole_tier:
        n = len(book.pause_tier(tier, day))
        print(_contacts_line(_("tier {tier} paused until {day}: {n} contacts"), _("tier {tier} paused until {day}: 1 contact"),
                             tier=tier, day=day, n=n))
        return
    _print_change(lambda p: _("{name} (#{id}) paused until {day}").format(name=p.name, id=p.id, day=p.state.paused_until),
                  book, book.pause, who, day)


@command(app, "resume")
def resume(who: str = typer.Argument(None, metavar="[WHO]"),
           tier: str = tier_option(None, _("End the pause of every contact of this tier."))) -> None:
    """End a pause now: of one contact, or of a whole tier (--tier D)."""
    whole_tier = _one_or_tier(who, tier)
    book = open_book()
    if whole_tier:
        n = len(book.resume_tier(tier))
        print(_contacts_line(_("tier {tier} resumed: {n} contacts"), _("tier {tier} resumed: 1 contact"), tier=tier, n=n))
        return
    _print_change(lambda p: _("{name} (#{id}) resumed").format(name=p.name, id=p.id), book, book.resume, who)


@command(app, "pursue")
def pursue(who: str = typer.Argument(..., metavar="WHO")) -> None:
    """Start a new deal with a won or lost contact.

    A new sequence begins, from first contact.
    """
    book = open_book()
    _print_change(lambda p: _("{name} (#{id}): new deal started").format(name=p.name, id=p.id), book, book.pursue, who)


def _one_or_tier(who: str | None, tier: str | None) -> bool:
    """True for a whole tier, False for one contact; a usage error for neither or both."""
    if who and tier:
        raise UsageError(_("give WHO or --tier, not both"))
    if not who and not tier:
        raise UsageError(_("name a contact (WHO or --tier A|B|C|D for a whole tier)"))
    return bool(tier)


def _pause_end(until: str, today):
    day = when_date(until, "--until", today)
    if day <= today:
        raise UsageError(_("--until {day} is not in the future").format(day=day))
    return day


def _contacts_line(many: str, one: str, **fields) -> str:
    return (one if fields["n"] == 1 else many).format(**fields)
