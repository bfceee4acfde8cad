"""Issue 11: a follow-up is a contact made on a day, whatever channels it used."""

import json

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("engine")


def due_json(kehu, *args, today=None):
    """The due items, less the holiday greetings a long look ahead reaches (元旦's, here)."""
    return [i for i in json.loads(kehu("due", "--json", *args, today=today).stdout) if i["kind"] != "greeting"]


def test_a_gift_a_dinner_and_a_thank_you_wechat_on_one_day_are_one_follow_up(kehu):
    kehu("add", "张三", "--tier", "A", "--met", "2026-12-07", today="2026-12-07")
    # Logged the next morning (whatever the clock says, 12-10 22:00 is then in the past).
    kehu("log", "张三", "--channel", "gift", "--at", "2026-12-10 11:00", "--note", "家乡特产", today="2026-12-11")
    kehu("log", "张三", "--channel", "meeting", "--at", "2026-12-10 19:00", "--note", "dinner", today="2026-12-11")
    out = kehu("log", "张三", "--channel", "wechat", "--at", "2026-12-10 22:00", "--note", "谢谢", today="2026-12-11").stdout
    assert "same day as follow-up #1" in out
    shown = json.loads(kehu("show", "张三", "--json", today="2026-12-11").stdout)
    assert [(t["follow_up"], t["same_day"]) for t in shown["touches"]] == [(0, False), (1, False), (1, True), (1, True)]
    assert shown["follow_ups_done"] == 1
    [item] = due_json(kehu, "--days", "7", today="2026-12-11")
    assert (item["follow_up"], item["due"], item["in_zone"]) == (2, "2026-12-14", False)  # 12-13 is a Sunday

    timeline = kehu("show", "张三", today="2026-12-11").stdout
    assert timeline.count("same day") == 2

    kehu("log", "张三", "--at", "2026-12-14", today="2026-12-14")  # #2
    kehu("log", "张三", "--at", "2026-12-21", today="2026-12-21")  # #3
    [item] = due_json(kehu, "--days", "14", today="2026-12-21")
    # ★ #4 falls due on the cadence: 7 days after #3.
    assert (item["follow_up"], item["due"], item["in_zone"]) == (4, "2026-12-28", True)
