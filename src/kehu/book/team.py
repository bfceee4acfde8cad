"""Team mode (PostgreSQL, issue 18): setting the database up, its members, hand-overs and the
manager's report. The privacy of each rep's clients is the database's own (row-level security,
store.engines.pg_schema): nothing here filters rows in Python."""

from __future__ import annotations

import re

from kehu.errors import KehuError, UsageError
from kehu.i18n import _

ROLES = ("rep", "manager")
_LOGIN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def require_team(book) -> None:
    if not getattr(book.db, "team", False):
        raise UsageError(_("this works on a team database: give --db postgresql://… (or KEHU_DB, or [store] url)"))


def init(url: str, now) -> str:
    """Create or upgrade the team schema and its policies at `url` (run by the database's owner);
    returns "created", "upgraded" or "current"."""
    from kehu.store.engines.team import install, open_team_database

    db = open_team_database(url, setting_up=True)
    try:
        return install(db, now)
    finally:
        db.close()


def check_login(login: str) -> str:
    if not _LOGIN.match(login):
        raise UsageError(_("{login!r} is not a login: use lower-case letters, digits and _, starting with a letter").format(
            login=login))
    if login.startswith("pg_") or login in ("kehu_rep", "kehu_manager", "public"):
        raise UsageError(_("{login!r} is reserved: choose another login").format(login=login))
    return login


def add_member(book, login: str, role: str, name: str | None, password: str | None) -> bool:
    """Create the PostgreSQL login role LOGIN in the group of its role (or put an existing role
    there) and record its display name; returns True when the role is new."""
    from kehu.store import team

    require_team(book)
    check_login(login)
    if role not in ROLES:
        raise UsageError(_("--role must be rep or manager, not {role!r}").format(role=role))
    with book.write() as conn:
        return team.add_member(conn, login, role, name, password, book.now)


def members(book) -> list[dict]:
    from kehu.store import team

    require_team(book)
    if not team.may_see_team(book.conn):
        raise KehuError(_("only a manager or the database's owner lists the team"))
    return team.members(book.conn)
