"""The Book without Typer: use cases on a small database, with today injected once."""

import datetime as dt

import pytest

from kehu.book import Clock, open_book
from kehu.config import load_config
from kehu.core.columns import contact_row
from kehu.core.occasions import DateSpec
from kehu.errors import NotFound

TODAY = dt.date(2026, 11, 23)  # a Monday


@pytest.fixture
def book(db_path):
    opened = open_book(db_path, load_config(), Clock.on(TODAY))
    yield opened
    opened.db.close()


def on(book, day: dt.date):
    """The same book read on another day."""
    return open_book(book.db.path, book.settings, Clock.on(day))


def touch(at: dt.datetime, **fields) -> dict:
    return {"at": at, "channel": "call", "note": None, "outcome": "neutral", "care": False, "cost": None,
            "next_on": None, "todo": None} | fields


def test_a_lead_added_today_is_due_for_first_contact_today(book):
    added = book.add_contact({"name": "张伟", "company": "华为", "tier": "B"})
    assert book.resolve(book.conn, "zhangwei").id == added.profile.id and added.twins == []  # the name keys
    assert (added.due.kind, added.due.due) == ("first_contact", TODAY)


def test_logging_numbers_the_follow_up_and_moves_the_due_date_in_the_same_write(book):
    book.add_contact({"name": "李娜", "tier": "C"}, met_on=TODAY - dt.timedelta(days=10))
    [logged] = book.log(["lina"], touch(dt.datetime.combine(TODAY, dt.time(10))))
    assert logged.touch.follow_up == 1
    assert logged.due.follow_up == 2 and logged.due.due > TODAY
    assert book.due_list(0) == []  # what `kehu due` reads was refreshed with the touch


def test_the_same_contact_by_name_and_company_is_kept_but_named(book):
    first = book.add_contact({"name": "王芳", "company": "美团"})
    second = book.add_contact({"name": "王芳", "company": "美团"})
    third = book.add_contact({"name": "王芳", "company": "华为"})
    assert second.twins == [first.profile.id] and third.twins == []


def test_an_import_skips_a_row_with_the_phone_of_a_contact_already_in_the_book(book):
    book.add_contact({"name": "赵强", "phone": "138-0013-8000"})
    rows = [contact_row(2, {"name": "赵强 (sales)", "phone": "+86 13800138000"}), contact_row(3, {"name": "周杰"})]
    counts, refused = book.import_contacts(rows, "skip", {})
    assert counts == {"added": 1, "updated": 0, "skipped": 1} and refused == []


def test_a_touch_with_two_contacts_one_unknown_writes_nothing(book):
    book.add_contact({"name": "陈静"})
    with pytest.raises(NotFound):
        book.log(["陈静", "nobody"], touch(dt.datetime.combine(TODAY, dt.time(9))))
    assert book.touches_of("陈静")[1] == []


def test_today_is_read_once_and_a_later_day_sees_the_lead_overdue(book):
    book.add_contact({"name": "刘洋"})
    later = on(book, TODAY + dt.timedelta(days=3))
    [item] = later.due_list(0)
    assert item.days_overdue == 3 and later.today == TODAY + dt.timedelta(days=3)


def test_a_look_ahead_does_not_roll_a_birthday_on_but_the_real_day_does(book):
    added = book.add_contact({"name": "杨敏"}, birthday=DateSpec(11, 1, 1980))

    def stored():
        return book.conn.execute("SELECT next_on FROM important_date WHERE contact_id = ?", (added.profile.id,)).fetchone()[0]

    before, later = stored(), TODAY + dt.timedelta(days=400)
    ahead = open_book(book.db.path, book.settings, Clock(later, dt.datetime.combine(later, dt.time(9)), TODAY))
    ahead.occasion_items(later)
    assert stored() == before  # KEHU_TODAY a year ahead must not skip the birthday in between
    on(book, later).occasion_items(later)  # that day come for real
    assert stored() > before


def test_undo_reverses_a_log_and_the_follow_up_numbers_with_it(book):
    book.add_contact({"name": "黄磊"}, met_on=TODAY - dt.timedelta(days=5))
    book.log(["黄磊"], touch(dt.datetime.combine(TODAY, dt.time(11))))
    book.undo(book.last_change())
    contact, touches = book.touches_of("黄磊")
    assert [t.follow_up for t in touches] == [0]
    assert book.show("黄磊").due.follow_up == 1
