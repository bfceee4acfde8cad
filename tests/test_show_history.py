"""`kehu show` keeps the whole story: earlier deals' follow-up numbers, won/lost events, what a touch cost."""

import json

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("engine")


def test_after_pursue_the_old_deals_touches_keep_their_follow_up_numbers(kehu):
    kehu("add", "张伟", "--met", "2026-09-01", today="2026-09-01")
    kehu("log", "张伟", "--at", "2026-09-03", today="2026-09-05")
    kehu("log", "张伟", "--at", "2026-09-08", today="2026-09-10")
    kehu("won", "张伟", "--value", "9000", today="2026-09-10")
    kehu("pursue", "张伟", today="2026-11-01")
    kehu("log", "张伟", today="2026-11-02")
    touches = json.loads(kehu("show", "张伟", "--json", today="2026-11-02").stdout)["touches"]
    assert [t["follow_up"] for t in touches] == [0, 1, 2, 0]
    out = kehu("show", "张伟", today="2026-11-02").stdout
    assert out.count("first contact") >= 2 and "follow-up #2" in out


def test_won_and_lost_appear_in_the_timeline(kehu):
    kehu("add", "张伟", "--met", "2026-11-01", today="2026-11-01")
    kehu("log", "张伟", today="2026-11-03")
    kehu("won", "张伟", "--value", "9000", today="2026-11-05")
    kehu("lost", "张伟", "--reason", "price", today="2026-11-20")
    out = kehu("show", "张伟").stdout
    timeline = out[out.index("Timeline"):]
    assert "deal won after follow-up #1 · 9,000" in timeline and "client lost (churned)" in timeline and "price" in timeline
    assert timeline.index("deal won") < timeline.index("churned")
    deals = json.loads(kehu("show", "张伟", "--json").stdout)["deals"]
    assert [(d["outcome"], d["closed_after"], d["value"]) for d in deals] == [("won", 1, 9000.0), ("churned", 1, None)]


def test_a_prospect_lost_shows_where_it_stopped(kehu):
    kehu("add", "李娜", "--met", "2026-11-01")
    kehu("lost", "李娜", "--reason", "competitor")
    assert "deal lost at first contact" in kehu("show", "李娜").stdout


def test_a_touch_cost_is_shown(kehu):
    kehu("add", "张伟", "--met", "2026-11-01")
    kehu("log", "张伟", "--channel", "gift", "--cost", "1,280", "--note", "茶叶")
    assert "cost 1,280" in kehu("show", "张伟").stdout
