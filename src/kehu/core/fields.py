"""What a contact's text fields may hold, checked the same way wherever they come from: typed on
the command line (`kehu add`, `kehu edit`) or read from a spreadsheet, a vCard or a kehu book.

Pure: a value in, the cleaned value or a `FieldError` out. `what` names the field as the user
knows it there (`--phone` on the command line, `phone` in a sheet).
"""

from __future__ import annotations

import re
import unicodedata

from kehu.i18n import _

# C0/C1 controls, and the bidirectional overrides that make text display as something else
# (U+202E turns "evil" into "live"). Zero-width joiners stay: emoji families are made of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")
_LINE_BREAK = re.compile(r"[\n\t]")
# +86 138 0013 8000, (010)12345678, 010-12345678转801, 010-12345678 ext. 801
PHONE = re.compile(r"^\+?[0-9(][0-9 ()\-]{2,30}(?:\s*(?:转|ext\.?|x|#)\s*\d{1,6})?$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

NAME_LIMIT, FIELD_LIMIT, NOTE_LIMIT, TAG_LIMIT = 200, 500, 20_000, 100
PROFILE_FIELDS = ("company", "title", "wechat", "city", "hometown", "note", "phone", "email")


class FieldError(ValueError):
    """A value a contact field cannot hold, in words the user can act on."""


def clean_text(value: str | None, what: str, limit: int = NOTE_LIMIT, multiline: bool = False) -> str | None:
    """Trim a free-text field; empty becomes None. Refuse text too long to be a note, and
    control characters (an escape sequence in a name would reach every table and pipe)."""
    if value is None:
        return None
    value = value.strip()
    if len(value) > limit:
        raise FieldError(_("{what} is {n} characters; the limit is {limit} (keep documents elsewhere and note where)").format(
            what=what, n=len(value), limit=limit))
    if _CONTROL.search(value) or (not multiline and _LINE_BREAK.search(value)):
        allowed = _(" (line breaks are fine in a note)") if multiline else ""
        raise FieldError(_("{what} contains control characters; use plain text{allowed}").format(what=what, allowed=allowed))
    if value and not _INVISIBLE.sub("", value):
        raise FieldError(_("{what} has nothing visible in it (only zero-width characters)").format(what=what))
    return value or None


def contact_name(value: str | None, what: str) -> str:
    """A contact's name: visible, one line, at most 200 characters."""
    name = clean_text(value, what, limit=NAME_LIMIT)
    if not name:
        raise FieldError(_("the name is empty: give the contact a name (张三, John Smith…)"))
    return name


def profile_fields(values: dict[str, str | None], label=lambda key: key) -> dict[str, str | None]:
    """The profile fields among `values` (company, phone, note…), checked; "" becomes None (on
    edit: clears the field). `label(key)` names a field in messages."""
    fields = {}
    for key in PROFILE_FIELDS:
        if values.get(key) is not None:
            fields[key] = clean_text(values[key], label(key), limit=NOTE_LIMIT if key == "note" else FIELD_LIMIT,
                                     multiline=key == "note")
    if fields.get("phone"):  # full-width digits and brackets (（010）１２３…) as an IME types them
        fields["phone"] = unicodedata.normalize("NFKC", fields["phone"])
    if fields.get("phone") and not PHONE.match(fields["phone"]):
        raise FieldError(_("{what} {value!r} is not a phone number: use digits, spaces, + - ( ) and 转 for an extension, e.g. +86 138 0013 8000, (010)12345678转801").format(
            what=label("phone"), value=fields["phone"]))
    if fields.get("email") and not EMAIL.match(fields["email"]):
        raise FieldError(_("{what} {value!r} is not an e-mail address (name@example.com)").format(
            what=label("email"), value=fields["email"]))
    return fields


def tag(value: str | None, what: str) -> str | None:
    """One tag: one line, at most 100 characters."""
    return clean_text(value, what, limit=TAG_LIMIT)
