"""An import's cost follows its rows, not the book: contacts are refreshed in batches with the same
result as one at a time, and export and import hold a contact at a time, not the whole book."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

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
    kehu("add", "赵六", "--met", "2026-09-01", today="2026-09-01")  # a won deal, then pursued again
    kehu("log", "赵六", "--at", "2026-09-03", today="2026-09-05")
    kehu("won", "赵六", "--value", "9000", today="2026-09-10")
    kehu("pursue", "赵六", today="2026-11-01")
    kehu("log", "赵六", today="2026-11-02")
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


def test_contacts_an_import_writes_whole_are_stored_as_their_refresh_would_store_them(kehu, db_path, tmp_path):
    """An import writes a new contact's summary and schedule with its row (book/importing.py
    _Adding) instead of refreshing it: what it stores is what a refresh stores, for every tier
    (care calls are jittered by id), with a first-contact date, and for a contact a later row of
    the same file updates."""
    kehu("add", "老客户", "--phone", "13900000000")  # in the book before: ids do not start at 1
    rows = ["姓名,公司,手机,等级,首次接触"]
    rows += [f"客户{i:02d},公司{i % 3},1380000{i:04d},{'ABCD'[i % 4]},{'2026-10-0' + str(i % 9 + 1) if i % 5 == 0 else ''}"
             for i in range(40)]
    rows += ["客户07,新公司,13800000007,A,"]  # the same phone: updates 客户07 (--on-duplicate update)
    sheet = tmp_path / "c.csv"
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert "40 added, 1 updated" in kehu("import", str(sheet), "--on-duplicate", "update", today="2026-11-23").stdout
    imported = _summaries(db_path)
    conn = sqlite3.connect(db_path)
    care, due = conn.execute("SELECT count(care_on), count(due_on) FROM contact").fetchone()
    conn.close()
    assert care > 0 and due == 41  # A and B contacts have a care call; everyone a due date
    from kehu.cli.common import open_book

    book = open_book()
    with book.write(undoable=False) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM contact")]
        store_touches.refresh_contacts(conn, ids, book.rules)
    assert _summaries(db_path) == imported


def test_accounts_an_import_links_as_it_adds_are_those_linking_afterwards_makes(kehu, db_path, tmp_path, monkeypatch):
    """New contacts get their company's account in their INSERT (--on-duplicate skip or new);
    --on-duplicate update links them afterwards (store.accounts.link_contacts): the same accounts,
    numbered alike, on the same contacts — with first-contact dates and companies in any order."""
    rows = ["姓名,公司,手机,首次接触"]
    rows += [f"客户{i:02d},{['腾讯', '华为', '', '腾讯科技', '阿里'][i % 5]},1380000{i:04d},{'2026-10-01' if i % 3 == 0 else ''}"
             for i in range(30)]
    sheet = tmp_path / "c.csv"
    sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = {}
    for policy in ("skip", "update"):
        monkeypatch.setenv("KEHU_DB", str(tmp_path / f"{policy}.db"))
        kehu("add", "老客户", "--company", "阿里巴巴", today="2026-11-23")
        kehu("import", str(sheet), "--on-duplicate", policy, today="2026-11-23")
        conn = sqlite3.connect(tmp_path / f"{policy}.db")
        found[policy] = (conn.execute("SELECT * FROM account ORDER BY id").fetchall(),
                         conn.execute("SELECT * FROM account_alias ORDER BY key").fetchall(),
                         conn.execute("SELECT id, account_id FROM contact ORDER BY id").fetchall())
        conn.close()
    assert found["skip"] == found["update"] and len(found["skip"][0]) == 5


def test_touches_an_import_numbers_as_it_inserts_are_numbered_as_their_refresh_numbers_them(kehu, db_path, tmp_path,
                                                                                               monkeypatch):
    """A touch log's touches are inserted with the follow-up numbers their contact's refresh is
    expected to give them (store.touches.insert_touches numbered): whatever the log holds — a
    history spread over chunks, out of date order, a contact with touches before, one won and
    pursued again, unanswered calls, two touches a day — the stored numbers are a refresh's."""
    import datetime as dt

    from kehu.book import importing

    monkeypatch.setattr(importing, "TOUCH_CHUNK", 3)
    for name in ("甲", "乙", "丙", "丁"):
        kehu("add", name, "--met", "2026-08-01", today="2026-08-01")
    kehu("add", "戊", today="2026-08-01")
    kehu("log", "丙", "--at", "2026-08-03", today="2026-08-03")
    kehu("won", "丁", "--value", "100", today="2026-08-05")
    kehu("pursue", "丁", today="2026-09-01")
    rows, day = ["日期,姓名,方式,内容,结果"], dt.date(2026, 11, 20)
    for i in range(24):
        rows.append(f"{day - dt.timedelta(days=(i * 7) % 40)},{'甲乙丙丁戊'[i % 5]},{'电话' if i % 3 else '拜访'},第{i}次,"
                    f"{'未接通' if i % 4 == 0 else '好'}")
    rows.append("2026-11-20,戊,电话,同一天,好")
    log = tmp_path / "log.csv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert "Imported 25 touches" in kehu("import", str(log), today="2026-11-23").stdout
    imported = _summaries(db_path)
    from kehu.cli.common import open_book

    book = open_book()
    with book.write(undoable=False) as conn:
        store_touches.refresh_contacts(conn, [r[0] for r in conn.execute("SELECT id FROM contact")], book.rules)
    assert _summaries(db_path) == imported


