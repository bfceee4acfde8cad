"""Contacts: add, edit, show, list, archive, purge, unarchive."""

from __future__ import annotations

import datetime as dt
from kehu.book.base import with_name_keys
from kehu.book.occasions import set_birthday
from kehu.errors import UsageError
from kehu.i18n import _


class Added:
    """A contact just added: its profile, what is due next, and the contacts it may duplicate."""

    __slots__ = ("profile", "due", "twins", "accounts_alike")

    def __init__(self, profile, due, twins: list[int], accounts_alike: list = ()):
        self.profile, self.due, self.twins = profile, due, twins
        self.accounts_alike = accounts_alike  # (id, name) of accounts the new one may be (华为 for 华为技术)


class Shown:
    """Everything `kehu show` displays about one contact; `dates` are (id, what, date as entered,
    next occurrence)."""

    __slots__ = ("profile", "touches", "complaints", "dates", "due", "deals", "account")

    def __init__(self, profile, touches: list, complaints: list, dates: list, due, deals: list, account=None):
        self.profile, self.touches, self.complaints, self.dates, self.due, self.deals = (
            profile, touches, complaints, dates, due, deals)
        self.account = account  # book.accounts.AccountView of their company, if any


def add_contact(book, fields: dict, *, tags: list[str] = (), met_on: dt.date | None = None,
                referred_by: str | None = None, birthday=None) -> Added:
    """Add a contact as a lead, or with its first contact on `met_on`; `twins` are the contacts
    already in the book that are the same contact (core.same_contact)."""
    from kehu.store import contacts, touches

    fields = with_name_keys(fields)
    with book.write() as conn:
        if referred_by is not None:
            fields["referred_by"] = book.resolve(conn, referred_by).id
        twins = same_contacts(book, conn, fields)
        # A contact met in the past has been in the book since that day.
        contact_id = contacts.insert_contact(conn, fields, created_on=met_on or book.today)
        alike = _link_account(book, conn, contact_id) if fields.get("company") else []
        contacts.set_tags(conn, contact_id, list(tags))
        if birthday:
            set_birthday(book, conn, contact_id, birthday)
        if met_on:
            moment = book.now if met_on == book.today else dt.datetime.combine(met_on, dt.time(12))
            touches.insert_touch(conn, contact_id, {"at": moment, "channel": "meeting"}, logged_at=book.now)
        book.refresh(conn, contact_id)
        profile, item = book.contact_with_due(conn, contact_id)
    return Added(profile, item, twins, alike)


def _link_account(book, conn, contact_id: int) -> list:
    """Put the contact in its company's account (made if new; core.accounts); returns the accounts
    a new one may be another name of."""
    from kehu.store.accounts import alike, link_contacts

    made = link_contacts(conn, [contact_id], book.today)
    return [(account_id, name, other_id, other) for account_id in made
            for (name,) in conn.execute("SELECT name FROM account WHERE id = ?", (account_id,))
            for other_id, other in alike(conn, account_id)]


def same_contacts(book, conn, fields: dict, but_not: int = 0) -> list[int]:
    """Ids of the active contacts that are the same contact as `fields` by name and company
    (core.same_contact.same_name_key): the warning of `kehu add` and `kehu edit`."""
    from kehu.core.same_contact import same_name_key
    from kehu.store import contacts

    key = same_name_key(fields)
    return [cid for cid, other in contacts.named_alike(conn, fields["name"], but_not) if same_name_key(other) == key]


def edit_contact(book, who: str, fields: dict, *, added_tags=(), removed_tags=frozenset(), birthday=None,
                 clear_birthday: bool = False, referred_by: str | None = None):
    """Change a contact's details; returns (its profile, the contacts it now duplicates)."""
    from kehu.store import contacts

    fields = with_name_keys(fields)
    with book.write() as conn:
        contact = book.resolve(conn, who)
        if referred_by is not None:
            fields["referred_by"] = _referrer(book, conn, contact, referred_by)
        before = contacts.get_profile(conn, contact.id)
        contacts.update_contact(conn, contact.id, fields)
        if "company" in fields:
            _link_account(book, conn, contact.id)
        if added_tags or removed_tags:
            current = contacts.tags_of(conn, [contact.id]).get(contact.id, ())
            kept = [t for t in current if t not in removed_tags]
            contacts.set_tags(conn, contact.id, kept + [t for t in added_tags if t not in kept])
        if birthday or clear_birthday:
            set_birthday(book, conn, contact.id, birthday)
        book.reschedule(conn, contact.id)
        profile = contacts.get_profile(conn, contact.id)
        renamed = (profile.name, profile.state.company) != (before.name, before.state.company)
        twins = same_contacts(book, conn, {"name": profile.name, "company": profile.state.company},
                                   but_not=profile.id) if renamed else []
    return profile, twins


def _referrer(book, conn, contact, referred_by: str) -> int | None:
    """The id of the contact who referred `contact` ("" clears it): never themselves, nor
    someone they referred."""
    from kehu.store import contacts

    referrer_id = book.resolve(conn, referred_by).id if referred_by.strip() else None
    if referrer_id == contact.id:
        raise UsageError(_("{name} (#{id}) can't have referred themselves").format(name=contact.name, id=contact.id))
    referrer = contacts.get_profile(conn, referrer_id) if referrer_id else None
    if referrer and referrer.referred_by == contact.id:
        raise UsageError(_("{other} (#{oid}) was referred by {name} (#{id}): they can't have referred each other").format(
            other=referrer.name, oid=referrer.id, name=contact.name, id=contact.id))
    return referrer_id


def show(book, who: str) -> Shown:
    """Profile, timeline, complaints, personal dates, deals and what is due next."""
    from kehu.core.due import next_due
    from kehu.store import contacts, dates, touches
    from kehu.store.deals import deals_of

    conn = book.conn
    contact = book.resolve(conn, who, archived=True)
    profile = contacts.get_profile(conn, contact.id)
    history = touches.touches_of(conn, contact.id)
    complaints = touches.complaints_of(conn, contact.id)
    item = next_due(profile.state, book.rules, book.today)
    important = book.dated([entry for entry, _stored in dates.dates_of(conn, contact.id)])
    from kehu.book.accounts import account_view

    account_id = conn.execute("SELECT account_id FROM contact WHERE id = ?", (contact.id,)).fetchone()[0]
    account = account_view(book, conn, account_id)
    return Shown(profile, history, complaints, important, item, deals_of(conn, contact.id), account)


def contacts(book, *, tier=None, tag=None, stage=None, city=None, archived: bool = False) -> list:
    """Contacts matching every given filter, by name."""
    from kehu.store import contacts

    return contacts.list_profiles(book.conn, tier=tier, tag=tag, stage=stage, city=city, today=book.today, archived=archived)


def archive(book, contact_id: int) -> None:
    """Archive a contact: its history is kept, `unarchive` brings it back."""
    from kehu.store import contacts

    with book.write() as conn:
        contacts.update_contact(conn, contact_id, {"archived": 1})


def purge(book, contact_id: int) -> None:
    """Delete a contact and its whole history for good."""
    from kehu.store import contacts

    with book.write() as conn:
        contacts.delete_contact(conn, contact_id)


def unarchive(book, who: str):
    """Bring back the archived contact WHO names."""
    from kehu.store import contacts

    with book.write() as conn:
        contact = book.resolve(conn, who, archived=True)
        if not contact.archived:
            raise UsageError(_("{name} (#{id}) is not archived").format(name=contact.name, id=contact.id), exit_code=1)
        contacts.update_contact(conn, contact.id, {"archived": 0})
    return contact
