"""Chinese input accepted where a Chinese user types it: lunar dates as spreadsheets write them,
amounts in 元 and 万, phones with full-width digits and extensions, pinyin with ü."""

from __future__ import annotations

import json

import pytest

from kehu.core.occasions import DateSpec, SpecError, parse_spec


@pytest.mark.parametrize("text, spec", [
    ("八月十五", DateSpec(8, 15, None, True)),
    ("腊月三十", DateSpec(12, 30, None, True)),
    ("闰六月初十", DateSpec(6, 10, None, True, True)),
    ("1985年八月十五", DateSpec(8, 15, 1985, True)),
    ("农历八月十五", DateSpec(8, 15, None, True)),
    ("1987-闰六-10", DateSpec(6, 10, 1987, True, True)),
    ("冬月廿三", DateSpec(11, 23, None, True)),
    ("正月初一", DateSpec(1, 1, None, True)),
    ("十一月初五", DateSpec(11, 5, None, True)),
    ("L06-10", DateSpec(6, 10, None, True, True)),
])
def test_lunar_dates_are_read_as_written(text, spec):
    assert parse_spec(text, lunar=True) == spec


def test_a_lunar_prefix_makes_a_birthday_lunar_without_the_flag():
    assert parse_spec("农历八月十五", lunar=False) == DateSpec(8, 15, None, True)
    assert parse_spec("公历1985-08-15", lunar=False) == DateSpec(8, 15, 1985, False)


def test_a_lunar_day_the_year_never_had_says_why():
    with pytest.raises(SpecError, match="腊月 of lunar 2026 has 29 days, so it has no 三十"):
        parse_spec("2026-12-30", lunar=True)
    with pytest.raises(SpecError, match="lunar year 1985 has no leap month 6"):
        parse_spec("1985-闰6-10", lunar=True)


def test_date_add_and_birthday_options_take_chinese_lunar_dates(kehu):
    kehu("add", "王芳", "--birthday", "农历八月十五")
    kehu("add", "李雷")
    kehu("date", "add", "李雷", "birthday", "腊月三十", "--lunar")
    dates = {d["name"]: d for d in json.loads(kehu("date", "list", "--json").stdout)}
    assert dates["王芳"]["lunar"] and dates["王芳"]["date"] == "八月十五"
    assert dates["李雷"]["lunar"] and dates["李雷"]["date"] == "腊月三十"
    refused = kehu("date", "add", "李雷", "anniversary", "2026-12-30", "--lunar", ok=False)
    assert refused.exit_code == 2 and "has 29 days" in refused.stderr


def test_a_date_in_chinese_numerals_is_lunar_without_the_flag(kehu):
    kehu("add", "王芳", "--birthday", "八月十五")
    kehu("add", "李雷")
    kehu("date", "add", "李雷", "生日", "1990年腊月初八")
    kehu("date", "add", "李雷", "anniversary", "2016年8月15日")  # digits: solar, as Chinese calendars write it
    dates = {(d["name"], d["label"]): d for d in json.loads(kehu("date", "list", "--json").stdout)}
    assert dates["王芳", "birthday"]["lunar"] and dates["王芳", "birthday"]["date"] == "八月十五"
    assert dates["李雷", "生日"]["lunar"] and dates["李雷", "生日"]["date"] == "1990 腊月初八"
    assert not dates["李雷", "anniversary"]["lunar"] and dates["李雷", "anniversary"]["date"] == "2016-08-15"


def test_a_birthday_written_in_chinese_counts_an_age(kehu):
    kehu("add", "李雷")
    kehu("date", "add", "李雷", "生日", "1990-12-20")
    kehu("date", "add", "李雷", "结婚纪念日", "2016-12-20")
    listed = kehu("date", "list", today="2026-12-01").stdout
    assert "生日 (turns 36)" in listed and "结婚纪念日 (10 years)" in listed


