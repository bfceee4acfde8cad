"""An open team database (PostgreSQL): recognise, refuse, upgrade; the write transaction.

Every write is one transaction at READ COMMITTED that first takes a transaction-level advisory
lock (`pg_advisory_xact_lock(WRITE_LOCK)`): writers to one team database take turns, as
SQLite's `BEGIN IMMEDIATE` makes them take turns on a file. A write reads the contact's
touches, renumbers the follow-ups and stores the summary; with the lock held no other writer
can slip a touch in between, so ten reps logging at once never lose a touch or mis-number a
follow-up (tests/test_team_concurrency.py). Writes last milliseconds; reads take no lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from kehu.i18n import _
from kehu.store.engines import postgres
from kehu.store.engines.postgres import TeamStoreError

WRITE_LOCK = 0x6B656875  # "kehu": the one advisory lock every write takes


class TeamDatabase:
    """A team database: a psycopg connection (autocommit between writes) and where it is."""

    team = True

    def __init__(self, url: str, conn: postgres.Connection):
        self.url, self.conn = url, conn
        self.path = postgres.redacted(url)  # what messages call it
        self.change_label = "kehu"
        self.change_at: dt.datetime | None = None

    @contextlib.contextmanager
    def write(self, *, undoable: bool = True) -> Iterator[postgres.Connection]:
        """One write transaction, all or nothing (writers take turns: see the module), with the
        record of how to undo it (store.engines.pg_undo) unless it is not `undoable`."""
        from kehu.store.engines import pg_undo

        conn = self.conn
        conn.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
            if undoable:
                pg_undo.begin(conn, self.change_label, self.change_at)
            yield conn
            if undoable:
                pg_undo.end(conn)
            conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.raw.execute("ROLLBACK")
        except Exception:
            pass  # the server is gone: nothing was committed

    @property
    def member(self) -> str:
        return self.conn.execute("SELECT current_user").fetchone()[0]

    def close(self) -> None:
        self.conn.close()


def open_team_database(url: str, *, setting_up: bool = False) -> TeamDatabase:
    """The team database at `url`, at the current schema; `setting_up` (`kehu team init`) skips the
    checks, which `init` makes itself."""
    from kehu.store import migrations
    from kehu.store.engines import pg_schema

    conn = postgres.connect(url)
    db = TeamDatabase(url, conn)
    try:
        app, schema, team = pg_schema.version(conn)
        if not setting_up:
            if app != "kehu":
                raise TeamStoreError(_("{url} is not a kehu team database yet: its owner runs `kehu --db URL team init`").format(
                    url=db.path))
            if schema > migrations.SCHEMA_VERSION or team > pg_schema.TEAM_VERSION:
                raise TeamStoreError(_("{url} was set up by a newer kehu (schema {found}, this kehu knows {known}); "
                                       "upgrade kehu to use it").format(url=db.path, found=schema, known=migrations.SCHEMA_VERSION))
            if schema < migrations.SCHEMA_VERSION or team < pg_schema.TEAM_VERSION:
                if not _owns_schema(conn):
                    raise TeamStoreError(_("{url} was set up by an older kehu: its owner upgrades it with `kehu team init`").format(
                        url=db.path))
                install(db, db.change_at or dt.datetime.now())
        postgres.ID_TABLES.update(r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'id' "
            "AND table_schema = current_schema()"))
    except BaseException:
        conn.close()
        raise
    return db


def _owns_schema(conn) -> bool:
    return bool(conn.execute("SELECT pg_has_role(current_user, tableowner, 'MEMBER') FROM pg_tables "
                             "WHERE tablename = 'kehu_team' AND schemaname = current_schema()").fetchone()[0])


def install(db: TeamDatabase, at: dt.datetime) -> str:
    """Create or upgrade the team schema and its policies (store.engines.pg_schema), in one
    transaction; returns "created", "upgraded" or "current"."""
    from kehu.store import migrations
    from kehu.store.engines import pg_schema

    with db.write(undoable=False) as conn:
        return pg_schema.install(conn, migrations.SCHEMA_VERSION, at.isoformat(" "))
