"""The daily digest: its content in each format, escaping, --if-due, and the pure rules behind it."""

import datetime as dt
import re

import pytest

from kehu.core.digest import History, activity, at_risk, streak
from kehu.core.model import ContactState, SequenceState, Touch
from kehu.core.calendar import WorkCalendar
from kehu.core.rules import Rules

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
pytestmark = pytest.mark.usefixtures("engine")

TODAY = dt.date(2026, 11, 23)


def state(id_=1, tier="C", stage="pursuing", created=dt.date(2026, 11, 1), last=None):
    return ContactState(id=id_, name=f"c{id_}", tier=tier, stage=stage, created_on=created,
                        sequence=SequenceState(follow_ups_done=0, reference_on=last, last_touch_on=last))


def touch(day, follow_up=1, outcome="neutral", care=False, id_=1):
    return Touch(id=id_, contact_id=1, at=dt.datetime.combine(day, dt.time(10)), channel="call", note=None,
                 outcome=outcome, care=care, cost=None, next_on=None, todo=None, follow_up=follow_up)


def test_a_won_client_silent_for_twice_the_maintenance_interval_is_at_risk_most_valuable_first():
    silent_b = state(1, tier="B", stage="won", last=TODAY - dt.timedelta(days=61))  # B: 30 → 60
    fine_b = state(2, tier="B", stage="won", last=TODAY - dt.timedelta(days=60))
    silent_a = state(3, tier="A", stage="won", last=TODAY - dt.timedelta(days=29))  # A: 14 → 28
    found = at_risk([(silent_b, 100.0), (fine_b, 1e6), (silent_a, 5000.0)], Rules(), TODAY)
    assert [(r.contact_id, r.days_silent) for r in found] == [(3, 29), (1, 61)]


def test_activity_counts_first_contacts_follow_ups_and_unanswered_attempts():
    day = TODAY - dt.timedelta(days=1)
    counted = activity([touch(day, 0), touch(day, 1), touch(day, 2), touch(day, 3, outcome="none"),
                        touch(day, None, care=True)])
    assert (counted.touches, counted.first_contacts, counted.follow_ups, counted.attempts) == (5, 1, 2, 1)


def test_a_visit_and_a_thank_you_message_the_same_day_count_as_one_follow_up_in_the_digest():
    day = TODAY - dt.timedelta(days=1)
    counted = activity([touch(day, 2, outcome="none"), touch(day, 2), touch(day, 2), touch(day, 3, outcome="none")])
    assert (counted.touches, counted.follow_ups, counted.attempts) == (4, 1, 2)


def test_streak_counts_the_days_on_which_every_due_follow_up_was_done():
    # First contact on 11-16; #1 due 11-18 (done that day), #2 due 11-21 (done on 11-21),
    # #3 due 11-26: nothing due on 11-19, 11-20, 11-22 either. The streak reaches back to the start.
    days = [dt.date(2026, 11, 16), dt.date(2026, 11, 18), dt.date(2026, 11, 21)]
    touches = [touch(d, n, id_=n + 1) for n, d in enumerate(days)]
    kept = History(state(created=dt.date(2026, 11, 16)), touches)
    plain = Rules(calendar=WorkCalendar(shift=False), care_days={})  # the bare cadence
    assert streak([kept], plain, TODAY) == 7  # 11-16 … 11-22
    # The same book, but #2 was done a day late (11-22): 11-21 was left undone.
    late = [touch(d, n, id_=n + 1) for n, d in enumerate(days[:2] + [dt.date(2026, 11, 22)])]
    assert streak([History(state(created=dt.date(2026, 11, 16)), late)], plain, TODAY) == 1


def test_a_lead_left_uncontacted_breaks_the_streak_the_day_it_was_added():
    lead = History(state(stage="lead", created=TODAY - dt.timedelta(days=1)), [])
    assert streak([lead], Rules(), TODAY) == 0


@pytest.fixture
def book(kehu):
    kehu("add", "张伟", "--company", "华为", "--tier", "A", "--met", "2026-10-01")
    for day in ("2026-10-03", "2026-10-06", "2026-10-11"):
        kehu("log", "张伟", "--at", day)  # #4 due 10-18: overdue, in the zone
    kehu("add", "李娜", "--met", "2026-11-01")
    kehu("log", "李娜", "--at", "2026-11-03")  # #2 due 11-06: stalled early
    kehu("add", "刘洋")  # first contact due today
    kehu("add", "陈静", "--met", "2026-11-20")
    kehu("log", "陈静", "--at", "2026-11-22 10:00", "--todo", "send the quote", "--next", "2026-11-25")
    kehu("add", "赵敏", "--tier", "B", "--met", "2026-08-01")
    kehu("won", "赵敏", "--value", "120000")  # silent since 08-01: more than 2 × 30 days
    return kehu


def test_text_digest_lists_every_section_on_a_fixed_day(book):
    out = book("digest").stdout
    assert out.startswith("kehu digest — Monday 2026-11-23\n")
    assert "6 due: 5 overdue, 1 today · 1 in the ★ #4–#11 zone" in out  # two care calls among them
    assert max(len(line) for line in out.splitlines()) <= 78  # mail's line length
    assert "赵敏 (B): maintenance, 84 days overdue" in out  # won 08-01, B every 30 days
    assert "★ 张伟 (华为, A): follow-up #4, 35 days overdue" in out  # due Sun 10-18, moved to Mon 10-19
    assert "Due today (1)\n  - 刘洋 (C): first contact" in out
    assert "Next 7 days (1)" in out and "Wed 11-25 · 陈静 (C): promise — send the quote, in 2 days" in out
    assert "Stalled early (2)" in out and "李娜 (C): follow-up #2, 17 days overdue" in out
    assert "赵敏 (B): no touch for 114 days, deal 120,000" in out
    assert "陈静 (C): send the quote, due 2026-11-25 (in 2 days)" in out
    assert "Since Friday 2026-11-20\n  - Touches logged: 2 (1 first contact, 1 follow-up, 0 unanswered)" in out
    assert "\x1b" not in out


