"""Contact queries: write, find by WHO, list, and the rows `kehu due` reads (store.ranking ranks them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
import sqlite3

from kehu.core.model import DueFacts, Profile
from kehu.core.names import Candidate
from kehu.store import rows

EDITABLE = ("name", "name_pinyin", "name_initials", "company", "title", "tier", "phone", "email",
            "wechat", "city", "hometown", "note", "referred_by", "role", "style")


def insert_contact(conn: sqlite3.Connection, fields: dict, created_on: dt.date, derived=None) -> int:
    """Add a contact as a lead; returns its id. Call `touches.refresh_contact` next, in the same
    transaction, to store its schedule — unless `derived(values)` gave the columns the refresh
    would store (store.touches.new_contact_columns, for an import) and the id they were computed
    for is the one the contact got."""
    values = new_contact_values(fields, created_on)
    if derived is not None:
        values |= derived(values)
    columns = ", ".join(values)
    marks = ", ".join("?" * len(values))
    cursor = conn.execute(f"INSERT INTO contact ({columns}) VALUES ({marks})", tuple(values.values()))
    return cursor.lastrowid


def new_contact_values(fields: dict, created_on: dt.date) -> dict:
    """The row `insert_contact` writes for these fields, by column."""
    values = {k: fields.get(k) for k in EDITABLE}
    values.update(name_pinyin=values["name_pinyin"] or "", name_initials=values["name_initials"] or "",
                  tier=values["tier"] or "C", created_on=created_on.isoformat(), archived=0,
                  stage="lead", follow_ups_done=-1, complaint_open=0, due_on=None)
    return values


def update_contact(conn: sqlite3.Connection, contact_id: int, fields: dict) -> None:
    """Set the given columns of one contact."""
    if not fields:
        return
    assignments = ", ".join(f"{k} = ?" for k in fields)
    conn.execute(f"UPDATE contact SET {assignments} WHERE id = ?", (*fields.values(), contact_id))


def pause_tier(conn: sqlite3.Connection, tier: str, until: dt.date) -> list[int]:
    """Pause every active contact of a tier until a day (a longer pause of its own stays);
    returns the ids paused. Call `touches.store_due_date` for each next."""
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM contact WHERE tier = ? AND archived = 0 AND stage != 'lost' AND coalesce(paused_until, '') < ?",
        (tier, until.isoformat()))]
    conn.executemany("UPDATE contact SET paused_until = ? WHERE id = ?", [(until.isoformat(), i) for i in ids])
    return ids


def resume_tier(conn: sqlite3.Connection, tier: str, today: dt.date) -> list[int]:
    """End every pause in a tier that lasts past today; returns the ids resumed."""
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM contact WHERE tier = ? AND archived = 0 AND paused_until > ?", (tier, today.isoformat()))]
    conn.executemany("UPDATE contact SET paused_until = NULL WHERE id = ?", [(i,) for i in ids])
    return ids


def delete_contact(conn: sqlite3.Connection, contact_id: int) -> None:
    """Delete a contact for good; its touches and tags go with it (ON DELETE CASCADE)."""
    conn.execute("DELETE FROM contact WHERE id = ?", (contact_id,))


def set_tags(conn: sqlite3.Connection, contact_id: int, tags: list[str]) -> None:
    """Replace a contact's tags."""
    conn.execute("DELETE FROM contact_tag WHERE contact_id = ?", (contact_id,))
    conn.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag) VALUES (?, ?)",
                     [(contact_id, t) for t in tags])


