"""An import's cost follows its rows, not the book: contacts are refreshed in batches with the same
result as one at a time, and export and import hold a contact at a time, not the whole book."""

from __future__ import annotations

import sqlite3

from kehu.store import touches as store_touches


def _summaries(path) -> tuple[list, list]:
    conn = sqlite3.connect(path)
    try:
        contacts = conn.execute("SELECT * FROM contact ORDER BY id").fetchall()
        numbers = conn.execute("SELECT id, follow_up FROM touch ORDER BY id").fetchall()
        return contacts, numbers
    finally:
        conn.close()


def test_contacts_refreshed_in_a_batch_are_stored_as_one_at_a_time_would_store_them(kehu, db_path):
    kehu("demo")
    kehu("complaint", "张伟", "the invoice was wrong")
    kehu("sweep", "--city", "北京", "--reason", "a storm")
    kehu("log", "李娜", "--note", "called back")
    expected = _summaries(db_path)
    from kehu.cli.common import open_book

    book = open_book()
    with book.write(undoable=False) as conn:
        conn.execute("UPDATE touch SET follow_up = NULL")
        conn.execute("UPDATE contact SET follow_ups_done = -1, next_on = NULL, due_on = NULL, care_on = NULL, "
                     "side_on = NULL, complaint_open = 0, sweep_on = NULL, sweep_reason = NULL, last_touch_on = NULL")
        ids = [r[0] for r in conn.execute("SELECT id FROM contact")]
        store_touches.refresh_contacts(conn, ids, book.rules, batch=3)
    assert _summaries(db_path) == expected
