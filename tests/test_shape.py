"""The schema check: the shapes kehu knows are exactly those its schema and its dumps define, and
anything else in a database file — however it hides — is refused."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

from kehu.store import migrations
from kehu.store.db import StoreError, open_database
from kehu.store.shape import differences, known_shapes

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
from write_shapes import TARGET, shapes  # noqa: E402


def test_the_shipped_shapes_are_those_of_the_schema_and_the_dumps():
    assert json.loads(TARGET.read_text(encoding="utf-8")) == shapes(), "run python tests/fixtures/write_shapes.py"


def test_the_shipped_ddl_is_what_the_sqlmodel_tables_generate():
    from kehu.store.db import create_statements
    from write_shapes import DDL, ddl

    assert json.loads(DDL.read_text(encoding="utf-8")) == ddl() == create_statements(), "run python tests/fixtures/write_shapes.py"


def test_a_fresh_database_is_created_without_sqlmodel(tmp_path):
    import subprocess

    code = ("import sys; from pathlib import Path; from kehu.store.db import open_database; "
            f"open_database(Path({str(tmp_path / 'k.db')!r})); print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlmodel', 'sqlalchemy')))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_a_fresh_and_an_upgraded_database_have_the_current_shape(tmp_path):
    fresh = open_database(tmp_path / "fresh.db")
    assert differences(fresh.conn, migrations.SCHEMA_VERSION) == []
    old = sqlite3.connect(tmp_path / "old.db")
    old.executescript((FIXTURES / "schema-v1.sql").read_text(encoding="utf-8"))
    old.close()
    upgraded = open_database(tmp_path / "old.db")
    assert differences(upgraded.conn, migrations.SCHEMA_VERSION) == []
    assert set(known_shapes()) == set(range(1, migrations.SCHEMA_VERSION + 1))


def test_ordinary_maintenance_leaves_the_shape_alone(tmp_path):
    db = open_database(tmp_path / "k.db")
    db.conn.executescript("ANALYZE; VACUUM; REINDEX; PRAGMA optimize;")
    assert differences(db.conn, migrations.SCHEMA_VERSION) == []


HIDDEN = {
    "a trigger named like SQLite's own table": (
        "PRAGMA writable_schema=ON; INSERT INTO sqlite_master(type,name,tbl_name,rootpage,sql) VALUES('trigger',"
        "'sqlite_stat1','touch',0,'CREATE TRIGGER sqlite_stat1 AFTER INSERT ON touch BEGIN DELETE FROM contact; END');"
        "PRAGMA writable_schema=OFF;"),
    "a check hidden behind a comment": "DROP TABLE meta; CREATE TABLE meta (key VARCHAR NOT NULL, value VARCHAR NOT NULL "
                                       "CHECK/**/(length(value) < 3), PRIMARY KEY (key))",
    "a table without rowid": "DROP TABLE meta; CREATE TABLE meta (key VARCHAR NOT NULL, value VARCHAR NOT NULL, "
                             "PRIMARY KEY (key)) WITHOUT ROWID",
    "a unique column": "DROP TABLE meta; CREATE TABLE meta (key VARCHAR NOT NULL, value VARCHAR NOT NULL UNIQUE, PRIMARY KEY (key))",
    "a partial index": "DROP INDEX ix_touch_at; CREATE INDEX ix_touch_at ON touch (at) WHERE 0",
    "a descending index": "DROP INDEX ix_touch_at; CREATE INDEX ix_touch_at ON touch (at DESC)",
    "a column default": "DROP TABLE meta; CREATE TABLE meta (key VARCHAR NOT NULL, value VARCHAR NOT NULL DEFAULT 'x', PRIMARY KEY (key))",
}


def _altered(tmp_path, change: str) -> sqlite3.Connection:
    """A new kehu database, then `change` made to it behind kehu's back (the connection that made it)."""
    path = tmp_path / "k.db"
    open_database(path).close()
    conn = sqlite3.connect(path)
    conn.executescript(change)
    return conn


@pytest.mark.parametrize("change", HIDDEN.values(), ids=HIDDEN.keys())
def test_what_hides_in_a_table_definition_is_refused(tmp_path, change):
    _altered(tmp_path, change).close()
    with pytest.raises(StoreError) as refused:
        open_database(tmp_path / "k.db")
    assert refused.value.exit_code == 3 and "not a kehu database as kehu writes it" in refused.value.message


def test_the_shipped_fingerprints_are_those_of_databases_with_the_shipped_shapes():
    from write_shapes import FINGERPRINTS, fingerprints

    assert json.loads(FINGERPRINTS.read_text(encoding="utf-8")) == fingerprints(), "run python tests/fixtures/write_shapes.py"


def test_a_fresh_and_an_upgraded_database_pass_on_their_fingerprint(tmp_path):
    from kehu.store.shape import fingerprint, known_fingerprints

    fresh = open_database(tmp_path / "fresh.db")
    old = sqlite3.connect(tmp_path / "old.db")
    old.executescript((FIXTURES / "schema-v2.sql").read_text(encoding="utf-8"))
    old.close()
    upgraded = open_database(tmp_path / "old.db")
    for db in (fresh, upgraded):
        db.conn.executescript("ANALYZE;")  # SQLite's statistics tables do not change the fingerprint
        assert fingerprint(db.conn) in known_fingerprints()[migrations.SCHEMA_VERSION]


@pytest.mark.parametrize("change", HIDDEN.values(), ids=HIDDEN.keys())
def test_what_hides_in_a_table_definition_changes_the_fingerprint(tmp_path, change):
    from kehu.store.shape import fingerprint, known_fingerprints

    conn = _altered(tmp_path, change)
    assert fingerprint(conn) not in {p for prints in known_fingerprints().values() for p in prints}
