"""`kehu due` has three ways to the same list, and they must agree on random books:

- the table: SQLite ranks and counts the stored follow-up schedules and care calls together
  (`store.ranking.ranked_due`); only complaints, sweeps' calls and personal dates are ranked in Python;
- the full list (`--json`, `--limit 0`): every stored schedule read and scored in Python;
- the stale path (a read-only file whose schedules predate a rules change): every schedule
  computed afresh from the contact's summary.

The urgency formula itself is defined once (core.urgency) and its SQL rendering is tested in
tests/test_urgency.py; here the paths are checked end to end: limits, ties, side items, filters.
"""

import datetime as dt
import random

import pytest

from kehu.book import Book, Clock
from kehu.config import load_config
from kehu.core.due import DueSummary
from kehu.core.names import name_keys
from kehu.store import contacts, touches
from kehu.store.db import open_database

TODAY = dt.date(2026, 11, 23)
SURNAMES = "张王李赵刘陈杨黄周吴"
GIVEN = "伟芳娜敏静丽强磊军洋"


def random_book(path, seed: int, size: int = 240):
    """A book with every kind of item: leads, long sequences, promises, unanswered calls, care
    touches, won, lost, paused and re-pursued contacts, complaints and a sweep; some share a name."""
    rng = random.Random(seed)
    db = open_database(path)
    rules = load_config().rules
    now = dt.datetime.combine(TODAY, dt.time(9))
    with db.write() as conn:
        for n in range(size):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + ("" if rng.random() < 0.7 else rng.choice(GIVEN))
            created = TODAY - dt.timedelta(days=rng.randint(0, 240))
            pinyin, initials = name_keys(name)
            cid = contacts.insert_contact(conn, {"name": name, "name_pinyin": pinyin, "name_initials": initials,
                                                 "tier": rng.choice("AABBCCCD"), "city": rng.choice(["兰州", "上海", None]),
                                                 "company": rng.choice(["华为", "美团", None])}, created_on=created)
            contacts.set_tags(conn, cid, rng.sample(["vip", "expo", "wine"], rng.randint(0, 2)))
            day = created
            for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 12, 14])):
                day += dt.timedelta(days=rng.randint(1, 25))
                if day > TODAY:
                    break
                fields = {"at": dt.datetime.combine(day, dt.time(10)), "channel": rng.choice(["call", "wechat", "visit"]),
                          "outcome": rng.choice(["neutral"] * 6 + ["good", "none"]), "care": rng.random() < 0.1}
                if rng.random() < 0.15:
                    fields["next_on"] = day + dt.timedelta(days=rng.randint(1, 40))
                if rng.random() < 0.1:
                    fields["todo"] = "send the quote"
                touches.insert_touch(conn, cid, fields, logged_at=now)
            roll = rng.random()
            if roll < 0.15:
                contacts.update_contact(conn, cid, {"stage": "won", "closed_at": f"{day} 18:00:00"})
            elif roll < 0.22:
                contacts.update_contact(conn, cid, {"stage": "lost", "closed_at": f"{day} 18:00:00", "lost_reason": "price"})
            elif roll < 0.28:
                contacts.update_contact(conn, cid, {"paused_until": (TODAY + dt.timedelta(days=rng.randint(-20, 30))).isoformat()})
            elif roll < 0.31:
                contacts.update_contact(conn, cid, {"sequence_start": f"{TODAY - dt.timedelta(days=rng.randint(0, 30))} 08:00:00"})
            if rng.random() < 0.04:
                touches.open_complaint(conn, cid, "late delivery", now - dt.timedelta(days=rng.randint(0, 6)),
                                       TODAY + dt.timedelta(days=rng.randint(-3, 3)))
            touches.refresh_contact(conn, cid, rules)
    return db


def due_list(db, cfg, today, days, **filters):
    return Book(db, cfg, Clock.on(today)).due_list(days, **filters)


def due_table(db, cfg, today, days, shown, **filters):
    return Book(db, cfg, Clock.on(today)).due_table(days, shown, **filters)


def as_dicts(items):
    return [i.as_json() | {"rule": i.rule} for i in items]


def summary_dict(summary: DueSummary):
    return {"total": summary.total, "overdue": summary.overdue, "in_zone": summary.in_zone, "stalled": summary.stalled,
            "first_stalled": as_dicts(summary.first_stalled)}


@pytest.fixture
def book(db_path):
    db = random_book(db_path, seed=7)
    yield db
    db.close()


@pytest.mark.parametrize("days, shown, tier, tag", [
    (0, 50, None, None), (0, 5, None, None), (7, 20, None, None), (30, 400, None, None),
    (0, 10, "A", None), (14, 10, "C", None), (7, 15, None, "vip"), (0, 1, "B", "expo"),
])
def test_the_table_ranked_by_sqlite_is_the_full_list_ranked_in_python(book, days, shown, tier, tag):
    cfg = load_config()
    full = due_list(book, cfg, TODAY, days, tier=tier, tag=tag)
    assert full, "the random book has something due"
    shown_items, summary = due_table(book, cfg, TODAY, days, shown, tier=tier, tag=tag)
    assert as_dicts(shown_items) == as_dicts(full[:shown])
    assert summary_dict(summary) == summary_dict(DueSummary.of(full))


