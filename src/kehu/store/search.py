"""The texts `kehu find` looks through: touch notes and promises, contact notes, complaints."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kehu.store import rows


@dataclass(frozen=True)
class Found:
    """One text of the book, where it was written and about whom."""

    kind: str  # touch | promise | note | complaint | resolution
    at: object  # datetime of the touch or complaint; the contact's day added for its note
    contact_id: int
    name: str
    text: str
    record_id: int | None = None  # the touch's or complaint's id
    follow_up: int | None = None
    care: bool = False


def texts(conn: sqlite3.Connection, query: str, pinyin: bool) -> list[Found]:
    """Every text that contains `query` as typed (SQLite's LIKE: case-insensitive for Latin
    letters), plus, when `pinyin`, every text with non-ASCII characters, for the core to read in
    pinyin. A superset: core.search.text_matches decides."""
    pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

    def where(column: str) -> str:
        chinese = f" OR {column} GLOB '*[^ -~]*'" if pinyin else ""
        return f"({column} LIKE :p ESCAPE '\\'{chinese})"

    found = []
    sql = ("SELECT t.id, t.at, t.contact_id, c.name, t.note, t.todo, t.follow_up, t.care FROM touch t "
           f"JOIN contact c ON c.id = t.contact_id WHERE {where('t.note')} OR {where('t.todo')}")
    for touch_id, at, cid, name, note, todo, follow_up, care in conn.execute(sql, {"p": pattern}):
        for kind, text in (("touch", note), ("promise", todo)):
            if text:
                found.append(Found(kind, rows.moment(at), cid, name, text, touch_id, follow_up, bool(care)))
    sql = f"SELECT id, created_on, name, note FROM contact WHERE {where('note')}"
    for cid, created_on, name, note in conn.execute(sql, {"p": pattern}):
        found.append(Found("note", rows.moment(created_on + " 00:00:00"), cid, name, note))
    sql = ("SELECT k.id, k.opened_at, k.resolved_at, k.contact_id, c.name, k.text, k.resolution FROM complaint k "
           f"JOIN contact c ON c.id = k.contact_id WHERE {where('k.text')} OR {where('k.resolution')}")
    for kid, opened_at, resolved_at, cid, name, text, resolution in conn.execute(sql, {"p": pattern}):
        found.append(Found("complaint", rows.moment(opened_at), cid, name, text, kid))
        if resolution:
            found.append(Found("resolution", rows.moment(resolved_at), cid, name, resolution, kid))
    return found
