"""A holiday's greeting checklist: by tier, who is done and who not, with channel and budget."""

from __future__ import annotations

import datetime as dt

from kehu.core import labels
from kehu.i18n import _
from kehu.views.console import print_json, stdout
from kehu.views.text import short_relative


def checklist_screen(occ, rows: list[dict], today: dt.date, currency: str) -> None:
    from kehu.core.budget import money

    console = stdout()
    done = sum(1 for r in rows if r["done"])
    console.print(_("[bold]{holiday} {day}[/bold]: greetings due by {due} ({relative}) — {done} of {n} done").format(
        holiday=occ.holiday.name, day=occ.day, due=occ.due, relative=short_relative(occ.due, today), done=done, n=len(rows)))
    if not rows:
        console.print(_("  nobody to greet: add clients with kehu add"))
    for tier in ("A", "B", "C", "D"):
        people = [r for r in rows if r["tier"] == tier]
        if not people:
            continue
        first = people[0]
        extras = [labels.channel(first["planned_channel"])]
        if first["gift"]:
            extras.append(_("gift: {gift}").format(gift=_(first["gift"])))
        if first["budget"]:
            extras.append(_("budget {amount} a client").format(amount=money(first["budget"], currency)))
        console.print()
        console.print(_("{tier}: {greeting} · {extras} ({done} of {n} done)").format(
            tier=tier, greeting=_(first["greeting"]), extras=" · ".join(extras),
            done=sum(1 for p in people if p["done"]), n=len(people)), markup=False)
        for p in people:
            who = f"{p['name']} (#{p['id']}" + (f", {p['company']})" if p["company"] else ")")
            if p["done"]:
                console.print(_("  ✓ {who} — {channel}, {day}").format(who=who, channel=labels.channel(p["channel"]), day=p["on"]),
                              markup=False)
            else:
                console.print(f"  ☐ {who}", markup=False)


def checklist_json(rows: list[dict]) -> None:
    print_json([r | {"greeting": _(r["greeting"]), "gift": _(r["gift"]) if r["gift"] else None} for r in rows])
