"""`kehu stats` and `kehu budget` on screen (bars drawn with Rich, fit for 80 columns) and as JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kehu.core.budget import Budget, BudgetReport, money
from kehu.core.digest import AtRisk
from kehu.core.model import TIERS
from kehu.core.stats import (REFERENCE_LOST_REASONS, REFERENCE_WIN_SHARE, REFERENCE_ZONE_SHARE, Churn, Effort,
                             Funnel)
from kehu.i18n import _, ngettext
from kehu.views.console import lines_out, print_json
from kehu.core import labels

BAR_WIDTH = 20


@dataclass
class StatsReport:
    start: dt.date
    end: dt.date
    funnel: Funnel
    churn: Churn
    clients: int
    referral_rate: float | None
    lost_reasons: dict
    at_risk: list[AtRisk]
    effort: Effort
    currency: str
    key_accounts: list = field(default_factory=list)  # (account, contact id, name to call): core.accounts alarms


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _bar(value: float | None, style: str = "cyan") -> tuple[str, str]:
    """(the bar as text, the style of its filled cells): filled cells, then dim dots."""
    filled = round((value or 0) * BAR_WIDTH)
    return "█" * filled + "·" * (BAR_WIDTH - filled), style


class _Table:
    """A small table of figures with a bar last, drawn by views.grid: the look of kehu's Rich
    tables (the first column and the bar left, the figures right, the header bold and the bar
    coloured on a terminal) without Rich's cost per cell."""

    def __init__(self, *headers: str):
        self.headers, self.rows, self.styles = list(headers), [], []

    def add_row(self, *cells) -> None:
        *text, (bar, style) = cells
        self.rows.append([*text, bar])
        self.styles.append(style)

    def print(self) -> None:
        from rich.text import Text

        from kehu.views.grid import blocks

        console = lines_out()
        justify = ["left"] + ["right"] * (len(self.headers) - 2) + ["left"]
        head, rule, body = blocks(self.headers, self.rows, [None] * len(self.headers), console.width, justify)
        console.print(Text(head.rstrip(), style="bold"), soft_wrap=True)
        lines = [line for block in body for line in block]  # one line a row: no cell here wraps
        if not console.is_terminal:
            console.file.write("\n".join([rule, *lines]) + "\n")
            return
        console.file.write(rule + "\n")
        for line, style in zip(lines, self.styles):
            text = Text(line)
            start = line.rfind(" │ ") + 3  # the bar: the last cell
            filled = len(line) - start - len(line[start:].lstrip("█"))
            text.stylize(style, start, start + filled)
            text.stylize("dim", start + filled, len(line))
            console.print(text, soft_wrap=True)


def _table(*headers: str) -> _Table:
    return _Table(*headers)


def stats_screen(r: StatsReport) -> None:
    console = lines_out()
    console.print(_("[bold]Your numbers[/bold], {start} to {end}").format(start=r.start, end=r.end))
    console.print()
    f = r.funnel
    console.print(_("[bold]Follow-up funnel[/bold]: where your deals close (bar: your share of wins)"))
    table = _table(_("After"), _("Reached"), _("Won"), _("Share"), _("Folklore"), _("Stopped"), _("Bar"))
    for step in f.steps:
        reference = REFERENCE_WIN_SHARE.get(step.number)
        table.add_row(step.label, str(step.reached), str(step.won_here), _pct(f.win_share(step)),
                      _pct(reference) if reference is not None else ("80%…" if step.number == 4 else "…"),
                      str(step.stopped_here), _bar(f.win_share(step)))
    table.print()
    console.print(_("Wins after #4–#11 together: {mine} of {n} (folklore: {ref}). Stopped right after #1: {gave_up} of those who got there.").format(
        mine=_pct(f.zone_win_share), n=f.wins, ref=_pct(REFERENCE_ZONE_SHARE), gave_up=_pct(f.gave_up_after(1))))
    console.print()
    c = r.churn
    console.print(ngettext("[bold]Churn and retention[/bold]: {lost} of {clients} client at {start} left → churn {churn}, retention {retention}",
                           "[bold]Churn and retention[/bold]: {lost} of {clients} clients at {start} left → churn {churn}, retention {retention}",
                           c.clients_at_start).format(
        lost=c.lost, clients=c.clients_at_start, start=c.start, churn=_pct(c.rate), retention=_pct(c.retention)))
    console.print(ngettext("Referral rate: {rate} of your {n} client introduced someone (add --referred-by WHO on kehu add).",
                           "Referral rate: {rate} of your {n} clients introduced someone (add --referred-by WHO on kehu add).",
                           r.clients).format(
        rate=_pct(r.referral_rate), n=r.clients))
    console.print()
    _lost_reasons(r)
    _at_risk(r)
    _key_accounts(r)
    _effort(r)


def _lost_reasons(r: StatsReport) -> None:
    console = lines_out()
    total = sum(r.lost_reasons.values())
    console.print(_("[bold]Why they left[/bold] ({n} in the period), beside why clients leave in the material").format(n=total))
    table = _table(_("Reason"), _("Count"), _("Share"), _("Material"), _("Bar"))
    for reason in list(REFERENCE_LOST_REASONS) + ["other"]:
        count = r.lost_reasons.get(reason, 0)
        share = count / total if total else None
        table.add_row(labels.lost_reason(reason), str(count), _pct(share), _pct(REFERENCE_LOST_REASONS.get(reason)), _bar(share, "red"))
    table.print()
    console.print()


