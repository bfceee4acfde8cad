"""Where kehu keeps its files, and the configuration: defaults, the TOML file, the environment.

No config file is needed to start: every value has a default, and `kehu config` shows each
effective value with where it came from.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from kehu.errors import UsageError
from kehu.i18n import _

APP = "kehu"


def data_dir() -> Path:
    """The platform's user data folder for kehu."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_path() -> Path:
    """`KEHU_CONFIG`, else the platform's user config folder's `kehu/config.toml`."""
    if env := os.environ.get("KEHU_CONFIG"):
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


def db_path(option: str | None) -> Path:
    """`--db` > `KEHU_DB` > the platform's user data folder's `kehu.db`."""
    if option is not None:
        if not option.strip():
            # A script's empty variable must not silently reach the user's real book.
            raise UsageError(_("--db is empty: give a file path, or leave --db out for the default"))
        return Path(option).expanduser()
    if env := os.environ.get("KEHU_DB"):
        return Path(env).expanduser()
    return data_dir() / "kehu.db"


def db_target(option: str | None) -> Path | str:
    """Where the book is: a PostgreSQL URL (team mode) or the SQLite file's path.
    `--db` > `KEHU_DB` > `[store] url` in the config file > the default file."""
    for given in (option, os.environ.get("KEHU_DB")):
        if given is not None and is_db_url(given.strip()):
            return given.strip()
        if given is not None:
            return db_path(option)
    if url := _store_url():
        return url
    return db_path(option)


def is_db_url(text: str) -> bool:
    """A PostgreSQL URL (postgresql:// or postgres://), not a file path."""
    return text.split("://", 1)[0].lower() in ("postgresql", "postgres") and "://" in text


def _store_url() -> str | None:
    """`[store] url` of the config file; read only when the file mentions it (start-up stays fast)."""
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if "[store]" not in text:
        return None
    from kehu.config.file import read_table

    url = read_table(path, "store").get("url")
    if url is None:
        return None
    if not isinstance(url, str) or not is_db_url(url.strip()):
        raise UsageError(_("config {path}: [store] url must be a postgresql:// URL").format(path=path))
    return url.strip()


def today() -> dt.date:
    """Today, or `KEHU_TODAY=YYYY-MM-DD` (for planning ahead and for tests)."""
    if env := os.environ.get("KEHU_TODAY"):
        try:
            day = dt.date.fromisoformat(env.strip())
        except ValueError:
            day = None
        if day is None or not _FIRST_TODAY <= day <= _LAST_TODAY:
            raise UsageError(_("KEHU_TODAY must be a date YYYY-MM-DD from {first} to {last}, not {value!r}").format(
                first=_FIRST_TODAY, last=_LAST_TODAY, value=env))
        return day
    return dt.date.today()


# Dates are kept from 1900 to 50 years ahead (core.when): a "today" past 2199 would push them
# beyond what a date can hold.
_FIRST_TODAY, _LAST_TODAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def now() -> dt.datetime:
    """The current moment, on `KEHU_TODAY`'s date when that is set."""
    moment = dt.datetime.now().replace(microsecond=0)
    return dt.datetime.combine(today(), moment.time())


def load_config():
    """The effective configuration (`kehu.config.file.Config`): defaults and the config file."""
    from kehu.config import file as config_file

    return config_file.load_config(config_path())


def smtp_settings():
    """The `[smtp]` settings of the config file, checked."""
    from kehu.config import file as config_file

    return config_file.smtp_settings(config_path())


def notify_settings():
    """The `[notify]` settings of the config file (targets, robots), checked."""
    from kehu.notify.settings import notify_settings

    return notify_settings(config_path())


def effective_values(cfg) -> list[tuple[str, object, str]]:
    """Every setting as (dotted key, value, source) for `kehu config`."""
    from kehu.config import file as config_file
    from kehu.notify.settings import notify_values

    return config_file.effective_values(cfg) + config_file.smtp_values(config_path()) + notify_values(config_path())
