"""What every use case of the book shares: the open database, the settings, the clock, the
write transaction, the name keys of a contact, and the refresh that follows every write."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from kehu.book.clock import Clock


class BookBase:
    """An open client book: a database, the settings (or a function that loads them when first
    needed) and a clock read once."""

    def __init__(self, db, settings, clock: Clock):
        self.db = db
        self._settings = settings
        self.clock = clock
        self.today, self.now = clock.today, clock.now

    @property
    def conn(self):
        """The connection, for reads outside a write transaction."""
        return self.db.conn

    @property
    def settings(self):
        """The effective configuration (`kehu.config.file.Config`), loaded on first use."""
        if callable(self._settings):
            self._settings = self._settings()
        return self._settings

    @property
    def rules(self):
        return self.settings.rules

    @contextlib.contextmanager
    def write(self, *, undoable: bool = True) -> Iterator:
        """One transaction: all of a user's action is written, or none of it (store.db)."""
        with self.db.write(undoable=undoable) as conn:
            yield conn

    def refresh(self, conn, *contact_ids: int, since_first_touch: bool = False) -> None:
        """Renumber the follow-ups and store the summary and schedules of each contact a write
        concerned, in that write's transaction, so `kehu due` never reads a stale row.
        `since_first_touch` (an imported history): a contact is in the book since its first
        touch when that is older (store.touches.refresh_contacts)."""
        from kehu.store import touches

        ids = sorted(set(contact_ids))
        if len(ids) > 20 or since_first_touch:  # an import: a few queries a batch of contacts, not a few a contact
            touches.refresh_contacts(conn, ids, self.rules, since_first_touch=since_first_touch)
            return
        for contact_id in ids:
            touches.refresh_contact(conn, contact_id, self.rules)

    def reschedule(self, conn, *contact_ids: int) -> None:
        """Store the schedules of contacts whose touches did not change (a pause, an edit)."""
        from kehu.store import touches

        for contact_id in contact_ids:
            touches.store_due_date(conn, contact_id, self.rules)

    def resolve(self, conn, who: str, *, archived: bool = False):
        """The one contact WHO names (book.who.resolve), or a NotFound / Ambiguous error."""
        from kehu.book.who import resolve

        return resolve(conn, who, archived=archived)

    def contact(self, who: str, *, archived: bool = False):
        """The one contact WHO names, read outside any write (to ask before changing it)."""
        return self.resolve(self.conn, who, archived=archived)

    @property
    def path(self):
        """Where the book is kept (the database file)."""
        return self.db.path

    def contact_with_due(self, conn, contact_id: int):
        """A contact's profile and what is due for it next."""
        from kehu.core.due import next_due
        from kehu.store.contacts import get_profile

        profile = get_profile(conn, contact_id)
        return profile, next_due(profile.state, self.rules, self.today)


def with_name_keys(fields: dict) -> dict:
    """Contact fields with the pinyin and initials of their name, when they carry a name: the keys
    `kehu log zhangwei` and `kehu log zw` find a contact by."""
    if fields.get("name") is None:
        return fields
    from kehu.core.names import name_keys

    pinyin, initials = name_keys(fields["name"])
    return fields | {"name_pinyin": pinyin, "name_initials": initials}
