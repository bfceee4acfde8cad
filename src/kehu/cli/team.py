"""`kehu team …` (a team database on PostgreSQL: set it up, add and list members, report),
`kehu handover` and `kehu push`."""

from __future__ import annotations

import typer

from kehu import config
from kehu.cli.app import app
from kehu.cli.common import Session, command, confirm, open_book, tier_option
from kehu.errors import UsageError
from kehu.i18n import _, ngettext

team_app = typer.Typer(help=_("A client book shared by a sales team, on PostgreSQL."), no_args_is_help=True)
app.add_typer(team_app, name="team")


def _url() -> str:
    target = config.db_target(Session.db_option)
    if not isinstance(target, str):
        raise UsageError(_("give the team database: kehu --db postgresql://USER@HOST/DB team …"))
    return target


@command(team_app, "init")
def init() -> None:
    """Create or upgrade the team database's schema and its privacy rules (run by the database's owner).

    Safe to run again: it only adds what is missing and renews the rules.
    """
    from kehu.book.team import init as set_up
    from kehu.store.engines.postgres import redacted

    url = _url()
    done = set_up(url, config.now())
    print({"created": _("Team database ready at {url}: add members with kehu team add LOGIN --role rep|manager."),
           "upgraded": _("Team database at {url} upgraded."),
           "current": _("Team database at {url} is already set up and current.")}[done].format(url=redacted(url)))


@command(team_app, "add")
def add(
    login: str = typer.Argument(..., metavar="LOGIN", help=_("The member's PostgreSQL login (lower-case letters, digits, _).")),
    role: str = typer.Option(..., "--role", metavar="rep|manager", help=_("rep: sees own clients; manager: sees everyone's.")),
    name: str = typer.Option(None, "--name", help=_("Display name (显示名).")),
    password: str = typer.Option(None, "--password", help=_("A password for connecting over the network (optional).")),
) -> None:
    """Add a member: a PostgreSQL login in the rep or manager group.

    The member then connects as postgresql://LOGIN@HOST/DB.
    """
    from kehu.book.team import add_member

    book = open_book(settings=False)
    new = add_member(book, login, role, name, password)
    message = _("Added {login} as {role}.") if new else _("{login} is now a {role}.")
    print(message.format(login=login, role=_role_label(role)))


def _role_label(role: str) -> str:
    return {"rep": _("rep"), "manager": _("manager")}.get(role, role)


@command(team_app, "list")
def members(as_json: bool = typer.Option(False, "--json", help=_("Print JSON."))) -> None:
    """The team's members, with their role and how many clients each owns (managers and the owner)."""
    from kehu.book.team import members as listed

    book = open_book(settings=False)
    people = listed(book)
    if as_json:
        from kehu.views.console import print_json

        print_json(people)
        return
    from kehu.views.grid import lines

    print("\n".join(lines([_("login"), _("name"), _("role"), _("contacts")],
                          [[p["login"], p["name"] or "", _role_label(p["role"]), str(p["contacts"])] for p in people],
                          [None, None, None, None], 200)))


@command(app, "handover")
def handover(
    source: str = typer.Option(..., "--from", metavar="LOGIN", help=_("The member whose clients move.")),
    target: str = typer.Option(..., "--to", metavar="LOGIN", help=_("The member who takes them over.")),
    tier: str = tier_option(None, _("Only clients of this tier.")),
    tag: str = typer.Option(None, "--tag", metavar="TAG", help=_("Only clients with this tag.")),
    yes: bool = typer.Option(False, "--yes", "-y", help=_("Don't ask first.")),
) -> None:
    """Hand one member's clients to another, with their whole history (a manager, on a team database).

    All of it moves in one transaction; each client gets an "introduce yourself" call due today
    for the new owner, and `kehu show` keeps who owned the client when.
    """
    from kehu.errors import KehuError

    book = open_book()
    planned = book.handover(source, target, tier=tier, tag=tag, dry_run=True)
    if not planned:
        print(_("{source} owns no clients that match; nothing was handed over.").format(source=source))
        return
    if not yes and not confirm(ngettext("Hand {n} client of {source} to {target}?", "Hand {n} clients of {source} to {target}?", len(planned)).format(n=len(planned), source=source, target=target)):
        raise KehuError(_("not handed over (nothing changed); add --yes to hand over without asking"))
    moved = book.handover(source, target, tier=tier, tag=tag)
    print(ngettext("Handed {n} client from {source} to {target}; an introduction call is due today.",
                   "Handed {n} clients from {source} to {target}; each has an introduction call due today.", len(moved)).format(
        n=len(moved), source=source, target=target))


@command(app, "push")
def push(
    url: str = typer.Argument(..., metavar="URL", help=_("The team database: postgresql://LOGIN@HOST/DB.")),
    yes: bool = typer.Option(False, "--yes", "-y", help=_("Don't ask first.")),
) -> None:
    """Copy your local book (--db FILE, or the default) into a team database, as your own clients.

    All or nothing, with the whole history; a client you already have there is skipped, as
    `kehu import` skips duplicates. Your local book is not changed.
    """
    from kehu.book import open_book as opened
    from kehu.book.team import push as copy
    from kehu.book.team import push_plan
    from kehu.cli.common import read_clock
    from kehu.errors import KehuError
    from kehu.store.engines.postgres import redacted

    source = config.db_target(Session.db_option)
    if isinstance(source, str):
        raise UsageError(_("kehu push copies a local book: name its file with --db FILE (not a postgresql:// URL)"))
    if not config.is_db_url(url.strip()):
        raise UsageError(_("{url!r} is not a team database: give postgresql://LOGIN@HOST/DB").format(url=url))
    local = open_book(settings=config.load_config)
    team = opened(url.strip(), config.load_config, read_clock(), Session.command_line)
    where = redacted(url.strip())
    checked, added, skipped = push_plan(local, team)
    if not added:
        print(_("Nothing to push: all {n} contacts of {path} are already in {url}.").format(n=skipped, path=source, url=where))
        return
    if not yes and not confirm(ngettext("Copy {n} contact of {path} into {url}?", "Copy {n} contacts of {path} into {url}?", added).format(n=added, path=source, url=where)):
        raise KehuError(_("not pushed (nothing changed); add --yes to push without asking"))
    added, skipped = copy(team, checked)
    print(ngettext("Pushed {n} contact of {path} into {url}; {skipped} skipped as already there.",
                   "Pushed {n} contacts of {path} into {url}; {skipped} skipped as already there.", added).format(
        n=added, path=source, url=where, skipped=skipped))


@command(team_app, "report")
def report(as_json: bool = typer.Option(False, "--json", help=_("Print JSON."))) -> None:
    """Per member: due today, overdue, in the ★ zone (#4–#11), stalled early, clients at risk, wins by follow-up number (a manager)."""
    book = open_book()
    rows = book.team_report()
    if as_json:
        from kehu.views.console import print_json

        print_json(rows)
        return
    from kehu.views.grid import lines

    headers = [_("member"), _("clients"), _("due"), _("overdue"), _("★ zone"), _("stalled early"), _("at risk"), _("wins (by follow-up #)")]
    table = [[f"{r['name']} ({r['login']})" if r["name"] else str(r["login"]), str(r["clients"]), str(r["due"]), str(r["overdue"]),
              str(r["in_zone"]), str(r["stalled_early"]), str(r["at_risk"]),
              f"{r['wins']}" + (" (" + ", ".join(f"{k}: {v}" for k, v in r["wins_by_follow_up"].items()) + ")" if r["wins"] else "")]
             for r in rows]
    print("\n".join(lines(headers, table, [3, None, None, None, None, None, None, 3], 200)))
