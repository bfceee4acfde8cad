"""Schema versions and the ordered list of upgrades that carry an old database forward.

A fresh database is created at the current version straight from the SQLModel tables; a database
at an older version runs every step above its version, in order, in one transaction, after a
backup. Each step is literal SQL frozen at the time it was written: it must keep working on that
version's database forever, whatever the models say later.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# PRAGMA application_id: marks a SQLite file as kehu's ("kehu" in ASCII).
APPLICATION_ID = 0x6B656875
SCHEMA_VERSION = 1

# (version the step upgrades *to*, the step). Steps for version 2 and later go here.
# A step that recreates a table (SQLite's "batch" pattern) is safe because `upgrade` turns
# foreign keys off first: with them on, dropping the old contact table would cascade and
# silently delete every touch.
MIGRATIONS: list[tuple[int, Callable[[sqlite3.Connection], None]]] = []


def steps_from(version: int) -> list[tuple[int, Callable[[sqlite3.Connection], None]]]:
    """The upgrade steps a database at `version` needs, in order."""
    return sorted((step for step in MIGRATIONS if step[0] > version), key=lambda s: s[0])
