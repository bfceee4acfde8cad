"""Key-account queries: the account a company's name means, its people, stage moves and merges.
Callers own the transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import NamedTuple

from kehu.store.rows import day, iso_day, iso_moment, moment


class AccountRow(NamedTuple):
    """An account as stored."""

    id: int
    name: str
    stage: str
    attractiveness: int | None
    strength: int | None
    created_on: dt.date


class PersonRow(NamedTuple):
    """One of an account's people."""

    account_id: int
    id: int
    name: str
    tier: str
    role: str | None
    style: str | None
    stage: str
    last_touch: dt.date | None
    created_on: dt.date
    archived: bool


_ACCOUNT = "id, name, stage, attractiveness, strength, created_on"
_PERSON = "account_id, id, name, tier, role, style, stage, last_touch_on, created_on, archived"


def _account(row) -> AccountRow:
    return AccountRow(row[0], row[1], row[2], row[3], row[4], day(row[5]))


def _person(row) -> PersonRow:
    return PersonRow(*row[:7], day(row[7]), day(row[8]), bool(row[9]))


def account_of(conn: sqlite3.Connection, company: str | None, today: dt.date) -> int | None:
    """The account a company's name means: found by its key among every account's names, or
    created (stage pre) under it. None for no company."""
    from kehu.core.accounts import account_key

    key = account_key(company or "")
    if not key:
        return None
    found = conn.execute("SELECT account_id FROM account_alias WHERE key = ?", (key,)).fetchone()
    if found:
        return found[0]
    name = company.strip()
    account_id = conn.execute("INSERT INTO account (name, stage, created_on) VALUES (?, 'pre', ?)",
                              (name, today.isoformat())).lastrowid
    conn.execute("INSERT INTO account_alias (key, name, account_id) VALUES (?, ?, ?)", (key, name, account_id))
    return account_id


def link_contacts(conn: sqlite3.Connection, contact_ids: list[int], today: dt.date, *, unlinked: bool = False) -> set[int]:
    """Put each of these contacts in the account its company names (none without a company);
    with `unlinked`, only those in no account yet. Returns the accounts it made."""
    made: set[int] = set()
    wanted = sorted(set(contact_ids))
    only = " AND account_id IS NULL" if unlinked else ""
    by_name: dict[str | None, int | None] = {}  # a company's account, looked up once for all the contacts
    for first in range(0, len(wanted), 500):
        chunk = wanted[first:first + 500]
        found = conn.execute(f"SELECT id, company, account_id FROM contact WHERE id IN ({', '.join('?' * len(chunk))}){only}",
                             chunk).fetchall()
        changes = []
        for cid, company, current in found:
            if company not in by_name:
                before = conn.execute("SELECT coalesce(max(id), 0) FROM account").fetchone()[0]
                by_name[company] = account_of(conn, company, today)
                if by_name[company] is not None and by_name[company] > before:
                    made.add(by_name[company])
            if by_name[company] != current:
                changes.append((by_name[company], cid))
        conn.executemany("UPDATE contact SET account_id = ? WHERE id = ?", changes)
    return made


def alike(conn: sqlite3.Connection, account_id: int) -> list[tuple[int, str]]:
    """(id, name) of the other accounts one of whose names' keys holds this account's key or is
    held in it (华为 and 华为技术): perhaps one company, for `kehu account merge`."""
    found = {}
    for (key,) in conn.execute("SELECT key FROM account_alias WHERE account_id = ?", (account_id,)).fetchall():
        if len(key) < 2:
            continue
        for other, name in conn.execute(
                "SELECT a.id, a.name FROM account_alias n JOIN account a ON a.id = n.account_id WHERE n.account_id != ? "
                "AND length(n.key) >= 2 AND (instr(n.key, ?) > 0 OR instr(?, n.key) > 0) ORDER BY a.id", (account_id, key, key)):
            found[other] = name
    return list(found.items())


def get(conn: sqlite3.Connection, account_id: int) -> AccountRow | None:
    row = conn.execute(f"SELECT {_ACCOUNT} FROM account WHERE id = ?", (account_id,)).fetchone()
    return _account(row) if row else None


def all_accounts(conn: sqlite3.Connection) -> list[AccountRow]:
    """Every account, by name."""
    return [_account(r) for r in conn.execute(f"SELECT {_ACCOUNT} FROM account ORDER BY name, id")]


def scored_at_least(conn: sqlite3.Connection, attractiveness: int, strength: int) -> list[AccountRow]:
    """The accounts the matrix puts in `key` (both scores at or above their thresholds)."""
    return [_account(r) for r in conn.execute(
        f"SELECT {_ACCOUNT} FROM account WHERE attractiveness >= ? AND strength >= ? ORDER BY id", (attractiveness, strength))]


