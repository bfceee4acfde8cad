"""A contact's touches with their ids, for correcting the record (`kehu touch list`)."""

from __future__ import annotations


from kehu.core.model import Touch
from kehu.i18n import _
from kehu.views.console import plain, print_json, stdout
from kehu.views.text import amount, touch_label
from kehu.core import labels


def touch_json(t: Touch) -> dict:
    """A touch as `kehu touch list --json` and `kehu find --json` print it."""
    return {"id": t.id, "contact_id": t.contact_id, "at": t.at.isoformat(sep=" "), "channel": t.channel,
            "note": t.note, "follow_up": t.follow_up, "outcome": t.outcome, "care": t.care, "cost": t.cost,
            "todo": t.todo, "next": t.next_on.isoformat() if t.next_on else None}


def touches_json(history: list[Touch]) -> None:
    print_json([touch_json(t) for t in history])


def touches_table(name: str, contact_id: int, history: list[Touch]) -> None:
    from rich.markup import escape
    from rich.table import Table

    console = stdout()
    if not history:
        console.print(_("No touches logged with {name} (#{id}) yet.").format(name=escape(name), id=contact_id))
        return
    table = Table(title=f"{escape(name)} #{contact_id}", title_justify="left", show_edge=False, pad_edge=False,
                  header_style="bold")
    table.add_column(_("Touch id"), no_wrap=True, justify="right")
    table.add_column(_("When"), no_wrap=True)
    for header in (_("Touch"), _("Note"), _("Next / promise"), _("Cost")):
        table.add_column(header, overflow="fold")
    for t in history:
        what = " · ".join([touch_label(t), labels.channel(t.channel)] + ([labels.outcome(t.outcome)] if t.outcome in ("good", "bad") else []))
        plan = " · ".join(x for x in (t.next_on.isoformat() if t.next_on else None, t.todo) if x)
        cost = amount(t.cost) if t.cost is not None else ""
        table.add_row(*plain(f"#{t.id}", t.at.strftime("%Y-%m-%d %H:%M"), what, t.note or "", plan, cost))
    console.print(table)
