"""What every command shares: the database option, error reporting, WHO and WHEN parsing."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable

import typer

from kehu import config
from kehu.errors import Ambiguous, KehuError, NotFound, UsageError
from kehu.i18n import _


TIERS = ("A", "B", "C", "D")


def _tier(value: str | None) -> str | None:
    if value is None:
        return None
    if value.strip().upper() not in TIERS:
        raise typer.BadParameter(_("{value!r} is not a tier: use A, B, C or D").format(value=value))
    return value.strip().upper()


def tier_option(default: str | None = None, help: str | None = None):
    """--tier A|B|C|D, in either case."""
    return typer.Option(default, "--tier", metavar="A|B|C|D", callback=_tier, help=help)


def _amount(value: str | None) -> float | None:
    if value is None:
        return None
    from kehu.core.amounts import AmountError, parse_amount

    try:
        return parse_amount(value)
    except AmountError as e:
        raise typer.BadParameter(str(e)) from None


def amount_option(flag: str, help: str):
    """An amount of money: --cost, --value (typed `str`: read here, the command gets a float)."""
    return typer.Option(None, flag, metavar="AMOUNT", callback=_amount, help=help)


def _word(reader):
    """A Typer callback reading a word through a core reader (English or Chinese), or bad input."""
    def read(value: str | None) -> str | None:
        if value is None:
            return None
        from kehu.core.columns import RowError

        try:
            return reader(value)
        except RowError as e:
            raise typer.BadParameter(str(e)) from None
    return read


def channel_option(default: str | None = "call", flags: tuple[str, ...] = ("--channel", "-c")):
    """--channel call|visit|wechat…, or its Chinese name (电话, 微信, 拜访, 送礼, 饭局…)."""
    from kehu.core.columns import read_channel

    return typer.Option(default, *flags, metavar="call|visit|wechat|sms|email|meeting|gift|card|social|other|电话|微信…",
                        callback=_word(read_channel), help=_("How you were in touch (also 电话, 微信, 拜访, 送礼, 饭局…)."))


def outcome_option(default: str | None = "neutral", flags: tuple[str, ...] = ("--outcome", "-o")):
    """--outcome good|neutral|bad|none, or 好, 一般, 差, 未接通."""
    from kehu.core.columns import read_outcome

    return typer.Option(default, *flags, metavar="good|neutral|bad|none|好|一般|差|未接通", callback=_word(read_outcome),
                        help=_("good, neutral, bad, or none (no answer: retried the next working day); also 好, 一般, 差, 未接通."))


def lost_reason_option():
    """--reason died|moved|competitor|…, or 去世, 搬迁, 竞争对手, 价格, 投诉, 怠慢…"""
    from kehu.core.columns import read_lost_reason

    return typer.Option(..., "--reason", metavar="price|competitor|neglect|complaint|influence|moved|died|other|价格…",
                        callback=_word(read_lost_reason), help=_("Why they left (also 价格, 竞争对手, 投诉, 怠慢, 搬迁, 去世…)."))


class Session:
    """Per-invocation settings from the global options."""

    db_option: str | None = None
    command_line: str = "kehu"  # the command line being run (common.command_line)


def command(app: typer.Typer, name: str | None = None, **kwargs) -> Callable:
    """Register a command whose expected failures become one line on stderr and an exit code."""

    def register(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def run(*args, **kw):
            import sqlite3

            try:
                return fn(*args, **kw)
            except KehuError as error:
                report(error)
                raise typer.Exit(error.exit_code) from None
            except sqlite3.DatabaseError as error:
                # A damaged file is only noticed when a query reaches the broken page.
                from kehu.book import storage_error

                failure = storage_error(config.db_path(Session.db_option), error)
                report(failure)
                raise typer.Exit(failure.exit_code) from None

        if fn.__doc__ and "help" not in kwargs:  # the docstring is the help: translated like every sentence
            import inspect

            kwargs["help"] = _(inspect.cleandoc(fn.__doc__))
        return app.command(name, **kwargs)(run)

    return register


def report(error: KehuError) -> None:
    """Print a user's mistake on stderr: one line, plus the candidates of an ambiguous name."""
    print(f"kehu: {error.message}", file=sys.stderr)
    if isinstance(error, Ambiguous) and error.details:
        for c in error.details:
            extras = " · ".join(x for x in (c.company, c.city, _("archived") if c.archived else None) if x)
            print(f"  #{c.id}  {c.name}" + (f"  ({extras})" if extras else ""), file=sys.stderr)


