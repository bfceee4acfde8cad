"""`kehu due`: everything due today (and the next N days), most urgent first."""

from __future__ import annotations

import typer

from kehu import config
from kehu.cli.common import Tier, command, open_db
from kehu.i18n import _

DEFAULT_TABLE_LIMIT = 50


def register(app: typer.Typer) -> None:
    @command(app, "due")
    def due(
        days: int = typer.Option(0, "--days", min=0, max=3660, help=_("Also show what falls due in the next N days.")),
        tier: Tier = typer.Option(None, "--tier", case_sensitive=False, help=_("Only this tier.")),
        tag: str = typer.Option(None, "--tag", help=_("Only contacts with this tag.")),
        limit: int = typer.Option(
            None, "--limit", min=0,
            help=_("Show at most N items (table default {n}; 0 = all).").format(n=DEFAULT_TABLE_LIMIT),
        ),
        as_json: bool = typer.Option(False, "--json", help=_("Print a JSON array instead of a table.")),
    ) -> None:
        """Who needs which follow-up today.

        Most urgent first; follow-ups #4–#11 (where 80% of deals close) are marked ★ and
        contacts stalled after #1–#3 are called out.
        """
        import datetime as dt
        import gc

        # A short-lived process that builds one small object per due contact: collection
        # passes would cost more than they could ever free.
        gc.disable()

        from kehu.core.due import due_items
        from kehu.store import touches

        today = config.today()
        cfg = config.load_config()
        rules = cfg.rules
        db = open_db()
        horizon = today + dt.timedelta(days=days)
        facts = touches.due_by(db, rules, today, horizon, tier=tier.value if tier else None, tag=tag)
        items = due_items(facts, rules, today, days)
        if not tag:  # personal dates have no tags to filter by
            from kehu.cli.occasions import occasion_items

            dated = occasion_items(db, cfg, today, horizon)
            items += [i for i in dated if not tier or i.tier == tier.value]
            items.sort(key=lambda i: (-i.urgency, i.due, i.name))
        if as_json:
            from kehu.views.due import render_json

            render_json(items[:limit] if limit else items)
            return
        from kehu.views.due import render_table

        shown = len(items) if limit == 0 else (limit or DEFAULT_TABLE_LIMIT)
        render_table(items, min(shown, len(items)), today)
