"""`kehu week`: each working day with its count and its most urgent items; `--even`'s moves."""

from __future__ import annotations

import datetime as dt

from kehu.i18n import _, ngettext
from kehu.views.console import hanging, print_json, stdout
from kehu.views.text import listing, short_day

ZONE_MARK = "★"


def week_json(plan: dict, moves: list) -> None:
    moved = {(m.item.contact_id, m.item.kind): m.to_day for m in moves}
    print_json([{"date": day.isoformat(), "items": [
        i.as_json() | ({"move_to": moved[(i.contact_id, i.kind)].isoformat()} if (i.contact_id, i.kind) in moved else {})
        for i in items]} for day, items in plan.items()])


def week_screen(plan: dict, moves: list, today: dt.date, limit: int, applying: bool = False) -> None:
    console = stdout()
    moved = {(m.item.contact_id, m.item.kind): m.to_day for m in moves}
    for day, items in plan.items():
        after = len(items) - sum(1 for i in items if (i.contact_id, i.kind) in moved) + sum(1 for m in moves if m.to_day == day)
        count = ngettext("{n} item", "{n} items", len(items)).format(n=len(items))
        if moves and after != len(items):
            count = _("{count}, {after} after evening out").format(count=count, after=after)
        title = _(" ({note})").format(note=_("today")) if day == today else ""
        console.print(f"[bold]{short_day(day)}[/bold]{title} · {count}", highlight=False)
        shown = items if not limit else items[:limit]
        rows = []
        for item in shown:
            who = _("{name} ({about})").format(name=item.name, about=listing(x for x in (item.company, item.tier) if x))
            what = item.next_action if item.occasion or item.promised else _what(item)
            if (item.contact_id, item.kind) in moved:
                what += " " + _("→ {day}").format(day=short_day(moved[(item.contact_id, item.kind)]))
            rows.append((ZONE_MARK if item.in_zone else "-", _("{who}: {what}").format(who=who, what=what)))
        hanging(rows)
        if len(items) > len(shown):
            console.print("  " + _("… and {n} more (kehu week --limit 0 shows all)").format(n=len(items) - len(shown)),
                          highlight=False)
    if moves and not applying:
        console.print(ngettext("--even would move {n} item; add --apply to move it.",
                               "--even would move {n} items; add --apply to move them.", len(moves)).format(n=len(moves)),
                      highlight=False)


def _what(item) -> str:
    from kehu.views.text import kind_label

    return kind_label(item.kind, item.follow_up)
