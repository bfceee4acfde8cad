"""Important dates: `kehu date add|list|rm` — birthdays (solar or lunar), anniversaries, family dates."""

from __future__ import annotations

import typer

from kehu import config
from kehu.cli.common import clean_text, command, open_db, resolve
from kehu.errors import KehuError, NotFound, UsageError
from kehu.i18n import _

date_app = typer.Typer(help=_("Birthdays, anniversaries and family dates, solar or lunar."), no_args_is_help=True)


def parse_date_spec(text: str, lunar: bool, option: str = "DATE"):
    """DATE of `kehu date add` (or `--birthday`), or a usage error naming the accepted forms."""
    import re

    from kehu.core.occasions import DATE_FORMS, FIRST_YEAR, LUNAR_FORMS, SpecError, is_lunar_text, parse_spec

    lunar = lunar or is_lunar_text(text)
    try:
        spec = parse_spec(text, lunar)
    except SpecError as e:
        raise UsageError(f"{option} {text!r}: {e}") from None
    except Exception:  # borax raises its own error types for impossible lunar dates
        year = re.match(r"\s*(\d{4})(?:\D|\d{4}\s*$)", text)  # 1899-12-31, 18991231
        if year and int(year[1]) < FIRST_YEAR:
            raise UsageError(_("{option} {text!r}: the year must be {first} or later (or leave it out: MM-DD)").format(
                option=option, text=text, first=FIRST_YEAR)) from None
        kind = _("lunar date") if lunar else _("date")
        raise UsageError(_("{option} {text!r}: can't read it as a {kind}; use {forms}").format(
            option=option, text=text, kind=kind, forms=_(LUNAR_FORMS if lunar else DATE_FORMS))) from None
    if spec.year and spec.year > config.today().year:
        raise UsageError(_("{option} {text!r} is in a year still to come: add the date once it has happened").format(
            option=option, text=text))
    return spec


def add_date(conn, contact_id: int, label: str, spec, whose: str = "self", remind: int | None = None) -> int:
    """Store one important date (shared by `date add` and `add/edit --birthday`)."""
    from kehu.store import dates

    settings = config.load_config().occasions
    return dates.add_date(conn, contact_id, label, whose, spec, remind, config.today(), settings.feb29)


def register(app: typer.Typer) -> None:
    app.add_typer(date_app, name="date")

    @command(date_app, "add")
    def add(
        who: str = typer.Argument(..., metavar="WHO"),
        label: str = typer.Argument(..., metavar="LABEL", help=_("birthday, anniversary, wedding, graduation, baby, company anniversary, or your own words.")),
        date: str = typer.Argument(..., metavar="DATE", help=_("YYYY-MM-DD, or MM-DD when the year is unknown.")),
        lunar: bool = typer.Option(False, "--lunar", help=_("DATE is a lunar date (闰6-10 or L06-10 for a leap month).")),
        remind: int = typer.Option(None, "--remind", min=0, max=60, metavar="DAYS", help=_("Remind this many days ahead (default by tier: A 7, B 3, C 1, D 0).")),
        whose: str = typer.Option("self", "--whose", help=_("self, spouse, child, parent or other.")),
    ) -> None:
        """Add a personal or family date to a contact."""
        from kehu.core.occasions import LABELS, WHOSE, describe_next, whose_label
        from kehu.store import dates

        if whose not in WHOSE:
            raise UsageError(_("--whose {value!r}: use one of {values}").format(value=whose, values=", ".join(WHOSE)))
        text = clean_text(label, "LABEL", limit=100)
        if text.casefold() in LABELS:  # "Birthday" is the birthday: "turns 40", one per day
            text = text.casefold()
        if not text:
            raise UsageError(_("LABEL is empty: birthday, anniversary, wedding…"))
        spec = parse_date_spec(date, lunar)
        db = open_db()
        with db.write() as conn:
            contact = resolve(conn, who)
            same = dates.same_date(conn, contact.id, text, whose, spec)
            if same:
                raise KehuError(_("{name} (#{id}) already has this date (date #{date}); see kehu date list {id}").format(
                    name=contact.name, id=contact.id, date=same))
            add_date(conn, contact.id, text, spec, whose, remind)
        settings = config.load_config().occasions
        print(_("Added {label} of {name} (#{id}): {date}; next {next}.").format(
            label=whose_label(text, whose), name=contact.name, id=contact.id, date=spec.describe(),
            next=describe_next(spec, config.today(), settings.feb29, text)))

    @command(date_app, "list")
    def list_(
        who: str = typer.Argument(None, metavar="[WHO]"),
        as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
    ) -> None:
        """List important dates, soonest first."""
        from kehu.store import dates
        from kehu.views import occasion_views

        today = config.today()
        settings = config.load_config().occasions
        db = open_db()
        contact_id = resolve(db.conn, who).id if who else None
        found = dates.dates_of(db.conn, contact_id)
        occasion_views.dates_list([e for e, _next in found], today, settings, as_json)

    @command(date_app, "rm")
    def rm(date_id: int = typer.Argument(..., metavar="ID", min=1, max=2**63 - 1, help=_("The date's id (kehu date list)."))) -> None:
        """Remove an important date."""
        from kehu.store import dates

        db = open_db()
        with db.write() as conn:
            removed = dates.delete_date(conn, date_id)
        if removed is None:
            raise NotFound(_("no important date #{id}; kehu date list shows them").format(id=date_id))
        print(_("Removed {label} (date #{id}).").format(label=removed[1], id=date_id))
