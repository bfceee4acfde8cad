"""Key accounts (大客户): the companies the contacts work for, their stage, their place in the
selection matrix, merging two names of one company, and the multi-threading alarm of `kehu due`."""

from __future__ import annotations

import datetime as dt
from kehu.errors import Ambiguous, KehuError, NotFound, UsageError
from kehu.i18n import _, ngettext


class AccountView:
    """An account as `kehu account list` and `show` give it: its row, its quadrant and suggested
    tier, its people (store.accounts.PersonRow, archived ones left out) and its other names. A
    plain class: `kehu due` imports this module, and a dataclass costs a millisecond to create."""

    __slots__ = ("id", "name", "stage", "quadrant", "attractiveness", "strength", "suggested_tier", "people", "aliases",
                 "created_on")

    def __init__(self, id: int, name: str, stage: str, quadrant: str | None, attractiveness: int | None,
                 strength: int | None, suggested_tier: str | None, people: list, aliases: list[str],
                 created_on: dt.date | None):
        self.id, self.name, self.stage, self.quadrant = id, name, stage, quadrant
        self.attractiveness, self.strength, self.suggested_tier = attractiveness, strength, suggested_tier
        self.people, self.aliases, self.created_on = people, aliases, created_on

    @property
    def last_touch(self) -> dt.date | None:
        return max((p.last_touch for p in self.people if p.last_touch), default=None)

    @property
    def open_deals(self) -> int:
        """People with a deal being pursued."""
        return sum(1 for p in self.people if p.stage == "pursuing")

    def as_json(self) -> dict:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"id": self.id, "name": self.name, "aliases": self.aliases, "stage": self.stage, "quadrant": self.quadrant,
                "attractiveness": self.attractiveness, "strength": self.strength, "suggested_tier": self.suggested_tier,
                "people": [{"id": p.id, "name": p.name, "role": p.role, "style": p.style, "tier": p.tier,
                            "stage": p.stage, "last_touch": iso(p.last_touch)} for p in self.people],
                "last_touch": iso(self.last_touch), "open_deals": self.open_deals}


def resolve_account(book, conn, text: str):
    """The one account TEXT names: an id (3, #3), any of its names (normalised), or part of one."""
    from kehu.core.accounts import account_key
    from kehu.core.names import parse_id
    from kehu.store import accounts

    text = (text or "").strip()
    if not text:
        raise UsageError(_("COMPANY is empty: give an account's name, part of one, or its id (#3)"))
    account_id = parse_id(text)
    if account_id is not None and (found := accounts.get(conn, account_id)):
        return found
    key = account_key(text)
    if key and (account_id := accounts.by_key(conn, key)):
        return accounts.get(conn, account_id)
    matches = accounts.named_like(conn, key) if key else []
    if len(matches) == 1:
        return accounts.get(conn, matches[0][0])
    if matches:
        raise Ambiguous(_("{text!r} matches {n} accounts: {names}; say which by id (#{id})").format(
            text=text, n=len(matches), names=", ".join(f"{name} (#{aid})" for aid, name in matches[:10]), id=matches[0][0]))
    raise NotFound(_("no account is called {text!r}; `kehu account list` shows them (an account is made by "
                     "`kehu add NAME --company {text}`)").format(text=text))


def _view(book, conn, row, people=None) -> AccountView:
    from kehu.core.accounts import quadrant
    from kehu.store import accounts

    settings = book.settings.accounts
    q = quadrant(row.attractiveness, row.strength, settings)
    if people is None:
        people = accounts.people(conn, [row.id])[row.id]
    return AccountView(row.id, row.name, row.stage, q, row.attractiveness, row.strength, settings.tiers.get(q) if q else None,
                       [p for p in people if not p.archived], accounts.aliases(conn, row.id), row.created_on)


def account_view(book, conn, account_id: int | None) -> AccountView | None:
    """The account with this id as `kehu show` and `kehu prep` give it (None for no account)."""
    from kehu.store import accounts

    row = accounts.get(conn, account_id) if account_id else None
    return _view(book, conn, row) if row else None


def account_list(book, quadrant: str | None = None) -> list[AccountView]:
    """Every account (or those of one quadrant), by name as `kehu list` orders names: by their
    pinyin (阿里巴巴, 华为, 京东), not by their code points."""
    from kehu.core.names import name_keys
    from kehu.store import accounts

    conn = book.conn
    rows = sorted(accounts.all_accounts(conn), key=lambda r: (name_keys(r.name)[0], r.name, r.id))
    people = accounts.people(conn, [r.id for r in rows])
    views = [_view(book, conn, r, people[r.id]) for r in rows]
    return [v for v in views if quadrant is None or v.quadrant == quadrant]


