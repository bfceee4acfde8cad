"""A PostgreSQL connection that speaks the store's SQLite-flavoured SQL (team mode, issue 18).

The store writes its SQL once, for SQLite. This adapter carries it over to PostgreSQL, statement
by statement (each text translated once, then cached):

- parameters: `?` → `%s`, `:name` → `%(name)s`, a literal `%` → `%%`;
- `INSERT OR IGNORE` → `ON CONFLICT DO NOTHING`; `INSERT OR REPLACE INTO meta` → an upsert;
- `LIKE` → `ILIKE` (SQLite's LIKE ignores the case of Latin letters); `CROSS JOIN … ON` → `JOIN`;
  `x IS y` → `x IS NOT DISTINCT FROM y`; `temp.t` → `pg_temp.t`; `GLOB '*[…]*'` → `~ '[…]'`;
- SQLite's functions the store uses are SQL functions of the team schema (store.engines.pg_schema):
  scalar `min(a, b)`, `total()`, `sqlite_date()` and `sqlite_julianday()` (for `date()` and
  `julianday()`, renamed here: `date(x)` is a cast in PostgreSQL);
- `cursor.lastrowid`: an INSERT into a table with an `id` gets `RETURNING id`.

Values travel as the SQLite store keeps them: dates and moments as ISO text, booleans as 0/1
(the team schema declares them so, store.engines.pg_schema), so every comparison the store
makes behaves the same. psycopg is imported only here, only for a PostgreSQL URL.
"""

from __future__ import annotations

import functools
import re

from kehu.errors import KehuError
from kehu.i18n import _

# Tables whose rows have an `id` column an INSERT returns (filled in by pg_schema at connect).
ID_TABLES: set[str] = set()


class TeamStoreError(KehuError):
    """The team database can't be reached or failed under a command."""

    exit_code = 3


def is_url(target: str | None) -> bool:
    return bool(target) and target.split("://", 1)[0].lower() in ("postgresql", "postgres")


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", url)


def _psycopg():
    try:
        import psycopg
    except ImportError:
        raise TeamStoreError(_('a PostgreSQL database needs the team extra: pip install "kehu[team]"')) from None
    return psycopg


_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+([a-z_]+)", re.I)


@functools.lru_cache(maxsize=1024)
def translate(sql: str) -> tuple[str, bool]:
    """(the statement in PostgreSQL's SQL, whether it returns the new row's id)."""
    text = sql
    upsert = ""
    if re.match(r"^\s*INSERT OR IGNORE INTO", text, re.I):
        text = re.sub(r"INSERT OR IGNORE INTO", "INSERT INTO", text, count=1, flags=re.I)
        upsert = " ON CONFLICT DO NOTHING"
    elif m := re.match(r"^\s*INSERT OR REPLACE INTO meta\b", text, re.I):
        text = re.sub(r"INSERT OR REPLACE INTO", "INSERT INTO", text, count=1, flags=re.I)
        upsert = " ON CONFLICT (owner, key) DO UPDATE SET value = EXCLUDED.value"
    if re.match(r"^\s*INSERT INTO meta\b", text, re.I):  # meta's key is (owner, key) on a team database
        text = re.sub(r"ON CONFLICT\s*\(key\)", "ON CONFLICT (owner, key)", text, flags=re.I)
    text = re.sub(r"\bCROSS JOIN\b", "JOIN", text)
    text = re.sub(r"\bNOT LIKE\b", "NOT ILIKE", text)
    text = re.sub(r"(?<!NOT )\bLIKE\b", "ILIKE", text)
    text = re.sub(r"\bIS NOT (?!NULL\b|DISTINCT\b|TRUE\b|FALSE\b)", "IS DISTINCT FROM ", text)
    text = re.sub(r"\bIS (?!NULL\b|NOT\b|DISTINCT\b|TRUE\b|FALSE\b)", "IS NOT DISTINCT FROM ", text)
    text = re.sub(r"\btemp\.", "pg_temp.", text)
    text = re.sub(r"GLOB '\*(\[[^\]']*\])\*'", r"~ '\1'", text)  # "contains one of": a regular expression
    text = re.sub(r"(?<![\w.])date\(", "sqlite_date(", text)
    text = re.sub(r"(?<![\w.])julianday\(", "sqlite_julianday(", text)
    text = re.sub(r"(?<![\w.])group_concat\(", "string_agg(", text)
    text = _placeholders(text) + upsert
    returning = False
    # One row's VALUES: an INSERT … SELECT has no one new row (and its ids would all come back).
    if ((m := _INSERT_INTO.match(text)) and m.group(1).lower() in ID_TABLES and "RETURNING" not in text.upper()
            and re.search(r"\bVALUES\s*\(", text, re.IGNORECASE)):
        text += " RETURNING id"
        returning = True
    return text, returning


