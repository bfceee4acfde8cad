"""Contacts on screen: the `kehu list` table and the `kehu show` profile and timeline."""

from __future__ import annotations

import datetime as dt

from kehu.core.model import DueItem, Profile, Touch
from kehu.i18n import _
from kehu.views.console import hanging, plain, print_grid, print_json, stdout
from kehu.views.text import amount, days_ago, kind_label, listing, relative_day, touch_label
from kehu.core import labels


def list_json(found: list[Profile], today: dt.date, owners: dict[int, str] | None = None) -> None:
    """Each contact's fields; on a team database, with its `owner` (the member's login)."""
    if owners:
        print_json([p.as_json(today) | {"owner": owners.get(p.id)} for p in found])
    else:
        print_json([p.as_json(today) for p in found])


GRID_ROWS = 100  # longer listings are drawn by views.grid: the same look, without Rich's cost per cell


def list_table(found: list[Profile], today: dt.date, filtered: bool = False, owners: dict[int, str] | None = None) -> None:
    """The contacts as a table; with `owners` (a team database where the reader sees others'
    clients), an owner column."""
    from rich.table import Table

    console = stdout()
    if not found:
        console.print(_("No contacts match these filters.") if filtered else _("No contacts yet. Add one with: kehu add NAME"))
        return
    # Short, fixed-shape columns never wrap; the free-text ones share what is left, names and
    # companies the most (ratios apply when the table is too wide for the terminal).
    columns = (("#", None), (_("Name"), 3), (_("Company"), 3), (_("Tier"), None), (_("Stage"), None),
               (_("City"), 2), (_("Tags"), 2), (_("Last touch"), None))
    rows = []
    for p in found:
        s = p.state
        place = " / ".join(x for x in (p.city, p.hometown) if x)
        last = _last_touch(s.sequence, today)
        rows.append((str(p.id), p.name, s.company or "", s.tier, labels.stage(s.stage_on(today)), place, ", ".join(s.tags), last)
                    + ((owners.get(p.id) or "",) if owners else ()))
    if owners:
        columns += ((_("Owner"), None),)
    if len(rows) > GRID_ROWS and console.width >= 60:
        print_grid([h for h, _r in columns], rows, [r for _h, r in columns])
        return

    def build(squeezed: bool, narrow: bool = False) -> Table:
        table = Table(show_edge=False, pad_edge=False, header_style="bold", expand=squeezed)
        for header, ratio in columns:
            table.add_column(header, overflow="fold", no_wrap=ratio is None and not narrow, ratio=ratio if squeezed else None)
        for row in rows:
            table.add_row(*plain(*row))
        return table

    if console.width < 60:  # too narrow to keep any column whole: every one wraps
        table = build(False, narrow=True)
    else:
        table = build(False)
        if console.measure(table, options=console.options.update_width(10_000)).maximum > console.width:
            table = build(True)
    console.print(table)
    console.print(_("1 contact") if len(found) == 1 else _("{n} contacts").format(n=len(found)))


def _last_touch(seq, today: dt.date) -> str:
    """The last touch for `kehu list`: an unanswered attempt since the last answer is shown, marked."""
    if seq.attempt_on and (seq.last_touch_on is None or seq.attempt_on > seq.last_touch_on):
        return _("{when} (attempt)").format(when=days_ago(seq.attempt_on, today))
    return days_ago(seq.last_touch_on, today) if seq.last_touch_on else "—"


def show_json(profile: Profile, history: list[Touch], complaints: list, important: list, item: DueItem | None,
              today: dt.date, deals: list = (), account=None, owners: list[dict] = ()) -> None:
    doc = profile.as_json(today)
    doc["account_stage"] = account.stage if account else None  # key accounts (book.accounts.AccountView)
    doc["quadrant"] = account.quadrant if account else None
    if owners:  # a team database: who owns the client, and who did before
        doc["owner"] = owners[-1]["owner"]
        doc["owners"] = [{"owner": o["owner"], "name": o["name"], "since": o["since"], "until": o["until"]} for o in owners]
    doc["touches"] = [
        {"id": t.id, "at": t.at.isoformat(sep=" "), "channel": t.channel, "follow_up": t.follow_up,
         "same_day": t.same_day, "care": t.care, "outcome": t.outcome, "note": t.note, "next_on": t.next_on.isoformat() if t.next_on else None,
         "todo": t.todo, "cost": t.cost}
        for t in history
    ]
    doc["complaints"] = [
        {"id": c.id, "opened_at": c.opened_at.isoformat(sep=" "), "text": c.text, "resolve_by": c.resolve_by.isoformat(),
         "resolved_at": c.resolved_at.isoformat(sep=" ") if c.resolved_at else None, "resolution": c.resolution,
         "call_due": c.call_due.isoformat() if c.call_due else None}
        for c in complaints
    ]
    doc["deals"] = [
        {"outcome": d.outcome, "started_at": d.started_at.isoformat(sep=" "), "closed_at": d.closed_at.isoformat(sep=" "),
         "closed_after": d.closed_after, "value": d.value, "reason": d.reason}
        for d in deals
    ]
    doc["dates"] = [{"id": i, "what": what, "date": entered, "next": nxt.isoformat()} for i, what, entered, nxt in important]
    doc["due"] = (item.as_json() | {"rule": item.rule}) if item else None
    print_json(doc)


