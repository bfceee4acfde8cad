"""`kehu digest`: the morning list for cron — printed, written to a file, mailed, or posted to group robots."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from kehu import config
from kehu.cli.common import command, open_db, output_path
from kehu.i18n import _


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"


def register(app: typer.Typer) -> None:
    @command(app, "digest")
    def digest(
        fmt: Format = typer.Option(Format.text, "--format", "-f", case_sensitive=False, help=_("text (cron mail), markdown or html.")),
        days: int = typer.Option(7, "--days", min=0, max=3660, help=_("How many coming days to preview.")),
        to: str = typer.Option(None, "--to", metavar="wecom,dingtalk,feishu,smtp,ADDRESS", help=_(
            "Send it to group robots (企业微信, 钉钉, 飞书) or by e-mail, several separated by commas; "
            "default: [notify] targets of the config.")),
        output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help=_("Write it to a file instead of printing it.")),
        if_due: bool = typer.Option(False, "--if-due", help=_("Print or send nothing (exit 0) when nothing is due today.")),
    ) -> None:
        """The daily digest, for cron.

        One message: overdue, due today, the coming days, stalled-early contacts, clients at
        risk, open promises and yesterday's activity. Runs unattended: no prompts, no colour.
        Exits 4 with a one-line reason for each target it could not deliver to.
        """
        from kehu.notify.targets import parse_targets
        from kehu.views.digest import RENDERERS, subject

        notify = config.notify_settings()
        # [notify] targets stand in for --to, unless the digest is written to a file
        targets = parse_targets(to) if to is not None else [] if output else list(notify.targets)
        if any(t not in ("wecom", "dingtalk", "feishu") for t in targets):
            config.smtp_settings()  # a broken [smtp] table is reported before the digest is gathered
        target = output_path(output) if output else None
        result = _build(days)
        if if_due and not result.anything_due:
            return
        rendered = RENDERERS[fmt.value](result)
        if output:
            from kehu.files import write_atomically

            write_atomically(target, rendered)
        elif not targets:
            print(rendered, end="")
        if targets:
            from kehu.cli.common import report
            from kehu.errors import DeliveryError
            from kehu.notify.deliver import deliver

            failed = 0
            for sent_to, problem in deliver(targets, result, fmt.value, rendered, notify):
                if problem is None:
                    print(_("Digest sent to {to}: {subject}").format(to=sent_to, subject=subject(result)))
                else:
                    failed += 1
                    report(DeliveryError(problem))
            if failed:
                raise typer.Exit(DeliveryError.exit_code)


def _build(days: int):
    """Gather the digest from the store (reads only, apart from refreshing stale schedules)."""
    import datetime as dt

    from kehu.core.digest import Digest, activity, at_risk, split_by_day, streak
    from kehu.core.due import assess, due_items
    from kehu.store import touches
    from kehu.store import digest as reads

    today = config.today()
    rules = config.load_config().rules
    db = open_db()
    current = touches.schedules_are_current(db, rules, today)
    facts = touches.due_by(db, rules, today, today + dt.timedelta(days=days))
    from kehu.cli.occasions import occasion_items

    cfg = config.load_config()
    result = Digest(today=today, days=days)
    items = due_items(facts, rules, today, days) + occasion_items(db, cfg, today, today + dt.timedelta(days=days))
    split_by_day(sorted(items, key=lambda i: (-i.urgency, i.due, i.name)), result)
    # dates still ahead whose reminder has begun (those on or past their day are filed above)
    result.reminders = sum(1 for i in occasion_items(db, cfg, today, today) if i.due > today)
    result.at_risk = at_risk(reads.won_contacts(db.conn), rules, today)
    result.promises = sorted((assess(f, rules, today) for f in reads.open_promises(db.conn)), key=lambda i: i.due)
    # On a Monday, "yesterday" is the Friday (and the weekend's touches with it).
    result.since = rules.calendar.previous_working_day(today)
    result.yesterday = activity(reads.touches_on(db.conn, result.since, through=today - dt.timedelta(days=1)))
    from kehu.cli.occasions import coming_occasions

    personal, festivals = coming_occasions(db, cfg, today, today + dt.timedelta(days=days))
    result.dates = [(day, entry.name, text) for day, entry, text in personal]
    result.holidays = [(f["date"], f["name"] + (_(" (day off, 预计 estimated)") if f["estimated_day_off"] else ""),
                        "; ".join(f"{p['tier']}: {p['greeting']} ({len(p['contacts'])})" for p in f["plan"]))
                       for f in festivals]
    if not (current and reads.something_left_undone_yesterday(db.conn, today)):
        result.streak = streak(reads.histories(db.conn), rules, today)
    return result

