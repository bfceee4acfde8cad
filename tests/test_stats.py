"""`kehu stats` and `kehu budget` on a book with a known history, every figure computed by hand.

The book (today 2026-11-23; the period is the year since 2025-11-23):
- W1 (A): first contact 09-01, follow-ups #1–#4, won after #4 on 09-20 (value 10,000); a gift (600) 10-01.
- W2 (B): first contact 10-01, #1 on 10-03 with a dinner (800), won after #1 on 10-05.
- L1 (C): first contact 10-01, #1 10-03, lost on price 10-10.
- P1 (C): first contact 11-01, #1 11-03; #2 was due 11-06: gone cold.
- P2 (D): first contact 11-20, referred by O2; #1 due 11-22, one day late: still warm.
- O1 (B): won 2025-06-10 after the first contact, churned 2026-03-01 (neglect).
- O2 (A): won 2025-05-05 after the first contact, still a client, silent since.
"""

import json

import pytest

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
pytestmark = pytest.mark.usefixtures("engine")


@pytest.fixture
def history(kehu):
    def on(day, *args):
        return kehu(*args, today=day)

    on("2025-05-01", "add", "O2", "--tier", "A", "--met", "2025-05-01")
    on("2025-05-05", "won", "O2")
    on("2025-06-01", "add", "O1", "--tier", "B", "--met", "2025-06-01")
    on("2025-06-10", "won", "O1")
    on("2026-03-01", "lost", "O1", "--reason", "neglect")
    on("2026-09-01", "add", "W1", "--tier", "A", "--met", "2026-09-01")
    for day in ("2026-09-03", "2026-09-06", "2026-09-11", "2026-09-18"):
        on(day, "log", "W1")
    on("2026-09-20", "won", "W1", "--value", "10000")
    on("2026-10-01", "log", "W1", "--care", "--channel", "gift", "--cost", "600")
    on("2026-10-01", "add", "W2", "--tier", "B", "--met", "2026-10-01")
    on("2026-10-03", "log", "W2", "--channel", "meeting", "--cost", "800")
    on("2026-10-05", "won", "W2")
    on("2026-10-01", "add", "L1", "--met", "2026-10-01")
    on("2026-10-03", "log", "L1")
    on("2026-10-10", "lost", "L1", "--reason", "price")
    on("2026-11-01", "add", "P1", "--met", "2026-11-01")
    on("2026-11-03", "log", "P1")
    on("2026-11-20", "add", "P2", "--tier", "D", "--met", "2026-11-20", "--referred-by", "O2")
    return lambda *args: kehu(*args, today="2026-11-23")


def test_the_funnel_counts_how_far_each_sequence_got_and_where_it_was_won_or_stopped(history):
    stats = json.loads(history("stats", "--json").stdout)
    steps = {s["follow_up"]: s for s in stats["funnel"]}
    assert [steps[f"#{n}"]["reached"] for n in range(6)] == [5, 4, 1, 1, 1, 0]
    assert (steps["#1"]["won_here"], steps["#4"]["won_here"], stats["wins"]) == (1, 1, 2)
    assert steps["#1"]["win_share"] == 0.5 and steps["#4"]["win_share"] == 0.5
    assert steps["#1"]["reference_share"] == 0.03 and stats["reference_zone_share"] == 0.8
    assert stats["zone_win_share"] == 0.5
    assert steps["#1"]["stopped_here"] == 2  # L1 lost, P1 gone cold
    assert stats["gave_up_after_1"] == 0.5  # 2 of the 4 that reached #1


def test_churn_retention_and_referrals(history):
    stats = json.loads(history("stats", "--json").stdout)
    assert stats["churn"] == {"clients_at_start": 2, "lost": 1, "rate": 0.5, "retention": 0.5}
    assert stats["clients"] == 3 and stats["referral_rate"] == pytest.approx(1 / 3)
    reasons = {r["reason"]: r for r in stats["lost_reasons"]}
    assert (reasons["price"]["count"], reasons["neglect"]["count"]) == (1, 1)
    assert reasons["neglect"]["share"] == 0.5 and reasons["neglect"]["reference_share"] == 0.68


