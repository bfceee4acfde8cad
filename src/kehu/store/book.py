"""The whole client book in and out: kehu's JSON (a full hand-over), contacts and touches from
spreadsheets, duplicate detection, and merging two contacts. Callers own the transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3

from kehu.store import rows

BOOK_FORMAT, BOOK_VERSION = "kehu-book", 2  # 2: sweeps
_CONTACT = ("id", "name", "name_pinyin", "name_initials", "company", "title", "tier", "phone", "email", "wechat",
            "city", "hometown", "note", "referred_by", "created_on", "archived", "stage", "paused_until",
            "sequence_start", "closed_at", "won_value", "won_after", "lost_reason")
_TOUCH = ("at", "channel", "note", "outcome", "care", "cost", "next_on", "todo", "logged_at")
_DATE = ("label", "whose", "lunar", "leap", "year", "month", "day", "remind_days")
_COMPLAINT = ("opened_at", "text", "resolve_by", "resolved_at", "resolution", "call_due")
_DEAL = ("started_at", "closed_at", "outcome", "closed_after", "value", "reason")


def _records(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], contact_id: int) -> list[dict]:
    sql = f"SELECT {', '.join(columns)} FROM {table} WHERE contact_id = ? ORDER BY id"
    return [dict(zip(columns, r)) for r in conn.execute(sql, (contact_id,))]


def export_book(conn: sqlite3.Connection, exported_at: dt.datetime, settings: str | None) -> dict:
    """Everything: contacts with their touches, tags, dates, complaints and deals (versioned)."""
    contacts = []
    for row in conn.execute(f"SELECT {', '.join(_CONTACT)} FROM contact ORDER BY id").fetchall():
        contact = dict(zip(_CONTACT, row))
        cid = contact["id"]
        contact["tags"] = [r[0] for r in conn.execute("SELECT tag FROM contact_tag WHERE contact_id = ? ORDER BY tag", (cid,))]
        contact["touches"] = [dict(zip(_TOUCH, r)) for r in conn.execute(
            f"SELECT {', '.join(_TOUCH)} FROM touch WHERE contact_id = ? ORDER BY at, id", (cid,))]
        contact["dates"] = _records(conn, "important_date", _DATE, cid)
        contact["complaints"] = _records(conn, "complaint", _COMPLAINT, cid)
        contact["deals"] = _records(conn, "deal", _DEAL, cid)
        contacts.append(contact)
    sweeps = []
    for sid, place, reason, created_at in conn.execute("SELECT id, place, reason, created_at FROM sweep ORDER BY id").fetchall():
        members = [r[0] for r in conn.execute("SELECT contact_id FROM sweep_contact WHERE sweep_id = ? ORDER BY contact_id", (sid,))]
        sweeps.append({"place": place, "reason": reason, "created_at": created_at, "contacts": members})
    return {"format": BOOK_FORMAT, "version": BOOK_VERSION, "exported_at": rows.iso_moment(exported_at),
            "settings": settings, "contacts": contacts, "sweeps": sweeps}


def import_book(conn: sqlite3.Connection, book: dict, keep_ids: bool, skip_duplicates: bool) -> tuple[list[int], int]:
    """Insert a checked kehu JSON book (core.book_check); returns the new contact ids (refresh them
    afterwards) and how many were skipped as already in the book (same phone, e-mail, WeChat, or
    name + company) when `skip_duplicates`."""
    from kehu.core.columns import duplicate_keys

    known = existing_keys(conn) if skip_duplicates else {}
    ids: dict[int, int] = {}
    skipped = 0
    for contact in book["contacts"]:
        if any(k in known for k in duplicate_keys(contact)):
            skipped += 1
            continue
        values = {k: contact[k] for k in _CONTACT if k not in ("id", "referred_by")}
        values.update(complaint_open=0, follow_ups_done=-1)
        if keep_ids:
            values["id"] = contact["id"]
        columns = ", ".join(values)
        new_id = conn.execute(f"INSERT INTO contact ({columns}) VALUES ({', '.join('?' * len(values))})",
                              tuple(values.values())).lastrowid
        ids[contact["id"]] = new_id
        conn.executemany("INSERT INTO contact_tag (contact_id, tag) VALUES (?, ?)", [(new_id, t) for t in contact["tags"]])
        _insert_all(conn, "touch", _TOUCH, new_id, contact["touches"])
        _insert_all(conn, "important_date", _DATE + ("next_on",), new_id,
                    [d | {"next_on": "1900-01-01"} for d in contact["dates"]])  # rolled forward by `kehu due`
        _insert_all(conn, "complaint", _COMPLAINT, new_id, contact["complaints"])
        _insert_all(conn, "deal", _DEAL, new_id, contact["deals"])
    for contact in book["contacts"]:
        if contact["id"] in ids and contact.get("referred_by") in ids:
            conn.execute("UPDATE contact SET referred_by = ? WHERE id = ?", (ids[contact["referred_by"]], ids[contact["id"]]))
    for sweep in book["sweeps"]:
        members = [ids[m] for m in sweep["contacts"] if m in ids]
        if not members:
            continue
        # Touches logged before the sweep don't answer it; ids are new here, so find the last of those.
        last = conn.execute("SELECT coalesce(max(id), 0) FROM touch WHERE logged_at <= ?", (sweep["created_at"],)).fetchone()[0]
        sid = conn.execute("INSERT INTO sweep (place, reason, created_at, last_touch_id) VALUES (?, ?, ?, ?)",
                           (sweep["place"], sweep["reason"], sweep["created_at"], last)).lastrowid
        conn.executemany("INSERT INTO sweep_contact (sweep_id, contact_id) VALUES (?, ?)", [(sid, m) for m in members])
    return list(ids.values()), skipped


def _insert_all(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], contact_id: int, records: list[dict]) -> None:
    if records:
        sql = f"INSERT INTO {table} (contact_id, {', '.join(columns)}) VALUES (?, {', '.join('?' * len(columns))})"
        conn.executemany(sql, [(contact_id, *(r.get(c) for c in columns)) for r in records])


def existing_keys(conn: sqlite3.Connection) -> dict[str, int]:
    """Duplicate keys (core.columns.duplicate_keys) of every contact in the book → its id."""
    from kehu.core.columns import duplicate_keys

    found = {}
    for cid, name, company, phone, email, wechat in conn.execute(
            "SELECT id, name, company, phone, email, wechat FROM contact WHERE archived = 0 ORDER BY id"):
        for key in duplicate_keys({"name": name, "company": company, "phone": phone, "email": email, "wechat": wechat}):
            found.setdefault(key, cid)
    return found


def fill_contact(conn: sqlite3.Connection, contact_id: int, fields: dict, overwrite: bool) -> None:
    """Update a contact from imported fields: every given field (overwrite) or only the empty ones."""
    current = dict(zip(fields, conn.execute(f"SELECT {', '.join(fields)} FROM contact WHERE id = ?", (contact_id,)).fetchone()))
    changes = {k: v for k, v in fields.items() if v is not None and (overwrite or current[k] in (None, ""))}
    if changes:
        conn.execute(f"UPDATE contact SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?", (*changes.values(), contact_id))


def has_touch(conn: sqlite3.Connection, contact_id: int, fields: dict) -> bool:
    """Whether the contact already has this touch (same moment, channel and note)."""
    return conn.execute("SELECT 1 FROM touch WHERE contact_id = ? AND at = ? AND channel = ? AND note IS ?",
                        (contact_id, rows.iso_moment(fields["at"]), fields["channel"], fields.get("note"))).fetchone() is not None


def known_since_first_touch(conn: sqlite3.Connection, contact_id: int) -> None:
    """An imported history older than the contact moves its 'in the book since' back to the first touch."""
    conn.execute("UPDATE contact SET created_on = min(created_on, coalesce((SELECT date(min(at)) FROM touch WHERE contact_id = ?), created_on)) "
                 "WHERE id = ?", (contact_id, contact_id))


def names_to_ids(conn: sqlite3.Connection) -> dict[str, list[int]]:
    """Every active contact's exact name → ids (a touch log names its contacts)."""
    found: dict[str, list[int]] = {}
    for cid, name in conn.execute("SELECT id, name FROM contact WHERE archived = 0"):
        found.setdefault(name, []).append(cid)
    return found


