"""Ten writers at once on a team database (issue 18): no touch lost, no follow-up mis-numbered.
Writes take turns under one transaction-level advisory lock (store.engines.team.WRITE_LOCK)."""

from __future__ import annotations

import datetime as dt
import threading

from tests.conftest import REP, TODAY


def _log_in_threads(urls_and_plans, monkeypatch):
    """Each (url, who, days) runs in a thread of its own with its own connection, logging one
    touch with WHO on each day, all threads released at once."""
    from kehu.book import Clock, open_book
    from kehu.config import load_config

    start, errors = threading.Barrier(len(urls_and_plans)), []

    def work(url, who, days):
        try:
            book = open_book(url, load_config, Clock.on(TODAY))
            start.wait()
            for day in days:
                book.log([who], {"at": dt.datetime.combine(day, dt.time(10)), "channel": "call", "outcome": "good",
                                 "note": f"{url[-8:]} {day}", "care": False, "cost": None, "next_on": None, "todo": None})
            book.db.close()
        except BaseException as e:  # noqa: BLE001 — reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=plan) for plan in urls_and_plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def _expected_numbers(days: list[dt.date]) -> list[int]:
    """One answered touch a day, from the first contact on: #0, #1, #2, …"""
    return list(range(len(days)))


def test_ten_writers_of_one_rep_on_one_contact_lose_nothing_and_number_right(pg_database, kehu, monkeypatch):
    server, name = pg_database
    url = server.url(name, REP)
    kehu("--db", url, "add", "张伟", "--tier", "A")
    days = [dt.date(2026, 3, 1) + dt.timedelta(days=n) for n in range(200)]
    _log_in_threads([(url, "张伟", days[i::10]) for i in range(10)], monkeypatch)
    import json

    shown = json.loads(kehu("--db", url, "show", "张伟", "--json").stdout)
    assert len(shown["touches"]) == 200
    assert [t["at"][:10] for t in shown["touches"]] == [d.isoformat() for d in days]
    assert [t["follow_up"] for t in shown["touches"]] == _expected_numbers(days)
    assert shown["follow_ups_done"] == 199 and shown["last_touch"] == days[-1].isoformat()


def test_ten_reps_logging_at_once_each_keep_every_touch(pg_database, kehu, monkeypatch):
    server, name = pg_database
    owner = server.url(name)
    reps = [f"rep{i}" for i in range(10)]
    for rep in reps:
        kehu("--db", owner, "team", "add", rep, "--role", "rep")
        kehu("--db", server.url(name, rep), "add", f"客户{rep}", "--tier", "B")
    days = [dt.date(2026, 11, 1) + dt.timedelta(days=n) for n in range(8)]
    _log_in_threads([(server.url(name, rep), f"客户{rep}", days) for rep in reps], monkeypatch)
    import json

    for rep in reps:
        shown = json.loads(kehu("--db", server.url(name, rep), "show", f"客户{rep}", "--json").stdout)
        assert [t["follow_up"] for t in shown["touches"]] == list(range(8)), rep
        assert all(t["note"].startswith(server.url(name, rep)[-8:]) for t in shown["touches"])
    import psycopg

    with psycopg.connect(owner) as conn:
        assert conn.execute("SELECT count(*) FROM touch").fetchone()[0] == 80


def test_a_write_waits_for_the_write_lock_another_holds(pg_database, kehu):
    """The mechanism itself: while a transaction holds WRITE_LOCK, a `kehu log` waits for it."""
    import time

    import psycopg

    from kehu.store.engines.team import WRITE_LOCK

    server, name = pg_database
    url = server.url(name, REP)
    kehu("--db", url, "add", "张伟")
    from kehu.book import Clock, open_book
    from kehu.config import load_config

    book = open_book(url, load_config, Clock.on(TODAY))
    done = threading.Event()

    def log():
        book.log(["张伟"], {"at": dt.datetime(2026, 11, 23, 10), "channel": "call", "outcome": "good", "note": "等锁",
                            "care": False, "cost": None, "next_on": None, "todo": None})
        done.set()

    with psycopg.connect(server.url(name)) as holder:  # not autocommit: the lock is held until commit
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        worker = threading.Thread(target=log)
        worker.start()
        assert not done.wait(0.7)  # waiting for the lock
        holder.commit()
    assert done.wait(10)
    worker.join()
    book.db.close()
