"""Edge cases a demanding user hits: markup and control characters in data, look-alike names,
ids that are names, archived twins, dates named on an unanswered call, and friendly usage errors."""

import json
import os
import subprocess
import sys

import pytest

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
pytestmark = pytest.mark.usefixtures("engine")


def test_names_and_notes_that_look_like_rich_markup_are_shown_as_typed(kehu):
    kehu("add", "[/]", "--company", "[red]co[/red]", "--met", "2026-11-01")
    kehu("log", "#1", "--note", "[bold]x[/bold] [/]", "--todo", "[/x]")
    assert "[/]" in kehu("due", "--days", "30").stdout
    assert "[red]co[/red]" in kehu("list").stdout
    shown = kehu("show", "#1").stdout
    assert "[bold]x[/bold] [/]" in shown and "[/x]" in shown


@pytest.mark.parametrize("args", [
    ("add", "Evil\x1b[31mRED"),
    ("add", "two\nlines"),
    ("add", "ok", "--company", "a\tb"),
    ("add", "ok", "--tag", "x\x07"),
])
def test_control_characters_are_refused_in_names_and_fields(kehu, args):
    kehu("add", "甲")
    result = kehu(*args, ok=False)
    assert result.exit_code == 2 and "control characters" in result.stderr
    assert [c["name"] for c in json.loads(kehu("list", "--json").stdout)] == ["甲"]


def test_a_note_may_span_lines(kehu):
    kehu("add", "张三")
    kehu("log", "张三", "--note", "line one\nline two")
    assert json.loads(kehu("show", "张三", "--json").stdout)["touches"][0]["note"] == "line one\nline two"


def test_full_pinyin_of_a_name_beats_a_longer_name_sharing_it(kehu):
    kehu("add", "张三")
    kehu("add", "张三丰")
    assert "张三 (#1)" in kehu("log", "zhangsan").stdout
    assert "张三 (#1)" in kehu("log", "zhang san").stdout


def test_an_id_that_is_also_another_contacts_name_is_ambiguous(kehu):
    kehu("add", "王五")  # #1
    kehu("add", "1")  # #2, named "1"
    result = kehu("show", "1", ok=False)
    assert result.exit_code == 2 and "#1  王五" in result.stderr and "#2  1" in result.stderr
    kehu("add", "007")  # a name, not id 7
    assert json.loads(kehu("show", "007", "--json").stdout)["name"] == "007"


def test_purging_a_name_shared_by_an_archived_and_an_active_contact_asks_which(kehu, db_path):
    kehu("add", "张三", "--company", "旧")
    kehu("rm", "张三")
    kehu("add", "张三", "--company", "新")
    result = kehu("rm", "张三", "--purge", "--yes", ok=False)
    assert result.exit_code == 2 and "archived" in result.stderr
    kehu("rm", "#1", "--purge", "--yes")
    assert [c["company"] for c in json.loads(kehu("list", "--json").stdout)] == ["新"]


def test_an_archived_contact_can_be_shown_and_unarchive_says_when_it_is_not(kehu):
    kehu("add", "张三")
    kehu("rm", "张三")
    assert json.loads(kehu("show", "#1", "--json").stdout)["archived"] is True
    kehu("unarchive", "张三")
    assert "is not archived" in kehu("unarchive", "张三", ok=False).stderr


def test_no_answer_with_a_named_date_keeps_the_date(kehu):
    kehu("add", "B", "--met", "2026-11-20")
    out = kehu("log", "B", "--outcome", "none", "--next", "2026-12-01").stdout
    assert "on 2026-12-01" in out


def test_an_unanswered_care_message_does_not_trigger_a_follow_up_retry(kehu):
    kehu("add", "A", "--met", "2026-11-20")
    kehu("log", "A", "--next", "2026-12-20")
    out = kehu("log", "A", "--care", "--outcome", "none").stdout
    assert "on 2026-12-20" in out