def _placeholders(sql: str) -> str:
    """`?` and `:name` outside quotes become psycopg's placeholders; every `%` is doubled."""
    out, i, n, quote = [], 0, len(sql), None
    while i < n:
        ch = sql[i]
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        elif ch == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_") and (i == 0 or sql[i - 1] != ":"):
            j = i + 1
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            out.append(f"%({sql[i + 1:j]})s")
            i = j
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


class Cursor:
    """What the store reads from sqlite3's cursor: iteration, fetchone/fetchmany/fetchall, lastrowid, rowcount."""

    def __init__(self, cursor, lastrowid=None):
        self._cursor, self.lastrowid = cursor, lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def description(self):
        return self._cursor.description

    def fetchone(self):
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self):
        return self._cursor.fetchall() if self._cursor.description else []

    def fetchmany(self, size: int):
        # psycopg's client-side cursor holds the whole result already: a batch at a time keeps
        # only the store's code the same (a big team export is not streamed from the server).
        return self._cursor.fetchmany(size) if self._cursor.description else []

    def __iter__(self):
        return iter(self.fetchall())


class Connection:
    """A psycopg connection (autocommit: a write opens its own transaction, store.db.TeamDatabase)
    with the few methods of sqlite3.Connection the store uses."""

    dialect = "postgresql"

    def __init__(self, raw, url: str):
        self.raw, self.url = raw, url

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str, params=()):
        text, returning = translate(sql)
        try:
            cursor = self.raw.execute(text, _params(params))
            lastrowid = cursor.fetchone()[0] if returning else None
        except Exception as e:
            raise self.error(e) from None
        return Cursor(cursor, lastrowid)

    def executemany(self, sql: str, seq):
        text, returning = translate(sql)
        if returning:
            text = text[: -len(" RETURNING id")]
        rows = [_params(p) for p in seq]
        if not rows:
            return Cursor(self.raw.cursor())
        try:
            cursor = self.raw.cursor()
            cursor.executemany(text, rows)
        except Exception as e:
            raise self.error(e) from None
        return Cursor(cursor)

    def error(self, e: Exception) -> Exception:
        """A psycopg failure as one line (exit 3); anything else unchanged."""
        psycopg = _psycopg()
        if not isinstance(e, psycopg.Error):
            return e
        return store_error(self.url, e)

    def close(self) -> None:
        try:
            self.raw.close()
        except Exception:
            pass


def _params(params):
    if isinstance(params, dict):
        return params
    return tuple(params)


def store_error(url: str, e: Exception) -> TeamStoreError:
    psycopg = _psycopg()
    where = redacted(url)
    if isinstance(e, psycopg.OperationalError):
        text = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        if "password" in text:
            return TeamStoreError(_("can't sign in to {url}: wrong password or no such member").format(url=where))
        if "does not exist" in text and "role" in text:
            return TeamStoreError(_("can't sign in to {url}: no such member").format(url=where))
        if "does not exist" in text and "database" in text:
            return TeamStoreError(_("{url}: no such database (create it, then run `kehu team init`)").format(url=where))
        return TeamStoreError(_("the team database {url} can't be reached: {reason}").format(
            url=where, reason=" ".join(str(e).split())))
    if isinstance(e, psycopg.errors.InsufficientPrivilege):
        return TeamStoreError(_("the team database {url} refused: {reason}").format(
            url=where, reason=" ".join(str(e).split()).split(" DETAIL")[0]))
    return TeamStoreError(_("database error in {url}: {error}").format(url=where, error=" ".join(str(e).split())))


def connect(url: str) -> Connection:
    """A connection to the team database at `url`, set up for the store's values, or one line (exit 3)."""
    psycopg = _psycopg()
    from psycopg.adapt import Dumper, Loader
    from psycopg.pq import Format

    class Numeric(Loader):  # avg() of integers, sums of numeric: floats, as SQLite gives them
        def load(self, data):
            return float(bytes(data).decode())

    class AsInt(Dumper):  # booleans are 0/1 in the team schema, as in SQLite
        oid = psycopg.postgres.types["int8"].oid
        format = Format.TEXT

        def dump(self, obj):
            return b"1" if obj else b"0"

    class AsText(Dumper):  # dates and moments are ISO text, as in SQLite
        oid = 0  # unknown: PostgreSQL reads it as the column or the other side needs
        format = Format.TEXT

        def dump(self, obj):
            return (obj.isoformat(" ") if hasattr(obj, "hour") else obj.isoformat()).encode()

    import datetime as dt

    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=10, application_name="kehu")
    except psycopg.Error as e:
        raise store_error(url, e) from None
    except Exception as e:  # a malformed URL
        raise TeamStoreError(_("{url} is not a usable PostgreSQL URL: {reason}").format(
            url=redacted(url), reason=" ".join(str(e).split()))) from None
    raw.adapters.register_loader("numeric", Numeric)
    raw.adapters.register_dumper(bool, AsInt)
    raw.adapters.register_dumper(dt.date, AsText)
    raw.adapters.register_dumper(dt.datetime, AsText)
    return Connection(raw, url)
