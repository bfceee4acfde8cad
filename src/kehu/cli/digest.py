"""`kehu digest`: the morning list for cron — printed, written to a file, or mailed."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path

import typer

from kehu import config
from kehu.cli.app import app
from kehu.cli.common import command, open_book, output_path
from kehu.errors import UsageError
from kehu.i18n import _


_ADDRESS = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    html = "html"


@command(app, "digest")
def digest(
    fmt: Format = typer.Option(Format.text, "--format", "-f", case_sensitive=False, help=_("text (cron mail), markdown or html.")),
    days: int = typer.Option(7, "--days", min=0, max=3660, help=_("How many coming days to preview.")),
    to: str = typer.Option(None, "--to", metavar="ADDRESS", help=_("Send it by e-mail (the [smtp] settings of the config).")),
    output: Path = typer.Option(None, "--output", "-o", metavar="FILE", help=_("Write it to a file instead of printing it.")),
    if_due: bool = typer.Option(False, "--if-due", help=_("Print or send nothing (exit 0) when nothing is due today.")),
) -> None:
    """The daily digest, for cron.

    One message: overdue, due today, the coming days, stalled-early contacts, clients at
    risk, open promises and yesterday's activity. Runs unattended: no prompts, no colour.
    Exits 4 with a one-line reason when mail delivery fails.
    """
    from kehu.views.digest import RENDERERS, render_text, subject

    if to is not None and not _ADDRESS.match(to):
        raise UsageError(_("--to {to!r} is not an e-mail address (name@example.com)").format(to=to))
    settings = config.smtp_settings() if to else None
    target = output_path(output) if output else None
    result = open_book().digest(days)
    if if_due and not result.anything_due:
        return
    rendered = RENDERERS[fmt.value](result)
    if to:
        from kehu.mail import build_message, send

        html = rendered if fmt is Format.html else None
        text = rendered if fmt is not Format.html else render_text(result)
        send(settings, build_message(settings, to, subject(result), text, html))
        print(_("Digest sent to {to}: {subject}").format(to=to, subject=subject(result)))
    if output:
        from kehu.files import write_atomically

        write_atomically(target, rendered)
    elif not to:
        print(rendered, end="")
