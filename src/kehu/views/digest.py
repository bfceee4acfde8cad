"""The daily digest as plain text (cron's mail), Markdown (notes apps) or HTML (e-mail).

All three share one list of sections; each format only differs in markup and in how it escapes
what the user typed (names and notes may contain `<script>` or Markdown).
"""

from __future__ import annotations

import datetime as dt

import html
import re
from collections.abc import Callable

from kehu.core.digest import Digest
from kehu.core.model import DueItem
from kehu.i18n import _, ngettext
from kehu.views.text import amount, kind_label, listing, long_day, relative_day, short_day

Escape = Callable[[str], str]
ZONE_MARK = "★"


def subject(d: Digest) -> str:
    """The e-mail subject: the counts at a glance ("kehu: 5 due, 2 overdue")."""
    return _("kehu: {due} due, {overdue} overdue").format(due=d.due_count, overdue=d.total("overdue"))


def _who(item_name: str, company: str | None, tier: str, esc: Escape) -> str:
    return _("{name} ({about})").format(name=esc(item_name), about=esc(listing(x for x in (company, tier) if x)))


def _item(item: DueItem, d: Digest, esc: Escape) -> str:
    mark = f"{ZONE_MARK} " if item.in_zone else ""
    what = _("follow-up #{n}").format(n=item.follow_up) if item.kind == "follow_up" else kind_label(item.kind, item.follow_up)
    if item.promised and item.kind != "promise":  # a promise due later rides along, still named one
        action = " — " + _("promise: {action}").format(action=esc(item.todo))
    else:
        action = f" — {esc(item.next_action)}" if item.promised or item.occasion else ""  # a promise, a sweep's reason
    when = relative_day(item.due, d.today) if item.days_overdue else ""
    tail = _(", {when}").format(when=when) if when else ""
    return mark + _("{who}: {what}").format(who=_who(item.name, item.company, item.tier, esc), what=f"{what}{action}{tail}")


def _upcoming(item: DueItem, d: Digest, esc: Escape) -> str:
    return f"{short_day(item.due)} · {_item(item, d, esc)}"


def sections(d: Digest, esc: Escape) -> list[tuple[str, list[str]]]:
    """(heading, lines) for every part of the digest, user text escaped with `esc`."""
    parts = [
        (_("Overdue ({n})").format(n=d.total("overdue")),
         [_item(i, d, esc) for i in d.overdue] + _rest(d, "overdue", _("`kehu due --limit 0` lists them all."))),
        (_("Due today ({n})").format(n=d.total("due_today")),
         [_item(i, d, esc) for i in d.due_today] + _rest(d, "due_today", _("`kehu due --limit 0` lists them all."))),
        (ngettext("Next {days} day ({n})", "Next {days} days ({n})", d.days).format(days=d.days, n=d.total("upcoming")),
         [_upcoming(i, d, esc) for i in d.upcoming]
         + _rest(d, "upcoming", _("`kehu due --days {days} --limit 0` lists them all.").format(days=d.days))),
        (_("Stalled early ({n}) — stopped after the first contact or #1–#3; 80% of salespeople give up here").format(
            n=d.total("stalled")),
         [_item(i, d, esc) for i in d.stalled] + _rest(d, "stalled", _("`kehu due --limit 0` marks them all."))),
        (_("At risk ({n}) — won clients silent for twice their maintenance interval").format(n=len(d.at_risk)),
         [ngettext("{who}: no touch for {days} day{value}", "{who}: no touch for {days} days{value}", r.days_silent).format(
             who=_who(r.name, r.company, r.tier, esc), days=r.days_silent,
             value=_(", deal {v}").format(v=amount(r.value)) if r.value else "") for r in d.at_risk]),
        (_("Key accounts ({n}) — a silent decision maker, or one thread only").format(n=len(d.accounts)),
         [_("{account}: call {who}").format(account=esc(account), who=esc(who)) for account, who in d.accounts]),
        (_("Coming dates ({n})").format(n=len(d.dates)),
         [_("{day} · {who}: {what}").format(day=day, who=esc(who), what=esc(what)) for day, who, what in d.dates]),
        (_("Holidays ({n}) — greetings by tier, never a mass message").format(n=len(d.holidays)),
         [_("{day} · {who}: {what}").format(day=day, who=esc(name), what=esc(plan)) for day, name, plan in d.holidays]),
        (_("Open promises ({n})").format(n=len(d.promises)),
         [_("{who}: {todo}, due {day} ({relative})").format(
             who=_who(p.name, p.company, p.tier, esc), todo=esc(p.todo or ""), day=p.due,
             relative=relative_day(p.due, d.today)) for p in d.promises]),
    ]
    return [(heading, lines) for heading, lines in parts if lines] + [(_yesterday_heading(d), _yesterday(d))]


