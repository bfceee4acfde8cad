"""Issue 11, item 6: the small things a new user trips over — singulars, where the currency
goes, whose date it is, a resolve-by day that is a working day, the last touch that was an
attempt, a promise that keeps its label."""

import json

import pytest

from kehu.core.budget import money
from kehu.core.occasions import DateEntry, DateSpec, occasion_text


@pytest.mark.parametrize("currency, text", [("¥", "¥2,300"), ("元", "2,300元"), ("EUR ", "EUR 2,300"),
                                            (" EUR", "2,300 EUR"), ("$", "$2,300")])
def test_an_amount_is_written_where_its_currency_goes(currency, text):
    assert money(2300, currency) == text


def test_log_writes_yuan_after_the_amount_and_one_client_in_the_singular(kehu, db_path):
    (db_path.parent / "config.toml").write_text('[budget]\nC = 2000\ncurrency = "元"\n', encoding="utf-8")
    kehu("add", "张三")
    warned = kehu("log", "张三", "--cost", "2300", "--channel", "gift").stderr
    assert "has now cost 2,300元 in 2026, over the tier C budget of 2,000元 a client" in warned
    assert "over its 2,000元 (1 client)" in warned
    assert "元2" not in warned and "1 clients" not in warned


def test_budget_writes_yuan_after_the_amount(kehu, db_path):
    (db_path.parent / "config.toml").write_text('[budget]\ncurrency = "元"\n', encoding="utf-8")
    kehu("add", "张三")
    kehu("log", "张三", "--cost", "2300")
    out = kehu("budget").stdout
    assert "2,300元" in out and "元2" not in out


def entry(label, whose):
    return DateEntry(1, 1, "张伟", None, "B", "won", label, whose, DateSpec(12, 3, 2016), None, None)


@pytest.mark.parametrize("label, whose, text", [
    ("孩子生日", "child", "孩子生日"), ("女儿生日", "child", "女儿生日"), ("生日", "child", "孩子的生日"),
    ("结婚纪念日", "spouse", "结婚纪念日"), ("生日", "spouse", "配偶的生日"), ("老公生日", "spouse", "老公生日"),
    ("birthday", "child", "child's birthday (turns 10)"), ("生日", "self", "生日"),
])
def test_whose_date_it_is_reads_in_the_labels_own_language(label, whose, text):
    assert occasion_text(entry(label, whose), 10 if label == "birthday" else None) == text


def test_a_follow_up_one_day_after_the_last_says_1_day(kehu, db_path):
    (db_path.parent / "config.toml").write_text("[cadence]\nfollow_up_days = [1, 3]\n", encoding="utf-8")
    kehu("add", "张三", "--met", "2026-11-20")
    out = kehu("show", "张三").stdout
    assert "1 day after #0" in out and "1 days" not in out


def test_the_digest_counts_one_personal_date_and_one_follow_up_in_the_singular(kehu):
    kehu("add", "张伟", "--tier", "A", "--met", "2026-11-20")
    kehu("log", "张伟", "--at", "2026-11-22 10:00")
    kehu("date", "add", "张伟", "birthday", "1980-11-25")
    out = kehu("digest").stdout
    assert "1 personal date coming up" in out and "1 personal dates" not in out
    assert "1 follow-up," in out and "1 follow-ups" not in out


def test_a_complaint_made_on_friday_is_resolved_by_monday_not_sunday(kehu):
    kehu("add", "张三")
    out = kehu("complaint", "张三", "late delivery", today="2026-11-27").stdout  # a Friday
    assert "resolve it by 2026-11-30" in out


def test_a_complaint_is_not_due_on_national_day(kehu):
    kehu("add", "张三", today="2026-09-29")
    out = kehu("complaint", "张三", "late delivery", today="2026-09-29").stdout  # +2 days: 10-01
    assert "resolve it by 2026-10-08" in out  # the first working day after the National Day week


def test_last_touch_shows_an_unanswered_attempt_made_yesterday(kehu):
    kehu("add", "张三", "--met", "2026-11-10")
    kehu("log", "张三", "--outcome", "none", today="2026-11-22")
    listed = kehu("list", today="2026-11-23").stdout
    assert "yesterday (attempt)" in listed
    shown = kehu("show", "张三", today="2026-11-23").stdout
    assert "last touch: yesterday (attempt, no answer)" in shown


def test_a_promise_due_after_the_cadence_date_keeps_its_promise_label(kehu):
    kehu("add", "张三", "--met", "2026-11-20")
    kehu("log", "张三", "--todo", "send the quote")  # due within a week; #2 is due in 3 days
    out = kehu("due", "--days", "3").stdout
    assert "#2 · promise: send the quote" in out
    [item] = json.loads(kehu("due", "--json", "--days", "3").stdout)
    assert item["kind"] == "follow_up" and item["promised"] is True


def test_the_default_resolve_by_day_is_a_working_day():
    import datetime as dt

    from kehu.core.calendar import WorkCalendar
    from kehu.core.complaints import default_resolve_by

    assert default_resolve_by(dt.date(2026, 11, 27), WorkCalendar()) == dt.date(2026, 11, 30)  # Fri → Mon
    assert default_resolve_by(dt.date(2026, 11, 23), WorkCalendar()) == dt.date(2026, 11, 25)  # Mon → Wed