def test_the_monday_digest_looks_back_to_friday_not_only_to_sunday(kehu):
    kehu("add", "张伟", "--met", "2026-11-16")
    kehu("log", "张伟", "--at", "2026-11-20 15:00")  # Friday's calls
    kehu("add", "李娜", "--met", "2026-11-16")
    kehu("log", "李娜", "--at", "2026-11-20 16:00")
    monday = kehu("digest").stdout
    assert "Since Friday 2026-11-20\n  - Touches logged: 2 (0 first contacts, 2 follow-ups, 0 unanswered)" in monday
    tuesday = kehu("digest", today="2026-11-24").stdout
    assert "Yesterday\n  - Touches logged: 0" in tuesday


def test_markdown_digest_has_headings_and_escapes_user_text(book):
    book("add", "*Bold* [x](http://evil)")
    out = book("digest", "--format", "markdown").stdout
    assert out.startswith("# kehu digest — Monday 2026-11-23")
    assert "## Overdue (5)" in out and "## Due today (2)" in out
    assert r"\*Bold\* \[x\]\(http://evil\)" in out


def test_html_digest_escapes_every_user_field(book):
    book("add", "<script>alert(1)</script>", "--company", "A&B <b>")
    book("log", "陈静", "--todo", "<img src=x onerror=alert(1)>")
    out = book("digest", "--format", "html").stdout
    assert "<script>alert" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "A&amp;B &lt;b&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert out.startswith("<!DOCTYPE html>") and "<h2>Overdue (5)</h2>" in out


def test_if_due_prints_nothing_when_nothing_is_due(kehu):
    kehu("add", "张三", "--met", "2026-11-23")  # #1 due in 2 days
    quiet = kehu("digest", "--if-due")
    assert quiet.exit_code == 0 and quiet.stdout == ""
    assert "Next 7 days (1)" in kehu("digest").stdout
    kehu("add", "李四")
    assert "Due today (1)" in kehu("digest", "--if-due").stdout


def test_output_writes_the_digest_to_a_file_only_in_a_folder_that_exists(book, tmp_path):
    target = tmp_path / "out" / "digest.html"
    refused = book("digest", "--format", "html", "--output", str(target), ok=False)
    assert refused.exit_code == 1 and "no folder" in refused.stderr and str(tmp_path / "out") in refused.stderr
    assert not (tmp_path / "out").exists()  # a typo in a crontab does not grow folders
    target.parent.mkdir()
    result = book("digest", "--format", "html", "--output", str(target))
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o777 == 0o600


def test_the_coming_days_window_follows_days(book):
    assert "Next 1 days (0)" not in book("digest", "--days", "1").stdout  # empty sections are left out
    assert "Next 3 days (1)" in book("digest", "--days", "3").stdout


def test_the_streak_counts_back_over_days_when_every_due_follow_up_was_done(kehu):
    kehu("add", "王五", "--met", "2026-11-16")
    kehu("log", "王五", "--at", "2026-11-18")  # #1 on its day
    kehu("log", "王五", "--at", "2026-11-21")  # #2 on its day; #3 due 11-26
    assert "Streak: 7 days in a row" in kehu("digest").stdout  # 11-16 … 11-22
    kehu("add", "赵六", "--met", "2026-11-18")  # #1 was due Friday 11-20 and never done
    assert "Streak: 0 days in a row" in kehu("digest").stdout


def test_the_digest_counts_what_kehu_due_counts(book):
    book("date", "add", "刘洋", "birthday", "1990-11-25")  # C: reminded 1 day ahead, so due in `kehu due`
    due = int(re.search(r"^(\d+) due · ", book("due", today="2026-11-24").stdout, re.M)[1])
    digest = book("digest", today="2026-11-24").stdout
    assert f"\n{due} due: " in digest and ", 1 personal date coming up" in digest


def test_the_digest_shows_the_most_urgent_of_each_section_with_counts_and_how_to_see_the_rest(book):
    out = book("digest", "--limit", "2").stdout
    assert "6 due: 5 overdue, 1 today" in out  # the counts are of everything, not of what is shown
    overdue = out.split("Overdue (5)\n", 1)[1].split("\n\n", 1)[0]
    assert overdue.count("\n  - ") == 2  # two items, then the line that says how to see the rest
    assert overdue.startswith("  - ★ 张伟 (华为, A): follow-up #4")  # the most urgent first, as `kehu due` ranks
    assert "… and 3 more (the 2 most urgent shown): `kehu due --limit 0`" in overdue
    assert "Stalled early (2)" in out and "more (the" not in out.split("Stalled early (2)", 1)[1].split("\n\n", 1)[0]
    assert "Due today (1)\n  - 刘洋 (C): first contact\n\n" in out  # nothing more to see: no such line
    everything = book("digest", "--limit", "0").stdout
    assert "more (the" not in everything
    assert everything.split("Overdue (5)\n", 1)[1].split("\n\n", 1)[0].count("\n  - ") == 4  # all five


def test_the_digest_names_how_many_stalled_contacts_it_leaves_out(book):
    out = book("digest", "--limit", "1").stdout
    stalled = out.split("Stalled early (2)", 1)[1].split("\n\n", 1)[0]
    assert stalled.count("\n  - ") == 2 and "… and 1 more (the 1 most urgent shown): `kehu due --limit 0` marks" in stalled