def test_a_promise_keeps_its_own_date_not_another_touchs_next(kehu):
    kehu("add", "PR", "--met", "2026-11-20")
    kehu("log", "PR", "--next", "2027-01-15")
    out = kehu("log", "PR", "--care", "--todo", "send the factory photos").stdout
    assert "send the factory photos on 2026-11-30" in out  # within a week, not on 01-15


def test_accented_and_cyrillic_names_match_without_case_or_accents(kehu):
    kehu("add", "Émile Zola")
    kehu("add", "Иван Петров")
    assert "Émile Zola" in kehu("show", "émile").stdout
    assert "Émile Zola" in kehu("show", "emile").stdout
    assert "Иван Петров" in kehu("show", "иван").stdout


def test_city_filter_treats_percent_and_underscore_as_text(kehu):
    kehu("add", "甲", "--city", "上海")
    kehu("add", "乙", "--city", "100%_town")
    assert [c["name"] for c in json.loads(kehu("list", "--city", "%", "--json").stdout)] == ["乙"]
    assert [c["name"] for c in json.loads(kehu("list", "--city", "_", "--json").stdout)] == ["乙"]


def test_a_time_later_today_is_in_the_future(kehu, monkeypatch):
    kehu("add", "T")
    result = kehu("log", "T", "--at", "today 23:59", ok=False)
    assert result.exit_code == 2 and "in the future" in result.stderr


@pytest.mark.parametrize("args", [("log", "张三", "--cost", "inf"), ("won", "张三", "--value", "nan")])
def test_money_must_be_finite(kehu, args):
    kehu("add", "张三")
    assert kehu(*args, ok=False).exit_code == 2


def test_an_empty_db_option_never_falls_back_to_the_real_book(kehu):
    result = kehu("--db", "", "due", ok=False)
    assert result.exit_code == 2 and "--db is empty" in result.stderr


def test_won_before_any_touch_is_worded_plainly(kehu):
    kehu("add", "张三")
    assert "won before any touch was logged" in kehu("won", "张三").stdout


def test_show_spells_out_the_urgency_terms(kehu):
    kehu("add", "张三", "--tier", "A", "--met", "2026-11-01")
    for day in ("2026-11-03", "2026-11-06", "2026-11-11"):
        kehu("log", "张三", "--at", day)
    # #4 due 11-18: 5 days overdue, tier A, in the zone, stalled early (after #3, 5 < 7? no)
    assert ("urgency 32.5 = +2.5 for 5 days overdue, +10 due, +14 tier A, +0 #4, +6 in the #4–#11 zone"
            in kehu("show", "张三").stdout)


def test_show_says_when_lateness_stops_counting(kehu):
    kehu("add", "李四", "--tier", "D", "--met", "2026-10-01")
    # #1 due 10-05 (10-03 is a Saturday… and the National Day week): long overdue, stalled early.
    out = kehu("show", "李四").stdout
    assert "days overdue (counted up to 20), +10 due, +0 tier D" in out and "stalled early" in out


@pytest.mark.parametrize("args,needle", [
    (["log", "X", "--channel", "pigeon"], "kehu: Invalid value for '--channel'"),
    (["lost", "X"], "kehu: Missing option '--reason'"),
    (["due", "--days", "x"], "kehu: Invalid value for '--days'"),
    (["--nope"], "kehu: No such option: --nope"),
])
def test_usage_errors_from_the_installed_command_are_one_line(tmp_path, args, needle):
    env = os.environ | {"KEHU_DB": str(tmp_path / "k.db"), "KEHU_CONFIG": str(tmp_path / "c.toml")}
    result = subprocess.run([sys.executable, "-m", "kehu", *args], capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(needle) and result.stderr.count("\n") == 1


@pytest.mark.parametrize("tty, lines", [(True, 6), (False, 1)])
def test_json_is_indented_for_a_person_and_one_line_for_a_pipe(monkeypatch, capsys, tty, lines):

    from kehu.views.console import print_json

    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty, raising=False)
    print_json([{"name": "张伟", "id": 1}])
    out = capsys.readouterr().out
    assert json.loads(out) == [{"name": "张伟", "id": 1}] and len(out.splitlines()) == lines