def by_key(conn: sqlite3.Connection, key: str) -> int | None:
    row = conn.execute("SELECT account_id FROM account_alias WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def named_like(conn: sqlite3.Connection, key: str) -> list[tuple[int, str]]:
    """(id, name) of the accounts one of whose keys contains `key`."""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return conn.execute("SELECT DISTINCT a.id, a.name FROM account a JOIN account_alias n ON n.account_id = a.id "
                        "WHERE n.key LIKE ? ESCAPE '\\' ORDER BY a.name, a.id", (f"%{escaped}%",)).fetchall()


def aliases(conn: sqlite3.Connection, account_id: int) -> list[str]:
    """The account's other names, as first written."""
    return [r[0] for r in conn.execute("SELECT a.name FROM account_alias a JOIN account c ON c.id = a.account_id "
                                       "WHERE a.account_id = ? AND a.name != c.name ORDER BY a.name", (account_id,))]


def people(conn: sqlite3.Connection, account_ids: list[int]) -> dict[int, list[PersonRow]]:
    """Each account's people (archived ones too), by name."""
    found: dict[int, list[PersonRow]] = {a: [] for a in account_ids}
    for first in range(0, len(account_ids), 500):
        chunk = account_ids[first:first + 500]
        for row in conn.execute(f"SELECT {_PERSON} FROM contact WHERE account_id IN ({', '.join('?' * len(chunk))}) "
                                "ORDER BY name_pinyin, name, id", chunk):
            found[row[0]].append(_person(row))
    return found


def set_matrix(conn: sqlite3.Connection, account_id: int, attractiveness: int | None, strength: int | None) -> None:
    """Score the account (a None keeps that score)."""
    conn.execute("UPDATE account SET attractiveness = coalesce(?, attractiveness), strength = coalesce(?, strength) "
                 "WHERE id = ?", (attractiveness, strength, account_id))


def move_stage(conn: sqlite3.Connection, account_id: int, stage_from: str, stage_to: str, at: dt.datetime,
               forced: bool, reason: str | None) -> None:
    """Move the account to a stage, and keep the move in its history."""
    conn.execute("UPDATE account SET stage = ? WHERE id = ?", (stage_to, account_id))
    conn.execute("INSERT INTO account_stage (account_id, at, stage_from, stage_to, forced, reason) VALUES (?, ?, ?, ?, ?, ?)",
                 (account_id, iso_moment(at), stage_from, stage_to, int(forced), reason))


def stage_history(conn: sqlite3.Connection, account_id: int) -> list[dict]:
    """The account's stage moves, oldest first."""
    return [{"at": moment(at), "from": stage_from, "to": stage_to, "forced": bool(forced), "reason": reason}
            for at, stage_from, stage_to, forced, reason in conn.execute(
                "SELECT at, stage_from, stage_to, forced, reason FROM account_stage WHERE account_id = ? ORDER BY at, id",
                (account_id,))]


def touches(conn: sqlite3.Connection, account_id: int) -> list[tuple]:
    """(contact name, touch) of every touch with anyone at the account, newest first, each marked
    as `kehu show` marks it (a second touch on a follow-up's day)."""
    from kehu.store.touches import touches_of

    found = []
    for contact_id, name in conn.execute("SELECT id, name FROM contact WHERE account_id = ?", (account_id,)).fetchall():
        found += [(name, t) for t in touches_of(conn, contact_id)]
    return sorted(found, key=lambda pair: (pair[1].at, pair[1].id), reverse=True)


def merge(conn: sqlite3.Connection, keep: int, other: int) -> None:
    """Fold account `other` into `keep`: its people, names (so a contact naming it later joins
    `keep`), stage history and any score `keep` lacks; `other` is deleted."""
    conn.execute("UPDATE contact SET account_id = ? WHERE account_id = ?", (keep, other))
    conn.execute("UPDATE account_alias SET account_id = ? WHERE account_id = ?", (keep, other))
    conn.execute("UPDATE account_stage SET account_id = ? WHERE account_id = ?", (keep, other))
    conn.execute("UPDATE account SET attractiveness = coalesce(attractiveness, (SELECT attractiveness FROM account WHERE id = ?)), "
                 "strength = coalesce(strength, (SELECT strength FROM account WHERE id = ?)), "
                 "created_on = min(created_on, (SELECT created_on FROM account WHERE id = ?)) WHERE id = ?",
                 (other, other, other, keep))
    conn.execute("DELETE FROM account WHERE id = ?", (other,))


def export_accounts(conn: sqlite3.Connection) -> list[dict]:
    """Every account for kehu's JSON: names, stage, scores and stage history."""
    found = []
    for a in all_accounts(conn):
        names = [r[0] for r in conn.execute("SELECT name FROM account_alias WHERE account_id = ? ORDER BY name", (a.id,))]
        found.append({"id": a.id, "name": a.name, "aliases": [n for n in names if n != a.name], "stage": a.stage,
                      "attractiveness": a.attractiveness, "strength": a.strength, "created_on": iso_day(a.created_on),
                      "stages": [{"at": iso_moment(s["at"]), "from": s["from"], "to": s["to"], "forced": s["forced"],
                                  "reason": s["reason"]} for s in stage_history(conn, a.id)]})
    return found
