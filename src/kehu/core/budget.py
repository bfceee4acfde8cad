"""Yearly relationship budgets per tier (DOMAIN.md §3: e.g. class 1: 1000 yuan a client a year)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kehu.core.model import TIERS

DEFAULT_PER_CLIENT = {"A": 1000.0, "B": 600.0, "C": 300.0, "D": 0.0}


@dataclass(frozen=True)
class Budget:
    """What each client of a tier may cost in a year."""

    per_client: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_PER_CLIENT))
    currency: str = "¥"


def money(amount: float, currency: str) -> str:
    """An amount with its currency where it goes: ¥2,300 and $2,300 before, 2,300元 after (a
    currency in Chinese characters), and as written with its space: "EUR " before, " EUR" after."""
    number = f"{amount:,.0f}"
    if currency[:1].isspace() or any("\u4e00" <= ch <= "\u9fff" for ch in currency):
        return f"{number}{currency}"
    return f"{currency}{number}"


@dataclass(frozen=True)
class ClientSpend:
    contact_id: int
    name: str
    tier: str
    spent: float
    allowed: float


@dataclass
class TierSpend:
    tier: str
    clients: int = 0
    spent: float = 0.0
    allowed: float = 0.0  # per-client budget × clients

    @property
    def over(self) -> bool:
        return self.spent > self.allowed


@dataclass
class BudgetReport:
    tiers: dict[str, TierSpend]
    over_share: list[ClientSpend]  # clients who cost more than their tier's per-client budget


def budget_report(contacts: Iterable[tuple[int, str, str]], costs: Iterable[tuple[int, float]],
                  budget: Budget) -> BudgetReport:
    """Spend against budget per tier, and the clients above their share.

    `contacts`: (id, name, tier, still in the book) of every contact — a client lost during the year
    still spent what was spent, but only those still in the book make up the tier's budget;
    `costs`: (contact id, cost) of the year.
    """
    tiers = {t: TierSpend(t) for t in TIERS}
    people = {}
    for contact_id, name, tier, active in contacts:
        people[contact_id] = (name, tier)
        if active:
            tiers[tier].clients += 1
            tiers[tier].allowed += budget.per_client.get(tier, 0.0)
    spent: dict[int, float] = {}
    for contact_id, cost in costs:
        if contact_id in people:
            spent[contact_id] = spent.get(contact_id, 0.0) + cost
    for contact_id, amount in spent.items():
        tiers[people[contact_id][1]].spent += amount
    over = [ClientSpend(cid, people[cid][0], people[cid][1], amount, budget.per_client.get(people[cid][1], 0.0))
            for cid, amount in spent.items() if amount > budget.per_client.get(people[cid][1], 0.0)]
    over.sort(key=lambda c: c.allowed - c.spent)
    return BudgetReport(tiers, over)
