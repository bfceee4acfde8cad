"""Configuration: defaults with no file, overrides from TOML, per-tier cadences, clear errors."""

import json

import pytest

from kehu import config
from kehu.core.rules import DEFAULT_FOLLOW_UP_DAYS
from kehu.errors import KehuError


@pytest.fixture
def config_file(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("KEHU_CONFIG", str(path))
    return path


def test_no_config_file_is_needed_and_defaults_apply(config_file):
    cfg = config.load_config()
    assert cfg.rules.for_tier("A").follow_up_days == DEFAULT_FOLLOW_UP_DAYS
    assert cfg.rules.for_tier("A").maintenance_days == 14
    values = {key: source for key, _, source in config.effective_values(cfg)}
    assert values.pop("ui.language") == "KEHU_LANG"  # the suite runs in English by KEHU_LANG
    assert all(source == "default" for source in values.values())


def test_the_file_overrides_cadence_per_tier_and_says_where_each_value_came_from(config_file):
    config_file.write_text(
        "[cadence]\nfollow_up_days = [1, 2, 3]\nnurture_days = 45\n"
        "[tier.A]\nfollow_up_days = [1, 1, 1]\n"
        "[maintenance_days]\nB = 21\n"
        "[urgency]\nzone = 10\n[urgency.tier]\nA = 20\n", encoding="utf-8")
    cfg = config.load_config()
    # A short list repeats its last interval up to follow-up #11.
    assert cfg.rules.for_tier("A").follow_up_days == (1,) * 11
    assert cfg.rules.for_tier("C").follow_up_days == (1, 2, 3) + (3,) * 8
    assert cfg.rules.for_tier("C").nurture_days == 45
    assert cfg.rules.for_tier("B").maintenance_days == 21
    assert cfg.rules.urgency.zone == 10.0 and cfg.rules.urgency.tier["A"] == 20.0
    sources = {key: source for key, _, source in config.effective_values(cfg)}
    assert sources["tier.A.follow_up_days"] == str(config_file)
    assert sources["tier.C.follow_up_days"] == str(config_file)  # inherited from [cadence]
    assert sources["maintenance_days.A"] == "default"


@pytest.mark.parametrize("text,needle", [
    ("[cadence\n", "not valid TOML"),
    ("[cadence]\nfollow_up_days = [2, -1]\n", "cadence.follow_up_days"),
    ("[cadence]\nfollow_up_days = 'fast'\n", "cadence.follow_up_days"),
    ("[maintenance_days]\nA = 'often'\n", "maintenance_days.A"),
    ("cadence = 3\n", "[cadence] must be a table"),
    ("[cadence]\nfolow_up_days = [2, 3]\n", "unknown key 'folow_up_days' in [cadence]"),
    ("[tier.a]\nnurture_days = 30\n", "unknown key 'a' in [tier]"),
    ("[cadence]\nfollow_up_days = [100000000]\n", "cadence.follow_up_days"),
    ("[maintenance_days]\nA = 99999999999\n", "maintenance_days.A"),
    ("[urgency]\nper_day_overdue = nan\n", "urgency.per_day_overdue"),
    ("[urgency]\nzone = inf\n", "urgency.zone"),
    ("[smtp]\nhost = 'x'\n[extras]\nx = 1\n", "unknown key 'extras'"),
])
def test_a_broken_config_is_a_clear_error_naming_the_key(config_file, text, needle):
    config_file.write_text(text, encoding="utf-8")
    with pytest.raises(KehuError) as e:
        config.load_config()
    assert needle in e.value.message and e.value.exit_code == 2  # bad input, as the README's table says


def test_kehu_config_checks_the_smtp_table_and_shows_values_as_toml(config_file, kehu):
    config_file.write_text('[smtp]\nhost = "smtp.example.com"\n[calendar.holidays]\n"12-24" = "Christmas Eve"\n',
                           encoding="utf-8")
    out = kehu("config").stdout
    assert 'smtp.host' in out and '"smtp.example.com"' in out and '{ "12-24" = "Christmas Eve" }' in out
    assert "shift_to_working_days" in out and " true " in out and "True" not in out
    config_file.write_text('[smtp]\nhost = "h"\nstarttls = true\n', encoding="utf-8")
    rows = {r["key"]: r for r in json.loads(kehu("config", "--json").stdout)["settings"]}
    assert rows["smtp.starttls"]["source"] == str(config_file) and rows["smtp.ssl"]["source"] == "default"
    config_file.write_text('[calendar]\ncountry = "XX"\n', encoding="utf-8")
    assert kehu("config", ok=False).exit_code == 2  # a country the holidays package does not know
    config_file.write_text('[smtp]\nhostt = "x"\n', encoding="utf-8")
    result = kehu("config", ok=False)
    assert result.exit_code == 2 and "unknown [smtp] key 'hostt'" in result.stderr


def test_database_path_prefers_the_option_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "env.db"))
    assert config.db_path(str(tmp_path / "opt.db")) == tmp_path / "opt.db"
    assert config.db_path(None) == tmp_path / "env.db"
    monkeypatch.delenv("KEHU_DB")
    assert config.db_path(None).name == "kehu.db" and "kehu" in str(config.db_path(None).parent)


def test_kehu_today_overrides_today_and_rejects_a_non_date(monkeypatch):
    monkeypatch.setenv("KEHU_TODAY", "2027-02-03")
    assert config.today().isoformat() == "2027-02-03"
    monkeypatch.setenv("KEHU_TODAY", "tomorrow")
    with pytest.raises(KehuError):
        config.today()


def test_zero_is_a_value_not_a_missing_one(config_file):
    config_file.write_text("[cadence]\npromise_days = 0\n[urgency]\nzone = 0\n", encoding="utf-8")
    cfg = config.load_config()
    assert cfg.rules.promise_days == 0 and cfg.rules.urgency.zone == 0.0


def test_a_broken_budget_is_refused_by_the_commands_that_read_it_before_anything_is_written(config_file, kehu):
    """[budget] is read on first use (so `kehu due` does not pay for it): a wrong one still stops
    `kehu log --cost` before the touch is written, and `kehu budget`, `stats` and `config`."""
    kehu("add", "张三", "--tier", "A")
    config_file.write_text('[budget]\nA = "lots"\n', encoding="utf-8")
    result = kehu("log", "张三", "--cost", "300", ok=False)
    assert result.exit_code == 2 and "budget.A" in result.stderr
    for command in (("budget",), ("stats",), ("config",)):
        assert "budget.A" in kehu(*command, ok=False).stderr, command
    config_file.write_text("", encoding="utf-8")
    assert json.loads(kehu("show", "张三", "--json").stdout)["touches"] == []  # nothing was logged
    kehu("log", "张三", "--cost", "300")
    assert len(json.loads(kehu("show", "张三", "--json").stdout)["touches"]) == 1
