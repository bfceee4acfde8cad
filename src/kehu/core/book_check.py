"""Checking a kehu JSON book before any of it is written: every record, every field.

Pure. `check_book` returns the book with its dates and moments in kehu's stored form, or raises
`BookError` naming the record and field ("contacts[3].touches[0].at: …") so a hand-edited or
damaged file is refused whole, with a reason, instead of half-imported or crashing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from kehu.core import accounts as ka
from kehu.core import fields
from kehu.core.model import CHANNELS, LOST_REASONS, OUTCOMES, STAGES, TIERS

BOOK_FORMAT, BOOK_VERSION = "kehu-book", 3  # what `kehu export --format json` writes (2: sweeps; 3: accounts)

WHOSE = ("self", "spouse", "child", "parent", "other")


_LARGEST = 10**12  # no amount, count or id in a client book comes near it; SQLite's integers end at 2**63


class BookError(ValueError):
    """A record of the book is malformed; the message says where and how."""


def _text(value, required: bool = False, limit: int = 20_000):
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise BookError("expected text" + (" (not empty)" if required else ""))
    return value


def _one_of(choices: tuple[str, ...], required: bool = True) -> Callable:
    def check(value):
        if value is None and not required:
            return None
        if value not in choices:
            raise BookError(f"expected one of {', '.join(choices)}, not {value!r}")
        return value
    return check


def _number(value, required: bool = False, whole: bool = False, low: float | None = None, high: float | None = None):
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
        raise BookError("expected a whole number" if whole else "expected a number")
    if (low is not None and value < low) or value > (high if high is not None else _LARGEST) or value != value:
        raise BookError(f"{value} is out of range")
    return value


def _flag(value):
    if value in (True, False, 0, 1):
        return int(value)
    raise BookError("expected true or false")


def _day(value, required: bool = False):
    if value is None and not required:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat() if isinstance(value, str) and len(value) >= 10 else _bad()
    except ValueError:
        raise BookError(f"expected a date like 2026-11-20, not {value!r}") from None


_STORED_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")  # as kehu writes one: kept as it is once valid


def _moment(value, required: bool = False):
    if value is None and not required:
        return None
    try:
        if not isinstance(value, str):
            _bad()
        if _STORED_MOMENT.fullmatch(value):
            dt.datetime.fromisoformat(value)  # a real day and time (not 2026-02-30)
            return value
        return dt.datetime.fromisoformat(value).replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    except ValueError:
        raise BookError(f"expected a date and time like 2026-11-20 15:30:00, not {value!r}") from None


def _bad():
    raise ValueError


def _required(check: Callable) -> Callable:
    return lambda value: check(value, required=True)


CONTACT = {
    "id": lambda v: _number(v, required=True, whole=True, low=1), "name": lambda v: _text(v, True, 500),
    "name_pinyin": lambda v: _text(v, limit=2000), "name_initials": lambda v: _text(v, limit=500),
    "company": lambda v: _text(v, limit=500), "title": lambda v: _text(v, limit=500), "tier": _one_of(TIERS),
    "phone": lambda v: _text(v, limit=500), "email": lambda v: _text(v, limit=500), "wechat": lambda v: _text(v, limit=500),
    "city": lambda v: _text(v, limit=500), "hometown": lambda v: _text(v, limit=500), "note": _text,
    "referred_by": lambda v: _number(v, whole=True), "created_on": _required(_day), "archived": _flag,
    "stage": _one_of(STAGES), "paused_until": _day, "sequence_start": _moment, "closed_at": _moment,
    "won_value": lambda v: _number(v, low=0), "won_after": lambda v: _number(v, whole=True, low=-1),
    "lost_reason": _one_of(LOST_REASONS, required=False),
    "account_id": lambda v: _number(v, whole=True, low=1),  # book version 3: key accounts
    "role": _one_of(ka.ROLES, required=False), "style": _one_of(ka.STYLES, required=False),
}
def _greeting(value):
    """A touch's holiday greeting: ["春节", 2027], or none."""
    if value is None:
        return None
    from kehu.core.greetings import BY_NAME

    if (not isinstance(value, list) or len(value) != 2 or value[0] not in BY_NAME or isinstance(value[1], bool)
            or not isinstance(value[1], int) or not 1900 <= value[1] <= 9999):
        raise BookError(f"expected a holiday and its year, like [\"春节\", 2027], not {value!r}")
    return value