def test_a_time_right_after_a_chinese_day_is_read(kehu):
    kehu("add", "李雷", "--met", "2026-11-20")
    kehu("log", "李雷", "--at", "昨天15:30", today="2026-12-01")
    touches = json.loads(kehu("touch", "list", "李雷", "--json").stdout)
    assert touches[-1]["at"] == "2026-11-30 15:30:00"


def test_an_import_reads_lunar_birthdays_as_chinese_sheets_write_them(kehu, tmp_path):
    sheet = tmp_path / "contacts.csv"
    sheet.write_text("姓名,生日,农历生日\n张三,农历八月十五,\n李四,,闰六月初十\n", encoding="utf-8")
    kehu("import", str(sheet))
    dates = {d["name"]: d for d in json.loads(kehu("date", "list", "--json").stdout)}
    assert dates["张三"]["lunar"] and dates["张三"]["date"] == "八月十五"
    assert dates["李四"]["lunar"] and dates["李四"]["date"] == "闰六月初十"


@pytest.mark.parametrize("text, amount", [
    ("120", 120), ("99.50", 99.5), ("1,200", 1200), ("¥300", 300), ("￥300", 300), ("300元", 300), ("12万", 120_000),
    ("1.2万", 12_000), ("3千", 3_000), ("３００", 300), ("¥1.2万元", 12_000), ("1，200", 1200),
])
def test_amounts_are_read_as_people_write_them(text, amount):
    from kehu.core.amounts import parse_amount

    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["99,50", "abc", "-5", "1e308", "万", "12万万"])
def test_what_is_not_an_amount_is_refused_with_the_forms(text):
    from kehu.core.amounts import AmountError, parse_amount

    with pytest.raises(AmountError, match="1.2万"):
        parse_amount(text)


def test_the_command_line_and_a_sheet_read_amounts_the_same_way(kehu, tmp_path):
    kehu("add", "张三")
    kehu("log", "张三", "--cost", "¥300")
    kehu("won", "张三", "--value", "12万")
    shown = json.loads(kehu("show", "张三", "--json").stdout)
    assert shown["touches"][0]["cost"] == 300
    sheet = tmp_path / "log.csv"
    sheet.write_text("日期,姓名,方式,费用\n2026-11-20,张三,送礼,1.2万\n", encoding="utf-8")
    kehu("import", str(sheet), "--kind", "touches")
    costs = sorted(t["cost"] for t in json.loads(kehu("show", "张三", "--json").stdout)["touches"] if t["cost"])
    assert costs == [300, 12_000]


@pytest.mark.parametrize("phone, stored", [
    ("(010)12345678", "(010)12345678"), ("（010）12345678", "(010)12345678"), ("１３８００１３８０００", "13800138000"),
    ("010-12345678转801", "010-12345678转801"), ("+86 138 0013 8000", "+86 138 0013 8000"),
])
def test_phones_as_chinese_users_type_them(kehu, phone, stored):
    kehu("add", "王五", "--phone", phone)
    assert json.loads(kehu("show", "王五", "--json").stdout)["phone"] == stored


@pytest.mark.parametrize("query", ["lübu", "lvbu", "lubu", "lyubu", "Lü Bu"])
def test_u_umlaut_is_found_however_it_is_typed(kehu, query):
    kehu("add", "吕布")
    kehu("add", "女娲")
    assert "吕布" in kehu("show", query).stdout
    assert "女娲" in kehu("show", "nuwa").stdout and "女娲" in kehu("show", "nüwa").stdout


def test_two_letter_pinyin_prefixes_find_compound_surnames(kehu):
    kehu("add", "欧阳修")
    kehu("add", "司马光")
    assert "欧阳修" in kehu("show", "ou").stdout
    assert "司马光" in kehu("show", "si").stdout


