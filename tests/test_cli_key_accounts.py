"""Key accounts from the command line (issue 17): two accounts of three people each, their roles
and styles, the matrix, the stages, call preparation, and the alarm for a silent decision maker."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def book(kehu):
    """华为 (A decision maker silent for 83 days, a rule maker met last week, a user named by
    another spelling of the company) and 腾讯 (three people, all reached this month)."""
    kehu("add", "王总", "--company", "华为技术有限公司", "--tier", "A", "--role", "决策者", "--style", "驾驭型",
         "--met", "2026-09-01")
    kehu("add", "李工", "--company", "华为技术", "--role", "rule", "--style", "analytical", "--met", "2026-11-20")
    kehu("add", "张三", "--company", "Huawei Co., Ltd.", "--role", "使用者", "--style", "亲切型")
    kehu("add", "马总", "--company", "腾讯", "--role", "decision", "--style", "expressive", "--met", "2026-11-02")
    kehu("add", "小王", "--company", "腾讯", "--role", "把关者", "--style", "平易型", "--met", "2026-11-10")
    kehu("add", "小李", "--company", "腾讯", "--role", "user", "--style", "分析型", "--met", "2026-11-16")
    kehu("account", "merge", "华为技术有限公司", "Huawei")
    return kehu


def accounts(kehu, *args) -> dict:
    return {a["name"]: a for a in json.loads(kehu("account", "list", "--json", *args).stdout)}


def test_people_carry_their_role_and_style_in_the_account_list_and_show(book):
    found = accounts(book)
    assert set(found) == {"华为技术有限公司", "腾讯"}
    assert {p["name"]: (p["role"], p["style"]) for p in found["华为技术有限公司"]["people"]} == {
        "王总": ("decision", "driver"), "李工": ("rule", "analytical"), "张三": ("user", "amiable")}
    assert {p["name"]: p["role"] for p in found["腾讯"]["people"]} == {"马总": "decision", "小王": "gatekeeper", "小李": "user"}
    assert found["华为技术有限公司"]["last_touch"] == "2026-11-20" and found["腾讯"]["open_deals"] == 3
    shown = json.loads(book("show", "王总", "--json").stdout)
    assert (shown["account"], shown["role"], shown["style"], shown["account_stage"]) == ("华为技术有限公司", "decision",
                                                                                         "driver", "pre")
    book("edit", "李工", "--role", "gatekeeper", "--style", "")
    assert json.loads(book("show", "李工", "--json").stdout)[("role")] == "gatekeeper"
    assert json.loads(book("show", "李工", "--json").stdout)["style"] is None
    assert "decision maker" in book("show", "王总").stdout and "driver" in book("show", "王总").stdout


@pytest.mark.parametrize("args, named", [(("add", "赵六", "--role", "boss"), "决策者"),
                                         (("add", "赵六", "--style", "shy"), "驾驭型"),
                                         (("edit", "王总", "--role", "ceo"), "gatekeeper")])
def test_an_unknown_role_or_style_is_one_line_naming_the_accepted_forms_and_writes_nothing(book, args, named):
    before = book("list", "--json").stdout
    result = book(*args, ok=False)
    assert result.exit_code == 2 and named in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert book("list", "--json").stdout == before


def test_the_matrix_puts_one_account_in_key_and_suggests_its_tier(book):
    out = book("account", "set", "华为", "--attractiveness", "5", "--strength", "4").stdout
    assert "key account (5×4)" in out and "suggested tier for its people: A" in out and "李工 (C)" in out
    book("account", "set", "腾讯", "--attractiveness", "2", "--strength", "4")
    found = accounts(book)
    assert (found["华为技术有限公司"]["quadrant"], found["华为技术有限公司"]["suggested_tier"]) == ("key", "A")
    assert found["腾讯"]["quadrant"] == "maintain"
    assert list(accounts(book, "--quadrant", "key")) == ["华为技术有限公司"]
    assert list(accounts(book, "--quadrant", "维持")) == ["腾讯"]


@pytest.mark.parametrize("args", [("account", "set", "华为", "--attractiveness", "6"),
                                  ("account", "set", "华为", "--strength", "0"), ("account", "set", "华为"),
                                  ("account", "list", "--quadrant", "gold"), ("account", "stage", "华为", "later")])
def test_bad_matrix_and_stage_values_are_usage_errors(book, args):
    result = book(*args, ok=False)
    assert result.exit_code == 2 and result.stderr.startswith("kehu: ") and len(result.stderr.strip().splitlines()) == 1
    assert accounts(book)["华为技术有限公司"]["quadrant"] is None


def test_accounts_are_listed_by_the_pinyin_of_their_names(book):
    for name, company in (("赵总", "京东"), ("钱总", "阿里巴巴")):
        book("add", name, "--company", company)
    listed = [a["name"] for a in json.loads(book("account", "list", "--json").stdout)]
    assert listed.index("阿里巴巴") < listed.index("华为技术有限公司") < listed.index("京东")  # a-, hua-, jing-


def test_an_unknown_account_is_not_found_and_a_vague_one_is_ambiguous(book):
    missing = book("account", "show", "阿里巴巴", ok=False)
    assert missing.exit_code == 1 and "kehu account list" in missing.stderr
    book("add", "周总", "--company", "华润")
    vague = book("account", "show", "华", ok=False)
    assert vague.exit_code == 2 and "#" in vague.stderr


def test_a_stage_skip_is_refused_then_forced_with_its_reason_and_a_move_back_is_recorded(book):
    refused = book("account", "stage", "华为", "mid", ok=False)
    assert refused.exit_code == 1 and "skips 1 stage." in refused.stderr
    assert "skips 2 stages." in book("account", "stage", "华为", "partnership", ok=False).stderr
    assert accounts(book)["华为技术有限公司"]["stage"] == "pre"
    no_reason = book("account", "stage", "华为", "mid", "--force", ok=False)
    assert no_reason.exit_code == 2 and "--reason" in no_reason.stderr
    assert "forced past 1 stage" in book("account", "stage", "华为", "中期", "--force", "--reason", "CEO 亲自推动").stdout
    assert "moved back" in book("account", "stage", "Huawei", "early").stdout
    assert book("account", "stage", "华为", "early", ok=False).exit_code == 1  # already there
    book("account", "stage", "华为", "mid")  # one step forward needs nothing
    shown = json.loads(book("account", "show", "华为", "--json").stdout)
    assert [(h["from"], h["to"], h["forced"], h["reason"]) for h in shown["stage_history"]] == [
        ("pre", "mid", True, "CEO 亲自推动"), ("mid", "early", False, None), ("early", "mid", False, None)]
    assert "forced: CEO 亲自推动" in book("account", "show", "华为").stdout


def test_account_show_lists_every_touch_with_anyone_there(book):
    book("log", "张三", "--note", "试用反馈不错")
    shown = json.loads(book("account", "show", "华为技术", "--json").stdout)
    assert [(t["name"], t["note"]) for t in shown["touches"]] == [("张三", "试用反馈不错"), ("李工", None), ("王总", None)]
    assert shown["aliases"] == ["Huawei Co., Ltd."]


def test_prep_gives_the_styles_advice_and_spin_questions_from_the_notes(book):
    book("log", "王总", "--note", "交货期太长", "--todo", "send a faster delivery plan")
    boss = json.loads(book("prep", "王总", "--json").stdout)
    engineer = json.loads(book("prep", "李工", "--json").stdout)
    assert boss["style"] == "driver" and "short" in boss["advice"] and "goal" in boss["advice"]
    assert engineer["style"] == "analytical" and "numbers" in engineer["advice"] and engineer["advice"] != boss["advice"]
    assert set(boss["spin"]) == {"situation", "problem", "implication", "need_payoff"}
    assert "华为技术有限公司" in boss["spin"]["situation"] and "交货期太长" in boss["spin"]["problem"]
    assert "send a faster delivery plan" in boss["spin"]["need_payoff"]
    assert boss["open_promises"] == [{"todo": "send a faster delivery plan", "due": "2026-11-30"}]
    assert {o["name"]: o["last_touch"] for o in boss["others"]} == {"李工": "2026-11-20", "张三": None}
    text = book("prep", "王总").stdout
    assert "SPIN" in text and "Need-payoff:" in text and "李工 (rule maker, analytical)" in text


def test_prep_takes_the_spin_templates_from_the_config(book, db_path):
    (db_path.parent / "config.toml").write_text('[accounts.spin]\nproblem = "{name}, about {last_note}?"\n', encoding="utf-8")
    book("log", "李工", "--note", "预算紧")
    assert json.loads(book("prep", "李工", "--json").stdout)["spin"]["problem"] == "李工, about 预算紧?"
    (db_path.parent / "config.toml").write_text('[accounts.spin]\nproblem = "{budget}"\n', encoding="utf-8")
    bad = book("prep", "李工", ok=False)
    assert bad.exit_code == 2 and "{budget}" in bad.stderr and "{last_note}" in bad.stderr


def _account_items(kehu, *args):
    return [i for i in json.loads(kehu("due", "--json", *args).stdout) if i["kind"] == "account"]


def test_a_silent_decision_maker_of_the_key_account_appears_in_due_naming_who_to_call(book):
    assert _account_items(book) == []  # nothing is a key account yet
    book("account", "set", "华为", "--attractiveness", "5", "--strength", "4")
    book("account", "set", "腾讯", "--attractiveness", "2", "--strength", "2")  # silent people there don't count
    [item] = _account_items(book)
    assert (item["name"], item["contact_id"], item["account"], item["tier"]) == ("王总", 1, "华为技术有限公司", "A")
    assert item["due"] == "2026-09-15" and "not reached in 83 days" in item["next_action"]
    table = book("due", "--limit", "0").stdout
    assert "key account" in table and "decision maker not reached in 83 days" in table
    assert "call 王总" in book("digest").stdout
    stats = json.loads(book("stats", "--json").stdout)
    assert stats["key_accounts_at_risk"] == [{"account": "华为技术有限公司", "contact_id": 1, "call": "王总"}]
    book("log", "王总", "--note", "回访")  # reached: the decision maker and 李工 are two threads
    assert _account_items(book) == [] and json.loads(book("stats", "--json").stdout)["key_accounts_at_risk"] == []


def test_the_account_item_ranks_by_the_one_urgency_formula(book):
    from kehu.core.rules import UrgencyWeights

    book("account", "set", "华为", "--attractiveness", "5", "--strength", "4")
    [item] = _account_items(book)
    w = UrgencyWeights()
    assert item["urgency"] == w.per_day_overdue * w.overdue_cap_days + w.due + w.tier["A"] + w.kind["account"]
    ranked = json.loads(book("due", "--json").stdout)
    assert ranked == sorted(ranked, key=lambda i: (i["kind"] != "complaint", -i["urgency"]))
    assert [i["kind"] for i in _account_items(book, "--tier", "C")] == []  # 王总 is A


def test_a_key_account_reached_through_one_person_only_names_someone_else_to_call(book):
    book("account", "set", "腾讯", "--attractiveness", "4", "--strength", "4")
    assert _account_items(book) == []  # 马总, 小王 and 小李 all reached this month
    book("rm", "小王")
    book("rm", "小李")
    book("add", "小赵", "--company", "腾讯", "--role", "user")
    [item] = _account_items(book)
    assert item["name"] == "小赵" and "reached through 马总 only" in item["next_action"]


def test_a_merge_joins_later_contacts_naming_either_name_and_undo_takes_it_back(book):
    book("add", "新人", "--company", "HUAWEI")
    assert len(accounts(book)["华为技术有限公司"]["people"]) == 4
    book("add", "周总", "--company", "华为")
    book("account", "merge", "华为技术", "华为")
    book("add", "周二", "--company", "华为")
    people = {p["name"] for p in accounts(book)["华为技术有限公司"]["people"]}
    assert {"周总", "周二", "新人"} <= people and set(accounts(book)) == {"华为技术有限公司", "腾讯"}
    book("undo", "--yes")  # the add of 周二
    book("undo", "--yes")  # the merge
    assert set(accounts(book)) == {"华为技术有限公司", "腾讯", "华为"}
    same = book("account", "merge", "华为技术", "Huawei", ok=False)
    assert same.exit_code == 1 and "same account" in same.stderr


def test_undo_reverts_a_stage_move_and_a_score(book):
    book("account", "set", "华为", "--attractiveness", "5", "--strength", "5")
    book("account", "stage", "华为", "early")
    book("undo", "--yes")
    shown = json.loads(book("account", "show", "华为", "--json").stdout)
    assert shown["stage"] == "pre" and shown["stage_history"] == [] and shown["quadrant"] == "key"
    book("undo", "--yes")
    assert json.loads(book("account", "show", "华为", "--json").stdout)["quadrant"] is None


def test_the_json_hand_over_restores_accounts_stages_roles_and_styles(book, tmp_path, monkeypatch):
    book("account", "set", "华为", "--attractiveness", "5", "--strength", "4")
    book("account", "stage", "华为", "mid", "--force", "--reason", "框架协议")
    before = {name: (a | {"people": sorted(a["people"], key=lambda p: p["id"])}) for name, a in accounts(book).items()}
    history = json.loads(book("account", "show", "华为", "--json").stdout)["stage_history"]
    due = _account_items(book)
    exported = tmp_path / "book.json"
    book("export", "--format", "json", "--output", str(exported))
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "other.db"))
    book("import", str(exported))
    after = {name: (a | {"people": sorted(a["people"], key=lambda p: p["id"])}) for name, a in accounts(book).items()}
    assert after == before
    assert json.loads(book("account", "show", "Huawei", "--json").stdout)["stage_history"] == history
    assert _account_items(book) == due
    book("add", "后来者", "--company", "Huawei")  # the aliases came along
    assert len(accounts(book)["华为技术有限公司"]["people"]) == 4


def test_an_older_hand_over_without_accounts_still_imports_and_its_companies_become_accounts(book, tmp_path, monkeypatch):
    exported = tmp_path / "book.json"
    book("export", "--format", "json", "--output", str(exported))
    doc = json.loads(exported.read_text(encoding="utf-8"))
    doc["version"] = 2
    del doc["accounts"]
    for contact in doc["contacts"]:
        for key in ("account_id", "role", "style"):
            del contact[key]
    exported.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "other.db"))
    book("import", str(exported))
    found = accounts(book)
    assert set(found) == {"华为技术有限公司", "Huawei Co., Ltd.", "腾讯"}  # the merge was not in the file
    assert all(p["role"] is None for a in found.values() for p in a["people"])
    assert len(found["腾讯"]["people"]) == 3


def test_a_hand_over_naming_an_account_it_does_not_hold_is_refused(book, tmp_path, monkeypatch):
    exported = tmp_path / "book.json"
    book("export", "--format", "json", "--output", str(exported))
    doc = json.loads(exported.read_text(encoding="utf-8"))
    doc["contacts"][0]["account_id"] = 99
    exported.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "other.db"))
    refused = book("import", str(exported), ok=False)
    assert refused.exit_code != 0 and "account_id" in refused.stderr


def test_a_v4_book_upgrades_and_its_companies_take_new_contacts(kehu, db_path):
    conn = sqlite3.connect(db_path)
    conn.executescript((FIXTURES / "schema-v4.sql").read_text(encoding="utf-8"))
    conn.close()
    kehu("add", "新同事", "--company", "华为", "--role", "user")
    [huawei] = [a for a in json.loads(kehu("account", "list", "--json").stdout) if a["name"] == "华为"]
    assert {p["name"] for p in huawei["people"]} == {"张三", "新同事"} and huawei["stage"] == "pre"


_ENGLISH = re.compile(r"\b[A-Za-z]{3,}(?:[ '-][A-Za-z]{2,}){2,}\b")


def test_the_chinese_interface_says_stages_quadrants_roles_and_styles_in_chinese(book, db_path):
    book("account", "set", "华为", "--attractiveness", "5", "--strength", "4")
    book("account", "stage", "华为", "early")
    env = os.environ | {"KEHU_LANG": "zh_CN", "NO_COLOR": "1", "COLUMNS": "200"}
    run = lambda *args: subprocess.run([sys.executable, "-m", "kehu", *args], env=env, capture_output=True,  # noqa: E731
                                       text=True, timeout=60)
    listed, shown, prep, due = (run("account", "list").stdout, run("account", "show", "华为").stdout,
                                run("prep", "王总").stdout, run("due").stdout)
    assert "关键客户" in listed and "早期" in listed and "决策者" in listed and "驾驭型" in listed
    assert "阶段历史" in shown and "前导期 → 早期" in shown
    assert "驾驭型：简短" in prep and "背景问题" in prep and "需求回报问题" in prep
    assert "联系王总：决策者已 83 天未联系" in due
    refused = run("account", "stage", "华为", "partnership")
    assert refused.returncode == 1 and "阶段不可跳跃" in refused.stderr
    for text in (listed, shown, prep, due, refused.stderr, run("account", "--help").stdout, run("prep", "--help").stdout):
        assert not _ENGLISH.findall(re.sub(r"kehu|--[\w-]+|\S*/\S+", " ", text)), text


@pytest.mark.parametrize("text, needle", [
    ("[accounts]\nhigh_strength = 6\n", "accounts.high_strength"),
    ("[accounts]\nthreshold = 3\n", "unknown key 'threshold' in [accounts]"),
    ('[accounts.tier]\nkey = "S"\n', "accounts.tier.key"),
    ('[accounts.tier]\ngold = "A"\n', "unknown key 'gold'"),
    ('[accounts.spin]\nhint = "x"\n', "unknown key 'hint'"),
    ("[accounts]\nthreading_days = 0\n", "accounts.threading_days")])
def test_a_bad_accounts_table_in_the_config_is_refused_with_its_key_named(book, db_path, text, needle):
    (db_path.parent / "config.toml").write_text(text, encoding="utf-8")
    for command in (("account", "list"), ("due",), ("prep", "王总"), ("config",)):
        result = book(*command, ok=False)
        assert result.exit_code == 2 and needle in result.stderr


def test_the_configs_thresholds_and_tiers_move_the_matrix_and_show_in_kehu_config(book, db_path):
    readme_example = ('[accounts]\nhigh_attractiveness = 3\nhigh_strength = 3\nthreading_days = 60\n[accounts.tier]\n'
                      'key = "A"\ndevelop = "B"\nmaintain = "C"\nopportunistic = "D"\n[accounts.spin]\n'
                      'problem = "上次说到{last_note}，现在怎么样了？"\n')
    (db_path.parent / "config.toml").write_text(readme_example, encoding="utf-8")
    book("account", "set", "腾讯", "--attractiveness", "4", "--strength", "4")
    assert accounts(book)["腾讯"]["quadrant"] == "key"
    (db_path.parent / "config.toml").write_text('[accounts]\nhigh_strength = 5\n[accounts.tier]\nkey = "B"\n'
                                                'develop = "A"\n', encoding="utf-8")
    assert (accounts(book)["腾讯"]["quadrant"], accounts(book)["腾讯"]["suggested_tier"]) == ("develop", "A")
    rows = {r["key"]: r for r in json.loads(book("config", "--json").stdout)["settings"]}
    assert rows["accounts.high_strength"]["value"] == 5 and rows["accounts.high_strength"]["source"] != "default"
    assert rows["accounts.tier.key"]["value"] == "B" and rows["accounts.threading_days"]["source"] == "default"


def test_merging_a_duplicate_contact_keeps_its_account_role_and_style(book):
    book("add", "王总裁", "--role", "决策者")
    book("merge", "王总裁", "王总", "--yes")
    merged = json.loads(book("show", "王总裁", "--json").stdout)
    assert (merged["account"], merged["role"], merged["style"]) == ("华为技术有限公司", "decision", "driver")
    listed = {c["name"]: c for c in json.loads(book("list", "--json").stdout)}
    assert (listed["李工"]["account"], listed["李工"]["role"]) == ("华为技术有限公司", "rule")


def test_the_week_carries_the_account_item_on_today(book):
    book("account", "set", "华为", "--attractiveness", "5", "--strength", "4")
    week = json.loads(book("week", "--json").stdout)
    today = [i for i in week[0]["items"] if i["kind"] == "account"]
    assert week[0]["date"] == "2026-11-23" and [i["name"] for i in today] == ["王总"]


def test_the_demo_makes_its_companies_accounts_and_a_scored_account_is_a_change_it_keeps(kehu, db_path):
    import hashlib

    from kehu.store import demo

    kehu("demo")
    assert len(json.loads(kehu("account", "list", "--json").stdout)) == 16
    conn = sqlite3.connect(db_path)
    before_accounts = hashlib.sha256()  # the fingerprint as kehu wrote it before schema 5
    for table, columns in demo._ENTERED.items():
        for row in conn.execute(f"SELECT {columns} FROM {table} ORDER BY {columns}"):
            before_accounts.update(repr((table, row)).encode())
    assert demo.entered_fingerprint(conn) == before_accounts.hexdigest()  # an old untouched demo stays untouched
    conn.close()
    kehu("demo")  # rewritten: untouched
    kehu("edit", "张伟", "--role", "决策者")
    assert kehu("demo", ok=False).exit_code == 1


def test_a_new_account_that_may_be_another_name_of_one_says_how_to_merge_them(book):
    note = book("add", "周总", "--company", "华为").stderr
    assert 'kehu account merge "华为技术有限公司" "华为"' in note
    assert book("add", "吴总", "--company", "腾讯科技").stderr.count("may be 腾讯") == 1
    assert book("add", "郑总", "--company", "腾讯").stderr == ""  # an account already: nothing new
