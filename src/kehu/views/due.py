"""`kehu due` as a Rich table, a summary line and a call-out for stalled-early contacts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kehu.core.model import DueItem
from kehu.i18n import _
from kehu.views.console import print_json
from kehu.views.text import kind_label, listing, short_ago, short_relative

if TYPE_CHECKING:
    from kehu.core.due import DueSummary

ZONE_MARK = "★"


def render_json(items: list[DueItem], owners: dict[int, str] | None = None) -> None:
    """One JSON array, one object per due item (on a team database, with the client's `owner`)."""
    if owners:
        print_json([i.as_json() | {"owner": owners.get(i.contact_id)} for i in items])
    else:
        print_json([i.as_json() for i in items])


def render_json_texts(items: bytes) -> None:
    """One JSON array of the items' JSON texts, comma-separated UTF-8 (book.due.due_json): written
    as they are when piped, indented at a terminal as print_json does."""
    import sys

    from kehu.views.console import write_data

    if sys.stdout.isatty():
        import json

        print_json(json.loads(b"[" + items + b"]"))
        return
    write_data((b"[", items, b"]\n"))


NAME_WIDTH = 26  # a longer name (and company) ends in …


def render_table(shown: list[DueItem], summary: DueSummary, today: dt.date) -> None:
    """The morning list: the most urgent items, the #4–#11 zone marked, then a summary. Drawn by
    views.grid — the look of a Rich table (CJK two cells wide, the What column wrapped), each row
    in its colour on a terminal — at a fraction of Rich's cost per cell."""
    from kehu.views.console import lines_out, print_grid
    from kehu.views.grid import ellipsis

    console = lines_out()
    if not summary.total:
        console.print(_("Nothing due. A good day to call someone you haven't heard from in a while."))
        return
    rows = []
    for item in shown:
        number, name, *rest = _row(item, today)
        rows.append((number, ellipsis(name, NAME_WIDTH), *rest))
    print_grid(["#", _("Name"), _("Tier"), _("Due"), _("What"), _("Last touch")], rows, [None, 1, None, None, 2, None],
               styles=[_style(item) for item in shown], justify=("right", "left", "center", "left", "left", "left"))
    console.print(_summary(summary, len(shown)))
    if summary.stalled:
        from rich.markup import escape

        names = escape(listing(_("{name} (id {id}, #{n} due)").format(name=i.name, id=i.contact_id, n=i.follow_up)
                                 for i in summary.first_stalled))
        more = _(" and {n} more").format(n=summary.stalled - len(summary.first_stalled)) \
            if summary.stalled > len(summary.first_stalled) else ""
        console.print(
            _("[red]Stalled early[/red] — stopped after the first contact or follow-up #1–#3, overdue by more than the interval "
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
    if item.promised and item.kind != "promise":  # a promise due later rides along, still named one
        what += " · " + _("promise: {action}").format(action=item.todo)
    elif item.promised or item.occasion:
        what = _("{what}: {detail}").format(what=what, detail=item.next_action)
    return (str(item.contact_id), name, item.tier, short_relative(item.due, today), what, last)


def _style(item: DueItem) -> str:
    if item.in_zone:
        return "bold magenta"
    if item.stalled_early or item.days_overdue > 0:
        return "red" if item.stalled_early else ""
    return "dim" if item.days_overdue < 0 else ""


def _summary(summary: DueSummary, shown: int) -> str:
    line = _("{n} due · {overdue} overdue · {zone} in the {mark} #4–#11 zone · {stalled} stalled early").format(
        n=summary.total, overdue=summary.overdue, zone=summary.in_zone, mark=ZONE_MARK, stalled=summary.stalled
    )
    if summary.in_zone:
        line += "\n" + _("{mark} follow-ups #4–#11: where 80% of deals close. Keep going.").format(mark=ZONE_MARK)
    if shown < summary.total:
        line += "\n" + _("Showing the {shown} most urgent; --limit 0 shows all {n}.").format(shown=shown, n=summary.total)
    return line