TOUCH = {
    "at": _required(_moment), "channel": _one_of(CHANNELS), "note": _text, "outcome": _one_of(OUTCOMES),
    "care": _flag, "cost": lambda v: _number(v, low=0), "next_on": _day, "todo": _text, "logged_at": _required(_moment),
    "greeting": _greeting,
}
DATE = {
    "label": lambda v: _text(v, True, 200), "whose": _one_of(WHOSE), "lunar": _flag, "leap": _flag,
    "year": lambda v: _number(v, whole=True, low=1, high=9999), "month": lambda v: _number(v, True, True, 1, 12),
    "day": lambda v: _number(v, True, True, 1, 31), "remind_days": lambda v: _number(v, whole=True, low=0, high=366),
}
COMPLAINT = {
    "opened_at": _required(_moment), "text": lambda v: _text(v, True), "resolve_by": _required(_day),
    "resolved_at": _moment, "resolution": _text, "call_due": _day,
}
DEAL = {
    "started_at": _required(_moment), "closed_at": _required(_moment), "outcome": _one_of(("won", "lost", "churned")),
    "closed_after": lambda v: _number(v, True, True, -1), "value": lambda v: _number(v, low=0), "reason": _text,
}
ACCOUNT = {
    "id": lambda v: _number(v, required=True, whole=True, low=1), "name": lambda v: _text(v, True, 500),
    "stage": _one_of(ka.STAGES), "attractiveness": lambda v: _number(v, whole=True, low=1, high=5),
    "strength": lambda v: _number(v, whole=True, low=1, high=5), "created_on": _required(_day),
}
ACCOUNT_STAGE = {
    "at": _required(_moment), "from": _one_of(ka.STAGES), "to": _one_of(ka.STAGES), "forced": _flag,
    "reason": lambda v: _text(v, limit=2000),
}
SWEEP = {
    "place": lambda v: _text(v, True, 500), "reason": lambda v: _text(v, True, 2000), "created_at": _required(_moment),
}


def _record(where: str, record, spec: dict) -> dict:
    if not isinstance(record, dict):
        raise BookError(f"{where}: expected an object")
    checked = {}
    for key, check in spec.items():
        try:
            checked[key] = check(record.get(key))
        except BookError as e:
            raise BookError(f"{where}.{key}: {e}") from None
    return checked


def _typed(where: str, check: Callable, value, what: str, **options):
    try:
        return check(value, what, **options)
    except fields.FieldError as e:
        raise BookError(f"{where}: {e}") from None


def _same_as_typed(where: str, contact: dict) -> None:
    """The name and profile fields pass exactly the checks `kehu add` applies."""
    contact["name"] = _typed(f"{where}.name", fields.contact_name, contact["name"], "name")
    try:
        contact.update(fields.profile_fields({k: contact[k] for k in fields.PROFILE_FIELDS}))
    except fields.FieldError as e:
        raise BookError(f"{where}: {e}") from None


def _list(where: str, value) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BookError(f"{where}: expected a list")
    return value


_HISTORY = ("touches", "dates", "complaints", "deals")
_CONTACT_KEYS = {*CONTACT, "tags", *_HISTORY}


def check_book(doc: dict, version: int) -> dict:
    """The book's contacts (with their touches, tags, dates, complaints, deals) and sweeps, checked:
    every text as `kehu add` and `kehu log` check it (core.fields), nothing unknown, nothing left out."""
    check = BookCheck(version)
    contacts = [check.contact(i, raw) for i, raw in enumerate(contacts_of(doc))]
    sweeps, accounts = check.rest(doc)
    return {"version": version, "contacts": contacts, "sweeps": sweeps, "accounts": accounts}


def contacts_of(doc: dict) -> list:
    """The book's list of contacts, unchecked (BookError when it is not a list)."""
    return _list("contacts", doc.get("contacts"))


