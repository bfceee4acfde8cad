"""`kehu digest`: the morning list for cron — printed, written to a file, mailed, or posted to group robots."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from kehu import config
from kehu.cli.app import app
from kehu.cli.common import command, open_book, output_path
from kehu.i18n import _

DEFAULT_SECTION_LIMIT = 20  # a morning's message: the rest is one `kehu due --limit 0` away


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"


@command(app, "digest")
def digest(
    fmt: Format = typer.Option(Format.text, "--format", "-f", case_sensitive=False, help=_("text (cron mail), markdown or html.")),
    days: int = typer.Option(7, "--days", min=0, max=3660, help=_("How many coming days to preview.")),
    to: str = typer.Option(None, "--to", metavar="wecom,dingtalk,feishu,smtp,ADDRESS", help=_(
        "Send it to group robots (企业微信, 钉钉, 飞书) or by e-mail, several separated by commas; "
        "default: [notify] targets of the config.")),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help=_("Write it to a file instead of printing it.")),
    if_due: bool = typer.Option(False, "--if-due", help=_("Print or send nothing (exit 0) when nothing is due today.")),
    limit: int = typer.Option(
        DEFAULT_SECTION_LIMIT, "--limit", min=0,
        help=_("Show the N most urgent items of each section, with how many there are (0 = all).")),
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
    result = open_book().digest(days, limit or None)
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
