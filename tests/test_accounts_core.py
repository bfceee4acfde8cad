"""Key accounts' pure rules (core.accounts, core.call_prep): names, words, matrix, stages, the alarm, SPIN."""

from __future__ import annotations

import datetime as dt

import pytest

from kehu.core.accounts import (QUADRANT_WORDS, ROLE_WORDS, STAGE_WORDS, STYLE_WORDS, AccountSettings, Person,
                                account_key, forms, quadrant, stage_move, threading_alarm, word)
from kehu.core.call_prep import spin_prompts, style_advice

TODAY = dt.date(2026, 11, 23)
MAINTENANCE = {"A": 14, "B": 30, "C": 60, "D": 90}


def test_a_company_is_one_account_however_its_legal_form_width_and_case_are_written():
    assert account_key("华为技术有限公司") == account_key("华为技术") == account_key(" 华为技术 有限公司 ") == "华为技术"
    assert account_key("Huawei Co., Ltd.") == account_key("HUAWEI") == account_key("Ｈｕａｗｅｉ") == "huawei"
    assert account_key("华为") != account_key("华为技术")  # joined by `kehu account merge`, not guessed
    assert account_key("有限公司") and account_key("  ") == ""  # a name is never keyed to nothing by its suffix


@pytest.mark.parametrize("typed, words, stored", [
    ("决策者", ROLE_WORDS, "decision"), ("Decision", ROLE_WORDS, "decision"), ("规则制定者", ROLE_WORDS, "rule"),
    ("使用者", ROLE_WORDS, "user"), ("把关者", ROLE_WORDS, "gatekeeper"), ("分析型", STYLE_WORDS, "analytical"),
    ("驾驭型", STYLE_WORDS, "driver"), ("支配型", STYLE_WORDS, "driver"), ("平易型", STYLE_WORDS, "amiable"),
    ("亲切型", STYLE_WORDS, "amiable"), ("表现型", STYLE_WORDS, "expressive"), ("前导", STAGE_WORDS, "pre"),
    ("协同", STAGE_WORDS, "synergy"), ("关键", QUADRANT_WORDS, "key")])
def test_chinese_and_english_forms_are_read_as_the_stored_word(typed, words, stored):
    assert word(typed, words) == stored


def test_an_unknown_word_is_none_and_the_forms_name_every_accepted_one():
    assert word("boss", ROLE_WORDS) is None
    listed = forms(STYLE_WORDS)
    assert all(f in listed for f in STYLE_WORDS)


@pytest.mark.parametrize("a, s, expected", [(5, 5, "key"), (3, 3, "key"), (5, 2, "develop"), (2, 5, "maintain"),
                                            (1, 1, "opportunistic"), (None, 4, None)])
def test_the_matrix_places_attractiveness_and_strength_in_a_quadrant(a, s, expected):
    assert quadrant(a, s, AccountSettings()) == expected


def test_the_matrix_thresholds_come_from_the_settings():
    assert quadrant(3, 3, AccountSettings(high_attractiveness=4, high_strength=4)) == "opportunistic"


def test_a_stage_move_counts_its_steps_forward_and_back():
    assert stage_move("pre", "early") == 1 and stage_move("pre", "mid") == 2 and stage_move("partnership", "early") == -2


def _person(pid, role, last, tier="A", name=None):
    return Person(pid, name or f"p{pid}", tier, role, last, dt.date(2026, 1, 1))


def test_a_silent_decision_maker_is_the_one_to_call_from_the_end_of_their_tiers_interval():
    people = [_person(1, "decision", TODAY - dt.timedelta(days=20)), _person(2, "user", TODAY - dt.timedelta(days=2)),
              _person(3, "rule", TODAY - dt.timedelta(days=5))]
    alarm = threading_alarm(people, MAINTENANCE, 60, dt.date(2026, 1, 1), TODAY)
    assert alarm.person.id == 1 and alarm.due == TODAY - dt.timedelta(days=6)
    assert len(alarm.reasons) == 1 and alarm.reasons[0][1]["interval"] == 14


def test_a_decision_maker_reached_within_the_interval_and_two_threads_raise_nothing():
    people = [_person(1, "decision", TODAY - dt.timedelta(days=10)), _person(2, "user", TODAY - dt.timedelta(days=2))]
    assert threading_alarm(people, MAINTENANCE, 60, dt.date(2026, 1, 1), TODAY) is None


def test_one_thread_only_names_the_best_person_not_reached_lately():
    people = [_person(1, "user", TODAY - dt.timedelta(days=3)), _person(2, "gatekeeper", None),
              _person(3, "rule", TODAY - dt.timedelta(days=200)), _person(4, "decision", TODAY - dt.timedelta(days=5))]
    alarm = threading_alarm(people, MAINTENANCE, 60, dt.date(2026, 1, 1), TODAY)
    assert alarm is None  # two threads: the user and the decision maker
    people[3] = _person(4, "decision", TODAY - dt.timedelta(days=100), tier="D")  # within D's 90? no: 100 > 90
    alarm = threading_alarm(people, MAINTENANCE, 60, dt.date(2026, 1, 1), TODAY)
    assert alarm.person.id == 4 and len(alarm.reasons) == 2  # silent, and one thread only
    people[3] = _person(4, "decision", TODAY - dt.timedelta(days=70), tier="D")
    alarm = threading_alarm(people, MAINTENANCE, 60, dt.date(2026, 1, 1), TODAY)
    assert alarm.person.id == 4  # not silent for D, but the account hangs on person 1: the decision maker first
    assert alarm.due == TODAY - dt.timedelta(days=10)  # when the second thread ran out: 70 days ago + 60


def test_an_account_of_one_person_asks_them_for_an_introduction():
    alarm = threading_alarm([_person(1, "user", TODAY - dt.timedelta(days=3))], MAINTENANCE, 60, dt.date(2026, 11, 1), TODAY)
    assert alarm.person.id == 1 and alarm.due == dt.date(2026, 11, 1)
    assert any("introduce the decision maker" in sentence for sentence, _f in alarm.reasons)
    boss = threading_alarm([_person(1, "decision", TODAY - dt.timedelta(days=3))], MAINTENANCE, 60, dt.date(2026, 11, 1), TODAY)
    asks = [sentence for sentence, _f in boss.reasons if "introduce" in sentence]
    assert asks and "decision maker" not in asks[0]  # the decision maker is asked for the others


def test_each_style_has_its_own_advice():
    advice = {s: style_advice(s) for s in ("analytical", "driver", "amiable", "expressive")}
    assert len(set(advice.values())) == 4
    assert "numbers" in advice["analytical"] and "short" in advice["driver"] and "introduce" in advice["amiable"]
    assert "high-end" in advice["expressive"] and "--style" in style_advice(None)


def test_spin_prompts_are_filled_from_the_notes_and_the_configs_templates():
    prompts = spin_prompts(AccountSettings(), name="王总", account="华为", role="decision", last_note="交货期太长。\n细节…",
                           promise="send the quote")
    assert set(prompts) == {"situation", "problem", "implication", "need_payoff"}
    assert "华为" in prompts["situation"] and "王总" in prompts["situation"]
    assert "交货期太长" in prompts["problem"] and "细节" not in prompts["problem"]
    assert "send the quote" in prompts["need_payoff"]
    own = AccountSettings(spin={"problem": "{role}说过：{last_note}"})
    assert spin_prompts(own, name="x", account=None, role="decision", last_note=None, promise=None)["problem"] == \
        "decision maker说过：your current set-up"