_STAGE = ("stage", "paused_until", "sequence_start", "closed_at", "won_value", "won_after", "lost_reason")
_STAGE_RANK = {"won": 4, "lost": 3, "paused": 2, "pursuing": 1, "lead": 0}


def merge(conn: sqlite3.Connection, keep: int, other: int) -> None:
    """Fold contact `other` into `keep`: its history, tags, dates, complaints, deals and sweeps move
    over (a date both have is kept once), `keep`'s empty fields are filled from it, the further
    stage of the two wins (a won client stays won), and `other` is deleted. Refresh `keep` afterwards."""
    stages = {cid: dict(zip(_STAGE, conn.execute(f"SELECT {', '.join(_STAGE)} FROM contact WHERE id = ?", (cid,)).fetchone()))
              for cid in (keep, other)}
    for table in ("touch", "important_date", "complaint", "deal"):
        conn.execute(f"UPDATE {table} SET contact_id = ? WHERE contact_id = ?", (keep, other))
    conn.execute("DELETE FROM important_date WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER ("
                 "PARTITION BY label, whose, lunar, leap, month, day ORDER BY year IS NULL, id) AS n "
                 "FROM important_date WHERE contact_id = ?) WHERE n > 1)", (keep,))
    conn.execute("INSERT OR IGNORE INTO contact_tag (contact_id, tag) SELECT ?, tag FROM contact_tag WHERE contact_id = ?",
                 (keep, other))
    conn.execute("INSERT OR IGNORE INTO sweep_contact (sweep_id, contact_id) SELECT sweep_id, ? FROM sweep_contact "
                 "WHERE contact_id = ?", (keep, other))
    conn.execute("UPDATE contact SET referred_by = ? WHERE referred_by = ?", (keep, other))
    fillable = ("company", "title", "phone", "email", "wechat", "city", "hometown", "note", "referred_by")
    row = conn.execute(f"SELECT {', '.join(fillable)}, created_on FROM contact WHERE id = ?", (other,)).fetchone()
    other_fields, created = dict(zip(fillable, row[:-1])), row[-1]
    conn.execute("DELETE FROM contact WHERE id = ?", (other,))
    fill_contact(conn, keep, other_fields, overwrite=False)
    conn.execute("UPDATE contact SET referred_by = NULL WHERE id = ? AND referred_by = ?", (keep, keep))
    if _STAGE_RANK.get(stages[other]["stage"], 0) > _STAGE_RANK.get(stages[keep]["stage"], 0):
        conn.execute(f"UPDATE contact SET {', '.join(f'{k} = ?' for k in _STAGE)} WHERE id = ?",
                     (*stages[other].values(), keep))
    # The merged contact has been in the book since the earlier of the two.
    conn.execute("UPDATE contact SET created_on = min(created_on, ?) WHERE id = ?", (created, keep))
