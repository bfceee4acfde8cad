"""Shared fixtures: a fresh database per test, a fixed today, and a CLI runner."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

# The tests read kehu's English; a developer's zh_CN locale must not change that (the Chinese
# interface has its own tests, in processes of their own: tests/test_i18n.py).
os.environ["KEHU_LANG"] = "en"

from kehu.cli.app import full_app
from kehu.cli.common import Session, command_line

app = full_app()

TODAY = dt.date(2026, 11, 23)  # a Monday


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch) -> Path:
    """An isolated database and config for the test; today is fixed to TODAY."""
    path = tmp_path / "kehu.db"
    monkeypatch.setenv("KEHU_DB", str(path))
    monkeypatch.setenv("KEHU_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("KEHU_TODAY", TODAY.isoformat())
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the holidays cache stays in the test
    return path


@pytest.fixture
def kehu(db_path, monkeypatch):
    """Run a kehu command line in-process: kehu("log", "张三", today="2026-11-25")."""
    runner = CliRunner()

    def run(*args: str, today: str | dt.date | None = None, ok: bool = True, input: str | None = None) -> Run:
        if today is not None:
            monkeypatch.setenv("KEHU_TODAY", str(today))
        from kehu.views.console import stdout

        stdout.cache_clear()  # one process runs many commands here: let each read COLUMNS afresh
        Session.command_line = command_line(list(args))  # as main() names it for the undo history
        result = runner.invoke(app, list(args), input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        outcome = Run(result.exit_code, result.stdout, result.stderr)
        if ok:
            assert result.exit_code == 0, f"{args} failed: {outcome}"
        return outcome

    return run


# --- PostgreSQL (team mode, issue 18) ----------------------------------------------------------
# One throw-away server for the whole session (tests/postgres.py); a fresh database per test,
# copied from a template that `kehu team init` set up once (CREATE DATABASE … TEMPLATE: ~50 ms).

REP = "tester"  # the member the engine-parametrized tests run as (a rep: row-level security applies)


def _skip_or_fail(reason: str):
    if os.environ.get("KEHU_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"KEHU_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server():
    """A running PostgreSQL server (tests.postgres.Server), stopped at the session's end."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _skip_or_fail('psycopg is not installed (pip install -e ".[test]")')
    from tests.postgres import Server, binaries

    found = binaries()
    if found is None:
        _skip_or_fail("no PostgreSQL binaries (initdb) found")
    server = Server(found).start()
    yield server
    server.stop()


def pg_admin(server):
    import psycopg

    return psycopg.connect(server.url(), autocommit=True)


@pytest.fixture(scope="session")
def pg_template(pg_server):
    """A team database set up by `kehu team init`, with the rep REP and the manager `boss`: each
    test's database is a copy of it."""
    from kehu.book.team import init
    from kehu.store import team as members
    from kehu.store.engines.team import open_team_database

    with pg_admin(pg_server) as admin:
        admin.execute("CREATE DATABASE kehu_template")
    url = pg_server.url("kehu_template")
    init(url, dt.datetime(2026, 11, 23, 9))
    db = open_team_database(url)
    with db.write() as conn:
        members.add_member(conn, REP, "rep", "测试", None, dt.datetime(2026, 11, 23, 9))
        members.add_member(conn, "boss", "manager", "老板", None, dt.datetime(2026, 11, 23, 9))
    db.close()
    return "kehu_template"


_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_database(pg_server, pg_template):
    """(the server, the name of a fresh team database), dropped after the test."""
    name = f"kehu_test_{next(_databases)}"
    with pg_admin(pg_server) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    yield pg_server, name
    with pg_admin(pg_server) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, db_path, monkeypatch):
    """The engine a test runs on: "sqlite" (the file at db_path) or "postgresql" (a fresh team
    database, as the rep REP); KEHU_DB names it, so `kehu(...)` runs there."""
    if request.param == "postgresql":
        server, name = request.getfixturevalue("pg_database")
        monkeypatch.setenv("KEHU_DB", server.url(name, REP))
    return request.param


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: a test of the SQLite file itself (not run on the PostgreSQL engine)")


def pytest_collection_modifyitems(config, items):
    """A module runs on both engines with `pytestmark = pytest.mark.usefixtures("engine")`; its
    tests of the SQLite file itself (marked sqlite_only) run on SQLite alone."""
    kept, dropped = [], []
    for item in items:
        params = getattr(item, "callspec", None)
        on_pg = params is not None and params.params.get("engine") == "postgresql"
        (dropped if on_pg and item.get_closest_marker("sqlite_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture
def book_sql(engine, db_path):
    """Run a query on the test's book, whichever the engine (the database's owner on
    PostgreSQL: every row, past the policies): book_sql("SELECT count(*) FROM touch") → rows."""
    def run(query: str, params=()) -> list[tuple]:
        if engine == "sqlite":
            import sqlite3

            with sqlite3.connect(db_path) as conn:
                return conn.execute(query, params).fetchall()
        import psycopg

        url = os.environ["KEHU_DB"].replace(f"//{REP}@", "//postgres@")
        with psycopg.connect(url, autocommit=True) as conn:
            return conn.execute(query.replace("?", "%s"), params).fetchall()

    return run
