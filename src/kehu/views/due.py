"""`kehu due` as a Rich table, a summary line and a call-out for stalled-early contacts."""

from __future__ import annotations

import datetime as dt
import json

from kehu.core.model import DueItem
from kehu.i18n import _
from kehu.views.console import plain, stdout
from kehu.views.text import kind_label, short_ago, short_relative

ZONE_MARK = "★"


def render_json(items: list[DueItem]) -> None:
    """One JSON array, one object per due item."""
    print(json.dumps([i.as_json() for i in items], ensure_ascii=False, indent=2))


def render_table(items: list[DueItem], shown: int, today: dt.date) -> None:
    """The morning list: most urgent first, the #4–#11 zone marked, then a summary."""
    from rich.table import Table

    console = stdout()
    if not items:
        console.print(_("Nothing due. A good day to call someone you haven't heard from in a while."))
        return
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("Name"), no_wrap=True, overflow="ellipsis", max_width=26)
    table.add_column(_("Tier"), justify="center", no_wrap=True)
    table.add_column(_("Due"), no_wrap=True)
    table.add_column(_("What"), overflow="fold", min_width=12)
    table.add_column(_("Last touch"), no_wrap=True)
    for item in items[:shown]:
        table.add_row(*plain(*_row(item, today)), style=_style(item))
    console.print(table)
    console.print(_summary(items, shown))
    stalled = [i for i in items if i.stalled_early]
    if stalled:
        from rich.markup import escape

        names = escape(", ".join(_("{name} (id {id}, #{n} due)").format(name=i.name, id=i.contact_id, n=i.follow_up)
                                 for i in stalled[:10]))
        more = _(" and {n} more").format(n=len(stalled) - 10) if len(stalled) > 10 else ""
        console.print(
            _("[red]Stalled early[/red] — stopped after follow-up #1–#3, overdue by more than the interval "
              "(80% of salespeople give up here): {names}{more}").format(names=names, more=more)
        )


def _row(item: DueItem, today: dt.date) -> tuple[str, ...]:
    what = kind_label(item.kind, item.follow_up)
    if item.kind == "promise" and item.follow_up is not None:
        what += f" #{item.follow_up}"
    if item.in_zone:
        what = f"{ZONE_MARK} {what}"
    if item.stalled_early:
        what += " " + _("stalled")
    name = item.name + (f" · {item.company}" if item.company else "")
    last = short_ago(item.last_touch, today) if item.last_touch else "—"
    if item.promised or item.occasion:
        what += f": {item.next_action}"
    return (str(item.contact_id), name, item.tier, short_relative(item.due, today), what, last)


def _style(item: DueItem) -> str:
    if item.in_zone:
        return "bold magenta"
    if item.stalled_early or item.days_overdue > 0:
        return "red" if item.stalled_early else ""
    return "dim" if item.days_overdue < 0 else ""


def _summary(items: list[DueItem], shown: int) -> str:
    overdue = sum(1 for i in items if i.days_overdue > 0)
    zone = sum(1 for i in items if i.in_zone)
    stalled = sum(1 for i in items if i.stalled_early)
    line = _("{n} due · {overdue} overdue · {zone} in the {mark} #4–#11 zone · {stalled} stalled early").format(
        n=len(items), overdue=overdue, zone=zone, mark=ZONE_MARK, stalled=stalled
    )
    if zone:
        line += "\n" + _("{mark} follow-ups #4–#11: where 80% of deals close. Keep going.").format(mark=ZONE_MARK)
    if shown < len(items):
        line += "\n" + _("Showing the {shown} most urgent; --limit 0 shows all {n}.").format(shown=shown, n=len(items))
    return line