def _rest(d: Digest, section: str, how: str) -> list[str]:
    """The line under a section that shows only its most urgent items: how many more, and how to see them."""
    shown = len(d.stalled if section == "stalled" else getattr(d, section))
    more = d.total(section) - shown
    if more <= 0:
        return []
    return [_("… and {n} more (the {shown} most urgent shown): {how}").format(n=more, shown=shown, how=how)]


def _yesterday_heading(d: Digest) -> str:
    """'Yesterday', or after a weekend or holiday 'Since Friday 2026-11-20' (the last working day)."""
    if d.since is None or d.since >= d.today - dt.timedelta(days=1):
        return _("Yesterday")
    return _("Since {day}").format(day=long_day(d.since))


def _yesterday(d: Digest) -> list[str]:
    y = d.yesterday
    line = _("Touches logged: {touches} ({first}, {follow_ups}, {attempts} unanswered).").format(
        touches=y.touches,
        first=ngettext("{n} first contact", "{n} first contacts", y.first_contacts).format(n=y.first_contacts),
        follow_ups=ngettext("{n} follow-up", "{n} follow-ups", y.follow_ups).format(n=y.follow_ups),
        attempts=y.attempts)
    return [line, ngettext("Streak: {n} day in a row with every due follow-up done.",
                           "Streak: {n} days in a row with every due follow-up done.", d.streak).format(n=d.streak)]


def headline(d: Digest) -> str:
    """The counts in one sentence, under the title."""
    dates = ngettext(", {n} personal date coming up", ", {n} personal dates coming up", d.reminders).format(
        n=d.reminders) if d.reminders else ""
    return _("{due} due: {overdue} overdue, {today} today{dates} · {zone} in the {mark} #4–#11 zone (80% of deals close there)").format(
        due=d.due_count, overdue=d.total("overdue"), today=d.total("due_today"), dates=dates, zone=d.in_zone, mark=ZONE_MARK)


def digest_title(d: Digest) -> str:
    """The title: kehu digest — the day."""
    return _("kehu digest — {day}").format(day=long_day(d.today))


def render_text(d: Digest) -> str:
    """Plain text: no colour codes, fit for the mail cron sends."""
    import textwrap

    def fill(text: str, first: str = "", rest: str = "") -> str:  # mail's 78 columns (RFC 5322)
        return textwrap.fill(text, 78, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False,
                             break_long_words=False)  # a link stays whole

    out = [digest_title(d), fill(headline(d), rest="  "), ""]
    for heading, lines in sections(d, lambda s: s):
        out += [fill(heading, rest="  "), *(fill(line, "  - ", "    ") for line in lines), ""]
    return "\n".join(out).rstrip() + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~-])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(d: Digest) -> str:
    """Markdown for notes apps; user text escaped so it can't become markup."""
    out = [f"# {digest_title(d)}", "", f"**{headline(d)}**", ""]
    for heading, lines in sections(d, _md):
        out += [f"## {heading}", "", *(f"- {line}" for line in lines), ""]
    return "\n".join(out).rstrip() + "\n"


def render_html(d: Digest) -> str:
    """A small self-contained HTML page for e-mail; every user-entered field escaped."""
    esc = html.escape
    body = [f"<h1>{esc(digest_title(d))}</h1>", f"<p><strong>{esc(headline(d))}</strong></p>"]
    for heading, lines in sections(d, esc):
        body.append(f"<h2>{esc(heading)}</h2>")
        body.append("<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>")
    from kehu.i18n import language

    style = "body{font-family:sans-serif;max-width:40em}h2{font-size:1.05em;margin-top:1.2em}li{margin:.2em 0}"
    lang = language().replace("_", "-")  # zh_CN → zh-CN, the form HTML's lang takes
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{esc(subject(d))}</title><style>{style}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


RENDERERS = {"text": render_text, "markdown": render_markdown, "html": render_html}