@pytest.mark.parametrize("seed, weights", [
    (1, ""), (2, ""), (3, ""),
    # other urgency weights: no bonus once due and a short cap; a heavy bonus and wide tiers
    (11, "[urgency]\ndue = 0\nper_day_overdue = 2\noverdue_cap_days = 5\n"),
    (12, "[urgency]\ndue = 25\nstalled_early = 12\n[urgency.tier]\nA = 30\nB = 1\n"),
])
def test_every_path_agrees_on_other_books_and_weights(db_path, seed, weights):
    (db_path.parent / "config.toml").write_text(weights, encoding="utf-8")
    db = random_book(db_path, seed=seed, size=160)
    cfg = load_config()
    try:
        for days in (0, 10):
            full = due_list(db, cfg, TODAY, days)
            shown, summary = due_table(db, cfg, TODAY, days, 25)
            assert as_dicts(shown) == as_dicts(full[:25])
            assert summary_dict(summary) == summary_dict(DueSummary.of(full))
    finally:
        db.close()


def test_stored_schedules_and_care_calls_are_what_the_rules_compute(book):
    rules = load_config().rules
    horizon = TODAY + dt.timedelta(days=60)
    # Stored follow-up schedules carry no reason (`kehu show` computes it); stored care calls do.
    key = lambda f: (f.contact_id, f.schedule.kind, f.schedule.due, f.schedule.interval, f.schedule.follow_up,
                     repr(f.schedule.reason) if f.schedule.kind == "care" else "")
    stored = sorted((key(f) for f in Book(book, load_config(), Clock.on(TODAY)).due_facts(horizon) if f.schedule.due <= horizon), key=str)
    computed = sorted((key(f) for f in contacts.all_due_facts(book.conn, rules) if f.schedule.due <= horizon), key=str)
    assert stored == computed
    assert any(k[1] == "care" for k in stored), "the random book has care calls"


def test_the_table_weights_follow_the_config(book, db_path):
    (db_path.parent / "config.toml").write_text("[urgency]\nper_day_overdue = 0.25\nzone = 40\n[urgency.tier]\nD = 30\n",
                                                encoding="utf-8")
    cfg = load_config()
    full = due_list(book, cfg, TODAY, 0)
    shown, summary = due_table(book, cfg, TODAY, 0, 30)
    assert as_dicts(shown) == as_dicts(full[:30])
    first = next(i for i in shown if i.kind != "complaint")  # open complaints are always first
    assert first.tier == "D" or first.in_zone


def test_a_random_book_has_contacts_stalled_right_after_first_contact(book):
    full = due_list(book, load_config(), TODAY, 0)
    assert any(i.stalled_early and i.follow_up == 1 for i in full)
    complaints = [i.kind == "complaint" for i in full]
    assert any(complaints) and complaints == sorted(complaints, reverse=True)  # open complaints head the list


def test_ties_at_the_edge_of_the_table_are_cut_as_the_full_list_cuts_them(db_path, kehu):
    for name in ("庚", "己", "戊", "丁", "丙", "乙", "甲", "Zed", "Amy", "Bob"):  # ids in the reverse of name order
        kehu("add", name, "--met", "2026-11-01")  # all #1, due and overdue alike: one urgency
    db = open_database(db_path)
    cfg = load_config()
    try:
        full = due_list(db, cfg, TODAY, 0)
        assert len({i.urgency for i in full}) == 1
        for shown in (1, 3, 7):
            assert as_dicts(due_table(db, cfg, TODAY, 0, shown)[0]) == as_dicts(full[:shown])
    finally:
        db.close()


@pytest.mark.parametrize("seed, days, shown", [(7, 7, 5), (7, 0, 1), (3, 30, 12), (11, 14, 400)])
def test_the_digest_ranked_by_sqlite_keeps_what_the_whole_list_would_keep(db_path, seed, days, shown):
    """`kehu digest` shows the most urgent of each section: read from SQLite's ranking, they are
    exactly the first items (and the counts) of the digest gathered whole."""
    from kehu.core.digest import keep_most_urgent

    db = random_book(db_path, seed=seed, size=200)
    book = Book(db, load_config(), Clock.on(TODAY))
    whole = book.digest(days)
    keep_most_urgent(whole, shown)
    top = book.digest(days, shown)
    assert top.totals == whole.totals and top.totals["overdue"] and top.totals["upcoming"]
    for section in ("overdue", "due_today", "upcoming", "stalled"):
        assert as_dicts(getattr(top, section)) == as_dicts(getattr(whole, section)), section
    db.close()
