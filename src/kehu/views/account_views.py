"""Key accounts on screen: `kehu account list|show|set` and `kehu prep`."""

from __future__ import annotations

import datetime as dt

from kehu.core import labels
from kehu.i18n import _
from kehu.views.console import hanging, plain, print_json, stdout
from kehu.views.text import days_ago, short_ago, touch_label


def _person(p) -> str:
    """张三 (decision maker, analytical)"""
    about = ", ".join(x for x in (labels.role(p.role), labels.style(p.style)) if x)
    return f"{p.name} ({about})" if about else p.name


def _reached(person, today: dt.date) -> str:
    if person.last_touch is None:
        return _("never reached")
    return _("last reached {when}").format(when=days_ago(person.last_touch, today))


def _quadrant(account) -> str:
    if account.quadrant is None:
        return _("not scored")
    return _("{quadrant} ({a}×{s})").format(quadrant=labels.quadrant(account.quadrant), a=account.attractiveness,
                                           s=account.strength)


def list_json(found: list) -> None:
    print_json([a.as_json() for a in found])


def list_table(found: list, today: dt.date, filtered: bool = False) -> None:
    from rich.table import Table

    console = stdout()
    if not found:
        console.print(_("No account matches.") if filtered else
                      _("No accounts yet: a contact's company is one (kehu add NAME --company COMPANY)."))
        return
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for header, wrap in (("#", False), (_("Account"), True), (_("Stage"), False), (_("Matrix"), False),
                         (_("People"), True), (_("Last touch"), False), (_("Open deals"), False)):
        table.add_column(header, overflow="fold", no_wrap=not wrap)
    for a in found:
        last = short_ago(a.last_touch, today) if a.last_touch else "—"
        table.add_row(*plain(str(a.id), a.name, labels.account_stage(a.stage), _quadrant(a),
                             ", ".join(_person(p) for p in a.people) or "—", last, str(a.open_deals)))
    console.print(table)
    console.print(_("1 account") if len(found) == 1 else _("{n} accounts").format(n=len(found)))


def show_json(account, history: list, touches: list) -> None:
    print_json(account.as_json() | {
        "stage_history": [{"at": h["at"].isoformat(sep=" "), "from": h["from"], "to": h["to"], "forced": h["forced"],
                           "reason": h["reason"]} for h in history],
        "touches": [{"id": t.id, "contact_id": t.contact_id, "name": name, "at": t.at.isoformat(sep=" "),
                     "channel": t.channel, "note": t.note, "outcome": t.outcome, "todo": t.todo} for name, t in touches]})


def show(account, history: list, touches: list, today: dt.date) -> None:
    console = stdout()
    from rich.text import Text

    console.print(Text(f"{account.name} (#{account.id})", style="bold"))
    rows = [(_("Stage:"), labels.account_stage(account.stage)), (_("Matrix:"), _quadrant(account))]
    if account.suggested_tier:
        rows.append((_("Suggested tier:"), account.suggested_tier))
    if account.aliases:
        rows.append((_("Also called:"), ", ".join(account.aliases)))
    rows.append((_("Open deals:"), str(account.open_deals)))
    hanging(rows, indent=0)
    console.print(Text(_("People"), style="bold"))
    people = [(f"#{p.id}", _("{person} · tier {tier} · {reached}").format(person=_person(p), tier=p.tier,
                                                                          reached=_reached(p, today)))
              for p in account.people]
    hanging(people or [("", _("nobody yet"))])
    console.print(Text(_("Stage history"), style="bold"))
    moves = [(h["at"].strftime("%Y-%m-%d"), _("{before} → {after}").format(
        before=labels.account_stage(h["from"]), after=labels.account_stage(h["to"]))
        + (" · " + _("forced: {reason}").format(reason=h["reason"]) if h["forced"] else
           (f" · {h['reason']}" if h["reason"] else ""))) for h in history]
    hanging(moves or [("", _("{stage} since {day}").format(stage=labels.account_stage(account.stage),
                                                           day=account.created_on))])
    console.print(Text(_("Touches"), style="bold"))
    lines = [(t.at.strftime("%Y-%m-%d"), f"{name} · {labels.channel(t.channel)} · {touch_label(t)}"
              + (f" · {t.note}" if t.note else "")) for name, t in touches]
    hanging(lines or [("", _("none yet"))])


def scored(account) -> None:
    """The line `kehu account set` prints, and which people's tier differs from the suggestion."""
    console = stdout()
    from rich.text import Text

    line = _("{name}: {quadrant}").format(name=account.name, quadrant=_quadrant(account))
    if account.suggested_tier:
        line += " · " + _("suggested tier for its people: {tier}").format(tier=account.suggested_tier)
        other = [p for p in account.people if p.tier != account.suggested_tier]
        if other:
            line += "\n" + _("Not at that tier: {people}. e.g. kehu edit {id} --tier {tier}").format(
                people=", ".join(f"{p.name} ({p.tier})" for p in other), id=other[0].id, tier=account.suggested_tier)
    console.print(Text(line))


def prep_json(sheet) -> None:
    print_json(sheet.as_json())


def prep(sheet, today: dt.date) -> None:
    from rich.text import Text

    console = stdout()
    p = sheet.profile
    head = p.name + (f" · {sheet.account.name}" if sheet.account else "")
    console.print(Text(head, style="bold"))
    rows = []
    if sheet.account:
        rows.append((_("Account:"), _("{stage} · {quadrant}").format(stage=labels.account_stage(sheet.account.stage),
                                                                     quadrant=_quadrant(sheet.account))))
    rows.append((_("Role:"), labels.role(p.role) or _("not known (kehu edit WHO --role …)")))
    if sheet.role_advice:
        rows.append(("", sheet.role_advice))
    rows.append((_("Style:"), labels.style(p.style) or "—"))
    rows.append(("", sheet.style_advice))
    if sheet.promise:
        due = _(" (due {day})").format(day=sheet.promise_due) if sheet.promise_due else ""
        rows.append((_("Promised:"), sheet.promise + due))
    hanging(rows, indent=0)
    console.print(Text(_("Last touches"), style="bold"))
    hanging([(t.at.strftime("%Y-%m-%d"), f"{labels.channel(t.channel)}" + (f" · {t.note}" if t.note else ""))
             for t in sheet.touches] or [("", _("none yet"))])
    if sheet.account:
        console.print(Text(_("Others at {account}").format(account=sheet.account.name), style="bold"))
        hanging([(_person(o), _reached(o, today)) for o in sheet.others]
                or [("", _("nobody else yet: find a second contact"))])
    console.print(Text(_("SPIN questions"), style="bold"))
    names = {"situation": _("Situation"), "problem": _("Problem"), "implication": _("Implication"),
             "need_payoff": _("Need-payoff")}
    hanging([(_("{label}:").format(label=names[k]), v) for k, v in sheet.spin.items()])
