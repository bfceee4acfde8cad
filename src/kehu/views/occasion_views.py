"""Important dates, coming occasions with their greeting plans, and sweeps."""

from __future__ import annotations

import datetime as dt

from kehu.core.occasions import DateEntry, Occasions, next_occurrence, occasion_text, years_since
from kehu.i18n import _
from kehu.views.console import hanging, plain, print_json, stdout
from kehu.core import labels
from kehu.views.text import listing, short_relative


def _next(entry: DateEntry, today: dt.date, settings: Occasions) -> tuple[dt.date, str]:
    day, year = next_occurrence(entry.spec, today, settings.feb29)
    return day, occasion_text(entry, years_since(entry.spec, year))


def dates_list(entries: list[DateEntry], today: dt.date, settings: Occasions, as_json: bool) -> None:
    rows = sorted(((_next(e, today, settings), e) for e in entries), key=lambda r: r[0][0])
    if as_json:
        print_json([{"id": e.id, "contact_id": e.contact_id, "name": e.name, "label": e.label, "whose": e.whose,
                           "date": e.spec.describe(), "lunar": e.spec.lunar, "next": day.isoformat(), "what": text}
                          for (day, text), e in rows])
        return
    from rich.table import Table

    console = stdout()
    if not rows:
        console.print(_("No important dates yet. Add one: kehu date add WHO birthday 1985-08-15 [--lunar]"))
        return
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for header in ("#", _("Name"), _("What"), _("Date"), _("Next"), _("In")):
        table.add_column(header, overflow="fold")
    for (day, text), e in rows:
        table.add_row(*plain(str(e.id), e.name, text, e.spec.describe(), day.isoformat(), short_relative(day, today)))
    console.print(table)


def occasions_screen(personal: list[tuple[dt.date, DateEntry, str]], festivals: list[dict], today: dt.date,
                     limit: int | None = None) -> None:
    console = stdout()
    console.print(_("[bold]Personal and family dates[/bold] ({n})").format(n=len(personal)))
    hanging([(_("{day} ({relative}) ·").format(day=day, relative=short_relative(day, today)),
              _("{who}: {what}").format(who=entry.name, what=text)) for day, entry, text in personal])
    if not personal:
        console.print(_("  none in this window"))
    for festival in festivals:
        console.print()
        note = _(" · day off (预计 estimated)") if festival["estimated_day_off"] else (_(" · day off") if festival["day_off"] else "")
        console.print(_("[bold]{name}[/bold] {day} ({relative}){note}").format(
            name=festival["name"], day=festival["date"], relative=short_relative(festival["date"], today), note=note))
        if festival.get("note"):
            console.print(f"  {festival['note']}", markup=False)
        rows = []
        twice = _names_twice(p for plan in festival["plan"] for p in plan["contacts"])
        for plan in festival["plan"]:
            shown = plan["contacts"][:limit] if limit is not None else plan["contacts"]
            names = listing(_("{name} ({about})").format(name=p["name"], about=_about(p, twice)) for p in shown)
            more = _(" and {n} more").format(n=len(plan["contacts"]) - len(shown)) if len(shown) < len(plan["contacts"]) else ""
            rows.append((f"{plan['tier']}:", f"{plan['greeting']} — {names}{more}"))
        hanging(rows)


def _names_twice(people) -> set[str]:
    """Names borne by more than one contact in a plan: they are told apart by company."""
    seen, twice = set(), set()
    for p in people:
        (twice if p["name"] in seen else seen).add(p["name"])
    return twice


def _about(person: dict, twice: set[str]) -> str:
    channel = labels.channel(person["channel"])
    if person["name"] not in twice:
        return channel
    return _("{company}, {channel}").format(company=person["company"] or _("#{id}").format(id=person["id"]), channel=channel)


def occasions_json(personal: list[tuple[dt.date, DateEntry, str]], festivals: list[dict]) -> None:
    doc = {
        "personal": [{"date": day.isoformat(), "contact_id": e.contact_id, "name": e.name, "tier": e.tier,
                      "what": text, "label": e.label, "whose": e.whose, "lunar": e.spec.lunar} for day, e, text in personal],
        "holidays": [{"date": f["date"].isoformat(), "name": f["name"], "holiday": f["holiday"], "day_off": f["day_off"],
                      "estimated": f["estimated_day_off"], "plan": f["plan"]} for f in festivals],
    }
    print_json(doc)


def sweeps_screen(found: list[dict]) -> None:
    console = stdout()
    if not found:
        console.print(_("No sweeps yet. Start one: kehu sweep --city 兰州 --reason \"water pollution\""))
        return
    for s in found:
        done = sum(1 for p in s["contacts"] if p["contacted"])
        console.print(_("[bold]#{id} {place}[/bold] — {reason} ({day}): {done} of {n} contacted").format(
            id=s["id"], place=s["place"], reason=s["reason"], day=s["created_at"].date(), done=done, n=len(s["contacts"])))
        for p in s["contacts"]:
            mark = "✓" if p["contacted"] else "☐"
            place = " / ".join(x for x in (p["city"], p["hometown"]) if x)
            console.print(f"  {mark} {p['name']} (#{p['id']}, {place})", markup=False)


def sweeps_json(found: list[dict]) -> None:
    print_json([s | {"created_at": s["created_at"].isoformat(sep=" ")} for s in found])