def test_since_narrows_the_period(history):
    stats = json.loads(history("stats", "--since", "2026-06-01", "--json").stdout)
    assert stats["churn"]["clients_at_start"] == 1 and stats["churn"]["lost"] == 0  # O1 had left in March
    assert [r["count"] for r in stats["lost_reasons"] if r["reason"] == "neglect"] == [0]


def test_clients_silent_for_twice_their_interval_are_at_risk_most_valuable_first(history):
    stats = json.loads(history("stats", "--json").stdout)
    assert [(a["name"], a["days_silent"]) for a in stats["at_risk"]] == [("W1", 53), ("O2", 571)]  # O2: since 2025-05-01


def test_effort_by_tier_compares_touches_and_spend_with_the_share_of_the_book(history):
    stats = json.loads(history("stats", "--json").stdout)
    tiers = {t["tier"]: t for t in stats["effort"]}
    assert [tiers[t]["contacts"] for t in "ABCD"] == [2, 1, 1, 1]  # lost contacts left the book
    assert [tiers[t]["touches"] for t in "ABCD"] == [6, 2, 2, 1]
    assert tiers["A"]["touch_share"] == pytest.approx(6 / 11)
    assert tiers["B"]["spend_share"] == pytest.approx(800 / 1400)
    assert stats["a_underserved"] is False


def test_a_clients_getting_less_than_their_share_are_flagged(kehu):
    for name in ("A1", "A2"):
        kehu("add", name, "--tier", "A")
    kehu("add", "C1", "--met", "2026-11-01")
    for day in ("2026-11-03", "2026-11-06", "2026-11-11"):
        kehu("log", "C1", "--at", day)
    stats = json.loads(kehu("stats", "--json").stdout)
    assert stats["a_underserved"] is True
    assert "A clients get less than their share" in kehu("stats").stdout


def test_budget_shows_spend_against_each_tiers_budget_and_who_is_above_their_share(history):
    report = json.loads(history("budget", "--json").stdout)
    tiers = {t["tier"]: t for t in report["tiers"]}
    assert (tiers["A"]["spent"], tiers["A"]["budget"], tiers["A"]["over"]) == (600, 2000, False)
    assert (tiers["B"]["spent"], tiers["B"]["budget"], tiers["B"]["over"]) == (800, 600, True)
    assert [(c["name"], c["spent"], c["budget"]) for c in report["over_share"]] == [("W2", 800, 600)]
    assert json.loads(history("budget", "--year", "2025", "--json").stdout)["over_share"] == []


def test_log_warns_when_a_cost_takes_a_client_over_budget(kehu):
    kehu("add", "张三", "--tier", "C")
    quiet = kehu("log", "张三", "--cost", "200")
    assert "note:" not in quiet.stderr
    loud = kehu("log", "张三", "--cost", "150", "--channel", "gift")
    assert "张三 has now cost ¥350 in 2026, over the tier C budget of ¥300 a client" in loud.stderr
    assert "tier C has now spent ¥350" in loud.stderr


def test_budget_amounts_and_currency_come_from_the_config(kehu, db_path):
    (db_path.parent / "config.toml").write_text('[budget]\nC = 100\ncurrency = "EUR "\n', encoding="utf-8")
    kehu("add", "张三")
    assert "over the tier C budget of EUR 100" in kehu("log", "张三", "--cost", "120").stderr