def account_detail(book, text: str):
    """(the account, its stage history, every touch with anyone there as (name, touch), newest first)."""
    from kehu.store import accounts

    conn = book.conn
    row = resolve_account(book, conn, text)
    return _view(book, conn, row), accounts.stage_history(conn, row.id), accounts.touches(conn, row.id)


def set_matrix(book, text: str, attractiveness: int | None, strength: int | None) -> AccountView:
    """Score an account in the selection matrix; returns it, with its quadrant and suggested tier."""
    from kehu.store import accounts

    with book.write() as conn:
        row = resolve_account(book, conn, text)
        accounts.set_matrix(conn, row.id, attractiveness, strength)
        return _view(book, conn, accounts.get(conn, row.id))


def move_stage(book, text: str, target: str, *, force: bool = False, reason: str | None = None):
    """Move an account to a stage: back freely, forward one stage at a time, further only with
    `force` (and a reason, kept in the history). Returns (the account before, how many stages)."""
    from kehu.core.accounts import stage_move
    from kehu.core import labels
    from kehu.store import accounts

    with book.write() as conn:
        row = resolve_account(book, conn, text)
        steps = stage_move(row.stage, target)
        if steps == 0:
            raise KehuError(_("{name} is already at the {stage} stage; nothing changed").format(
                name=row.name, stage=labels.account_stage(target)))
        if steps > 1 and not force:
            raise KehuError(ngettext("{name} is at the {stage} stage: moving to {target} skips {n} stage. Stages are not "
                                     "skipped; move one at a time, or add --force --reason TEXT",
                                     "{name} is at the {stage} stage: moving to {target} skips {n} stages. Stages are not "
                                     "skipped; move one at a time, or add --force --reason TEXT", steps - 1).format(
                name=row.name, stage=labels.account_stage(row.stage), target=labels.account_stage(target), n=steps - 1))
        accounts.move_stage(conn, row.id, row.stage, target, book.now, forced=steps > 1, reason=reason)
    return row, steps


def merge_accounts(book, keep_text: str, other_text: str):
    """Fold account OTHER into KEEP: its people and every name it goes by. Returns (kept, merged)."""
    from kehu.store import accounts

    with book.write() as conn:
        keep = resolve_account(book, conn, keep_text)
        other = resolve_account(book, conn, other_text)
        if keep.id == other.id:
            raise KehuError(_("{a!r} and {b!r} are the same account ({name}, #{id})").format(
                a=keep_text, b=other_text, name=keep.name, id=keep.id))
        accounts.merge(conn, keep.id, other.id)
        return _view(book, conn, accounts.get(conn, keep.id)), other


def alarms(book) -> list:
    """(account, core.accounts.Alarm) of every key account that needs another thread."""
    from kehu.core.accounts import Person, threading_alarm
    from kehu.store import accounts

    settings, conn = book.settings.accounts, book.conn
    rows = accounts.scored_at_least(conn, settings.high_attractiveness, settings.high_strength)
    if not rows:
        return []
    maintenance = {t: c.maintenance_days for t, c in book.rules.tiers.items()}
    people = accounts.people(conn, [r.id for r in rows])
    found = []
    for row in rows:
        active = [Person(p.id, p.name, p.tier, p.role, p.last_touch, p.created_on) for p in people[row.id]
                  if not p.archived and p.stage != "lost"]
        alarm = threading_alarm(active, maintenance, settings.threading_days, row.created_on, book.today)
        if alarm:
            found.append((row, alarm))
    return found


def account_items(book, horizon: dt.date) -> list:
    """The alarms as due items (kind account) naming who to call, scored by core.urgency like
    every other item: a key account's few rows are read and ranked here, not in SQL."""
    from kehu.core.due import assess
    from kehu.core.model import DueFacts, Schedule

    items = []
    for row, alarm in alarms(book):
        if alarm.due > horizon:
            continue
        p = alarm.person
        stage, paused = book.conn.execute("SELECT stage, paused_until FROM contact WHERE id = ?", (p.id,)).fetchone()
        facts = DueFacts(p.id, p.name, row.name, p.tier, stage, dt.date.fromisoformat(paused) if paused else None, 0,
                         p.last_touch, None, Schedule("account", None, alarm.due, reason=alarm.reasons))
        item = assess(facts, book.rules, book.today)  # core.urgency's one formula, kind weight `account`
        item.account = row.name
        item.occasion = _("call {name}: {why}").format(name=p.name, why="; ".join(_(s).format(**f) for s, f in alarm.reasons))
        items.append(item)
    return items