def _account_text(account) -> str | None:
    """华为 (#1) · early KAM · key account (5×4)"""
    if account is None:
        return None
    matrix = (_("{quadrant} ({a}×{s})").format(quadrant=labels.quadrant(account.quadrant), a=account.attractiveness,
                                              s=account.strength) if account.quadrant else _("not scored"))
    return f"{account.name} (#{account.id}) · {labels.account_stage(account.stage)} · {matrix}"


def _fact_head(label: str) -> str:
    """"tier: " — or "等级：", whose full-width colon carries its own space."""
    head = _("{label}:").format(label=label)
    return head if head.endswith("：") else head + " "


def ownership(owners: list[dict]) -> None:
    """Who owned the client when (a team database), newest first, under `kehu show`."""
    console = stdout()
    console.print(_("Owners (who looked after the client when):"))
    for o in reversed(owners):
        who = f"{o['name']} ({o['owner']})" if o["name"] else o["owner"]
        until = o["until"][:10] if o["until"] else _("now")
        console.print(f"  {who}: {o['since'][:10]} – {until}", markup=False, highlight=False)


def show(profile: Profile, history: list[Touch], complaints: list, important: list, item: DueItem | None, rules,
         today: dt.date, deals: list = (), account=None) -> None:
    from rich.markup import escape
    from rich.table import Table

    console = stdout()
    s = profile.state
    heading = f"[bold]{escape(s.name)}[/bold] #{s.id}"
    if s.company or profile.title:
        heading += " · " + escape(" ".join(x for x in (profile.title, s.company) if x))
    console.print(heading)
    facts = [(_("tier"), s.tier), (_("stage"), _stage_text(profile, today))]
    if history:  # the latest touch of any kind, an unanswered attempt included
        last = max(history, key=lambda t: (t.at, t.id))
        when = days_ago(last.at.date(), today)
        facts.append((_("last touch"), _("{when} (attempt, no answer)").format(when=when) if last.outcome == "none" else when))
    facts += [(label, value) for label, value in (
        (_("phone"), profile.phone), (_("e-mail"), profile.email), (_("WeChat"), profile.wechat),
        (_("city"), profile.city), (_("hometown"), profile.hometown),
        (_("account"), _account_text(account)), (_("role"), labels.role(profile.role)),
        (_("style"), labels.style(profile.style)),
        (_("tags"), ", ".join(s.tags) or None), (_("added"), s.created_on.isoformat()),
        (_("referred by"), f"{profile.referrer} (#{profile.referred_by})" if profile.referred_by else None),
        (_("note"), profile.note)) if value]
    for label, value in facts:
        console.print(f"  [dim]{escape(_fact_head(label))}[/dim]{escape(str(value))}")
    for date_id, what, entered, nxt in important:
        console.print(f"  [dim]{escape(_fact_head(_('date') + f' #{date_id}'))}[/dim]" + escape(
            _("{what} — {entered}, next {day} ({relative})").format(
                what=what, entered=entered, day=nxt, relative=relative_day(nxt, today))))
    console.print()
    rows = _timeline(history, complaints, deals)
    if len(rows) > GRID_ROWS:  # years of touches: drawn by views.grid, the same look
        console.print(_("Timeline"), markup=False)
        print_grid([_("When"), _("Touch"), _("Note"), _("Next / promise")], [cells for _at, cells in rows], [None, 3, 3, 1])
    elif rows:
        table = Table(title=_("Timeline"), title_justify="left", show_edge=False, pad_edge=False, header_style="bold")
        table.add_column(_("When"), no_wrap=True)
        for header in (_("Touch"), _("Note"), _("Next / promise")):
            table.add_column(header, overflow="fold")
        for _at, cells in rows:
            table.add_row(*plain(*cells))
        console.print(table)
    else:
        console.print(_("No touches yet."))
    console.print()
    if complaints:
        _complaints(complaints)
    _print_due(item, rules, today)


def _timeline(history: list[Touch], complaints: list, deals: list = ()) -> list[tuple[dt.datetime, tuple[str, ...]]]:
    """Touches, complaints (made, resolved) and deals won or lost, in the order they happened."""
    when = "%Y-%m-%d %H:%M"
    rows = []
    for t in history:
        plan = " · ".join(x for x in (t.next_on.isoformat() if t.next_on else None, t.todo) if x)
        # The follow-up first: "follow-up #10 · wechat" wraps after the number, not inside it.
        what = " · ".join([touch_label(t), labels.channel(t.channel)] + ([labels.outcome(t.outcome)] if t.outcome in ("good", "bad") else [])
                          + ([_("cost {amount}").format(amount=amount(t.cost))] if t.cost else []))
        rows.append((t.at, (t.at.strftime(when), what, t.note or "", plan)))
    for d in deals:
        rows.append((d.closed_at, (d.closed_at.strftime(when), _deal_event(d), labels.lost_reason(d.reason), "")))
    for c in complaints:
        rows.append((c.opened_at, (c.opened_at.strftime(when), _("complaint"), c.text,
                                   _("resolve by {day}").format(day=c.resolve_by))))
        if c.resolved_at:
            call = _("call-back {day}").format(day=c.call_due) if c.call_due else ""
            rows.append((c.resolved_at, (c.resolved_at.strftime(when), _("complaint resolved"), c.resolution or "", call)))
    return sorted(rows, key=lambda row: row[0])


