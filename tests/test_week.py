"""kehu week: the next working days day by day, and --even spreading a Monday pile."""

from __future__ import annotations

import datetime as dt
import json

from kehu.core.calendar import WorkCalendar
from kehu.core.model import DueItem
from kehu.core.week import even, movable, plan, working_days

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("engine")

FRI = dt.date(2026, 12, 4)


def _item(cid: int, due: dt.date, tier: str = "C", kind: str = "follow_up", urgency: float = 5.0, todo=None) -> DueItem:
    return DueItem(contact_id=cid, name=f"c{cid:02d}", company=None, tier=tier, stage="pursuing", kind=kind,
                   follow_up=1, due=due, days_overdue=(FRI - due).days, urgency=urgency, last_touch=None, todo=todo)


def test_the_week_is_working_days_from_today_and_files_overdue_items_today():
    days = working_days(WorkCalendar(), FRI, 3)
    assert days == [FRI, dt.date(2026, 12, 7), dt.date(2026, 12, 8)]
    week = plan([_item(1, dt.date(2026, 11, 20)), _item(2, dt.date(2026, 12, 6)), _item(3, dt.date(2026, 12, 20))], days)
    assert [i.contact_id for i in week[FRI]] == [1]
    assert [i.contact_id for i in week[dt.date(2026, 12, 7)]] == [2]  # Sunday's item on Monday
    assert sum(len(v) for v in week.values()) == 2  # past the last day: left out


def test_even_moves_only_b_to_d_follow_ups_without_promises_and_never_beyond_its_reach():
    days = working_days(WorkCalendar(), FRI, 5)
    monday = days[1]
    pile = [_item(i, monday, urgency=float(i)) for i in range(1, 9)] + [
        _item(20, monday, tier="A"), _item(21, monday, todo="send the quote"), _item(22, monday, kind="complaint")]
    moves = even(plan(pile, days), reach=2)
    assert moves and all(movable(m.item) for m in moves)
    assert {m.item.contact_id for m in moves} <= set(range(1, 9))  # A, the promise and the complaint stay
    assert all(m.to_day in days[2:4] for m in moves)  # at most two working days later
    assert [m.item.contact_id for m in moves] == sorted(m.item.contact_id for m in moves)  # least urgent first
    target = -(-len(pile) // len(days))
    load = {d: sum(1 for i in pile if i.due == d) for d in days}
    for m in moves:
        load[m.from_day] -= 1
        load[m.to_day] += 1
    assert all(load[d] <= target for d in days[2:4])


def test_week_json_lists_each_day_with_its_items_and_even_apply_moves_them(kehu):
    for i in range(9):
        kehu("add", f"客户{i}", "--tier", "C" if i else "A", "--met", "2026-12-03", today="2026-12-04")
    days = json.loads(kehu("week", "--json", today="2026-12-04").stdout)
    assert [d["date"] for d in days][:3] == ["2026-12-04", "2026-12-07", "2026-12-08"] and len(days) == 7
    assert len(days[1]["items"]) == 9 and {i["kind"] for i in days[1]["items"]} == {"follow_up"}
    proposed = json.loads(kehu("week", "--json", "--even", today="2026-12-04").stdout)
    moving = [i for d in proposed for i in d["items"] if "move_to" in i]
    assert moving and all(i["tier"] == "C" for i in moving)
    refused = kehu("week", "--even", "--apply", today="2026-12-04", ok=False)  # no terminal, no --yes
    assert refused.exit_code == 1 and "nothing moved" in refused.stderr
    assert kehu("week", "--even", "--apply", "--yes", today="2026-12-04").exit_code == 0
    after = json.loads(kehu("week", "--json", today="2026-12-04").stdout)
    assert len(after[1]["items"]) == 9 - len(moving)
    assert sum(len(d["items"]) for d in after) == 9  # moved, not lost
    assert kehu("week", "--apply", ok=False).exit_code == 2
