"""Importing into the book: contacts from a spreadsheet or vCards (with a duplicate policy), a
touch history, and a whole kehu book; merging two contacts that are one.

Which row is a contact already in the book is decided by core.same_contact; what to do with it
(`skip`, `update`, `new`) is `import_contacts`' policy. An import is one transaction: a dry run
counts everything and rolls it back.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from kehu.book.base import with_name_keys
from kehu.book.occasions import set_birthday
from kehu.errors import KehuError
from kehu.i18n import _


class RowsRefused(KehuError):
    """Rows found bad inside the import transaction (which is rolled back); `details` holds
    (row number, reason) of each."""


class _DryRun(Exception):
    """Raised inside the import transaction to roll it back after counting."""


@contextlib.contextmanager
def _importing(book, dry_run: bool):
    """One write transaction for a whole import, rolled back for a dry run."""
    from kehu.store.db import cache_for_bulk_writes

    try:
        with book.write() as conn:
            cache_for_bulk_writes(conn)
            yield conn
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass


def import_contacts(book, rows: list, on_duplicate: str, birthdays: dict, *, dry_run: bool = False,
                    keep_going: bool = False, advance=lambda: None) -> tuple[dict, list]:
    """Add checked contact rows (core.columns.ContactRow); a row that is a contact already in
    the book (core.same_contact) is skipped, updates it, or is added anyway, as `on_duplicate`
    says. Returns the counts and the (row number, reason) of rows that could not be placed —
    with `keep_going`; else those stop the import (RowsRefused), nothing written."""
    from kehu.core.same_contact import known_keys, same_contact_keys
    from kehu.store import book as records

    counts = {"added": 0, "updated": 0, "skipped": 0}
    refused = []
    with _importing(book, dry_run) as conn:
        known = known_keys((cid, same_contact_keys(f)) for cid, f, _added in records.identities(conn))
        changed, tagged = [], []  # tagged: (contact id, tag), written at once after the rows
        adding = _Adding(book, conn, link=on_duplicate != "update")
        for row in rows:
            keys = same_contact_keys(row.fields)
            twins = list(dict.fromkeys(known[k] for k in keys if k in known))
            if twins and on_duplicate == "skip":
                counts["skipped"] += 1
            elif len(twins) > 1 and on_duplicate == "update":
                refused.append((row.number, _("matches contacts {ids} already in the book; merge them first (kehu merge)").format(
                    ids=", ".join(f"#{t}" for t in twins))))
            elif twins and on_duplicate == "update":
                _update_from_row(book, conn, twins[0], row, birthdays.get(row.number), tagged)
                adding.complete.discard(twins[0])  # changed since it was added: refreshed below
                counts["updated"] += 1
                changed.append(twins[0])
            else:
                cid = _add_from_row(book, conn, row, birthdays.get(row.number), tagged, adding)
                for key in keys:
                    known.setdefault(key, cid)
                counts["added"] += 1
                changed.append(cid)
            advance()
        if refused and not keep_going:
            raise RowsRefused("", details=refused)  # rolls the transaction back
        records.tag_contacts(conn, tagged)
        from kehu.store.accounts import link_contacts

        link_contacts(conn, changed, book.today)  # each company is an account
        book.refresh(conn, *(cid for cid in changed if cid not in adding.complete))
    return counts, refused


class _Adding:
    """The contacts an import adds, each written whole when it can be: a new contact with no
    history gets the summary and schedule its refresh would store (store.touches.new_contact_columns)
    in its INSERT, computed for the id it is expected to get (the id after the last one added;
    the first one, and any whose id turns out otherwise, is refreshed as before). `complete`: the
    ids written whole, which need no refresh. With `link`, each new contact also gets the account
    its company names (store.accounts.account_of) in its INSERT, so link_contacts finds nothing
    to change: only when the import adds contacts and updates none, since link_contacts makes
    the accounts in the order of the contacts' ids, and only then is that the order of the rows."""

    def __init__(self, book, conn, link: bool):
        self.book, self.conn, self.expected, self.complete = book, conn, None, set()
        self.accounts: dict | None = {} if link else None  # company → its account

    def derived(self, values: dict, history: bool) -> dict:
        from kehu.store.accounts import account_of
        from kehu.store.touches import new_contact_columns

        found = {}
        if self.accounts is not None:
            company = values["company"]
            if company not in self.accounts:
                self.accounts[company] = account_of(self.conn, company, self.book.today)
            found["account_id"] = self.accounts[company]
        if self.expected is not None and not history:
            found |= new_contact_columns(self.expected, values, self.book.rules)
        return found

    def added(self, cid: int, history: bool) -> None:
        if self.expected == cid and not history:
            self.complete.add(cid)
        self.expected = cid + 1


