"""The installed `kehu` entry point, run as a user would: a real process, piped output."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-7]m|\x1b\[[0-9;]*;3[0-7]")


def kehu_executable() -> str:
    beside_python = Path(sys.executable).with_name("kehu")
    found = str(beside_python) if beside_python.exists() else shutil.which("kehu")
    assert found, "the `kehu` console script is not installed (pip install -e '.[test]')"
    return found


@pytest.fixture
def run(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env.update(KEHU_DB=str(tmp_path / "kehu.db"), KEHU_CONFIG=str(tmp_path / "none.toml"), KEHU_TODAY="2026-11-23")

    def invoke(*args, **extra_env):
        return subprocess.run([kehu_executable(), *args], capture_output=True, text=True, env=env | extra_env,
                              timeout=60)

    return invoke


def test_the_installed_command_runs_the_daily_loop(run, tmp_path):
    assert run("--version").stdout.startswith("kehu ")
    assert run("add", "张三", "--tier", "A", "--met", "2026-11-20").returncode == 0
    logged = run("log", "zs", "--note", "called back")
    assert logged.returncode == 0 and "follow-up #1" in logged.stdout
    due = json.loads(run("due", "--json", "--days", "7").stdout)
    assert [(i["name"], i["follow_up"], i["due"]) for i in due] == [("张三", 2, "2026-11-26")]
    assert oct((tmp_path / "kehu.db").stat().st_mode & 0o777) == "0o600"


def test_piped_output_has_no_escape_codes_and_no_color_is_honoured(run):
    run("add", "张三", "--met", "2026-10-01")
    run("log", "张三", "--at", "2026-10-03")
    run("log", "张三", "--at", "2026-10-06")
    run("log", "张三", "--at", "2026-10-11")  # #4 due: the zone row is styled
    assert "\x1b" not in run("due").stdout
    assert COLOUR.search(run("due", FORCE_COLOR="1").stdout)
    assert not COLOUR.search(run("due", FORCE_COLOR="1", NO_COLOR="1").stdout)


def test_an_expected_error_is_one_line_never_a_traceback(run):
    result = run("log", "nobody")
    assert result.returncode == 1
    assert result.stderr.startswith("kehu: ") and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_python_dash_m_kehu_works_too(run, tmp_path):
    result = subprocess.run([sys.executable, "-m", "kehu", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("kehu ")


def test_a_run_imports_only_its_command_family_and_help_lists_them_all(run):
    from kehu.cli.app import FAMILIES, command_word, full_app

    assert command_word(["--db", "x.db", "log", "张三"]) == "log"
    assert command_word(["-h"]) is None
    registered = {c.name for c in full_app().registered_commands} | {g.name for g in full_app().registered_groups}
    assert registered == {word for words in FAMILIES.values() for word in words}  # every command on the fast path
    probe = "import sys, runpy; sys.argv = ['kehu', *sys.argv[1:]]\n" \
            "try:\n    runpy.run_module('kehu', run_name='__main__')\nexcept SystemExit:\n    pass\n" \
            "print(sorted(m for m in sys.modules if m.startswith('kehu.cli.')), file=sys.stderr)"
    env = {k: v for k, v in os.environ.items()} | {"KEHU_DB": "/nonexistent-dir/kehu.db"}
    loaded = subprocess.run([sys.executable, "-c", probe, "due", "--help"], capture_output=True, text=True, env=env)
    modules = loaded.stderr.strip().splitlines()[-1]
    assert "kehu.cli.due" in modules and "kehu.cli.io" not in modules and "kehu.cli.stats" not in modules
    assert "sweep" in run("--help").stdout and "import" in run("--help").stdout
    assert "No such command" in run("du").stderr and "due" in run("du").stderr


def test_a_streamed_touch_log_shows_its_progress_on_a_terminal_and_not_when_piped(run, tmp_path):
    import pty

    assert run("add", "张三", "--met", "2026-01-01").returncode == 0
    log = tmp_path / "log.csv"
    rows = "".join(f"2026-{1 + i // 250:02d}-{1 + i % 25:02d} {8 + i % 10}:{i % 60:02d},张三,电话,第{i}次\n" for i in range(2500))
    log.write_text("日期,姓名,方式,内容\n" + rows, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    env.update(KEHU_DB=str(tmp_path / "kehu.db"), KEHU_CONFIG=str(tmp_path / "none.toml"), KEHU_TODAY="2026-11-23",
               KEHU_LANG="en")
    leader, follower = pty.openpty()  # stderr on a terminal: the bar is drawn there
    done = subprocess.run([kehu_executable(), "import", str(log), "--dry-run"], stdout=subprocess.PIPE, stderr=follower,
                          text=True, env=env, timeout=120)
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end is closed: all of it was read
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    assert done.returncode == 0 and "Would import" in done.stdout
    assert b"importing touches" in drawn and b"/" in drawn  # the label and a count of rows read
    piped = run("import", str(log), "--dry-run")
    assert piped.returncode == 0 and "importing touches" not in piped.stderr