# --- Memory that stays flat as the book grows -------------------------------------------------
# Peak Python memory (tracemalloc: deterministic, unlike RSS or time on a busy machine) of the
# same work on a book of N and of 10 N contacts. A command that holds the whole book — the JSON
# export built as one document, a touch import that reads every contact's name or history —
# grows about tenfold; one that streams the book grows by the size of one contact.

SMALL, LARGE = 200, 2_000
FLAT = 1.5  # the peak on the 10× book may be at most this many times the peak on the small one


def _book_of(db_path, contacts: int):
    """A book of `contacts` contacts, 10 touches each, written straight to the tables and refreshed."""
    import datetime as dt

    from kehu.cli.common import open_book
    from kehu.store import touches

    book = open_book(create=True)
    with book.write(undoable=False) as conn:
        conn.executemany("INSERT INTO contact (id, name, name_pinyin, name_initials, company, tier, created_on, archived, "
                         "stage, follow_ups_done, complaint_open) VALUES (?, ?, '', '', ?, 'B', '2026-01-02', 0, 'lead', -1, 0)",
                         [(i, f"客户{i}", f"公司{i % 37}") for i in range(1, contacts + 1)])
        start = dt.datetime(2026, 1, 5, 10)
        touches.insert_touches(conn, (touches.touch_values(i, {"at": start + dt.timedelta(days=7 * k), "note": f"第{k}次"},
                                                           start + dt.timedelta(days=7 * k))
                                      for i in range(1, contacts + 1) for k in range(10)))
        touches.refresh_contacts(conn, range(1, contacts + 1), book.rules)
    return book


def _peak(work, collect: bool = True) -> int:
    """Peak traced memory of `work`. `collect=False` after a warm-up run of the same work:
    gc.collect() empties CPython's free lists (2,000 tuples of each small size), and refilling
    them would show as ~0.4 MB that grows with the first 2,000 rows and then stops."""
    import gc
    import tracemalloc

    if collect:
        gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def dry_run_import_peak(kehu, path: Path) -> int:
    """Peak traced memory of `kehu import PATH --dry-run`, after one unmeasured run (modules, caches)."""
    import tracemalloc

    kehu("import", str(path), "--dry-run")
    tracemalloc.start()
    try:
        assert "Would import" in kehu("import", str(path), "--dry-run").stdout
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _export_peak(db_path, contacts: int, fmt: str = "json") -> int:
    import json

    book = _book_of(db_path, contacts)
    sink = []

    def export():
        pieces, _encoding = book.export(fmt, 90)
        size = 0
        for piece in pieces:
            size += len(piece)
            sink[:] = [piece]  # written out piece by piece, as files.write_atomically does
        assert size > 40 * contacts

    export()  # once unmeasured: the modules it loads the first time are not the book
    peak = _peak(export, collect=False)
    whole = "".join(book.export(fmt, 90)[0])
    if fmt == "json":
        assert len(json.loads(whole)["contacts"]) == contacts  # still valid JSON
    elif fmt == "csv":
        assert whole.startswith("\ufeffid,name,") and whole.count("\n") == contacts + 1
    else:
        assert whole.count("BEGIN:VCARD") == contacts
    return peak


