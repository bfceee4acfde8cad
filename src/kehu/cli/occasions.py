"""`kehu occasions` (coming dates and holidays, with the greeting plan) and `kehu sweep`."""

from __future__ import annotations

import datetime as dt

import typer

from kehu import config
from kehu.cli.common import clean_text, command, open_db
from kehu.errors import UsageError
from kehu.i18n import _, ngettext
from kehu.views.text import listing

sweep_app = typer.Typer(help=_("Reach everyone who lives in or comes from a place hit by an event."),
                        invoke_without_command=True)


def occasion_items(db, cfg, today: dt.date, horizon: dt.date) -> list:
    """Personal dates whose reminder window has begun by `horizon`, as due items (kind occasion)."""
    from kehu.core.due import urgency
    from kehu.core.occasions import occasion_due
    from kehu.store import dates

    lead = max(cfg.occasions.lead_days.values(), default=0)
    entries = dates.dates_in_window(db, horizon + dt.timedelta(days=max(lead, 60)), today, cfg.occasions.feb29)
    items = [item for e in entries if (item := occasion_due(e, cfg.occasions, today, horizon))]
    for item in items:
        item.urgency = urgency(item.days_overdue, item.tier, "occasion", False, False, cfg.rules.urgency)
    return items


def greeting_plan(contacts: list[tuple], occasions) -> list[dict]:
    """Who gets which kind of greeting, by tier (DOMAIN.md §4), with each one's channel."""
    from kehu.core.occasions import preferred_channel

    plan = []
    for tier in ("A", "B", "C", "D"):
        people = [{"id": c[0], "name": c[1], "channel": preferred_channel(c[7], c[4], c[5], c[6])} for c in contacts if c[3] == tier]
        if people:
            plan.append({"tier": tier, "greeting": _(occasions.greetings[tier]), "contacts": people})
    return plan


def coming_occasions(db, cfg, today: dt.date, end: dt.date) -> tuple[list, list[dict]]:
    """Personal dates and greeting festivals from today to `end`: (date, entry, text) triples, and
    festivals with whether they are days off (estimated or not) and the greeting plan by tier."""
    from kehu.core.occasions import festivals, next_occurrence, occasion_text, years_since
    from kehu.store import dates

    personal = []
    for entry, _stored in dates.dates_of(db.conn):
        day, year = next_occurrence(entry.spec, today, cfg.occasions.feb29)
        if day <= end and entry.stage != "lost":
            personal.append((day, entry, occasion_text(entry, years_since(entry.spec, year))))
    personal.sort(key=lambda p: (p[0], p[1].name))
    calendar = cfg.rules.calendar
    # China's greeting festivals are computed exactly; elsewhere the country's public holidays
    # are the occasions; your own holidays count everywhere.
    found = festivals(today, end) if calendar.version.startswith("CN:") else []
    years = range(today.year, end.year + 1)
    named = {day: name for year in years for day, name in calendar.year(year).days_off.items() if today <= day <= end}
    if not found:
        found = _first_days(named)
    found += [(day, name) for day, name in named.items() if name in calendar.custom.values() and (day, name) not in found]
    found.sort()
    contacts = dates.reachable_contacts(db.conn) if found else []
    coming = []
    for day, name in found:
        day_off = day in calendar.year(day.year).days_off
        coming.append({"date": day, "name": _(name), "day_off": day_off,
                       "estimated_day_off": day_off and calendar.is_estimated(day),
                       "plan": greeting_plan(contacts, cfg.occasions)})
    return personal, coming


def _first_days(named: dict) -> list[tuple[dt.date, str]]:
    """One entry per holiday: the first of consecutive days with the same name (observed days too)."""
    found, seen = [], set()
    for day in sorted(named):
        name = named[day].replace(" (observed)", "")
        if (name, day.year) not in seen:
            seen.add((name, day.year))
            found.append((day, name))
    return found


def register(app: typer.Typer) -> None:
    app.add_typer(sweep_app, name="sweep")

    @command(app, "occasions")
    def occasions(
        days: int = typer.Option(30, "--days", min=0, max=400, help=_("How far ahead to look.")),
        as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
    ) -> None:
        """Coming personal dates and holidays, with the greeting plan by tier.

        D and C clients get a personal message (never a mass message), B a personal call or
        message, A a call, a handwritten card, a gift or a visit (all set in [greetings]).
        """
        from kehu.views import occasion_views

        today = config.today()
        cfg = config.load_config()
        db = open_db()
        personal, coming = coming_occasions(db, cfg, today, today + dt.timedelta(days=days))
        if as_json:
            occasion_views.occasions_json(personal, coming)
        else:
            occasion_views.occasions_screen(personal, coming, today)

    @command(sweep_app, "list")
    def sweep_list(as_json: bool = typer.Option(False, "--json", help=_("Print JSON."))) -> None:
        """Each sweep's progress: who has been contacted since it began."""
        from kehu.store import dates
        from kehu.views.occasion_views import sweeps_json, sweeps_screen

        db = open_db()
        (sweeps_json if as_json else sweeps_screen)(dates.sweeps(db.conn))


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
    from kehu.errors import KehuError
    from kehu.store import dates, touches

    place, why = clean_text(city, "--city", limit=100), clean_text(reason, "--reason", limit=200)
    if not place or not why:
        raise UsageError(_("give both --city PLACE and --reason TEXT (or `kehu sweep list`)"))
    today, now = config.today(), config.now()
    rules = config.load_config().rules
    db = open_db()
    with db.write() as conn:
        if already := dates.sweep_on(conn, place, now.date()):
            raise KehuError(ngettext(
                "{place} was already swept today (sweep #{id}, {n} contact); nothing was recorded again "
                "— kehu sweep list shows who has been called",
                "{place} was already swept today (sweep #{id}, {n} contacts); nothing was recorded again "
                "— kehu sweep list shows who has been called", already[1]).format(place=place, id=already[0], n=already[1]))
        reached = dates.sweep(conn, place, why, now)
        if not reached:
            from kehu.core.regions import near_misses
            from kehu.store.contacts import known_places

            guesses = near_misses(place, known_places(conn))
            hint = _("; did you mean {names}?").format(names=listing(guesses)) if guesses else ""
            raise KehuError(_("nobody lives in or comes from {place!r} (city or hometown); no sweep was recorded").format(
                place=place) + hint)
        for contact_id in reached:
            touches.refresh_contact(conn, contact_id, rules, today)
    text = (_("Sweep of {place} ({reason}): 1 contact lives there or comes from there; a care call is due today.")
            if len(reached) == 1 else
            _("Sweep of {place} ({reason}): {n} contacts live there or come from there; each has a care call due today."))
    print(text.format(place=place, reason=why, n=len(reached)))
