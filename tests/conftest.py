"""Shared fixtures: a fresh database per test, a fixed today, and a CLI runner."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

# The tests read kehu's English; a developer's zh_CN locale must not change that (the Chinese
# interface has its own tests, in processes of their own: tests/test_i18n.py).
os.environ["KEHU_LANG"] = "en"

from kehu.cli.app import full_app
from kehu.cli.common import Session, command_line

app = full_app()

TODAY = dt.date(2026, 11, 23)  # a Monday


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch) -> Path:
    """An isolated database and config for the test; today is fixed to TODAY."""
    path = tmp_path / "kehu.db"
    monkeypatch.setenv("KEHU_DB", str(path))
    monkeypatch.setenv("KEHU_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("KEHU_TODAY", TODAY.isoformat())
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the holidays cache stays in the test
    return path


@pytest.fixture
def kehu(db_path, monkeypatch):
    """Run a kehu command line in-process: kehu("log", "张三", today="2026-11-25")."""
    runner = CliRunner()

    def run(*args: str, today: str | dt.date | None = None, ok: bool = True, input: str | None = None) -> Run:
        if today is not None:
            monkeypatch.setenv("KEHU_TODAY", str(today))
        from kehu.views.console import stdout

        stdout.cache_clear()  # one process runs many commands here: let each read COLUMNS afresh
        Session.command_line = command_line(list(args))  # as main() names it for the undo history
        result = runner.invoke(app, list(args), input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        outcome = Run(result.exit_code, result.stdout, result.stderr)
        if ok:
            assert result.exit_code == 0, f"{args} failed: {outcome}"
        return outcome

    return run
