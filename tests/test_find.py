"""`kehu find`: touches, promises, notes and complaints that mention something, newest first."""

import json

from kehu.core.search import text_matches

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("engine")


def test_pinyin_finds_chinese_text_in_whole_syllables():
    assert text_matches("baojia", "发了报价单")
    assert text_matches("bao jia", "发了报价单")
    assert text_matches("BaoJia", "发了报价单")
    assert not text_matches("aoji", "发了报价单")  # not across syllables
    assert not text_matches("baojiadan2", "发了报价单")
    assert text_matches("报价", "发了报价单") and text_matches("quote", "Sent the QUOTE")
    assert not text_matches("报价", None)


def test_find_lists_touches_promises_notes_and_complaints_newest_first_with_follow_up_numbers(kehu):
    kehu("add", "张伟", "--company", "华为", "--met", "2026-11-01", "--note", "要报价前先问预算")
    kehu("add", "李娜", "--met", "2026-11-02")
    kehu("log", "张伟", "--note", "发了报价单", "--at", "2026-11-05 10:00")
    kehu("log", "李娜", "--note", "约了饭", "--todo", "周五前报价", "--at", "2026-11-10 09:00")
    kehu("complaint", "张伟", "报价太高")
    found = json.loads(kehu("find", "报价", "--json").stdout)
    assert [(f["kind"], f["name"], f["follow_up"]) for f in found] == [
        ("complaint", "张伟", None), ("promise", "李娜", 1), ("touch", "张伟", 1), ("note", "张伟", None)]
    assert found[1] == {"kind": "promise", "at": "2026-11-10 09:00:00", "contact_id": 2, "name": "李娜",
                        "follow_up": 1, "id": 4, "text": "周五前报价"}
    assert json.loads(kehu("find", "baojia", "--json").stdout) == found
    table = kehu("find", "报价").stdout
    assert "follow-up #1 (touch #3)" in table and "张伟 #1" in table and "4 matches" in table


def test_find_with_nothing_found_says_so(kehu):
    kehu("add", "张伟", "--met", "2026-11-01")
    assert "Nothing in touches" in kehu("find", "合同").stdout
    assert json.loads(kehu("find", "合同", "--json").stdout) == []
    assert kehu("find", " ", ok=False).exit_code == 2


def test_find_shows_the_newest_matches_up_to_the_limit(kehu):
    kehu("add", "张伟", "--met", "2026-11-01")
    for day in range(2, 9):
        kehu("log", "张伟", "--note", f"报价 v{day}", "--at", f"2026-11-{day:02d} 10:00")
    assert [f["text"] for f in json.loads(kehu("find", "baojia", "--limit", "2", "--json").stdout)] == ["报价 v8", "报价 v7"]
    assert "the 3 newest of 7 matches (--limit 0 shows all)" in kehu("find", "报价", "--limit", "3").stdout
    assert len(json.loads(kehu("find", "报价", "--limit", "0", "--json").stdout)) == 7