def _update_from_row(book, conn, contact_id: int, row, birthday, tagged: list) -> None:
    from kehu.store import book as records

    records.fill_contact(conn, contact_id, with_name_keys(dict(row.fields)), overwrite=True)
    tagged += [(contact_id, t) for t in row.tags]
    if birthday:
        set_birthday(book, conn, contact_id, birthday)


def _add_from_row(book, conn, row, birthday, tagged: list, adding: _Adding) -> int:
    from kehu.store import contacts, touches

    cid = contacts.insert_contact(conn, with_name_keys(dict(row.fields)), created_on=min(row.met or book.today, book.today),
                                  derived=lambda values: adding.derived(values, history=bool(row.met)))
    adding.added(cid, history=bool(row.met))
    tagged += [(cid, t) for t in row.tags]  # a new contact: nothing to replace
    if birthday:
        set_birthday(book, conn, cid, birthday)
    if row.met:
        touches.insert_touch(conn, cid, {"at": dt.datetime.combine(row.met, dt.time(12)), "channel": "meeting"},
                             logged_at=book.now)
    return cid


def place_touch_rows(book, rows: list) -> tuple[list, list]:
    """(contact id, row) of each checked touch row (core.columns.TouchRow) whose contact the
    book can tell, and (row, reason) of the others."""
    from kehu.core.columns import RowError
    from kehu.store import book as records

    names = records.touch_targets(book.conn, {row.name for row in rows if row.name})
    placed, bad = [], []
    for row in rows:
        try:
            placed.append((_touch_contact(book, row, names), row))
        except RowError as e:
            bad.append((row, str(e)))
    return placed, bad


def import_touches(book, placed: list, *, dry_run: bool = False, advance=lambda: None) -> int:
    """Add the placed touch rows, except those the book had before (the same file imported
    twice adds nothing twice); returns how many were already there."""
    from kehu.store import book as records
    from kehu.store import rows, touches

    with _importing(book, dry_run) as conn:
        logged_at = rows.iso_moment(book.now)
        coming = [touches.touch_values(cid, row.fields, logged_at) for cid, row in placed]
        there = records.touches_already_there(conn, coming, records.last_touch_id(conn))
        touches.insert_touches(conn, (t for n, t in enumerate(coming) if n not in there))
        for _row in placed:
            advance()
        contact_ids = sorted({cid for cid, _row in placed})
        book.refresh(conn, *contact_ids, since_first_touch=True)  # numbers follow the whole history
    return len(there)


TOUCH_CHUNK = 5_000  # rows of a touch log placed and written at a time


def import_touch_log(book, rows, bad: list, unplaced, raws: dict, *, dry_run: bool = False, keep_going: bool = False,
                     chunk: int | None = None) -> tuple[int, int, int]:
    """A touch log streamed into the book: the checked rows (core.columns.TouchRow) placed and
    written a chunk at a time, in one transaction — all or nothing. `bad` is the list the caller
    adds its refused rows to (and `unplaced(row, reason)` those whose contact the book can't
    tell): once it holds one, nothing more is written and, unless `keep_going`, the import is
    rolled back (RowsRefused) after every row was read, so that all bad rows are named. `raws`:
    the caller's original rows by number, emptied after each chunk. Returns (touches added,
    already in the book, contacts)."""
    from itertools import islice

    from kehu.core.columns import RowError
    from kehu.store import book as records
    from kehu.store import rows as forms
    from kehu.store import touches

    added = already = 0
    contact_ids: set[int] = set()
    names: dict[str, list] = {}  # name → its contacts, read once per name the log holds
    rows, chunk = iter(rows), chunk or TOUCH_CHUNK
    with _importing(book, dry_run) as conn:
        before, logged_at = records.last_touch_id(conn), forms.iso_moment(book.now)
        while batch := list(islice(rows, chunk)):
            wanted = {row.name for row in batch if row.name and row.name not in names}
            found = records.touch_targets(conn, wanted) if wanted else {}
            names.update((name, found.get(name, [])) for name in wanted)
            placed = []
            for row in batch:
                try:
                    placed.append((_touch_contact(book, row, names), row))
                except RowError as e:
                    unplaced(row, str(e))
            raws.clear()
            if bad and not keep_going:
                continue  # read on only to name every bad row
            coming = [touches.touch_values(cid, row.fields, logged_at) for cid, row in placed]
            there = records.touches_already_there(conn, coming, before)
            touches.insert_touches(conn, (t for n, t in enumerate(coming) if n not in there), numbered=True)
            added, already = added + len(coming) - len(there), already + len(there)
            contact_ids.update(cid for cid, _row in placed)
        if bad and not keep_going:
            raise RowsRefused("", details=[])  # rolls the transaction back
        ordered = sorted(contact_ids)
        book.refresh(conn, *ordered, since_first_touch=True)  # numbers follow the whole history
    return added, already, len(contact_ids)


