"""`kehu stats` (your own funnel, churn, referrals, effort by tier) and `kehu budget`."""

from __future__ import annotations

import typer

from kehu import config
from kehu.cli.common import command, open_db, when_date
from kehu.errors import UsageError
from kehu.i18n import _


def register(app: typer.Typer) -> None:
    @command(app, "stats")
    def stats(
        since: str = typer.Option(None, "--since", metavar="WHEN", help=_("Start of the period (default: a year ago).")),
        as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
    ) -> None:
        """Your own numbers: where deals close, where you stop, who leaves.

        The follow-up funnel beside the 2/3/5/10/80 folklore, churn and retention, referrals,
        lost reasons beside the reference shares, clients at risk, and effort by tier (80/20).
        """
        import datetime as dt

        from kehu.core import stats as figures
        from kehu.core.digest import at_risk
        from kehu.core.due import assess
        from kehu.store import digest as digest_reads
        from kehu.store import stats as reads
        from kehu.views import stats_views

        today = config.today()
        start = when_date(since, "--since", today) if since else today - dt.timedelta(days=365)
        if start > today:
            raise UsageError(_("--since {day} is in the future").format(day=start))
        cfg = config.load_config()
        db = open_db()
        begin = dt.datetime.combine(start, dt.time())
        deals = reads.deals(db.conn)
        open_now = []
        for facts in reads.open_sequences(db.conn):
            item = assess(facts, cfg.rules, today)
            gone_cold = item.kind in ("follow_up", "nurture") and item.days_overdue > (facts.schedule.interval or 0)
            open_now.append(figures.OpenSequence(facts.contact_id, facts.follow_ups_done, gone_cold))
        clients, referrers = reads.clients_and_referrers(db.conn)
        active = reads.active_contacts(db.conn)
        report = stats_views.StatsReport(
            start=start, end=today,
            funnel=figures.funnel([d for d in deals if d.closed_at >= begin], open_now),
            churn=figures.churn(deals, start, today),
            clients=len(clients), referral_rate=figures.referral_rate(clients, referrers),
            lost_reasons=figures.lost_reasons(deals, start),
            at_risk=at_risk(digest_reads.won_contacts(db.conn), cfg.rules, today),
            effort=figures.effort({cid: tier for cid, _name, tier in active}, reads.touch_costs(db.conn, start, today)),
            currency=cfg.budget.currency,
        )
        if as_json:
            stats_views.stats_json(report)
        else:
            stats_views.stats_screen(report)

    @command(app, "budget")
    def budget(
        year: int = typer.Option(None, "--year", min=1900, max=2200, help=_("The year (default: this year).")),
        as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
    ) -> None:
        """Gifts and meals against the yearly budget of each tier."""
        import datetime as dt

        from kehu.core.budget import budget_report
        from kehu.store import stats as reads
        from kehu.views import stats_views

        year = year or config.today().year
        cfg = config.load_config()
        db = open_db()
        costs = [(cid, cost) for cid, cost in reads.touch_costs(db.conn, dt.date(year, 1, 1), dt.date(year, 12, 31)) if cost]
        report = budget_report(reads.contacts_for_budget(db.conn), costs, cfg.budget)
        if as_json:
            stats_views.budget_json(report, year, cfg.budget)
        else:
            stats_views.budget_screen(report, year, cfg.budget)