class BookCheck:
    """`check_book` a contact at a time, for a book read a piece at a time: `contact` for each
    contact in the file's order, then `rest` for what follows them (sweeps and accounts), which
    checks what refers to the contacts."""

    def __init__(self, version: int) -> None:
        self.version, self.ids, self.account_refs = version, set(), []

    def contact(self, i: int, raw) -> dict:
        """The i-th contact of the file, checked (BookError when it is not as kehu writes it)."""
        where = f"contacts[{i}]"
        contact = _record(where, raw, CONTACT)
        if unknown := sorted(set(raw) - _CONTACT_KEYS):
            raise BookError(f"{where}.{unknown[0]}: not a field of a kehu book (misspelt?)")
        if not isinstance(raw.get("touches"), list):  # a contact without its history would arrive as never contacted
            raise BookError(f"{where}.touches: missing (a kehu book lists every contact's touches, [] for none)")
        if contact["id"] in self.ids:
            raise BookError(f"{where}.id: {contact['id']} appears twice")
        if contact["referred_by"] == contact["id"]:
            raise BookError(f"{where}.referred_by: a contact cannot be their own referrer")
        self.ids.add(contact["id"])
        _same_as_typed(where, contact)
        tags = _list(f"{where}.tags", raw.get("tags"))
        if not all(isinstance(t, str) and t.strip() for t in tags):
            raise BookError(f"{where}.tags: expected a list of words")
        contact["tags"] = sorted({_typed(f"{where}.tags", fields.tag, t, "tag") for t in tags})
        for key, spec in (("touches", TOUCH), ("dates", DATE), ("complaints", COMPLAINT), ("deals", DEAL)):
            contact[key] = [_record(f"{where}.{key}[{j}]", r, spec) for j, r in enumerate(_list(f"{where}.{key}", raw.get(key)))]
        for j, touch in enumerate(contact["touches"]):
            touch["note"] = _typed(f"{where}.touches[{j}].note", fields.clean_text, touch["note"], "note", multiline=True)
            touch["todo"] = _typed(f"{where}.touches[{j}].todo", fields.clean_text, touch["todo"], "todo", limit=fields.FIELD_LIMIT)
        for j, complaint in enumerate(contact["complaints"]):
            complaint["text"] = _typed(f"{where}.complaints[{j}].text", fields.clean_text, complaint["text"], "text", multiline=True)
        if contact["account_id"] is not None:
            self.account_refs.append((i, contact["account_id"]))
        return contact

    def rest(self, doc: dict) -> tuple[list[dict], list[dict]]:
        """(sweeps, accounts) of the book, checked, once every contact was."""
        sweeps = []
        for i, raw in enumerate(_list("sweeps", doc.get("sweeps"))):
            sweep = _record(f"sweeps[{i}]", raw, SWEEP)
            members = _list(f"sweeps[{i}].contacts", raw.get("contacts"))
            if not all(isinstance(m, int) and m in self.ids for m in members):
                raise BookError(f"sweeps[{i}].contacts: expected ids of contacts in the file")
            sweep["contacts"] = sorted(set(members))
            sweeps.append(sweep)
        accounts = _accounts(doc)
        for i, account_id in self.account_refs:
            if account_id not in accounts:
                raise BookError(f"contacts[{i}].account_id: {account_id} is not the id of an account in the file")
        return sweeps, list(accounts.values())


def _accounts(doc: dict) -> dict[int, dict]:
    """The book's accounts (version 3) by id, each with its other names and stage moves."""
    found: dict[int, dict] = {}
    for i, raw in enumerate(_list("accounts", doc.get("accounts"))):
        where = f"accounts[{i}]"
        account = _record(where, raw, ACCOUNT)
        if unknown := sorted(set(raw) - {*ACCOUNT, "aliases", "stages"}):
            raise BookError(f"{where}.{unknown[0]}: not a field of a kehu book (misspelt?)")
        if account["id"] in found:
            raise BookError(f"{where}.id: {account['id']} appears twice")
        aliases = _list(f"{where}.aliases", raw.get("aliases"))
        if not all(isinstance(a, str) and a.strip() and len(a) <= 500 for a in aliases):
            raise BookError(f"{where}.aliases: expected a list of names")
        account["aliases"] = aliases
        account["stages"] = [_record(f"{where}.stages[{j}]", r, ACCOUNT_STAGE)
                             for j, r in enumerate(_list(f"{where}.stages", raw.get("stages")))]
        found[account["id"]] = account
    return found
