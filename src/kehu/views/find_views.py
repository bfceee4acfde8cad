"""`kehu find`: the texts that matched, newest first, with the contact and follow-up number."""

from __future__ import annotations


from kehu.i18n import _
from kehu.views.console import plain, print_json, stdout


def _what(f) -> str:
    """'follow-up #3 (touch #12)', 'promise at follow-up #3 (touch #12)', 'complaint', 'contact note'."""
    from types import SimpleNamespace

    from kehu.views.text import touch_label

    if f.kind in ("touch", "promise"):
        label = touch_label(SimpleNamespace(follow_up=f.follow_up, care=f.care, outcome="neutral", same_day=False))
        if f.kind == "promise":
            label = _("promise at {label}").format(label=label)
        return _("{label} (touch #{id})").format(label=label, id=f.record_id)
    return {"note": _("contact note"), "complaint": _("complaint"), "resolution": _("complaint resolved")}[f.kind]


def found_json(found: list) -> None:
    print_json([{"kind": f.kind, "at": f.at.isoformat(sep=" "), "contact_id": f.contact_id, "name": f.name,
                 "follow_up": f.follow_up, "id": f.record_id, "text": f.text} for f in found])


def found_table(query: str, found: list, total: int) -> None:
    from rich.table import Table

    console = stdout()
    if not found:
        console.print(_("Nothing in touches, promises, notes or complaints contains {query!r}.").format(query=query))
        return
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column(_("When"), no_wrap=True)
    table.add_column(_("Who"), overflow="fold")
    table.add_column(_("What"), overflow="fold")
    table.add_column(_("Text"), overflow="fold", ratio=3)
    for f in found:
        when = f.at.strftime("%Y-%m-%d") if f.kind == "note" else f.at.strftime("%Y-%m-%d %H:%M")
        table.add_row(*plain(when, f"{f.name} #{f.contact_id}", _what(f), f.text))
    console.print(table)
    if total > len(found):
        console.print(_("the {n} newest of {total} matches (--limit 0 shows all)").format(n=len(found), total=total))
    else:
        console.print(_("1 match") if total == 1 else _("{n} matches").format(n=total))
