"""What every command shares: the database option, error reporting, WHO and WHEN parsing."""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from collections.abc import Callable
from enum import Enum

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


# 120, 99.50, 1,200, 12,345.67: commas only between groups of three digits ("99,50" is refused,
# never read as 9950).
_AMOUNT = re.compile(r"(\d{1,3}(?:[,，]\d{3})+|\d+)(\.\d+)?|\.\d+")


def _amount(value: str | None) -> float | None:
    if value is None:
        return None
    text = value.strip()
    if not _AMOUNT.fullmatch(text) or float(re.sub("[,，]", "", text)) > 1e12:
        raise typer.BadParameter(_("{value!r} is not an amount like 120 or 99.50 (0 to 1,000,000,000,000)").format(value=value))
    return float(re.sub("[,，]", "", text))


def amount_option(flag: str, help: str):
    """An amount of money: --cost, --value (typed `str`: read here, the command gets a float)."""
    return typer.Option(None, flag, metavar="AMOUNT", callback=_amount, help=help)


class Channel(str, Enum):
    call = "call"
    visit = "visit"
    wechat = "wechat"
    sms = "sms"
    email = "email"
    meeting = "meeting"
    gift = "gift"
    card = "card"
    social = "social"
    other = "other"


class Outcome(str, Enum):
    good = "good"
    neutral = "neutral"
    bad = "bad"
    none = "none"


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
                from kehu.store.db import store_error

                failure = store_error(config.db_path(Session.db_option), error)
                report(failure)
                raise typer.Exit(failure.exit_code) from None

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


def open_db(*, create: bool = False):
    """The database named by --db / KEHU_DB / the platform data folder, ready to use.

    Only the commands that start a book (`add`, `import`, `demo`, `restore`) `create` it: any
    other command given a path where nothing is (a mistyped --db in a crontab) says so, instead
    of quietly making an empty database and reporting that nothing is due."""
    from kehu.store.db import open_database

    path = config.db_path(Session.db_option)
    if not create and not path.exists():
        raise NotFound(_("no kehu database at {path} yet (check --db or KEHU_DB); `kehu add NAME`, "
                         "`kehu import FILE` or `kehu demo` starts one").format(path=path))
    db = open_database(path)
    db.change_label, db.change_at = Session.command_line, config.now()  # what `kehu undo` calls its changes
    return db


def command_line(args: list[str]) -> str:
    """A command line as the undo history names it: "kehu log 张伟 --note 报价" (long ones cut)."""
    words = [f'"{a}"' if not a or any(ch.isspace() for ch in a) else a for a in args]
    line = " ".join(["kehu", *words])
    return line if len(line) <= 120 else line[:119] + "…"


def resolve(conn, who: str, *, archived: bool = False):
    """The one contact WHO names: an id (12, #12), a name, a prefix, pinyin, initials, a substring.

    Only active contacts unless `archived`, which lets archived ones match too. An id that is also
    another contact's exact name, or several contacts at the best match level, is ambiguous.
    """
    from kehu.core.names import best_matches, closest_names, everyday_readings, parse_id
    from kehu.store import contacts

    who = who.strip()
    if not who:
        raise UsageError(_("WHO is empty: give a name, part of one, its pinyin or an id (#12)"))
    contact_id = parse_id(who)
    if contact_id is not None and (by_id := contacts.get_candidate(conn, contact_id, archived)):
        # The hot path (`kehu log 12`): one primary-key and one indexed name lookup.
        matches = [by_id] + [c for c in contacts.named_exactly(conn, who, archived) if c.id != by_id.id]
    else:
        matches = best_matches(who, contacts.candidates(conn, who, archived))
    if not matches:  # accents and non-ASCII case are beyond SQLite's LIKE: ask the core
        everyone = contacts.all_candidates(conn, archived)
        matches = best_matches(who, everyone) or best_matches(who, everyday_readings(everyone))
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise Ambiguous(
            _("{who!r} matches {n} contacts; say which by id (e.g. #{id}):").format(who=who, n=len(matches), id=matches[0].id),
            details=sorted(matches, key=lambda c: c.id)[:20],
        )
    if not archived and (gone := resolve_archived(conn, who)):
        raise NotFound(_("{name} (#{id}) is archived; `kehu unarchive {id}` brings them back").format(name=gone.name, id=gone.id))
    suggestions = closest_names(who, list(dict.fromkeys(c.name for c in everyone)))  # two 马一 are one suggestion
    hint = _("; did you mean {names}?").format(names=", ".join(suggestions)) if suggestions else ""
    raise NotFound(_("no contact matches {who!r}{hint}").format(who=who, hint=hint))


def resolve_archived(conn, who: str):
    """The one archived contact WHO names, if no active one matched (to say why)."""
    try:
        found = resolve(conn, who, archived=True)
    except KehuError:
        return None
    return found if found.archived else None


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


# C0/C1 controls, and the bidirectional overrides that make text display as something else
# (U+202E turns "evil" into "live"). Zero-width joiners stay: emoji families are made of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")
_LINE_BREAK = re.compile(r"[\n\t]")


def clean_text(value: str | None, what: str, limit: int = 20_000, multiline: bool = False) -> str | None:
    """Trim a free-text field; empty becomes None. Refuse text too long to be a note, and
    control characters (an escape sequence in a name would reach every table and pipe)."""
    if value is None:
        return None
    value = value.strip()
    if len(value) > limit:
        raise UsageError(
            _("{what} is {n} characters; the limit is {limit} (keep documents elsewhere and note where)").format(
                what=what, n=len(value), limit=limit
            )
        )
    if _CONTROL.search(value) or (not multiline and _LINE_BREAK.search(value)):
        allowed = _(" (line breaks are fine in a note)") if multiline else ""
        raise UsageError(_("{what} contains control characters; use plain text{allowed}").format(what=what, allowed=allowed))
    if value and not _INVISIBLE.sub("", value):
        raise UsageError(_("{what} has nothing visible in it (only zero-width characters)").format(what=what))
    return value or None
