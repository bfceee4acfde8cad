"""When two contacts are the same contact: the one definition `kehu add`, `kehu edit`,
`kehu import` (spreadsheets, vCards and kehu's JSON books) and `kehu merge` share.

A contact is known by keys, strongest first: its phone (the last 11 digits), its e-mail, its
WeChat id, its name with its company. Two contacts sharing any key are the same contact:

- `kehu import` skips, updates or adds the row (--on-duplicate) when one of its keys is in the
  book; a kehu book also carries the day each contact was added, a key with the name
  (`book_keys`), so a contact imported from the same book twice is found without a phone;
- `kehu add` and `kehu edit` keep both but warn when the name and company (`same_name_key`) are
  those of a contact in the book — also when neither has a company, which is too weak a key to
  merge rows on but worth a note when typing one contact in.
"""

from __future__ import annotations

import re


def same_name_key(fields: dict) -> str:
    """Name and company (or no company): what `kehu add` warns about."""
    return f"{fields['name']}|{fields.get('company') or ''}"


def same_contact_keys(fields: dict) -> list[str]:
    """What makes two contacts the same person, strongest first: a phone, an e-mail, a WeChat id,
    or name + company."""
    keys = []
    if fields.get("phone"):
        digits = re.sub(r"\D", "", fields["phone"])
        keys.append("phone:" + (digits[-11:] if len(digits) >= 11 else digits))
    if fields.get("email"):
        keys.append("email:" + fields["email"].casefold())
    if fields.get("wechat"):
        keys.append("wechat:" + fields["wechat"].casefold())
    if fields.get("company"):
        keys.append("name+company:" + same_name_key(fields))
    return keys


def book_keys(fields: dict, created_on: str) -> list[str]:
    """The keys of a contact in a kehu book: `same_contact_keys`, and its name with the day it was
    added (a contact already imported from this book, even with no phone, e-mail or company)."""
    return [*same_contact_keys(fields), f"name+added:{fields['name']}|{created_on}"]


def known_keys(contacts) -> dict[str, int]:
    """Each key of (id, fields) pairs → the first id that has it (pass the oldest first)."""
    found: dict[str, int] = {}
    for contact_id, keys in contacts:
        for key in keys:
            found.setdefault(key, contact_id)
    return found
