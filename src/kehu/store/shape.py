"""The shape of a kehu database: which tables, columns, keys and indexes it holds, and nothing else.

A SQLite file carries code as well as data: a trigger runs on every insert, a view can stand where
a table should be. A file that merely says it is kehu's (application id, user_version) could delete
contacts on the next `kehu log`. So a database is used only when its objects are exactly the ones
a schema kehu wrote defines. The expected shapes are kept in `data/schema-shapes.json`, one per
schema version: the current one is checked against `store/schema.py` by a test (so it can never
drift), the older ones against the dumps in `tests/fixtures`.

Computing a shape costs a dozen pragma queries on every start, so a database is first compared by
its fingerprint: a SHA-256 of its sqlite_master rows, the text SQLite itself parses its schema from.
`data/schema-fingerprints.json` lists, per version, the fingerprints of databases whose full shape
was checked equal to that version's when the file was written (tests/fixtures/write_shapes.py).
Only an exact match passes on the fingerprint; anything else gets the full comparison, which
refuses it or names the difference as before.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from pathlib import Path

try:  # the builtin module: hashlib would load OpenSSL (~3 ms at every start)
    from _sha256 import sha256
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import sha256

# In kehu/data/ in every install (importlib.resources would cost 3 ms at each start).
_DATA = Path(__file__).parent.parent / "data"
# SQLite's own bookkeeping tables: the AUTOINCREMENT counters and ANALYZE's statistics. Only
# tables of these names are passed over; a trigger or view that borrows the name is not.
_INTERNAL = re.compile(r"sqlite_(sequence|stat\d)$")
_COMMENT = re.compile(r"/\*.*?\*/|--[^\n]*", re.DOTALL)
# Clauses of a table's definition that change what writes do; each one found is a line of the shape.
_CLAUSES = {"check": r"\bCHECK\s*\(", "on conflict": r"\bON\s+CONFLICT\b", "deferrable": r"\bDEFERRABLE\b",
            "collate": r"\bCOLLATE\b", "generated": r"\bGENERATED\b|\bAS\s*\(", "unique": r"\bUNIQUE\b",
            "default": r"\bDEFAULT\b", "autoincrement": r"\bAUTOINCREMENT\b", "without rowid": r"\bWITHOUT\s+ROWID\b",
            "strict": r"\)\s*STRICT\b"}


def shape_of(conn: sqlite3.Connection) -> set[str]:
    """Every object of the database as a line of text (order-free: an upgraded table has its new
    columns last, a fresh one in declaration order; both are the same schema)."""
    lines = set()
    for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"):
        if kind == "table" and _INTERNAL.match(name):
            continue
        lines.add(f"{kind} {name}" + (f" on {table}" if kind != "table" else ""))
        if kind == "table" and sql:
            text = _COMMENT.sub(" ", sql)
            lines |= {f"{clause} clause on {name}" for clause, pattern in _CLAUSES.items()
                      if re.search(pattern, text, re.IGNORECASE)}
    tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    for row in conn.execute(f'SELECT m.name, p.name, upper(p.type), p."notnull", p.pk, p.hidden, p.dflt_value '
                            f"FROM ({tables}) m, pragma_table_xinfo(m.name) p"):
        table, column, kind, notnull, pk, hidden, default = row
        lines.add(f"column {table}.{column} {kind}" + (" not null" if notnull else "") + (f" pk{pk}" if pk else "")
                  + (" generated" if hidden else "") + (f" default {default}" if default is not None else ""))
    for row in conn.execute(f'SELECT m.name, f."from", f."table", f."to", f.on_update, f.on_delete, f."match" '
                            f"FROM ({tables}) m, pragma_foreign_key_list(m.name) f"):
        table, column, target, target_column, on_update, on_delete, match = row
        lines.add(f"key {table}.{column} -> {target}.{target_column} on update {on_update} on delete {on_delete} match {match}")
    indexes = "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"
    columns: dict[str, list[str]] = {}
    for index, column, desc, collation in conn.execute(
            f"SELECT m.name, i.name, i.desc, i.coll FROM ({indexes}) m, pragma_index_xinfo(m.name) i "
            "WHERE i.key = 1 ORDER BY m.name, i.seqno"):
        columns.setdefault(index, []).append((column or "<expression>") + (" desc" if desc else "")
                                             + (f" collate {collation}" if collation != "BINARY" else ""))
    lines |= {f"index {index} columns {', '.join(cols)}" for index, cols in columns.items()}
    for index, unique, origin, partial in conn.execute(
            f'SELECT l.name, l."unique", l.origin, l.partial FROM (SELECT DISTINCT tbl_name FROM ({indexes})) m, '
            "pragma_index_list(m.tbl_name) l"):
        lines.add(f"index {index} origin {origin}" + (" unique" if unique else "") + (" partial" if partial else ""))
    return lines


@functools.cache
def known_shapes() -> dict[int, frozenset[str]]:
    """The shape each schema version kehu ever wrote has, by version."""
    text = (_DATA / "schema-shapes.json").read_text(encoding="utf-8")
    return {int(version): frozenset(lines) for version, lines in json.loads(text).items()}


def fingerprint(conn: sqlite3.Connection) -> str:
    """SHA-256 of every sqlite_master row (type, name, table, SQL) but SQLite's own bookkeeping tables:
    two databases with the same fingerprint have the same objects defined by the same text."""
    rows = sorted(repr(row) for row in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
                  if not (row[0] == "table" and _INTERNAL.match(row[1])))
    return sha256("\n".join(rows).encode("utf-8")).hexdigest()


@functools.cache
def known_fingerprints() -> dict[int, frozenset[str]]:
    """The fingerprints of databases checked to have each version's shape, by version."""
    text = (_DATA / "schema-fingerprints.json").read_text(encoding="utf-8")
    return {int(version): frozenset(prints) for version, prints in json.loads(text).items()}


def differences(conn: sqlite3.Connection, version: int) -> list[str]:
    """What in the database is not as schema `version` defines it: "unexpected trigger x on contact",
    "missing table touch"; empty when it is exactly that schema."""
    if fingerprint(conn) in known_fingerprints().get(version, ()):
        return []
    expected = known_shapes().get(version)
    if expected is None:
        return [f"schema {version} is not one kehu wrote"]
    found = shape_of(conn)
    return sorted(f"unexpected {line}" for line in found - expected) + sorted(f"missing {line}" for line in expected - found)
