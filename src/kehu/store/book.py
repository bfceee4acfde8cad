"""The whole client book in and out: kehu's JSON (a full hand-over), contacts and touches from
spreadsheets, duplicate detection, and merging two contacts. Callers own the transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3

from kehu.store import rows

BOOK_FORMAT, BOOK_VERSION = "kehu-book", 1
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
    return {"format": BOOK_FORMAT, "version": BOOK_VERSION, "exported_at": rows.iso_moment(exported_at),
            "settings": settings, "contacts": contacts}


def import_book(conn: sqlite3.Connection, doc: dict, keep_ids: bool) -> list[int]:
    """Insert a kehu JSON book; returns the new contact ids (refresh them afterwards)."""
    ids: dict[int, int] = {}
    for contact in doc["contacts"]:
        values = {k: contact.get(k) for k in _CONTACT if k not in ("id", "referred_by")}
        values.update(complaint_open=0, follow_ups_done=-1, archived=int(bool(values["archived"])))
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
    for contact in doc["contacts"]:
        if contact.get("referred_by") in ids:
            conn.execute("UPDATE contact SET referred_by = ? WHERE id = ?", (ids[contact["referred_by"]], ids[contact["id"]]))
    return list(ids.values())


def _insert_all(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], contact_id: int, records: list[dict]) -> None:
    if records:
        sql = f"INSERT INTO {table} (contact_id, {', '.join(columns)}) VALUES (?, {', '.join('?' * len(columns))})"
        conn.executemany(sql, [(contact_id, *(r.get(c) for c in columns)) for r in records])


def existing_keys(conn: sqlite3.Connection) -> dict[str, int]:
    """Duplicate keys (core.columns.duplicate_keys) of every contact in the book → its id."""
    from kehu.core.columns import duplicate_keys

    found = {}
    for cid, name, company, phone, email, wechat in conn.execute(
            "SELECT id, name, company, phone, email, wechat FROM contact WHERE archived = 0"):
        for key in duplicate_keys({"name": name, "company": company, "phone": phone, "email": email, "wechat": wechat}):
            found.setdefault(key, cid)
    return found


def fill_contact(conn: sqlite3.Connection, contact_id: int, fields: dict, overwrite: bool) -> None:
    """Update a contact from imported fields: every given field (overwrite) or only the empty ones."""
    current = dict(zip(fields, conn.execute(f"SELECT {', '.join(fields)} FROM contact WHERE id = ?", (contact_id,)).fetchone()))
    changes = {k: v for k, v in fields.items() if v is not None and (overwrite or current[k] in (None, ""))}
    if changes:
        conn.execute(f"UPDATE contact SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?", (*changes.values(), contact_id))


def names_to_ids(conn: sqlite3.Connection) -> dict[str, list[int]]:
    """Every active contact's exact name → ids (a touch log names its contacts)."""
    found: dict[str, list[int]] = {}
    for cid, name in conn.execute("SELECT id, name FROM contact WHERE archived = 0"):
        found.setdefault(name, []).append(cid)
    return found


def merge(conn: sqlite3.Connection, keep: int, other: int) -> None:
    """Fold contact `other` into `keep`: its history, tags, dates, complaints and deals move over,
    `keep`'s empty fields are filled from it, and it is deleted. Refresh `keep` afterwards."""
    for table in ("touch", "important_date", "complaint", "deal"):
        conn.execute(f"UPDATE {table} SET contact_id = ? WHERE contact_id = ?", (keep, other))
    conn.execute("INSERT OR IGNORE INTO contact_tag (contact_id, tag) SELECT ?, tag FROM contact_tag WHERE contact_id = ?",
                 (keep, other))
    conn.execute("INSERT OR IGNORE INTO sweep_contact (sweep_id, contact_id) SELECT sweep_id, ? FROM sweep_contact "
                 "WHERE contact_id = ?", (keep, other))
    conn.execute("UPDATE contact SET referred_by = ? WHERE referred_by = ?", (keep, other))
    fillable = ("company", "title", "phone", "email", "wechat", "city", "hometown", "note", "referred_by")
    row = conn.execute(f"SELECT {', '.join(fillable)}, created_on FROM contact WHERE id = ?", (other,)).fetchone()
    other_fields, created = dict(zip(fillable, row[:-1])), row[-1]
    if other_fields["referred_by"] == keep:
        other_fields["referred_by"] = None
    conn.execute("DELETE FROM contact WHERE id = ?", (other,))
    fill_contact(conn, keep, other_fields, overwrite=False)
    # The merged contact has been in the book since the earlier of the two.
    conn.execute("UPDATE contact SET created_on = min(created_on, ?) WHERE id = ?", (created, keep))