def test_channels_outcomes_and_lost_reasons_by_their_chinese_names(kehu):
    kehu("add", "张三")
    kehu("log", "张三", "--channel", "微信", "--outcome", "好", today="2026-11-20")
    kehu("log", "张三", "--channel", "饭局", today="2026-11-21")
    kehu("log", "张三", "-c", "送礼", today="2026-11-22")
    touches = json.loads(kehu("show", "张三", "--json").stdout)["touches"]
    assert [t["channel"] for t in touches] == ["wechat", "meeting", "gift"] and touches[0]["outcome"] == "good"
    kehu("lost", "张三", "--reason", "怠慢")
    assert json.loads(kehu("show", "张三", "--json").stdout)["lost_reason"] == "neglect"
    refused = kehu("log", "张三", "--channel", "信鸽", ok=False)
    assert refused.exit_code == 2 and "电话" in refused.stderr


def test_a_date_the_year_lacks_says_which_rule_placed_it():
    from kehu.core.occasions import substitution

    assert substitution(parse_spec("腊月三十", True), 2026) == "腊月 has 29 days in 2026: on 廿九"
    assert substitution(parse_spec("闰六月初十", True), 2026) == "no 闰六月 in 2026: in 六月"
    assert substitution(parse_spec("02-29", False), 2027) == "no 29 February in 2027: on 28 February"
    assert substitution(parse_spec("02-29", False), 2028) is None
    assert substitution(parse_spec("八月十五", True), 2026) is None


def test_show_says_when_a_lunar_birthday_falls_back_a_day(kehu):
    kehu("add", "王芳", "--birthday", "农历腊月三十")
    assert "腊月 has 29 days in 2026: on 廿九" in kehu("show", "王芳", today="2026-12-01").stdout


def test_a_follow_up_on_a_make_up_saturday_says_why_it_stayed(kehu):
    # 2026-10-10 is a Saturday worked for the National Day week (调休).
    kehu("add", "周", "--met", "2026-10-08", today="2026-10-08")  # #1 two days later, on the Saturday
    shown = kehu("show", "周", today="2026-10-08").stdout
    assert "2026-10-10 is a weekend day worked in exchange for a holiday (调休): kept" in " ".join(shown.split())


def test_a_rare_character_is_read_through_the_full_dictionary(kehu, db_path):
    import sqlite3

    kehu("add", "𠮷田")
    assert "𠮷田" in kehu("show", "jitian").stdout
    conn = sqlite3.connect(db_path)  # as an older kehu stored it: the rare character unread
    conn.execute("UPDATE contact SET name_pinyin = 'tian', name_initials = 't'")
    conn.commit()
    conn.close()
    assert "𠮷田" in kehu("show", "jitian").stdout


def test_names_are_read_as_pypinyin_reads_them():
    """core.names reads a run of characters without a phrase a character at a time (remembered):
    the same readings as pypinyin's lazy_pinyin, phrases (重庆, 银行), odd surnames and Latin mixed in."""
    import random

    from pypinyin import lazy_pinyin

    from kehu.core.names import _lazy_pinyin

    rng = random.Random(14)
    common = "王李张刘陈杨黄赵吴周伟芳娜敏静秀英重庆长沙银行行长乐曾单解朴区查都会计一不了的地得着过还和〇𠮷田ü"
    every = [chr(c) for c in range(0x4E00, 0x9FA6, 7)]
    texts = ["重庆", "银行行长", "长沙王伟", "曾国藩", "乐嘉", "张三重庆"]
    texts += ["".join(rng.choice(common) for _ in range(rng.randint(1, 5))) for _ in range(3000)]
    texts += ["".join(rng.choice(every) for _ in range(rng.randint(1, 4))) for _ in range(3000)]
    texts += [f"{rng.choice(['John ', 'a-b ', '  ', 'Émile', '(', '12'])}{rng.choice(common)}{rng.choice(common)} "
              f"{rng.choice(['x', '', 'Li', '·'])}{rng.choice(common)}" for _ in range(1000)]
    assert [t for t in texts if _lazy_pinyin(t) != lazy_pinyin(t)] == []
