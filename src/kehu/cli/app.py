"""The `kehu` command: global options, and every command family registered on one app."""

from __future__ import annotations

import typer

from kehu import __version__
from kehu.cli import complaints, contacts, dates, demo, digest, due, io, log, occasions, settings, stages, stats
from kehu.cli.common import Session
from kehu.i18n import _

app = typer.Typer(
    name="kehu",
    help=_("kehu (客户) — who to follow up with today, and who you are about to lose."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: the Rich help renderer alone costs ~60 ms per --help
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        print(f"kehu {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    db: str = typer.Option(
        None, "--db", metavar="PATH",
        help=_("Database file (default: $KEHU_DB, else the platform's user data folder)."),
    ),
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help=_("Show the version and exit.")
    ),
) -> None:
    """kehu (客户): who to follow up with today, and who you are about to lose."""
    Session.db_option = db


for family in (contacts, log, due, occasions, dates, digest, complaints, stages, stats, io, settings, demo):
    family.register(app)


def main() -> None:
    """The console entry point: every failure a user can cause ends as one line on stderr."""
    import sys

    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        print(_("kehu: aborted"), file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print(_("kehu: interrupted; nothing was written"), file=sys.stderr)
        sys.exit(130)
    except Exception as error:
        # Click's usage errors (unknown option, bad choice, missing argument): one line, not
        # the usage block. Recognised by shape: Typer keeps Click's classes private.
        if not (hasattr(error, "format_message") and hasattr(error, "exit_code")):
            raise
        if type(error).__name__ == "NoArgsIsHelpError":
            print(error.format_message())
        else:
            print("kehu: " + " ".join(error.format_message().split()), file=sys.stderr)
        sys.exit(error.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
