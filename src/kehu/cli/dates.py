"""Important dates: `kehu date add|list|rm` — birthdays (solar or lunar), anniversaries, family dates."""

from __future__ import annotations

import typer

from kehu.cli.app import app
from kehu.cli.common import clean_text, command, open_book, read_clock
from kehu.errors import UsageError
from kehu.i18n import _

date_app = typer.Typer(help=_("Birthdays, anniversaries and family dates, solar or lunar."), no_args_is_help=True)
app.add_typer(date_app, name="date")


@command(date_app, "add")
def add_date(
    who: str = typer.Argument(..., metavar="WHO"),
    label: str = typer.Argument(..., metavar="LABEL", help=_("birthday, anniversary, wedding, graduation, baby, company anniversary, or your own words.")),
    date: str = typer.Argument(..., metavar="DATE", help=_("YYYY-MM-DD, or MM-DD when the year is unknown.")),
    lunar: bool = typer.Option(False, "--lunar", help=_("DATE is a lunar date (闰6-10 or L06-10 for a leap month).")),
    remind: int = typer.Option(None, "--remind", min=0, max=60, metavar="DAYS", help=_("Remind this many days ahead (default by tier: A 7, B 3, C 1, D 0).")),
    whose: str = typer.Option("self", "--whose", help=_("self, spouse, child, parent or other.")),
) -> None:
    """Add a personal or family date to a contact."""
    from kehu.book.occasions import parse_date_spec
    from kehu.core.occasions import LABELS, WHOSE, describe_next, whose_label

    if whose not in WHOSE:
        raise UsageError(_("--whose {value!r}: use one of {values}").format(value=whose, values=", ".join(WHOSE)))
    text = clean_text(label, "LABEL", limit=100)
    if text.casefold() in LABELS:  # "Birthday" is the birthday: "turns 40", one per day
        text = text.casefold()
    if not text:
        raise UsageError(_("LABEL is empty: birthday, anniversary, wedding…"))
    clock = read_clock()
    spec = parse_date_spec(date, lunar, clock.today)
    book = open_book(clock=clock)
    contact = book.add_personal_date(who, text, spec, whose, remind)
    print(_("Added {label} of {name} (#{id}): {date}; next {next}.").format(
        label=whose_label(text, whose), name=contact.name, id=contact.id, date=spec.describe(),
        next=describe_next(spec, book.today, book.settings.occasions.feb29, text)))


@command(date_app, "list")
def list_dates(
    who: str = typer.Argument(None, metavar="[WHO]"),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """List important dates, soonest first."""
    from kehu.views import occasion_views

    book = open_book()
    occasion_views.dates_list(book.personal_dates(who), book.today, book.settings.occasions, as_json)


@command(date_app, "rm")
def remove_date(date_id: int = typer.Argument(..., metavar="ID", min=1, max=2**63 - 1, help=_("The date's id (kehu date list)."))) -> None:
    """Remove an important date."""
    label = open_book(settings=False).remove_date(date_id)
    print(_("Removed {label} (date #{id}).").format(label=label, id=date_id))
