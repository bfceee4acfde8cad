"""The client book: the library the `kehu` command sits on.

A `Book` is built from an open database, the settings (the rules) and a clock read once, and
has a method for each thing a user does: add, edit, log, change a stage, import, merge, due,
occasions, stats, export, undo… It owns what every use case must get right the same way: the
write transaction (all of a command or nothing), the name keys (pinyin, initials), the refresh
of a contact's follow-up numbers and schedules after every write, which contacts are the same
contact (core.same_contact), and the clock. The CLI parses arguments, calls the book and hands
the result to a view; store/ is reached only through the book.

The methods are the table of contents: each hands over to the module of its family
(book/contacts.py, book/touches.py, …), imported only when called, so that `kehu log` pays
for logging and nothing else.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kehu.book.base import BookBase
from kehu.book.clock import Clock

if TYPE_CHECKING:
    from kehu.book.contacts import Added, Shown
    from kehu.book.touches import Logged

__all__ = ["Book", "Clock", "open_book", "storage_error"]


def open_book(path, settings, clock: Clock, change_label: str = "kehu") -> Book:
    """The book in the file at `path` (created on first use, upgraded when older), with the
    settings (or a function that loads them) and the clock; `change_label` is what `kehu undo`
    calls the changes made through it ("kehu log 张伟")."""
    if isinstance(path, str):  # a PostgreSQL URL: the team database (config.db_target)
        from kehu.store.engines.team import open_team_database

        db = open_team_database(path)
    else:
        from kehu.store.db import open_database

        db = open_database(path)
    db.change_label, db.change_at = change_label, clock.now
    return Book(db, settings, clock)


def storage_error(path, error: Exception):
    """The one-line error (a KehuError) for a database file that failed under a query: damaged,
    locked, full."""
    from kehu.store.db import store_error

    return store_error(path, error)


class Book(BookBase):
    """An open client book (see the module's docstring)."""

    # --- Contacts (book/contacts.py) ---

    def add_contact(self, fields: dict, *, tags: list[str] = (), met_on: dt.date | None = None,
            referred_by: str | None = None, birthday=None) -> Added:
        """Add a contact as a lead, or with its first contact on `met_on`; `twins` are the contacts
        already in the book that are the same contact (core.same_contact)."""
        from kehu.book.contacts import add_contact

        return add_contact(self, fields, tags=tags, met_on=met_on, referred_by=referred_by, birthday=birthday)

    def edit_contact(self, who: str, fields: dict, *, added_tags=(), removed_tags=frozenset(), birthday=None,
            clear_birthday: bool = False, referred_by: str | None = None):
        """Change a contact's details; returns (its profile, the contacts it now duplicates)."""
        from kehu.book.contacts import edit_contact

        return edit_contact(self, who, fields, added_tags=added_tags, removed_tags=removed_tags, birthday=birthday,
                            clear_birthday=clear_birthday, referred_by=referred_by)

    def show(self, who: str) -> Shown:
        """Profile, timeline, complaints, personal dates, deals and what is due next."""
        from kehu.book.contacts import show

        return show(self, who)

    def contacts(self, *, tier=None, tag=None, stage=None, city=None, archived: bool = False) -> list:
        """Contacts matching every given filter, by name."""
        from kehu.book.contacts import contacts

        return contacts(self, tier=tier, tag=tag, stage=stage, city=city, archived=archived)

    def archive(self, contact_id: int) -> None:
        """Archive a contact: its history is kept, `unarchive` brings it back."""
        from kehu.book.contacts import archive

        return archive(self, contact_id)

    def purge(self, contact_id: int) -> None:
        """Delete a contact and its whole history for good."""
        from kehu.book.contacts import purge

        return purge(self, contact_id)

    def unarchive(self, who: str):
        """Bring back the archived contact WHO names."""
        from kehu.book.contacts import unarchive

        return unarchive(self, who)

    # --- Touches, and corrections of what was logged wrong (book/touches.py) ---

    def log(self, who: list[str], fields: dict, *, greet: bool = False, holiday=None) -> list[Logged]:
        """Record one touch with each contact WHO names, all or none; a cost is shared out.
        A greeting notes which personal dates in their reminder window it was for."""
        from kehu.book.touches import log

        return log(self, who, fields, greet=greet, holiday=holiday)

    def touches_of(self, who: str):
        """(the contact WHO names, archived ones too, and its touches oldest first)."""
        from kehu.book.touches import touches_of

        return touches_of(self, who)

    def search(self, query: str) -> list:
        """Touches, promises, notes and complaints that contain `query` (or spell it in pinyin), newest first."""
        from kehu.book.touches import search

        return search(self, query)

    def touch(self, touch_id: int, conn=None):
        """The touch with this id, or a one-line error naming where ids are shown."""
        from kehu.book.touches import touch

        return touch(self, touch_id, conn)

    def contact_name(self, contact_id: int, conn=None) -> str:
        """"""
        from kehu.book.touches import contact_name

        return contact_name(self, contact_id, conn)

    def edit_touch(self, touch_id: int, fields: dict, next_on=None):
        """Correct a touch; `next_on(touch_at)` reads the new next date once the touch's time is
        known. Returns (the corrected touch, its contact, what is due next)."""
        from kehu.book.touches import edit_touch

        return edit_touch(self, touch_id, fields, next_on)

    def delete_touch(self, touch_id: int, contact_id: int):
        """Delete a touch, if it is still the contact's; returns what is due for them next."""
        from kehu.book.touches import delete_touch

        return delete_touch(self, touch_id, contact_id)

    def move_touch(self, touch_id: int, who: str):
        """Give a touch to the contact WHO names; returns (touch before, its first contact's name,
        the contact now, the touch now)."""
        from kehu.book.touches import move_touch

        return move_touch(self, touch_id, who)

    # --- Stages and complaints (book/stages.py) ---

    def won(self, who: str, value: float | None = None):
        """Mark a deal won: the contact moves to the maintenance rhythm of its tier."""
        from kehu.book.stages import won

        return won(self, who, value)

    def lost(self, who: str, reason: str):
        """Mark a contact lost, with the reason: a won client who leaves has churned."""
        from kehu.book.stages import lost

        return lost(self, who, reason)

    def pause(self, who: str, until: dt.date):
        """Pause a contact until a day."""
        from kehu.book.stages import pause

        return pause(self, who, until)

    def resume(self, who: str):
        """End a contact's pause now."""
        from kehu.book.stages import resume

        return resume(self, who)

    def pursue(self, who: str):
        """Start a new deal with a won or lost contact: a new sequence, from first contact."""
        from kehu.book.stages import pursue

        return pursue(self, who)

    def pause_tier(self, tier: str, until: dt.date) -> list[int]:
        """Snooze every active contact of a tier (a longer pause of a contact's own stays); returns their ids."""
        from kehu.book.stages import pause_tier

        return pause_tier(self, tier, until)

    def resume_tier(self, tier: str) -> list[int]:
        """End the pause of every contact of a tier (pauses of their own too); returns their ids."""
        from kehu.book.stages import resume_tier

        return resume_tier(self, tier)

    def complain(self, who: str, text: str, resolve_by: dt.date):
        """Record a complaint: it stays in `kehu due` until resolved. Returns the contact."""
        from kehu.book.stages import complain

        return complain(self, who, text, resolve_by)

    def resolve_complaints(self, who: str, note: str | None, call_due: dt.date, *, every: bool = False):
        """Resolve the contact's oldest open complaint (or `every` one), with the call-back's day.
        Returns (the contact, the texts resolved, how many stay open)."""
        from kehu.book.stages import resolve_complaints

        return resolve_complaints(self, who, note, call_due, every=every)

    # --- Holiday greetings (book/greetings.py) ---

    def greeting_items(self, horizon: dt.date) -> list:
        """Every client's greeting for each holiday whose window is open by `horizon`, until done."""
        from kehu.book.greetings import greeting_items

        return greeting_items(self, horizon)

    def open_holidays(self) -> list[str]:
        """The holidays whose greetings are being done today."""
        from kehu.book.greetings import open_holidays

        return open_holidays(self)

    def greeting_checklist(self, holiday: str, tier: str | None = None) -> tuple:
        """`kehu greet HOLIDAY`: (the occurrence, a row per client with done, channel, budget)."""
        from kehu.book.greetings import checklist

        return checklist(self, holiday, tier)

    def greet_tier(self, holiday: str, tier: str, channel: str, note: str | None) -> tuple:
        """A group greeting for a whole tier, in one transaction."""
        from kehu.book.greetings import greet_tier

        return greet_tier(self, holiday, tier, channel, note)

    def group_size(self, holiday: str, tier: str) -> tuple:
        """(the occurrence, clients of the tier a group greeting would log)."""
        from kehu.book.greetings import group_size

        return group_size(self, holiday, tier)

    # --- Personal dates, occasions and sweeps (book/occasions.py) ---

    def add_personal_date(self, who: str, label: str, spec, whose: str, remind: int | None):
        """`kehu date add`: a date for the contact WHO names, unless they already have it."""
        from kehu.book.occasions import add_personal_date

        return add_personal_date(self, who, label, spec, whose, remind)

    def personal_dates(self, who: str | None) -> list:
        """Important dates (of the contact WHO names, or of everyone), soonest first."""
        from kehu.book.occasions import personal_dates

        return personal_dates(self, who)

    def remove_date(self, date_id: int) -> str:
        """Remove an important date; returns its label."""
        from kehu.book.occasions import remove_date

        return remove_date(self, date_id)

    def occasion_items(self, horizon: dt.date) -> list:
        """Personal dates whose reminder window has begun by `horizon`, as due items (kind occasion).
        Occurrences that have passed roll on to the next, stored when the book can be written and
        today is the real date (a look ahead must not skip this year's birthday)."""
        from kehu.book.occasions import occasion_items

        return occasion_items(self, horizon)

    def dated(self, entries) -> list[tuple]:
        """(id, what, date as entered, next occurrence) of each important date, for `kehu show`."""
        from kehu.book.occasions import dated

        return dated(self, entries)

    def coming_occasions(self, end: dt.date) -> tuple[list, list[dict]]:
        """Personal dates and greeting festivals from today to `end`: (date, entry, text) triples, and
        festivals with whether they are days off (estimated or not) and the greeting plan by tier."""
        from kehu.book.occasions import coming_occasions

        return coming_occasions(self, end)

    def sweep(self, place: str, reason: str) -> list[int]:
        """Start a sweep: everyone who lives in or comes from `place` gets a care call due today."""
        from kehu.book.occasions import sweep

        return sweep(self, place, reason)

    def sweeps(self) -> list[dict]:
        """Each sweep's progress: who has been contacted since it began."""
        from kehu.book.occasions import sweeps

        return sweeps(self)

    # --- What is due (book/due.py) ---

    def update_stale_schedules(self) -> bool:
        """Bring the stored schedules up to the current rules (a write, when the rules changed): True
        when they are current, False when they are stale and cannot be stored (a read-only file, a
        full disk) and the caller computes them in memory."""
        from kehu.book.due import update_stale_schedules

        return update_stale_schedules(self)

    def due_facts(self, horizon: dt.date, *, tier: str | None = None, tag: str | None = None) -> list:
        """What falls due by `horizon`: stored schedules through one covering index, or — when
        they are stale on a read-only file — every contact's schedule computed afresh."""
        from kehu.book.due import due_facts

        return due_facts(self, horizon, tier=tier, tag=tag)

    def due_list(self, days: int, *, tier: str | None = None, tag: str | None = None) -> list:
        """Everything due by today + `days`, ranked: every stored schedule read and scored here."""
        from kehu.book.due import due_list

        return due_list(self, days, tier=tier, tag=tag)

    def due_json(self, days: int, limit: int | None, *, tier: str | None = None, tag: str | None = None):
        """`kehu due --json`: each item's JSON text, ranked (written by SQLite for the stored
        schedules); None when they are stale and cannot be stored (then use `due_list`)."""
        from kehu.book.due import due_json

        return due_json(self, days, limit, tier=tier, tag=tag)

    def due_table(self, days: int, shown: int | None, *, tier: str | None = None, tag: str | None = None):
        """(the `shown` most urgent items, the summary) — what the table needs. SQLite ranks and
        counts the follow-ups (a big book has tens of thousands due); the side items are few
        enough to rank here. Falls back to `due_list` for all rows, or when the schedules are stale."""
        from kehu.book.due import due_table

        return due_table(self, days, shown, tier=tier, tag=tag)

    # --- Key accounts (book/accounts.py, book/call_prep.py) ---

    def accounts(self, quadrant: str | None = None) -> list:
        """Every account (or one quadrant's), with its people, stage and place in the matrix."""
        from kehu.book.accounts import account_list

        return account_list(self, quadrant)

    def account(self, company: str):
        """(the account COMPANY names, its stage history, every touch with anyone there)."""
        from kehu.book.accounts import account_detail

        return account_detail(self, company)

    def score_account(self, company: str, attractiveness: int | None, strength: int | None):
        """Place an account in the selection matrix; returns it with its quadrant and suggested tier."""
        from kehu.book.accounts import set_matrix

        return set_matrix(self, company, attractiveness, strength)

    def move_account(self, company: str, stage: str, *, force: bool = False, reason: str | None = None):
        """Move an account to a stage (a skip forward only with `force`); returns (it before, steps)."""
        from kehu.book.accounts import move_stage

        return move_stage(self, company, stage, force=force, reason=reason)

    def merge_accounts(self, keep: str, other: str):
        """Fold account OTHER into KEEP, names and all; returns (kept, merged)."""
        from kehu.book.accounts import merge_accounts

        return merge_accounts(self, keep, other)

    def account_alarms(self) -> list:
        """(account, alarm) of every key account whose decision maker is silent or that hangs on one thread."""
        from kehu.book.accounts import alarms

        return alarms(self)

    def prep(self, who: str):
        """`kehu prep WHO`: role, style and its advice, last touches, the account's people, SPIN prompts."""
        from kehu.book.call_prep import prep

        return prep(self, who)

    # --- The week ahead (book/week.py) ---

    def week(self, days: int = 7, *, tier: str | None = None, tag: str | None = None):
        """(the next `days` working days, each day's due items most urgent first)."""
        from kehu.book.week import week

        return week(self, days, tier=tier, tag=tag)

    def move_later(self, moves) -> None:
        """Apply the moves `kehu week --even` proposed: each contact waits until its new day."""
        from kehu.book.week import move_later

        move_later(self, moves)

    # --- The daily digest (book/digest.py) ---

    def digest(self, days: int, shown: int | None = None):
        """Gather the digest (reads only, apart from bringing stale schedules up to date): with
        `shown`, the most urgent of each section and how many each holds."""
        from kehu.book.digest import digest

        return digest(self, days, shown)

    # --- Your own numbers (book/stats.py) ---

    def stats(self, start: dt.date):
        """The figures of `kehu stats` for the period from `start` to today (views.stats_views.StatsReport's fields)."""
        from kehu.book.stats import stats

        return stats(self, start)

    def budget(self, year: int):
        """Gifts and meals of `year` against the yearly budget of each tier (core.budget)."""
        from kehu.book.stats import budget

        return budget(self, year)

    # --- Importing and merging (book/importing.py) ---

    def import_contacts(self, rows: list, on_duplicate: str, birthdays: dict, *, dry_run: bool = False,
            keep_going: bool = False, advance=lambda: None) -> tuple[dict, list]:
        """Add checked contact rows (core.columns.ContactRow); a row that is a contact already in
        the book (core.same_contact) is skipped, updates it, or is added anyway, as `on_duplicate`
        says. Returns the counts and the (row number, reason) of rows that could not be placed —
        with `keep_going`; else those stop the import (RowsRefused), nothing written."""
        from kehu.book.importing import import_contacts

        return import_contacts(self, rows, on_duplicate, birthdays, dry_run=dry_run, keep_going=keep_going, advance=advance)

    def place_touch_rows(self, rows: list) -> tuple[list, list]:
        """(contact id, row) of each checked touch row (core.columns.TouchRow) whose contact the
        book can tell, and (row, reason) of the others."""
        from kehu.book.importing import place_touch_rows

        return place_touch_rows(self, rows)

    def import_touch_log(self, rows, bad: list, unplaced, raws: dict, *, dry_run: bool = False,
                         keep_going: bool = False) -> tuple[int, int, int]:
        """A touch log streamed in, checked, placed and written a chunk at a time, all or nothing
        (book.importing.import_touch_log)."""
        from kehu.book.importing import import_touch_log

        return import_touch_log(self, rows, bad, unplaced, raws, dry_run=dry_run, keep_going=keep_going)

    def import_touches(self, placed: list, *, dry_run: bool = False, advance=lambda: None) -> int:
        """Add the placed touch rows, except those the book had before (the same file imported
        twice adds nothing twice); returns how many were already there."""
        from kehu.book.importing import import_touches

        return import_touches(self, placed, dry_run=dry_run, advance=advance)

    def import_book(self, checked: dict, *, skip_duplicates: bool, dry_run: bool = False) -> tuple[int, int]:
        """Add the contacts of a checked kehu book (core.book_check), keeping its ids in an empty
        book; with `skip_duplicates`, those already in the book (core.same_contact.book_keys,
        archived contacts too) are skipped. Returns (added, skipped)."""
        from kehu.book.importing import import_book

        return import_book(self, checked, skip_duplicates=skip_duplicates, dry_run=dry_run)

    def import_book_pieces(self, version: int, contacts, rest, *, skip_duplicates: bool,
                           dry_run: bool = False) -> tuple[int, int]:
        """`import_book` for a book read a piece at a time (book/importing.py)."""
        from kehu.book.importing import import_book_pieces

        return import_book_pieces(self, version, contacts, rest, skip_duplicates=skip_duplicates, dry_run=dry_run)

    def merge(self, keep: int, other: int) -> None:
        """Fold contact `other` into `keep` (store.book.merge), then renumber what `keep` now holds."""
        from kehu.book.importing import merge

        return merge(self, keep, other)

    # --- Exporting (book/exports.py) ---

    def export(self, fmt: str, days: int, settings_text: str | None = None):
        """(the text in pieces, encoding) of the book in a format; kehu's JSON carries
        `settings_text` (the shareable part of the config file) for the next owner. The JSON is
        read from the database as its pieces are written (book/exports.py)."""
        from kehu.book.exports import export

        return export(self, fmt, days, settings_text)

    # --- Undo (book/history.py) ---

    def last_change(self):
        """The newest recorded change (store.undo.Step), or an error when there is none."""
        from kehu.book.history import last_change

        return last_change(self)

    def undo(self, step) -> None:
        """Reverse `step`, if it is still the newest change, and refresh every contact it concerned."""
        from kehu.book.history import undo

        return undo(self, step)

    # --- Team mode on PostgreSQL (book/team.py) ---

    @property
    def team(self) -> bool:
        """True on a team database (PostgreSQL), where every contact has an owner."""
        return getattr(self.db, "team", False)

    def sees_team(self) -> bool:
        """On a team database: the member sees others' clients (a manager, the database's owner)."""
        from kehu.store import team

        return self.team and team.may_see_team(self.conn)

    def owners(self) -> dict[int, str]:
        """{contact id: owner's login} of every contact this member may see ({} on a SQLite book)."""
        if not self.team:
            return {}
        from kehu.store import team

        return team.owners(self.conn)

    def team_due(self, days: int, *, owner: str | None = None, everyone: bool = False, tier=None, tag=None,
                 with_owners: bool = False):
        """`kehu due` on a team database: (the items of one owner's clients, or None when the
        database's policies already show just what is asked; {contact id: owner})."""
        from kehu.book.team import team_due

        return team_due(self, days, owner=owner, everyone=everyone, tier=tier, tag=tag, with_owners=with_owners)

    def team_report(self):
        """`kehu team report`: per member, what is due, overdue, in the zone, stalled early, at
        risk, and their wins by follow-up number (book/team.py)."""
        from kehu.book.team import report

        return report(self)

    def ownership(self, contact_id: int) -> list[dict]:
        """Who owned the contact when, oldest first ([] on a SQLite book)."""
        from kehu.book.team import ownership

        return ownership(self, contact_id)

    def handover(self, source: str, target: str, *, tier: str | None = None, tag: str | None = None, dry_run: bool = False):
        """`kehu handover`: the (id, name) of the contacts of `source` moved to `target` (with
        `dry_run`, those that would be), in one transaction (book/team.py)."""
        from kehu.book.team import handover, handover_plan

        if dry_run:
            return handover_plan(self, source, target, tier, tag)
        return handover(self, source, target, tier, tag)

    # --- The demo book (book/demo.py) ---

    def fill_demo(self, book: list[dict]) -> None:
        """Write the demo contacts (read by `read_demo_book`) into an empty book, or over an
        untouched demo; refuses a book that holds real contacts."""
        from kehu.book.demo import fill_demo

        return fill_demo(self, book)

    # --- Copies (book/copies.py) ---

    def backup(self, target=None, protected=()):
        """A consistent copy of the book (default: beside it, named for now); returns the file written."""
        from kehu.book.copies import backup

        return backup(self, target, protected)