def _touch_contact(book, row, names: dict) -> int:
    """The contact a row of a touch log is about: its id column, else its name (with its company
    when two contacts share the name); a RowError that lists the candidates when it can't tell."""
    # Imported where needed, not on every row (a log of 100,000 rows passes here as often).
    from kehu.core.columns import RowError

    if row.contact_id is not None:
        from kehu.store import book as records

        name = records.contact_named(book.conn, row.contact_id)
        if name is None:
            raise RowError(_("contact #{id} is not in the book (or is archived)").format(id=row.contact_id))
        if row.name and row.name != name:
            raise RowError(_("contact #{id} is {name}, not {given}").format(id=row.contact_id, name=name, given=row.name))
        return row.contact_id
    candidates = names.get(row.name, [])
    if not candidates:
        raise RowError(_("{name!r} is not in the book (add the contact first)").format(name=row.name))
    if len(candidates) > 1 and row.company:  # the company tells two people of one name apart
        candidates = [c for c in candidates if (c[1] or "").casefold() == row.company.casefold()] or candidates
    if len(candidates) == 1:
        return candidates[0][0]
    listed = ", ".join(f"#{cid} ({company or _('no company')})" for cid, company in candidates)
    at = _(" at {company!r}").format(company=row.company) if row.company else ""
    raise RowError(_("{name!r}{at} names {n} contacts: {listed}; add an id column, or a company column that tells them apart").format(
        name=row.name, at=at, n=len(candidates), listed=listed))


def new_contacts(conn, contacts: list[dict]) -> list[dict]:
    """The contacts of a kehu book that are not in the book yet (core.same_contact.book_keys,
    archived contacts too)."""
    from kehu.core.same_contact import book_keys

    known = _book_keys(conn)
    return [c for c in contacts if not any(k in known for k in book_keys(c, c["created_on"]))]


def _book_keys(conn) -> dict:
    from kehu.core.same_contact import book_keys, known_keys
    from kehu.store import book as records

    return known_keys((cid, book_keys(f, added)) for cid, f, added in records.identities(conn, archived=True))


def import_book(book, checked: dict, *, skip_duplicates: bool, dry_run: bool = False) -> tuple[int, int]:
    """Add the contacts of a checked kehu book (core.book_check), keeping its ids in an empty
    book; with `skip_duplicates`, those already in the book (core.same_contact.book_keys,
    archived contacts too) are skipped. Returns (added, skipped)."""
    return _write_book(book, iter([checked["contacts"]]), lambda: (checked["sweeps"], checked["accounts"]),
                       skip_duplicates=skip_duplicates, dry_run=dry_run)


BOOK_CHUNK = 1_000  # contacts of a kehu book checked and written at a time


def import_book_pieces(book, version: int, contacts, rest, *, skip_duplicates: bool,
                       dry_run: bool = False) -> tuple[int, int]:
    """`import_book` for a book read a piece at a time (kehu.json_stream.book_pieces): its raw
    contacts checked (core.book_check.BookCheck) and written BOOK_CHUNK at a time, then the rest
    of the book (`rest()`: its other keys, the sweeps and accounts) — all in one transaction, which a BookError
    (or ValueError, the text is not JSON) anywhere rolls back whole. Holds one chunk of contacts,
    not the book."""
    from itertools import islice

    from kehu.core.book_check import BookCheck

    check, numbered = BookCheck(version), enumerate(contacts)

    def batches():
        while batch := list(islice(numbered, BOOK_CHUNK)):
            yield [check.contact(i, raw) for i, raw in batch]

    def after():
        return check.rest(rest())

    return _write_book(book, batches(), after, skip_duplicates=skip_duplicates, dry_run=dry_run)


def _write_book(book, batches, after, *, skip_duplicates: bool, dry_run: bool) -> tuple[int, int]:
    from kehu.core.same_contact import book_keys
    from kehu.store import book as records
    from kehu.store.accounts import link_contacts

    skipped = 0
    with _importing(book, dry_run) as conn:
        writer = records.BookWriter(conn, keep_ids=records.is_empty(conn))
        known = _book_keys(conn) if skip_duplicates else {}
        for batch in batches:
            coming = [c for c in batch if not any(k in known for k in book_keys(c, c["created_on"]))] if known else batch
            skipped += len(batch) - len(coming)
            # Never trust a hand-edited file's own name keys.
            writer.add([with_name_keys(c) for c in coming])
        ids = writer.finish(*after())
        link_contacts(conn, ids, book.today, unlinked=True)  # an older file's companies become accounts
        book.refresh(conn, *ids)
    return len(ids), skipped


def merge(book, keep: int, other: int) -> None:
    """Fold contact `other` into `keep` (store.book.merge), then renumber what `keep` now holds."""
    from kehu.store import book as records

    with book.write() as conn:
        records.merge(conn, keep, other)
        book.refresh(conn, keep)
