"""`kehu due`: everything due today (and the next N days), most urgent first."""

from __future__ import annotations

import typer

from kehu.cli.app import app
from kehu.cli.common import command, open_book, tier_option
from kehu.i18n import _

DEFAULT_TABLE_LIMIT = 50


@command(app, "due")
def due(
    days: int = typer.Option(0, "--days", min=0, max=3660, help=_("Also show what falls due in the next N days.")),
    tier: str = tier_option(None, _("Only this tier.")),
    tag: str = typer.Option(None, "--tag", metavar="TAG", help=_("Only contacts with this tag.")),
    limit: int = typer.Option(
        None, "--limit", min=0,
        help=_("Show at most N items (table default {n}; 0 = all).").format(n=DEFAULT_TABLE_LIMIT),
    ),
    as_json: bool = typer.Option(False, "--json", help=_("Print a JSON array instead of a table.")),
    owner: str = typer.Option(None, "--owner", metavar="LOGIN", help=_("A team database: this member's clients (a manager).")),
    team: bool = typer.Option(False, "--team", help=_("A team database: every client you may see, whoever owns them.")),
) -> None:
    """Who needs which follow-up today.

    Most urgent first; follow-ups #4–#11 (where 80% of deals close) are marked ★ and
    contacts stalled after the first contact or #1–#3 are called out.
    """
    import gc

    # A short-lived process that builds one small object per due contact: collection
    # passes would cost more than they could ever free.
    gc.disable()

    book = open_book()
    if owner is not None or team or book.team:
        from kehu.views.due import render_json, render_table

        items, owners = book.team_due(days, owner=owner, everyone=team, tier=tier, tag=tag, with_owners=as_json)
        if items is not None:  # only some owners' clients: ranked here
            if as_json:
                render_json(items[:limit] if limit else items, owners)
            else:
                from kehu.core.due import DueSummary

                shown = None if limit == 0 else (limit or DEFAULT_TABLE_LIMIT)
                render_table(items[:shown] if shown else items, DueSummary.of(items), book.today)
            return
        if as_json:
            items = book.due_list(days, tier=tier, tag=tag)
            render_json(items[:limit] if limit else items, owners)
            return
    if as_json:
        from kehu.views.due import render_json, render_json_texts

        written = book.due_json(days, limit or None, tier=tier, tag=tag)
        if written is not None:
            render_json_texts(written)
            return
        items = book.due_list(days, tier=tier, tag=tag)
        render_json(items[:limit] if limit else items)
        return
    from kehu.views.due import render_table

    shown = None if limit == 0 else (limit or DEFAULT_TABLE_LIMIT)
    render_table(*book.due_table(days, shown, tier=tier, tag=tag), book.today)