def test_stats_and_budget_read_well_in_80_columns(history, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    for command in ("stats", "budget"):
        out = history(command).stdout
        assert max(len(line) for line in out.splitlines()) <= 80
    out = history("stats").stdout
    assert "Follow-up funnel" in out and "Churn and retention: 1 of 2 clients" in out and "█" in out


def test_complaint_stays_due_until_resolved_then_a_call_back_is_due(kehu):
    kehu("add", "张三", "--met", "2026-11-20", "--tier", "D")
    kehu("log", "张三", "--next", "2026-12-31")
    kehu("complaint", "张三", "the delivery was late")
    [item] = json.loads(kehu("due", "--json").stdout)  # listed at once, due by its resolve-by date
    assert item["kind"] == "complaint" and item["due"] == "2026-11-25" and item["days_overdue"] == -2
    shown = kehu("show", "张三").stdout
    assert "resolve by 2026-11-25" in shown and "☐ Listen" in shown and "☐ Thank" in shown
    [late] = json.loads(kehu("due", "--json", today="2026-11-27").stdout)
    assert late["days_overdue"] == 2  # overdue from the resolve-by date
    kehu("resolve", "张三", "--note", "re-shipped", today="2026-11-23")
    assert json.loads(kehu("due", "--json").stdout) == []
    [item] = json.loads(kehu("due", "--json", "--days", "3").stdout)
    assert (item["kind"], item["due"]) == ("complaint_call", "2026-11-26")
    kehu("log", "张三", "--outcome", "none", today="2026-11-26")  # no answer: not the call-back
    kinds = [i["kind"] for i in json.loads(kehu("due", "--json", today="2026-11-26").stdout)]
    assert "complaint_call" in kinds
    kehu("log", "张三", "--note", "called back: all fine", today="2026-11-26")
    kinds = [i["kind"] for i in json.loads(kehu("due", "--json", "--days", "60", today="2026-11-26").stdout)]
    assert "complaint_call" not in kinds and "follow_up" in kinds


def test_a_complaint_never_hides_an_overdue_follow_up(kehu):
    kehu("add", "甲", "--tier", "D", "--met", "2026-11-20")  # #1 due 11-23
    kehu("complaint", "甲", "x")
    kehu("resolve", "甲", today="2026-11-26")
    kinds = {i["kind"]: i for i in json.loads(kehu("due", "--json", today="2026-11-28").stdout)}
    assert kinds["follow_up"]["days_overdue"] > 0


def test_resolving_without_an_open_complaint_is_an_error(kehu):
    kehu("add", "张三")
    result = kehu("resolve", "张三", ok=False)
    assert result.exit_code == 1 and "no open complaint" in result.stderr
    assert kehu("complaint", "张三", "  ", ok=False).exit_code == 2


def test_show_puts_complaints_in_the_timeline_where_they_happened(kehu, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    kehu("add", "张三", "--met", "2026-11-20", "--tier", "D")
    kehu("complaint", "张三", "the delivery was late", today="2026-11-22")
    kehu("resolve", "张三", "--note", "re-shipped", today="2026-11-24")
    kehu("log", "张三", "--note", "called back", today="2026-11-27")
    lines = kehu("show", "张三", today="2026-11-27").stdout.splitlines()
    order = [next(i for i, line in enumerate(lines) if needle in line)
             for needle in ("first contact", "the delivery was late", "re-shipped", "called back")]
    assert order == sorted(order)
    assert "complaint resolved" in lines[order[2]] and "call-back 2026-11-27" in lines[order[2]]


def test_resolve_closes_the_oldest_open_complaint_unless_all(kehu):
    kehu("add", "张三", "--met", "2026-11-20", "--tier", "D")
    kehu("complaint", "张三", "late delivery")
    kehu("complaint", "张三", "wrong invoice", "--by", "5d")
    out = kehu("resolve", "张三", "--note", "re-shipped").stdout
    assert "“late delivery”" in out and "wrong invoice" not in out and "1 more complaint still open" in out
    assert "complaint" in [i["kind"] for i in json.loads(kehu("due", "--json").stdout)]
    kehu("complaint", "张三", "rude driver")
    out = kehu("resolve", "张三", "--all").stdout
    assert "“wrong invoice” · “rude driver”" in out and "still open" not in out
    assert kehu("resolve", "张三", ok=False).exit_code == 1