def confirm(question: str) -> bool:
    """Ask a yes/no question on a terminal; anywhere else (cron, a pipe) the answer is no."""
    if not sys.stdin.isatty():
        return False
    return typer.confirm(question, default=False)


def read_clock():
    """Today and now for the whole command, read once (KEHU_TODAY moves them): a kehu.book.Clock."""
    from kehu.book.clock import Clock

    return Clock.system()


def open_book(*, create: bool = False, settings=True, clock=None):
    """The client book (kehu.book.Book) in the database named by --db / KEHU_DB / the platform data
    folder, with the clock read once for the whole command and the settings: read first (a bad
    config file is named before anything else), or — for commands that seldom need them,
    `not settings` — when first needed (or the settings a command already loaded). A command
    that checks its dates before opening the book passes the `clock` it read them by (`read_clock`).

    Only the commands that start a book (`add`, `import`, `demo`) `create` it: any other command
    given a path where nothing is (a mistyped --db in a crontab) says so, instead of quietly
    making an empty database and reporting that nothing is due."""
    from kehu.book import open_book as opened

    clock = clock or read_clock()
    cfg = config.load_config() if settings is True else config.load_config if settings is False else settings
    path = config.db_target(Session.db_option)
    if not create and not isinstance(path, str) and not path.exists():
        raise NotFound(_("no kehu database at {path} yet (check --db or KEHU_DB); `kehu add NAME`, "
                         "`kehu import FILE` or `kehu demo` starts one").format(path=path))
    return opened(path, cfg, clock, Session.command_line)


def command_line(args: list[str]) -> str:
    """A command line as the undo history names it: "kehu log 张伟 --note 报价" (long ones cut)."""
    import re

    args = [re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", a) if "://" in a else a for a in args]  # never a password
    words = [f'"{a}"' if not a or any(ch.isspace() for ch in a) else a for a in args]
    line = " ".join(["kehu", *words])
    return line if len(line) <= 120 else line[:119] + "…"


def book_files(sheet=None) -> dict:
    """The files an output path must never be, with what to call each: the database (its
    -wal/-shm/-journal are added by files.output_file), the config file, the sheet being imported."""
    target = config.db_target(Session.db_option)
    files = {config.config_path(): _("kehu's config file")} | ({} if isinstance(target, str) else {target: _("the client book")})
    return files | ({sheet: _("the file being imported")} if sheet is not None else {})


def output_path(path):
    """A file the user asked kehu to write (--output), vetted by files.output_file: never the
    book, its journal or the config, however named; never through a dangling link."""
    from kehu.files import output_file

    return output_file(path, book_files())


def when_date(text: str, option: str, today: dt.date) -> dt.date:
    """A date option (`--next`, `--until`, `--met`), or a usage error naming the accepted forms."""
    from kehu.core.when import WhenError, parse_date

    try:
        return parse_date(text, today)
    except WhenError as e:
        raise UsageError(f"{option}: {e}") from None


def when_moment(text: str, option: str, now: dt.datetime) -> dt.datetime:
    """A moment option (`--at`), or a usage error naming the accepted forms."""
    from kehu.core.when import WhenError, parse_moment

    try:
        return parse_moment(text, now)
    except WhenError as e:
        raise UsageError(f"{option}: {e}") from None


def clean_text(value: str | None, what: str, limit: int = 20_000, multiline: bool = False) -> str | None:
    """A free-text option checked by core.fields.clean_text (trimmed, no control characters, not
    too long; empty becomes None), or a usage error."""
    from kehu.core.fields import FieldError
    from kehu.core.fields import clean_text as checked

    try:
        return checked(value, what, limit, multiline)
    except FieldError as e:
        raise UsageError(str(e)) from None
