"""Your own numbers: `kehu stats` (funnel, churn, referrals, effort) and `kehu budget`."""

from __future__ import annotations

import datetime as dt


def stats(book, start: dt.date):
    """The figures of `kehu stats` for the period from `start` to today (views.stats_views.StatsReport's fields)."""
    from kehu.core import stats as figures
    from kehu.core.digest import at_risk
    from kehu.store import digest as digest_reads
    from kehu.store import stats as reads

    cfg, today, conn = book.settings, book.today, book.conn
    begin = dt.datetime.combine(start, dt.time())
    deals = reads.deals(conn)
    open_now = [figures.OpenSequence(None, done, stopped, n) for done, stopped, n in reads.open_sequence_counts(conn, today)]
    clients, referrers = reads.clients_and_referrers(conn)
    return dict(
        start=start, end=today,
        funnel=figures.funnel([d for d in deals if d.closed_at >= begin], open_now),
        churn=figures.churn(deals, start, today),
        clients=len(clients), referral_rate=figures.referral_rate(clients, referrers),
        lost_reasons=figures.lost_reasons(deals, start),
        at_risk=at_risk(digest_reads.won_contacts(conn), cfg.rules, today),
        effort=figures.effort(reads.effort_by_tier(conn, start, today)),
        currency=cfg.budget.currency,
        key_accounts=[(account.name, alarm.person.id, alarm.person.name) for account, alarm in book.account_alarms()],
    )


def budget(book, year: int):
    """Gifts and meals of `year` against the yearly budget of each tier (core.budget)."""
    from kehu.core.budget import budget_report
    from kehu.store import stats as reads

    costs = [(cid, cost) for cid, cost in reads.touch_costs(book.conn, dt.date(year, 1, 1), dt.date(year, 12, 31)) if cost]
    return budget_report(reads.contacts_for_budget(book.conn), costs, book.settings.budget)
