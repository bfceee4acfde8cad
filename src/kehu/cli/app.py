"""The `kehu` command: global options, and every command family registered on one app."""

from __future__ import annotations

import typer

import importlib

from kehu import __version__
from kehu.cli.common import Session, command_line
from kehu.i18n import _

# Which module holds each command (importing it registers its commands on `app`). A run imports
# only the module of the command it runs
# (each family costs 1–4 ms to import, and `kehu log` runs twenty times a day); --help, an
# unknown word and the tests get them all.
FAMILIES = {
    "contacts": ("add", "edit", "list", "rm", "show", "unarchive"),
    "log": ("log",),
    "due": ("due",),
    "week": ("week",),
    "occasions": ("occasions", "sweep"),
    "greet": ("greet",),
    "dates": ("date",),
    "digest": ("digest",),
    "complaints": ("complaint", "resolve"),
    "stages": ("won", "lost", "pause", "resume", "pursue"),
    "stats": ("stats", "budget"),
    "importing": ("import",),
    "io": ("export", "merge", "backup", "restore"),
    "settings": ("config",),
    "demo": ("demo",),
    "touches": ("touch",),
    "undo": ("undo",),
    "find": ("find",),
    "accounts": ("account", "prep"),
    "team": ("team", "handover", "push"),
}
_FAMILY_OF = {word: family for family, words in FAMILIES.items() for word in words}

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
        help=_("Database file, or a postgresql:// URL of a team database (default: $KEHU_DB, else [store] url in the config, else the platform's user data folder)."),
    ),
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help=_("Show the version and exit.")
    ),
) -> None:
    """kehu (客户): who to follow up with today, and who you are about to lose."""
    Session.db_option = db


def register(families) -> typer.Typer:
    """Add the commands of these families to the app (by importing their modules); returns the app."""
    for family in families:
        importlib.import_module(f"kehu.cli.{family}")
    return app


def command_word(args: list[str]) -> str | None:
    """The command a command line runs: its first word that is not an option (nor --db's value)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def full_app() -> typer.Typer:
    """The app with every command (for --help, completion and the tests)."""
    return register(FAMILIES)


def main() -> None:
    """The console entry point: every failure a user can cause ends as one line on stderr."""
    import os
    import sys

    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show 韩梅 (PYTHONIOENCODING=ascii, a C locale) gets '?', never a
        # UnicodeEncodeError after the touch was already written.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    from kehu.i18n import language

    if language() != "en":
        from kehu.cli.localise import localise_help

        localise_help()
    word = command_word(sys.argv[1:])
    Session.command_line = command_line(sys.argv[1:])
    completing = any(k.startswith("_KEHU_COMPLETE") for k in os.environ)
    register([_FAMILY_OF[word]] if word in _FAMILY_OF and not completing else FAMILIES)
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
            from kehu.cli.localise import usage_error

            print("kehu: " + usage_error(" ".join(error.format_message().split())), file=sys.stderr)
        sys.exit(error.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
