"""Key accounts (大客户, DOMAIN.md §6): a company worked through several of its people.

Pure rules: which names mean the same company (`account_key`), the words users type for roles,
social styles, stages and quadrants, the selection matrix, which stage moves are allowed, and
the multi-threading alarm (a key account whose decision maker has gone silent, or that is
reached through one person only).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import NamedTuple

from kehu.i18n import N_

STAGES = ("pre", "early", "mid", "partnership", "synergy")  # pre-KAM (前导) → … → synergy
QUADRANTS = ("key", "develop", "maintain", "opportunistic")
ROLES = ("decision", "rule", "user", "gatekeeper")
STYLES = ("analytical", "driver", "amiable", "expressive")

# Every form a user may type, lower-cased, to the stored word.
ROLE_WORDS = {
    "decision": "decision", "decision-maker": "decision", "decision_maker": "decision", "dm": "decision",
    "决策者": "decision", "决策人": "decision",
    "rule": "rule", "rule-maker": "rule", "rule_maker": "rule", "规则制定者": "rule",
    "user": "user", "使用者": "user", "用户": "user",
    "gatekeeper": "gatekeeper", "把关者": "gatekeeper", "守门人": "gatekeeper",
}
STYLE_WORDS = {
    "analytical": "analytical", "分析型": "analytical",
    "driver": "driver", "驾驭型": "driver", "支配型": "driver",
    "amiable": "amiable", "平易型": "amiable", "亲切型": "amiable",
    "expressive": "expressive", "表现型": "expressive",
}
STAGE_WORDS = {
    "pre": "pre", "pre-kam": "pre", "前导": "pre", "前导期": "pre",
    "early": "early", "early-kam": "early", "早期": "early",
    "mid": "mid", "mid-kam": "mid", "中期": "mid",
    "partnership": "partnership", "伙伴": "partnership", "伙伴期": "partnership",
    "synergy": "synergy", "协同": "synergy", "协同期": "synergy",
}
QUADRANT_WORDS = {
    "key": "key", "关键": "key", "关键客户": "key", "develop": "develop", "发展": "develop",
    "maintain": "maintain", "维持": "maintain", "opportunistic": "opportunistic", "机会": "opportunistic",
}

# Legal forms and filler a company's name is written with or without (华为技术有限公司 and
# 华为技术 are one key; 华为 and 华为技术 stay two until `kehu account merge` joins them).
_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "corporation", "company", "limited",
             "group", "corp", "inc", "ltd", "llc", "gmbh", "co")
_NOT_LETTERS = re.compile(r"[\W_]+", re.UNICODE)


def account_key(name: str) -> str:
    """The normalised key of a company's name: width and case folded, punctuation and spaces
    dropped, legal forms (有限公司, Co., Ltd.) taken off the end. "" for a name with nothing left."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    words = [w for w in _NOT_LETTERS.split(text) if w]
    while len(words) > 1 and words[-1] in _SUFFIXES:  # "Huawei Co., Ltd."
        words.pop()
    key = "".join(words)
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if len(key) > len(suffix) and key.endswith(suffix) and not suffix.isascii():
                key, changed = key[: -len(suffix)], True
    return key


def word(text: str | None, words: dict[str, str]) -> str | None:
    """The stored word a user's form means (决策者 → decision), or None when it is none of them."""
    return words.get((text or "").strip().lower())


def forms(words: dict[str, str]) -> str:
    """The accepted forms, for an error message: decision (决策者, 决策人) …"""
    grouped: dict[str, list[str]] = {}
    for form, stored in words.items():
        grouped.setdefault(stored, []).append(form)
    return "; ".join(f"{stored} ({', '.join(f for f in found if f != stored)})" for stored, found in grouped.items())