def tags_of(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Tags per contact id."""
    found: dict[int, list[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for cid, tag in conn.execute(
            f"SELECT contact_id, tag FROM contact_tag WHERE contact_id IN ({marks}) ORDER BY tag", chunk
        ):
            found.setdefault(cid, []).append(tag)
    return {cid: tuple(tags) for cid, tags in found.items()}


def known_places(conn: sqlite3.Connection) -> list[str]:
    """Every city and hometown in the book, as typed."""
    return [r[0] for r in conn.execute(
        "SELECT city FROM contact WHERE city IS NOT NULL UNION SELECT hometown FROM contact WHERE hometown IS NOT NULL")]


def place_filter(conn: sqlite3.Connection, place: str) -> tuple[str, list]:
    """SQL for "lives in or comes from `place`": the city or hometown contains it, is spelled
    by it in pinyin (`lanzhou` for 兰州), or lies within the province or prefecture it names
    (甘肃: 兰州, 天水)."""
    from kehu.core.names import places_spelled
    from kehu.core.regions import places_within, region_code

    pattern = f"%{_escape(place)}%"
    if place.isascii():
        spelled = places_spelled(place, known_places(conn))
    else:  # a place typed in Chinese is matched as text, and as a region
        spelled = places_within(place, known_places(conn)) if region_code(place) else []
    marks = ", ".join("?" * len(spelled))
    extra = f" OR city IN ({marks}) OR hometown IN ({marks})" if spelled else ""
    return f"(city LIKE ? ESCAPE '\\' OR hometown LIKE ? ESCAPE '\\'{extra})", [pattern, pattern, *spelled, *spelled]


def ids_tagged(conn: sqlite3.Connection, tag: str) -> set[int]:
    """The contacts carrying `tag`."""
    return {r[0] for r in conn.execute("SELECT contact_id FROM contact_tag WHERE tag = ?", (tag,))}


_CANDIDATE = "SELECT id, name, name_pinyin, name_initials, company, city, archived FROM contact"


def _candidate(row: tuple) -> Candidate:
    return Candidate(id=row[0], name=row[1], pinyin=row[2], initials=row[3], company=row[4], city=row[5],
                     archived=bool(row[6]))


def candidates(conn: sqlite3.Connection, who: str, include_archived: bool = False) -> list[Candidate]:
    """Contacts that might be meant by WHO: an indexed superset that `core.names` then ranks."""
    from kehu.core.names import fold, pinyin_key, umlaut_spelling

    query = who.strip()
    key = pinyin_key(query).casefold() or query
    sql = (f"{_CANDIDATE} WHERE archived <= ? AND (name LIKE ? ESCAPE '\\' "
           "OR name_pinyin LIKE ? ESCAPE '\\' OR name_pinyin LIKE ? ESCAPE '\\' OR name_initials = ?)")
    spelled = umlaut_spelling(pinyin_key(fold(query.replace("ü", "v"))))  # lübu, lyubu, lubu: stored as lvbu
    params = (int(include_archived), f"%{_escape(query)}%", f"{_escape(key)}%", f"{_escape(spelled)}%", key)
    return [_candidate(r) for r in conn.execute(sql, params)]


def named_exactly(conn: sqlite3.Connection, name: str, include_archived: bool = False) -> list[Candidate]:
    """Contacts with exactly this name (indexed)."""
    return [_candidate(r) for r in conn.execute(f"{_CANDIDATE} WHERE name = ? AND archived <= ?",
                                                (name, int(include_archived)))]


def all_candidates(conn: sqlite3.Connection, include_archived: bool = False) -> list[Candidate]:
    """Every contact, for matching SQLite's LIKE can't do (accents, non-ASCII case) and suggestions."""
    return [_candidate(r) for r in conn.execute(f"{_CANDIDATE} WHERE archived <= ?", (int(include_archived),))]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def get_candidate(conn: sqlite3.Connection, contact_id: int, include_archived: bool = False) -> Candidate | None:
    """One contact by id, as a name-matching candidate."""
    row = conn.execute(f"{_CANDIDATE} WHERE id = ? AND archived <= ?", (contact_id, int(include_archived))).fetchone()
    return _candidate(row) if row else None


def named_alike(conn: sqlite3.Connection, name: str, but_not: int = 0) -> list[tuple[int, dict]]:
    """(id, name and company) of the other active contacts with this name (indexed)."""
    return [(r[0], {"name": r[1], "company": r[2]}) for r in conn.execute(
        "SELECT id, name, company FROM contact WHERE name = ? AND id != ? AND archived = 0", (name, but_not))]


def get_profile(conn: sqlite3.Connection, contact_id: int) -> Profile:
    """One contact, everything `kehu show` displays."""
    row = conn.execute(f"SELECT {', '.join(rows.PROFILE_COLUMNS)} FROM contact WHERE id = ?", (contact_id,)).fetchone()
    return rows.profile(row, tags_of(conn, [contact_id]).get(contact_id, ()))


def list_profiles(
    conn: sqlite3.Connection, *, tier: str | None = None, tag: str | None = None, stage: str | None = None,
    city: str | None = None, today: dt.date, archived: bool = False,
) -> list[Profile]:
    """Contacts matching every given filter, by name. `city` matches the city or the hometown."""
    where, params = tier_and_tag(["archived = ?"], [int(archived)], tier, tag)
    if city:
        sql, values = place_filter(conn, city)
        where.append(sql)
        params += values
    if stage == "paused":
        where.append("paused_until > ? AND stage != 'lost'")
        params.append(today.isoformat())
    elif stage:
        where.append("stage = ? AND NOT (coalesce(paused_until, '') > ? AND stage != 'lost')")
        params += [stage, today.isoformat()]
    sql = f"SELECT {', '.join(rows.PROFILE_COLUMNS)} FROM contact WHERE {' AND '.join(where)} ORDER BY name_pinyin, name, id"
    found = conn.execute(sql, params).fetchall()
    tags = tags_of(conn, [r[0] for r in found])
    return [rows.profile(r, tags.get(r[0], ())) for r in found]


BATCH = 1_000  # contacts read at a time by each_profile (an export of a big book)


def each_profile(conn: sqlite3.Connection, *, today: dt.date, batch: int | None = None) -> Iterator[Profile]:
    """Every contact not archived, by name, as `list_profiles` lists them — read a batch at a
    time, so an export of a big book holds a batch, not the book (run it in one read transaction)."""
    batch = batch or BATCH
    cursor = conn.execute(f"SELECT {', '.join(rows.PROFILE_COLUMNS)} FROM contact WHERE archived = 0 "
                          "ORDER BY name_pinyin, name, id")
    while found := cursor.fetchmany(batch):
        tags = tags_of(conn, [r[0] for r in found])
        yield from (rows.profile(r, tags.get(r[0], ())) for r in found)


def due_days(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str | None]:
    """The stored next due day of these contacts, by id (as the row keeps it: YYYY-MM-DD)."""
    found = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update(conn.execute(f"SELECT id, due_on FROM contact WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
    return found


def due_facts(
    conn: sqlite3.Connection, horizon: dt.date, *, tier: str | None = None, tag: str | None = None,
    after: dt.date | None = None,
) -> list[DueFacts]:
    """The contacts whose stored schedule falls on or before `horizon` (and after `after`, when
    given), read from one covering index."""
    where, params = due_between("due_on", after, horizon, tier, tag)
    sql = f"SELECT {', '.join(rows.DUE_COLUMNS)} FROM contact WHERE {' AND '.join(where)}"
    return [rows.due_facts(r) for r in conn.execute(sql, params)]


def care_due_facts(conn: sqlite3.Connection, rules, horizon: dt.date, *, tier: str | None = None,
                   tag: str | None = None, after: dt.date | None = None) -> list[DueFacts]:
    """Care calls listed by `horizon` (and after `after`, when given; stored, read from one covering index)."""
    where, params = due_between("care_on", after, horizon, tier, tag)
    sql = f"SELECT {', '.join(rows.CARE_COLUMNS)} FROM contact WHERE {' AND '.join(where)}"
    return [rows.care_facts(r, rules.care_days) for r in conn.execute(sql, params)]


def event_due_facts(conn: sqlite3.Connection, horizon: dt.date, *, tier: str | None = None,
                    tag: str | None = None) -> list[DueFacts]:
    """Complaints and sweeps' calls listed by `horizon` (indexed on side_on, computed afresh: they are few)."""
    from kehu.core.due import event_facts

    where, params = tier_and_tag(["archived = 0", "side_on <= ?"], [horizon.isoformat()], tier, tag)
    sql = f"SELECT {', '.join(rows.STATE_COLUMNS)} FROM contact WHERE {' AND '.join(where)}"
    return [f for r in conn.execute(sql, params) for f in event_facts(rows.contact_state(r))]


def side_due_facts(conn: sqlite3.Connection, rules, horizon: dt.date, *, tier: str | None = None,
                   tag: str | None = None) -> list[DueFacts]:
    """Care calls, complaints and sweeps' calls listed by `horizon`."""
    return (care_due_facts(conn, rules, horizon, tier=tier, tag=tag)
            + event_due_facts(conn, horizon, tier=tier, tag=tag))


def all_due_facts(conn: sqlite3.Connection, rules, *, tier: str | None = None, tag: str | None = None) -> list[DueFacts]:
    """Every contact's schedules computed afresh (when the stored ones are stale and can't be rewritten)."""
    from kehu.core.due import due_facts as compute
    from kehu.core.due import side_facts

    where, params = tier_and_tag(["archived = 0"], [], tier, tag)
    found = []
    for r in conn.execute(f"SELECT {', '.join(rows.STATE_COLUMNS)} FROM contact WHERE {' AND '.join(where)}"):
        contact = rows.contact_state(r)
        if main := compute(contact, rules):
            found.append(main)
        found += side_facts(contact, rules)
    return found


def due_between(column: str, after: dt.date | None, through: dt.date, tier: str | None, tag: str | None):
    """(conditions, parameters) of the active contacts whose `column` falls after `after` (when
    given) through `through`, with --tier and --tag."""
    where, params = ["archived = 0", f"{column} <= ?"], [through.isoformat()]
    if after is not None:
        where.append(f"{column} > ?")
        params.append(after.isoformat())
    return tier_and_tag(where, params, tier, tag)


def tier_and_tag(where: list[str], params: list, tier: str | None, tag: str | None) -> tuple[list[str], list]:
    """The conditions and parameters with --tier and --tag added (the one way kehu filters by them)."""
    if tier:
        where.append("tier = ?")
        params.append(tier)
    if tag:
        where.append("id IN (SELECT contact_id FROM contact_tag WHERE tag = ?)")
        params.append(tag)
    return where, params