def _at_risk(r: StatsReport) -> None:
    console = lines_out()
    console.print(_("[bold]At risk[/bold]: won clients with no touch for twice their maintenance interval ({n})").format(n=len(r.at_risk)))
    for risk in r.at_risk[:10]:
        value = f", {money(risk.value, r.currency)}" if risk.value else ""
        line = ngettext("  {name} ({tier}{value}): silent {days} day", "  {name} ({tier}{value}): silent {days} days",
                        risk.days_silent).format(name=risk.name, tier=risk.tier, value=value, days=risk.days_silent)
        console.print(line, markup=False)
    if not r.at_risk:
        console.print(_("  none — every client has heard from you recently"))
    console.print()


def _key_accounts(r: StatsReport) -> None:
    console = lines_out()
    console.print(_("[bold]Key accounts[/bold] with a silent decision maker or one thread only ({n})").format(
        n=len(r.key_accounts)))
    for account, _cid, name in r.key_accounts[:10]:
        console.print(_("  {account}: call {name}").format(account=account, name=name), markup=False)
    if not r.key_accounts:
        console.print(_("  none — every key account is reached through several people"))
    console.print()


def _effort(r: StatsReport) -> None:
    console = lines_out()
    e = r.effort
    console.print(_("[bold]Effort by tier[/bold] (80/20): share of the book, of your touches, of your spend"))
    table = _table(_("Tier"), _("Contacts"), _("Touches"), _("Spend"), _("Bar"))
    for tier in TIERS:
        table.add_row(tier, _pct(e.share(tier, "contacts")), _pct(e.share(tier, "touches")),
                      _pct(e.share(tier, "spend")), _bar(e.share(tier, "touches"), "green"))
    table.print()
    if e.a_underserved:
        console.print(_("[red]A clients get less than their share of your touches[/red]: the 80/20 rule says most of the effort belongs to them."))


def stats_json(r: StatsReport) -> None:
    f, c, e = r.funnel, r.churn, r.effort
    total_lost = sum(r.lost_reasons.values())
    doc = {
        "period": {"since": r.start.isoformat(), "until": r.end.isoformat()},
        "funnel": [{"follow_up": s.label, "reached": s.reached, "won_here": s.won_here, "win_share": f.win_share(s),
                    "reference_share": REFERENCE_WIN_SHARE.get(s.number), "stopped_here": s.stopped_here}
                   for s in f.steps],
        "wins": f.wins, "zone_win_share": f.zone_win_share, "reference_zone_share": REFERENCE_ZONE_SHARE,
        "gave_up_after_1": f.gave_up_after(1),
        "churn": {"clients_at_start": c.clients_at_start, "lost": c.lost, "rate": c.rate, "retention": c.retention},
        "clients": r.clients, "referral_rate": r.referral_rate,
        "lost_reasons": [{"reason": reason, "count": r.lost_reasons.get(reason, 0),
                          "share": r.lost_reasons.get(reason, 0) / total_lost if total_lost else None,
                          "reference_share": REFERENCE_LOST_REASONS.get(reason)}
                         for reason in list(REFERENCE_LOST_REASONS) + ["other"]],
        "at_risk": [{"contact_id": a.contact_id, "name": a.name, "tier": a.tier, "value": a.value,
                     "last_touch": a.last_touch.isoformat() if a.last_touch else None, "days_silent": a.days_silent}
                    for a in r.at_risk],
        "effort": [{"tier": t, "contacts": e.tiers[t].contacts, "touches": e.tiers[t].touches, "spend": e.tiers[t].spend,
                    "contact_share": e.share(t, "contacts"), "touch_share": e.share(t, "touches"),
                    "spend_share": e.share(t, "spend")} for t in TIERS],
        "a_underserved": e.a_underserved,
        "key_accounts_at_risk": [{"account": a, "contact_id": cid, "call": name} for a, cid, name in r.key_accounts],
    }
    print_json(doc)


def budget_screen(report: BudgetReport, year: int, budget: Budget) -> None:
    console = lines_out()
    cur = budget.currency
    console.print(_("[bold]Relationship budget {year}[/bold] (per client a year: {amounts})").format(
        year=year, amounts=", ".join(f"{t} {money(budget.per_client[t], cur)}" for t in TIERS)), markup=True)
    table = _table(_("Tier"), _("Clients"), _("Spent"), _("Budget"), _("Used"), _("Bar"))
    for tier in TIERS:
        t = report.tiers[tier]
        used = t.spent / t.allowed if t.allowed else None
        style = "red" if t.over else "green"
        table.add_row(tier, str(t.clients), money(t.spent, cur), money(t.allowed, cur),
                      _pct(used) if used is not None else ("—" if not t.spent else _("over")), _bar(min(used or 0, 1), style))
    table.print()
    if report.over_share:
        console.print(_("Clients above their share:"))
        for c in report.over_share:
            console.print(_("  {name} (#{id}, {tier}): {spent} of {allowed}").format(
                name=c.name, id=c.contact_id, tier=c.tier, spent=money(c.spent, cur), allowed=money(c.allowed, cur)),
                markup=False)
    else:
        console.print(_("No client is above their share."))


def budget_json(report: BudgetReport, year: int, budget: Budget) -> None:
    doc = {
        "year": year, "currency": budget.currency,
        "tiers": [{"tier": t, "clients": report.tiers[t].clients, "spent": report.tiers[t].spent,
                   "budget": report.tiers[t].allowed, "per_client": budget.per_client[t], "over": report.tiers[t].over}
                  for t in TIERS],
        "over_share": [{"contact_id": c.contact_id, "name": c.name, "tier": c.tier, "spent": c.spent, "budget": c.allowed}
                       for c in report.over_share],
    }
    print_json(doc)
