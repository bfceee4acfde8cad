"""The whole client book in and out: kehu's JSON (a full hand-over), contacts and touches from
spreadsheets, duplicate detection, and merging two contacts. Callers own the transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator

from kehu.core.book_check import BOOK_FORMAT, BOOK_VERSION
from kehu.store import rows

_CONTACT = ("id", "name", "name_pinyin", "name_initials", "company", "title", "tier", "phone", "email", "wechat",
            "city", "hometown", "note", "referred_by", "created_on", "archived", "stage", "paused_until",
            "sequence_start", "closed_at", "won_value", "won_after", "lost_reason", "account_id", "role", "style")
_TOUCH = ("at", "channel", "note", "outcome", "care", "cost", "next_on", "todo", "logged_at")
_TOUCH_TYPES = {"care": "INTEGER", "cost": "DOUBLE PRECISION"}  # the others are text (PostgreSQL's REAL has 4 bytes)
_DATE = ("label", "whose", "lunar", "leap", "year", "month", "day", "remind_days")
_COMPLAINT = ("opened_at", "text", "resolve_by", "resolved_at", "resolution", "call_due")
_DEAL = ("started_at", "closed_at", "outcome", "closed_after", "value", "reason")


def book_parts(conn: sqlite3.Connection, exported_at: dt.datetime, settings: str | None) -> tuple[dict, Iterator[str], list[dict]]:
    """Everything, versioned: the head of the book, its contacts as JSON texts one at a time (each
    with its touches, tags, dates, complaints and deals) and its sweeps. The contacts are read
    as they are written out, so an export of any size holds one contact in memory, not the book."""
    head = {"format": BOOK_FORMAT, "version": BOOK_VERSION, "exported_at": rows.iso_moment(exported_at), "settings": settings}
    sweeps = []
    for sid, place, reason, created_at in conn.execute("SELECT id, place, reason, created_at FROM sweep ORDER BY id").fetchall():
        members = [r[0] for r in conn.execute("SELECT contact_id FROM sweep_contact WHERE sweep_id = ? ORDER BY contact_id", (sid,))]
        sweeps.append({"place": place, "reason": reason, "created_at": created_at, "contacts": members})
    query = _PG_CONTACT_JSON if getattr(conn, "dialect", "sqlite") == "postgresql" else _CONTACT_JSON
    return head, (text for (text,) in conn.execute(query)), sweeps


def _json_object(columns: tuple[str, ...]) -> str:
    return "json_object(" + ", ".join(f"'{c}', {c}" for c in columns) + ")"


def _json_array(value: str, table: str, order: str) -> str:
    """SQL for a contact's records of a table as the text of a JSON array, in `order` (SQLite 3.40
    has no ORDER BY inside an aggregate, so the rows are ordered in a subquery)."""
    return (f"'[' || coalesce((SELECT group_concat(x, ',') FROM (SELECT {value} AS x FROM {table} "
            f"WHERE contact_id = contact.id ORDER BY {order})), '') || ']'")


# A touch, with the holiday greeting it was (schema 4), if any: ["春节", 2027].
_TOUCH_OBJECT = (_json_object(_TOUCH)[:-1] + ", 'greeting', json((SELECT json_array(g.holiday, g.year) "
                 "FROM greeting g WHERE g.touch_id = touch.id)))")


# Each contact as one JSON text, built by SQLite's JSON functions in C (through Python's json
# module an export of 100k contacts and 1M touches took twice as long): the contact's columns,
# then its records as arrays of objects, in the order of the columns above. The arrays are joined
# as text, not json_group_array(json(…)), which would parse every touch a second time.
_CONTACT_JSON = (
    f"SELECT rtrim({_json_object(_CONTACT)}, '}}')"
    + " || ',\"tags\":' || " + _json_array("json_quote(tag)", "contact_tag", "tag")
    + " || ',\"touches\":' || " + _json_array(_TOUCH_OBJECT, "touch", "at, id")
    + " || ',\"dates\":' || " + _json_array(_json_object(_DATE), "important_date", "id")
    + " || ',\"complaints\":' || " + _json_array(_json_object(_COMPLAINT), "complaint", "id")
    + " || ',\"deals\":' || " + _json_array(_json_object(_DEAL), "deal", "id")
    + " || '}' FROM contact ORDER BY id"
)


# The same on PostgreSQL (a team database, store.engines): its own JSON functions. Columns are
# 0/1 and ISO text there as here, so the text is the same JSON.
def _pg_object(columns: tuple[str, ...], table: str) -> str:
    return "json_build_object(" + ", ".join(f"'{c}', {table}.{c}" for c in columns) + ")"


def _pg_array(value: str, table: str, order: str) -> str:
    return (f"coalesce((SELECT json_agg({value} ORDER BY {order}) FROM {table} WHERE {table}.contact_id = contact.id), "
            "'[]'::json)::text")


_PG_TOUCH_OBJECT = (_pg_object(_TOUCH, "touch")[:-1] + ", 'greeting', (SELECT json_build_array(g.holiday, g.year) "
                    "FROM greeting g WHERE g.touch_id = touch.id))")
_PG_CONTACT_JSON = (
    f"SELECT rtrim({_pg_object(_CONTACT, 'contact')}::text, '}}')"
    + " || ',\"tags\":' || " + _pg_array("contact_tag.tag", "contact_tag", "contact_tag.tag")
    + " || ',\"touches\":' || " + _pg_array(_PG_TOUCH_OBJECT, "touch", "touch.at, touch.id")
    + " || ',\"dates\":' || " + _pg_array(_pg_object(_DATE, "important_date"), "important_date", "important_date.id")
    + " || ',\"complaints\":' || " + _pg_array(_pg_object(_COMPLAINT, "complaint"), "complaint", "complaint.id")
    + " || ',\"deals\":' || " + _pg_array(_pg_object(_DEAL, "deal"), "deal", "deal.id")
    + " || '}' FROM contact ORDER BY id"
)


class BookWriter:
    """A checked kehu book written a batch of contacts at a time (`add`), then its sweeps and
    accounts (`finish`), which come after the contacts in the file: the contacts' accounts and
    referrers are linked then. The touches wait in a temporary table, not in memory, until
    `finish` inserts them in the order they were logged, as in the book they came from (a sweep
    counts the touches logged after it)."""

    def __init__(self, conn: sqlite3.Connection, keep_ids: bool) -> None:
        if getattr(conn, "dialect", "sqlite") == "postgresql":
            keep_ids = False  # a team database: its ids are the team's, whatever this member sees
        self.conn, self.keep_ids = conn, keep_ids
        self.ids: dict[int, int] = {}  # the file's contact ids → the book's
        self.referred: list[tuple[int, int]] = []  # (the book's id, the file's id of the referrer)
        self.accounts: list[tuple[int, int]] = []  # (the book's id, the file's id of the account)
        self.staged = 0
        conn.execute("DROP TABLE IF EXISTS imported_touch")
        columns = ", ".join(f"{c} {_TOUCH_TYPES.get(c, 'TEXT')}" for c in _TOUCH)
        conn.execute(f"CREATE TEMP TABLE imported_touch (seq INTEGER PRIMARY KEY, contact_id INTEGER, {columns}, "
                     "holiday TEXT, year INTEGER)")

    def add(self, contacts: list[dict]) -> None:
        conn, touches = self.conn, []
        for contact in contacts:
            values = {k: contact.get(k) for k in _CONTACT if k not in ("id", "referred_by", "account_id")}
            values.update(complaint_open=0, follow_ups_done=-1)
            if self.keep_ids:
                values["id"] = contact["id"]
            columns = ", ".join(values)
            new_id = conn.execute(f"INSERT INTO contact ({columns}) VALUES ({', '.join('?' * len(values))})",
                                  tuple(values.values())).lastrowid
            self.ids[contact["id"]] = new_id
            if contact.get("referred_by") is not None:
                self.referred.append((new_id, contact["referred_by"]))
            if contact.get("account_id") is not None:
                self.accounts.append((new_id, contact["account_id"]))
            conn.executemany("INSERT INTO contact_tag (contact_id, tag) VALUES (?, ?)", [(new_id, t) for t in contact["tags"]])
            for t in contact["touches"]:
                self.staged += 1
                touches.append((self.staged, new_id, *(t.get(c) for c in _TOUCH), *(t.get("greeting") or (None, None))))
            _insert_all(conn, "important_date", _DATE + ("next_on",), new_id,
                        [d | {"next_on": "1900-01-01"} for d in contact["dates"]])  # rolled forward by `kehu due`
            _insert_all(conn, "complaint", _COMPLAINT, new_id, contact["complaints"])
            _insert_all(conn, "deal", _DEAL, new_id, contact["deals"])
        conn.executemany(f"INSERT INTO imported_touch VALUES ({', '.join('?' * (len(_TOUCH) + 4))})", touches)

    def finish(self, sweeps: list[dict], accounts: list[dict]) -> list[int]:
        """Link what the contacts refer to, insert the touches and sweeps; the new contact ids."""
        conn, ids = self.conn, self.ids
        found = _import_accounts(conn, accounts, self.keep_ids)
        conn.executemany("UPDATE contact SET account_id = ? WHERE id = ?",
                         [(found[a], cid) for cid, a in self.accounts if a in found])
        conn.executemany("UPDATE contact SET referred_by = ? WHERE id = ?",
                         [(ids[ref], cid) for cid, ref in self.referred if ref in ids])
        before = conn.execute("SELECT coalesce(max(id), 0) FROM touch").fetchone()[0]
        order = "ORDER BY logged_at, at, seq"  # Python's stable sort on (logged_at, at) did this before
        conn.execute(f"INSERT INTO touch (contact_id, {', '.join(_TOUCH)}) "
                     f"SELECT contact_id, {', '.join(_TOUCH)} FROM imported_touch {order}")
        conn.execute(
            "INSERT OR IGNORE INTO greeting (contact_id, holiday, year, touch_id) SELECT g.contact_id, g.holiday, g.year, t.id "
            f"FROM (SELECT contact_id, holiday, year, row_number() OVER ({order}) AS n FROM imported_touch) AS g "
            "JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM touch WHERE id > ?) AS t ON t.n = g.n "
            "WHERE g.holiday IS NOT NULL", (before,))
        conn.execute("DROP TABLE imported_touch")
        for sweep in sweeps:
            members = [ids[m] for m in sweep["contacts"] if m in ids]
            if not members:
                continue
            # Touches logged before the sweep don't answer it; ids are new here, so find the last of those.
            last = conn.execute("SELECT coalesce(max(id), 0) FROM touch WHERE logged_at <= ?", (sweep["created_at"],)).fetchone()[0]
            sid = conn.execute("INSERT INTO sweep (place, reason, created_at, last_touch_id) VALUES (?, ?, ?, ?)",
                               (sweep["place"], sweep["reason"], sweep["created_at"], last)).lastrowid
            conn.executemany("INSERT INTO sweep_contact (sweep_id, contact_id) VALUES (?, ?)", [(sid, m) for m in members])
        return list(ids.values())


def _import_accounts(conn: sqlite3.Connection, accounts: list[dict], keep_ids: bool) -> dict[int, int]:
    """Add a book's accounts (book version 3), with their names and stage history; an account
    the book already has under one of its names keeps its stage and gains the others. Returns
    the file's account ids → the book's."""
    from kehu.core.accounts import account_key

    found = {}
    keep_ids = keep_ids and conn.execute("SELECT 1 FROM account LIMIT 1").fetchone() is None
    for a in accounts:
        names = [a["name"], *a["aliases"]]
        keys = [(k, n.strip()) for n in names if (k := account_key(n))]
        known = next((r[0] for k, _n in keys for r in conn.execute(
            "SELECT account_id FROM account_alias WHERE key = ?", (k,))), None)
        if known is None:
            columns = ("name", "stage", "attractiveness", "strength", "created_on") + (("id",) if keep_ids else ())
            known = conn.execute(f"INSERT INTO account ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                                 tuple(a[c] for c in columns)).lastrowid
            conn.executemany("INSERT INTO account_stage (account_id, at, stage_from, stage_to, forced, reason) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             [(known, s["at"], s["from"], s["to"], s["forced"], s["reason"]) for s in a["stages"]])
        else:
            conn.execute("UPDATE account SET attractiveness = coalesce(attractiveness, ?), strength = coalesce(strength, ?) "
                         "WHERE id = ?", (a["attractiveness"], a["strength"], known))
        conn.executemany("INSERT OR IGNORE INTO account_alias (key, name, account_id) VALUES (?, ?, ?)",
                         [(k, n, known) for k, n in keys])
        found[a["id"]] = known
    return found


def _insert_all(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], contact_id: int, records: list[dict]) -> None:
    if records:
        sql = f"INSERT INTO {table} (contact_id, {', '.join(columns)}) VALUES (?, {', '.join('?' * len(columns))})"
        conn.executemany(sql, [(contact_id, *(r.get(c) for c in columns)) for r in records])


def identities(conn: sqlite3.Connection, archived: bool = False) -> list[tuple[int, dict, str]]:
    """(id, name, company, phone, e-mail and WeChat, day added) of every active contact (with
    `archived`, archived ones too), the oldest first: what core.same_contact compares."""
    where = "" if archived else "WHERE archived = 0"
    return [(cid, {"name": name, "company": company, "phone": phone, "email": email, "wechat": wechat}, created_on)
            for cid, name, company, phone, email, wechat, created_on in conn.execute(
                f"SELECT id, name, company, phone, email, wechat, created_on FROM contact {where} ORDER BY id")]


def is_empty(conn: sqlite3.Connection) -> bool:
    """Whether the book has no contact at all (an import into it keeps the file's ids)."""
    return conn.execute("SELECT 1 FROM contact LIMIT 1").fetchone() is None


def add_tags(conn: sqlite3.Connection, contact_id: int, tags: list[str]) -> None:
    """Give a contact these tags too (the ones it has stay)."""
    tag_contacts(conn, [(contact_id, t) for t in tags])


def tag_contacts(conn: sqlite3.Connection, pairs: list[tuple[int, str]]) -> None:
    """Give each (contact id, tag) pair's contact that tag too: an import's in one executemany."""
    conn.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag) VALUES (?, ?)", pairs)