# NamedTuples rather than dataclasses here: `kehu due` and `kehu log` import this module, and a
# dataclass costs about a millisecond to create at import.
class AccountSettings(NamedTuple):
    """`[accounts]` in the config: the matrix's thresholds (a score at or above one is high), the
    tier each quadrant suggests for the account's people, how recent a touch must be for a person
    to count as a thread, and the SPIN templates of `kehu prep` (None: kehu's own, translated)."""

    high_attractiveness: int = 3
    high_strength: int = 3
    tiers: dict[str, str] = {"key": "A", "develop": "B", "maintain": "C", "opportunistic": "D"}  # never changed in place
    threading_days: int = 60
    spin: dict[str, str] = {}


def quadrant(attractiveness: int | None, strength: int | None, settings: AccountSettings) -> str | None:
    """Client attractiveness × our relative strength: key (both high), develop (attractive, we are
    weak), maintain (we are strong, less attractive), opportunistic (both low); None until scored."""
    if attractiveness is None or strength is None:
        return None
    attractive, strong = attractiveness >= settings.high_attractiveness, strength >= settings.high_strength
    return {(True, True): "key", (True, False): "develop", (False, True): "maintain"}.get((attractive, strong),
                                                                                        "opportunistic")


def stage_move(current: str, target: str) -> int:
    """How many stages a move goes forward (negative: back; 0: none). More than 1 skips a stage."""
    return STAGES.index(target) - STAGES.index(current)


class Person(NamedTuple):
    """One of an account's people as the alarm sees them."""

    id: int
    name: str
    tier: str
    role: str | None
    last_touch: dt.date | None  # the last answered touch of any kind
    created_on: dt.date


class Alarm(NamedTuple):
    """A key account that needs another thread: who to call, since when, and why (untranslated
    sentences with their fields, formatted when shown)."""

    person: Person
    due: dt.date
    reasons: tuple


_ROLE_ORDER = {r: i for i, r in enumerate(ROLES)}


def threading_alarm(people: list[Person], maintenance_days: dict[str, int], threading_days: int,
                    since: dt.date, today: dt.date) -> Alarm | None:
    """The alarm of a key account (people: its active ones), or None. A decision maker not reached
    within their tier's maintenance interval is the one to call; else, when at most one person
    was reached in the last `threading_days`, the best person not reached lately (decision maker,
    rule maker, user, gatekeeper; the longest silent first) — or the only one, for an introduction.
    `since`: when the account joined the book (the due day of a thread never made)."""
    if not people:
        return None
    silent = []
    for p in people:
        if p.role != "decision":
            continue
        interval = maintenance_days.get(p.tier, maintenance_days.get("C", 60))
        if p.last_touch is None:
            silent.append((p.created_on, p, ((N_("decision maker never reached"), {}),)))
        elif (today - p.last_touch).days > interval:
            silent.append((p.last_touch + dt.timedelta(days=interval), p, (
                (N_("decision maker not reached in {days} days (tier {tier}: every {interval})"),
                 {"days": (today - p.last_touch).days, "tier": p.tier, "interval": interval}),)))
    reached = sorted((p.last_touch for p in people if p.last_touch), reverse=True)
    threads = [p for p in people if p.last_touch and (today - p.last_touch).days <= threading_days]
    if len(threads) > 1:
        single: tuple = ()
    elif threads:
        single = ((N_("reached through {name} only in the last {days} days"), {"name": threads[0].name,
                                                                              "days": threading_days}),)
    else:
        single = ((N_("nobody reached in the last {days} days"), {"days": threading_days}),)
    if silent:
        due, person, reasons = min(silent, key=lambda s: (s[0], s[1].id))
        return Alarm(person, due, reasons + single)
    if not single:
        return None
    others = [p for p in people if p not in threads] or people
    person = min(others, key=lambda p: (_ROLE_ORDER.get(p.role, len(ROLES)), p.last_touch or dt.date.min, p.id))
    if len(people) == 1:  # the one person there introduces the others: a decision maker, the rest of the team
        single += ((N_("ask them to introduce the people who will use it and who set the rules")
                    if person.role == "decision" else
                    N_("ask them to introduce the decision maker and the people who use it"), {}),)
    due = reached[1] + dt.timedelta(days=threading_days) if len(reached) > 1 else since
    return Alarm(person, due, single)