def _deal_event(deal) -> str:
    """'won after follow-up #5 · 9,000', 'lost at follow-up #2', 'churned'."""
    if deal.outcome == "churned":
        return _("client lost (churned)")
    step = (_("at first contact") if deal.closed_after == 0 else
            _("before any touch") if deal.closed_after < 0 else _("after follow-up #{n}").format(n=deal.closed_after))
    if deal.outcome == "won":
        value = _(" · {value}").format(value=amount(deal.value)) if deal.value else ""
        return _("deal won {step}{value}").format(step=step, value=value)
    return _("deal lost {step}").format(step=step)


def _complaints(complaints: list) -> None:
    """Open complaints with the LAST steps as a checklist; past ones with how they ended."""
    from rich.markup import escape

    from kehu.core.complaints import LAST_STEPS

    console = stdout()
    console.print(_("[bold]Complaints[/bold]"))
    for c in reversed(complaints):
        if c.resolved_at is None:
            console.print(_("  [red]open[/red] since {day}, resolve by {by}: {text}").format(
                day=c.opened_at.date(), by=c.resolve_by, text=escape(c.text)))
            for step in LAST_STEPS:
                console.print(f"    ☐ {escape(_(step))}")
        else:
            how = f" — {escape(c.resolution)}" if c.resolution else ""
            console.print(_("  [green]resolved[/green] {day}{how}; call-back {call}: {text}").format(
                day=c.resolved_at.date(), how=how, call=c.call_due, text=escape(c.text)))
    console.print()


def _stage_text(profile: Profile, today: dt.date) -> str:
    s = profile.state
    stage = s.stage_on(today)
    if stage == "paused":
        return _("paused until {day} (then {stage})").format(day=s.paused_until, stage=labels.stage(s.stage))
    if stage == "won" and profile.won_value:
        return _("won ({value})").format(value=amount(profile.won_value))
    if stage == "lost" and profile.lost_reason:
        return _("lost ({reason})").format(reason=labels.lost_reason(profile.lost_reason))
    if stage == "pursuing" and s.sequence.follow_ups_done == 0:
        return _("pursuing, first contact made")
    if stage == "pursuing":
        return _("pursuing, follow-up #{n} made").format(n=s.sequence.follow_ups_done)
    return labels.stage(stage)


def _print_due(item: DueItem | None, rules, today: dt.date) -> None:
    """What is due next, and why: the rule, and the urgency term by term (wrapped under itself)."""
    from rich.markup import escape

    console = stdout()
    if item is None:
        console.print(_("Nothing due: lost. `kehu pursue` starts a new deal."))
        return
    if item.promised and item.kind != "promise":  # a promise due later rides along, still named one
        action = " — " + escape(_("promise: {action}").format(action=item.todo))
    else:
        action = f" — {escape(item.next_action)}" if item.promised else ""
    console.print(_("[bold]Next:[/bold] {what}{action}, due {day} ({relative})").format(
        what=escape(item.next_action) if not item.promised else kind_label(item.kind, item.follow_up), action=action,
        day=item.due, relative=relative_day(item.due, today)))
    w = rules.urgency
    overdue_term = w.per_day_overdue * min(item.days_overdue, w.overdue_cap_days)
    if item.days_overdue > w.overdue_cap_days:
        timing = _("{v:+g} for {n} days overdue (counted up to {cap})")
    elif item.days_overdue == 1:
        timing = _("{v:+g} for 1 day overdue")
    elif item.days_overdue >= 0:
        timing = _("{v:+g} for {n} days overdue")
    else:
        timing = _("{v:+g} for being due in 1 day") if item.days_overdue == -1 else _("{v:+g} for being due in {n} days")
    terms = [timing.format(v=overdue_term, n=abs(item.days_overdue), cap=w.overdue_cap_days)]
    if item.days_overdue >= 0:
        terms.append(_("{v:+g} due").format(v=w.due))
    terms += [_("{v:+g} tier {tier}").format(v=w.tier.get(item.tier, 0.0), tier=item.tier),
             _("{v:+g} {kind}").format(v=w.kind.get(item.kind, 0.0), kind=kind_label(item.kind, item.follow_up))]
    if item.in_zone:
        terms.append(_("{v:+g} in the #4–#11 zone").format(v=w.zone))
    if item.stalled_early:
        terms.append(_("{v:+g} stalled early").format(v=w.stalled_early))
    hanging([(_("why:"), item.rule),
             (_("urgency"), _("{u:.1f} = {terms}").format(u=item.urgency, terms=listing(terms)))])
