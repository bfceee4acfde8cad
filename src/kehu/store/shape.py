"""The shape of a kehu database: which tables, columns, keys and indexes it holds, and nothing else.

A SQLite file carries code as well as data: a trigger runs on every insert, a view can stand where
a table should be. A file that merely says it is kehu's (application id, user_version) could delete
contacts on the next `kehu log`. So a database is used only when its objects are exactly the ones
a schema kehu wrote defines. The expected shapes are kept in `data/schema-shapes.json`, one per
schema version: the current one is checked against `store/schema.py` by a test (so it can never
drift), the older ones against the dumps in `tests/fixtures`.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from importlib import resources

# SQLite's own bookkeeping: the AUTOINCREMENT counters and ANALYZE's statistics.
_INTERNAL = re.compile(r"sqlite_(sequence|stat\d)$")
_CHECK = re.compile(r"\bCHECK\s*\(", re.IGNORECASE)


def shape_of(conn: sqlite3.Connection) -> set[str]:
    """Every object of the database as a line of text (order-free: an upgraded table has its new
    columns last, a fresh one in declaration order; both are the same schema)."""
    lines = set()
    for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"):
        if _INTERNAL.match(name) or (kind == "index" and sql is None):  # autoindexes follow from the table
            continue
        lines.add(f"{kind} {name}" + (f" on {table}" if kind != "table" else ""))
        if kind == "table" and sql and _CHECK.search(sql):
            lines.add(f"check constraint on {name}")
    tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    for row in conn.execute(f'SELECT m.name, p.name, upper(p.type), p."notnull", p.pk, p.hidden '
                            f"FROM ({tables}) m, pragma_table_xinfo(m.name) p"):
        table, column, kind, notnull, pk, hidden = row
        lines.add(f"column {table}.{column} {kind}" + (" not null" if notnull else "") + (f" pk{pk}" if pk else "")
                  + (" generated" if hidden else ""))
    for row in conn.execute(f'SELECT m.name, f."from", f."table", f."to", f.on_update, f.on_delete '
                            f"FROM ({tables}) m, pragma_foreign_key_list(m.name) f"):
        table, column, target, target_column, on_update, on_delete = row
        lines.add(f"key {table}.{column} -> {target}.{target_column} on update {on_update} on delete {on_delete}")
    indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    columns: dict[str, list[str]] = {}
    for index, seqno, column in conn.execute("SELECT m.name, i.seqno, i.name FROM "
                                             f"({indexes}) m, pragma_index_xinfo(m.name) i WHERE i.key = 1 ORDER BY m.name, i.seqno"):
        columns.setdefault(index, []).append(column or "<expression>")
    lines |= {f"index {index} columns {', '.join(cols)}" for index, cols in columns.items()}
    unique = conn.execute(f"SELECT m.name FROM ({indexes}) m, pragma_index_list((SELECT tbl_name FROM sqlite_master "
                          "WHERE name = m.name)) l WHERE l.name = m.name AND l.\"unique\"").fetchall()
    lines |= {f"unique index {index}" for (index,) in unique}
    return lines


@functools.cache
def known_shapes() -> dict[int, frozenset[str]]:
    """The shape each schema version kehu ever wrote has, by version."""
    text = resources.files("kehu").joinpath("data/schema-shapes.json").read_text(encoding="utf-8")
    return {int(version): frozenset(lines) for version, lines in json.loads(text).items()}


def differences(conn: sqlite3.Connection, version: int) -> list[str]:
    """What in the database is not as schema `version` defines it: "unexpected trigger x on contact",
    "missing table touch"; empty when it is exactly that schema."""
    expected = known_shapes().get(version)
    if expected is None:
        return [f"schema {version} is not one kehu wrote"]
    found = shape_of(conn)
    return sorted(f"unexpected {line}" for line in found - expected) + sorted(f"missing {line}" for line in expected - found)
