"""`kehu due`: everything due today (and the next N days), most urgent first."""

from __future__ import annotations

import typer

from kehu import config
from kehu.cli.common import command, open_db, tier_option
from kehu.i18n import _

DEFAULT_TABLE_LIMIT = 50


def register(app: typer.Typer) -> None:
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
    ) -> None:
        """Who needs which follow-up today.

        Most urgent first; follow-ups #4–#11 (where 80% of deals close) are marked ★ and
        contacts stalled after the first contact or #1–#3 are called out.
        """
        import gc

        # A short-lived process that builds one small object per due contact: collection
        # passes would cost more than they could ever free.
        gc.disable()

        today = config.today()
        cfg = config.load_config()
        db = open_db()
        if as_json:
            from kehu.views.due import render_json

            items = due_list(db, cfg, today, days, tier=tier, tag=tag)
            render_json(items[:limit] if limit else items)
            return
        from kehu.views.due import render_table

        shown = None if limit == 0 else (limit or DEFAULT_TABLE_LIMIT)
        render_table(*due_table(db, cfg, today, days, shown, tier=tier, tag=tag), today)


def due_list(db, cfg, today, days: int, *, tier: str | None = None, tag: str | None = None) -> list:
    """Everything due by today + `days`, ranked: every stored schedule read and scored here."""
    import datetime as dt

    from kehu.core.due import due_items, rank_key
    from kehu.store import touches

    horizon = today + dt.timedelta(days=days)
    facts = touches.due_by(db, cfg.rules, today, horizon, tier=tier, tag=tag)
    return sorted(due_items(facts, cfg.rules, today, days) + _dated(db, cfg, today, horizon, tier, tag), key=rank_key)


def due_table(db, cfg, today, days: int, shown: int | None, *, tier: str | None = None, tag: str | None = None):
    """(the `shown` most urgent items, the summary) — what the table needs. SQLite ranks and
    counts the follow-ups (a big book has tens of thousands due); the side items are few enough
    to rank here. Falls back to `due_list` for all rows, or when the schedules are stale."""
    import datetime as dt

    from kehu.core.due import DueSummary, assess, due_items, rank_key
    from kehu.store import touches

    rules = cfg.rules
    horizon = today + dt.timedelta(days=days)
    ranked = touches.ranked_due_by(db, rules, today, horizon, shown, tier=tier, tag=tag) if shown else None
    if not ranked:
        items = due_list(db, cfg, today, days, tier=tier, tag=tag)
        return (items[:shown] if shown else items), DueSummary.of(items)
    top, stalled, counts, side = ranked
    extra = due_items(side, rules, today, days) + _dated(db, cfg, today, horizon, tier, tag)
    items = sorted(due_items(top, rules, today, days) + extra, key=rank_key)[:shown]
    summary = DueSummary(counts["total"] + len(extra), counts["overdue"] + sum(1 for i in extra if i.days_overdue > 0),
                         counts["in_zone"], counts["stalled"], tuple(assess(f, rules, today) for f in stalled))
    return items, summary


def _dated(db, cfg, today, horizon, tier: str | None, tag: str | None) -> list:
    """Personal dates in their reminder window, as due items, of the contacts --tier/--tag keep."""
    from kehu.cli.occasions import occasion_items

    tagged = None
    if tag:
        from kehu.store import contacts

        tagged = contacts.ids_tagged(db.conn, tag)
    return [i for i in occasion_items(db, cfg, today, horizon)
            if (not tier or i.tier == tier) and (tagged is None or i.contact_id in tagged)]
