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


def handover_plan(book, source: str, target: str, tier: str | None, tag: str | None) -> list[tuple[int, str]]:
    """(id, name) of the contacts `kehu handover` would move, after checking both members."""
    from kehu.store import team

    require_team(book)
    if source == target:
        raise UsageError(_("--from and --to name the same member"))
    for login in (source, target):
        if not team.is_member(book.conn, login):
            raise KehuError(_("{login!r} is not on the team (kehu team list)").format(login=login))
    return team.owned_by(book.conn, source, tier, tag)


def handover(book, source: str, target: str, tier: str | None, tag: str | None) -> list[tuple[int, str]]:
    """Move the contacts of `source` (of a tier, with a tag) to `target` in one transaction, with
    their whole history; each gets an "introduce yourself" call due today for its new owner —
    an unanswered care touch carrying the promise (so it counts as no follow-up and no contact
    made). Returns the (id, name) moved."""
    from kehu.store import team, touches

    handed = handover_plan(book, source, target, tier, tag)
    if not handed:
        return []
    with book.write() as conn:
        handed = team.owned_by(conn, source, tier, tag)  # as it is now, under the write lock
        ids = [cid for cid, _name in handed]
        team.hand_over(conn, ids, target, book.now)
        note = _("handed over from {source} to {target}").format(source=source, target=target)
        todo = _("introduce yourself as their new contact")
        for cid in ids:
            touches.insert_touch(conn, cid, {"at": book.now, "channel": "other", "outcome": "none", "care": True,
                                             "note": note, "todo": todo, "next_on": book.today}, book.now)
        book.refresh(conn, *ids)
    return handed


def ownership(book, contact_id: int) -> list[dict]:
    """Who owned the contact when ([] on a SQLite book)."""
    if not getattr(book.db, "team", False):
        return []
    from kehu.store import team

    return team.ownership(book.conn, contact_id)


def push_plan(local, team_book) -> tuple[dict, int, int]:
    """(the local book as a checked JSON hand-over, how many of its contacts a push adds, how
    many it skips as already there: core.same_contact, as `kehu import` judges), read only."""
    import json

    from kehu.book.importing import new_contacts
    from kehu.core.book_check import check_book

    require_team(team_book)
    text, _encoding = local.export("json", 0)
    doc = json.loads("".join(text))
    checked = check_book(doc, doc["version"])
    added = len(new_contacts(team_book.conn, checked["contacts"]))
    return checked, added, len(checked["contacts"]) - added


def push(team_book, checked: dict) -> tuple[int, int]:
    """Copy a local book (push_plan's hand-over) into the team database, under the member
    connected, all or nothing (book/importing.py); returns (added, skipped)."""
    return team_book.import_book(checked, skip_duplicates=True)


def team_due(book, days: int, *, owner: str | None, everyone: bool, tier=None, tag=None, with_owners: bool = False):
    """(due items of the clients asked for, or None when every client the member sees is asked
    for and `kehu due` ranks them as usual; {contact id: owner}, when filtering or `with_owners`).
    By default a manager's `kehu due` lists their own clients; `--owner LOGIN` one member's,
    `--team` everyone's they may see."""
    from kehu.store import team

    if owner is not None and everyone:
        raise UsageError(_("--owner and --team: give one"))
    require_team(book)
    conn = book.conn
    if everyone:
        return None, team.owners(conn) if with_owners else {}
    if owner is None:
        if not team.may_see_team(conn):  # a rep sees their own clients only: the database's rules
            return None, team.owners(conn) if with_owners else {}
        owner = book.db.member
    elif not team.is_member(conn, owner):
        raise KehuError(_("{login!r} is not on the team (kehu team list)").format(login=owner))
    owners = team.owners(conn)
    items = [i for i in book.due_list(days, tier=tier, tag=tag) if owners.get(i.contact_id) == owner]
    return items, owners


def report(book) -> list[dict]:
    """Per member who owns clients the caller may see: what is due today (and how much of it is
    overdue), in the ★ zone (#4–#11), stalled early, the won clients at risk, and the wins by the
    follow-up number they came after."""
    from collections import Counter

    from kehu.core.digest import at_risk
    from kehu.store import digest as digest_reads
    from kehu.store import stats as reads
    from kehu.store import team

    require_team(book)
    conn = book.conn
    if not team.may_see_team(conn):
        raise KehuError(_("only a manager or the database's owner sees the team report"))
    owners = team.owners(conn)
    rows = {m["login"]: {"login": m["login"], "name": m["name"], "role": m["role"], "clients": m["contacts"],
                         "due": 0, "overdue": 0, "in_zone": 0, "stalled_early": 0, "at_risk": 0, "wins": 0,
                         "wins_by_follow_up": Counter()} for m in team.members(conn)}

    def row(contact_id: int) -> dict:
        login = owners.get(contact_id)
        return rows.setdefault(login, {"login": login, "name": None, "role": None, "clients": 0, "due": 0, "overdue": 0,
                                       "in_zone": 0, "stalled_early": 0, "at_risk": 0, "wins": 0,
                                       "wins_by_follow_up": Counter()})

    for item in book.due_list(0):
        r = row(item.contact_id)
        r["due"] += 1
        r["overdue"] += item.days_overdue > 0
        r["in_zone"] += item.in_zone
        r["stalled_early"] += item.stalled_early
    for risky in at_risk(digest_reads.won_contacts(conn), book.rules, book.today):
        row(risky.contact_id)["at_risk"] += 1
    for deal in reads.deals(conn):
        if deal.outcome == "won":
            r = row(deal.contact_id)
            r["wins"] += 1
            r["wins_by_follow_up"][max(deal.closed_after, 0)] += 1
    out = []
    for r in rows.values():
        r["wins_by_follow_up"] = {f"#{n}": count for n, count in sorted(r["wins_by_follow_up"].items())}
        out.append(r)
    return sorted(out, key=lambda r: (r["role"] != "rep", r["login"] or ""))