def _touch_import_peak(db_path, contacts: int) -> int:
    """Peak of importing the same 300-row touch log (30 contacts) into a book of `contacts`."""
    import datetime as dt

    from kehu.core.columns import TouchRow

    book = _book_of(db_path, contacts)
    log = [TouchRow(number=n + 2, contact_id=None, name=f"客户{1 + n % 30}", company=None,
                    fields={"at": dt.datetime(2026, 10, 1 + n % 28, 12), "channel": "call", "note": f"导入{n}",
                            "outcome": "neutral", "todo": None, "care": False})
           for n in range(300)]

    def import_log():
        placed, bad = book.place_touch_rows(log)
        assert not bad
        book.import_touches(placed, dry_run=True)

    import_log()  # once unmeasured: the modules it loads the first time are not the book
    return _peak(import_log)


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard"])
def test_exporting_a_book_ten_times_larger_takes_about_the_same_memory(db_path, tmp_path, monkeypatch, fmt):
    from kehu.store import contacts

    monkeypatch.setattr(contacts, "BATCH", 50)  # CSV and vCard hold a batch of contacts: smaller than the small book
    peaks = []
    for contacts in (SMALL, LARGE):
        monkeypatch.setenv("KEHU_DB", str(tmp_path / f"book-{contacts}.db"))
        peaks.append(_export_peak(tmp_path, contacts, fmt))
    assert peaks[1] < FLAT * peaks[0], f"{fmt} export peak grew {peaks[1] / peaks[0]:.1f}× on a 10× book: {peaks}"


def test_importing_a_touch_log_into_a_book_ten_times_larger_takes_about_the_same_memory(db_path, tmp_path, monkeypatch):
    peaks = []
    for contacts in (SMALL, LARGE):
        monkeypatch.setenv("KEHU_DB", str(tmp_path / f"book-{contacts}.db"))
        peaks.append(_touch_import_peak(tmp_path, contacts))
    assert peaks[1] < FLAT * peaks[0], f"import peak grew {peaks[1] / peaks[0]:.1f}× on a 10× book: {peaks}"


def test_a_touch_log_is_imported_without_holding_its_rows(kehu, db_path, tmp_path, monkeypatch):
    """A touch log is checked, placed and written a chunk at a time (all or nothing): ten times
    the rows cost the file's text and little more — not the ~1.3 KB a row of holding them all."""
    from kehu.book import importing

    monkeypatch.setattr(importing, "TOUCH_CHUNK", 100)
    kehu("demo")
    names = ["张伟", "李娜", "王芳", "陈静"]

    def log(rows: int) -> Path:
        path = tmp_path / f"log-{rows}.csv"
        path.write_text("日期,姓名,方式,内容\n" + "".join(
            f"2026-{1 + n % 10:02d}-{1 + n % 28:02d} {n % 24:02d}:{n % 60:02d},{names[n % 4]},电话,第{n}次沟通\n"
            for n in range(rows)), encoding="utf-8")
        return path

    small, large = 1_000, 10_000
    per_row = (dry_run_import_peak(kehu, log(large)) - dry_run_import_peak(kehu, log(small))) / (large - small)
    assert per_row < 400, f"{per_row:.0f} bytes a row: the log's rows are held"