def fill_contact(conn: sqlite3.Connection, contact_id: int, fields: dict, overwrite: bool) -> None:
    """Update a contact from imported fields: every given field (overwrite) or only the empty ones."""
    current = dict(zip(fields, conn.execute(f"SELECT {', '.join(fields)} FROM contact WHERE id = ?", (contact_id,)).fetchone()))
    changes = {k: v for k, v in fields.items() if v is not None and (overwrite or current[k] in (None, ""))}
    if changes:
        conn.execute(f"UPDATE contact SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?", (*changes.values(), contact_id))


def last_touch_id(conn: sqlite3.Connection) -> int:
    """The newest touch id: an import compares its rows with the touches that were there before it."""
    return conn.execute("SELECT coalesce(max(id), 0) FROM touch").fetchone()[0]


def touches_already_there(conn: sqlite3.Connection, touches: list[tuple], before_id: int) -> set[int]:
    """The positions in `touches` (rows of store.touches.TOUCH_VALUES) of those the contact had
    before an import began (same moment, channel, outcome and note; touch id ≤ `before_id`): the
    same file imported twice adds nothing twice, while two like rows in one file (a missed call,
    then the call back) are both kept. A few queries for the whole file, not one a row."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS importing_contact (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS importing_touch (n INTEGER PRIMARY KEY, contact_id INTEGER, at TEXT, "
                 "channel TEXT, outcome TEXT, note TEXT)")
    conn.executemany("INSERT OR IGNORE INTO temp.importing_contact VALUES (?)", ((t[0],) for t in touches))
    # Only the rows of contacts that had a touch before are compared (none, into a new history).
    had = {cid for (cid,) in conn.execute("SELECT id FROM temp.importing_contact c WHERE EXISTS "
                                          "(SELECT 1 FROM touch WHERE contact_id = c.id AND id <= ?)", (before_id,))}
    conn.executemany("INSERT INTO temp.importing_touch VALUES (?, ?, ?, ?, ?, ?)",
                     ((n, cid, at, channel, outcome, note)
                      for n, (cid, at, channel, note, outcome, *_rest) in enumerate(touches) if cid in had))
    found = {n for (n,) in conn.execute(
        "SELECT n FROM temp.importing_touch i WHERE EXISTS (SELECT 1 FROM touch t WHERE t.contact_id = i.contact_id "
        "AND t.at = i.at AND t.channel = i.channel AND t.outcome = i.outcome AND t.note IS i.note AND t.id <= ?)", (before_id,))}
    conn.execute("DELETE FROM temp.importing_touch")
    conn.execute("DELETE FROM temp.importing_contact")
    return found


def touch_targets(conn: sqlite3.Connection, names: set[str]) -> dict[str, list[tuple[int, str | None]]]:
    """Each of these exact names → (id, company) of every active contact of that name (a touch
    log names its contacts): read for the names the log holds, not the whole book."""
    found: dict[str, list[tuple[int, str | None]]] = {}
    wanted = sorted(names)
    for first in range(0, len(wanted), 500):
        chunk = wanted[first:first + 500]
        for cid, name, company in conn.execute(
                f"SELECT id, name, company FROM contact WHERE archived = 0 AND name IN ({', '.join('?' * len(chunk))}) "
                "ORDER BY id", chunk):
            found.setdefault(name, []).append((cid, company))
    return found


def contact_named(conn: sqlite3.Connection, contact_id: int) -> str | None:
    """The name of an active contact, or None when there is no such contact."""
    row = conn.execute("SELECT name FROM contact WHERE id = ? AND archived = 0", (contact_id,)).fetchone()
    return row[0] if row else None


_STAGE = ("stage", "paused_until", "sequence_start", "closed_at", "won_value", "won_after", "lost_reason")


def _stage_wins(other: dict, keep: dict) -> bool:
    """Whether the duplicate's stage replaces the kept contact's: a won client stays won (and a
    won duplicate makes the contact won); otherwise the more recent state wins (a deal lost last
    year does not close the one pursued today)."""
    if keep["stage"] == "won" or other["stage"] == "lead":
        return False
    if other["stage"] == "won" or keep["stage"] == "lead":
        return True

    def latest(c: dict) -> str:
        return max((c[k] or "") for k in ("closed_at", "sequence_start", "last_touch_on"))

    return latest(other) > latest(keep)


def merge(conn: sqlite3.Connection, keep: int, other: int) -> None:
    """Fold contact `other` into `keep`: its history, tags, dates, complaints, deals, sweeps and greetings move
    over (a date both have is kept once), `keep`'s empty fields are filled from it, the stage
    that wins is chosen by `_stage_wins`, and `other` is deleted. Refresh `keep` afterwards."""
    columns = (*_STAGE, "last_touch_on")
    stages = {cid: dict(zip(columns, conn.execute(f"SELECT {', '.join(columns)} FROM contact WHERE id = ?", (cid,)).fetchone()))
              for cid in (keep, other)}
    for table in ("touch", "important_date", "complaint", "deal"):
        conn.execute(f"UPDATE {table} SET contact_id = ? WHERE contact_id = ?", (keep, other))
    conn.execute("DELETE FROM important_date WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER ("
                 "PARTITION BY label, whose, lunar, leap, month, day ORDER BY year IS NULL, id) AS n "
                 "FROM important_date WHERE contact_id = ?) AS numbered WHERE n > 1)", (keep,))
    conn.execute("INSERT OR IGNORE INTO contact_tag (contact_id, tag) SELECT ?, tag FROM contact_tag WHERE contact_id = ?",
                 (keep, other))
    conn.execute("INSERT OR IGNORE INTO sweep_contact (sweep_id, contact_id) SELECT sweep_id, ? FROM sweep_contact "
                 "WHERE contact_id = ?", (keep, other))
    # Holiday greetings go with their touches; one both had is kept once (the other goes with `other`).
    if getattr(conn, "dialect", "sqlite") == "sqlite":
        conn.execute("UPDATE OR IGNORE greeting SET contact_id = ? WHERE contact_id = ?", (keep, other))
    else:  # PostgreSQL has no UPDATE OR IGNORE: move those `keep` does not have
        conn.execute("UPDATE greeting SET contact_id = ? WHERE contact_id = ? AND NOT EXISTS (SELECT 1 FROM greeting k "
                     "WHERE k.contact_id = ? AND k.holiday = greeting.holiday AND k.year = greeting.year)", (keep, other, keep))
    conn.execute("UPDATE contact SET referred_by = ? WHERE referred_by = ?", (keep, other))
    fillable = ("company", "title", "phone", "email", "wechat", "city", "hometown", "note", "referred_by",
                "account_id", "role", "style")
    row = conn.execute(f"SELECT {', '.join(fillable)}, created_on FROM contact WHERE id = ?", (other,)).fetchone()
    other_fields, created = dict(zip(fillable, row[:-1])), row[-1]
    conn.execute("DELETE FROM contact WHERE id = ?", (other,))
    fill_contact(conn, keep, other_fields, overwrite=False)
    conn.execute("UPDATE contact SET referred_by = NULL WHERE id = ? AND referred_by = ?", (keep, keep))
    if _stage_wins(stages[other], stages[keep]):
        conn.execute(f"UPDATE contact SET {', '.join(f'{k} = ?' for k in _STAGE)} WHERE id = ?",
                     (*(stages[other][k] for k in _STAGE), keep))
    # The merged contact has been in the book since the earlier of the two.
    conn.execute("UPDATE contact SET created_on = min(created_on, ?) WHERE id = ?", (created, keep))
