"""The Chinese interface stays complete: every sentence translated, none escaping the catalogue,
and the language chosen as documented (KEHU_LANG, then [ui] language, then the locale)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src" / "kehu" / "locale" / "zh_CN" / "LC_MESSAGES" / "kehu.po"


def _tools():
    spec = importlib.util.spec_from_file_location("kehu_i18n_tools", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def catalogue():
    from babel.messages.pofile import read_po

    with PO.open("rb") as f:
        return read_po(f, locale="zh_CN")


# Which language


@pytest.mark.parametrize("env, config, expected", [
    ({"KEHU_LANG": "zh_CN", "LANG": "en_US.UTF-8"}, "", "zh_CN"),
    ({"KEHU_LANG": "en", "LANG": "zh_CN.UTF-8"}, "", "en"),
    ({"LANG": "en_US.UTF-8"}, '[ui]\nlanguage = "zh_CN"\n', "zh_CN"),
    ({"LANG": "zh_CN.UTF-8"}, "", "zh_CN"),
    ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "", "zh_CN"),
    ({"LC_MESSAGES": "de_DE.UTF-8"}, "", "en"),
    ({}, "", "en"),
])
def test_the_language_comes_from_kehu_lang_then_the_config_then_the_locale(tmp_path, monkeypatch, env, config, expected):
    from kehu.i18n import language

    for name in ("KEHU_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    monkeypatch.setenv("KEHU_CONFIG", str(tmp_path / "config.toml"))
    assert language() == expected


# The catalogue


def test_every_sentence_of_the_code_is_in_the_catalogue_and_translated(catalogue):
    missing = [m.id for m in _tools().template() if m.id and (catalogue.get(m.id) is None or not catalogue.get(m.id).string)]
    assert not missing, f"{len(missing)} sentences untranslated (run python tools/i18n.py, then translate): {missing[:5]}"


def test_translations_keep_every_placeholder(catalogue):
    fields = re.compile(r"\{[^{}]*\}")
    broken = [m.id for m in catalogue if m.id and m.string and sorted(fields.findall(m.id)) != sorted(fields.findall(m.string))]
    assert not broken, broken[:5]


def test_the_shipped_mo_is_compiled_from_the_po(catalogue):
    compiled = _tools().compiled(catalogue)
    assert PO.with_suffix(".mo").read_bytes() == compiled, "run python tools/i18n.py to compile the catalogue"


# A whole run in Chinese


_ENGLISH = re.compile(r"\b[A-Za-z]{3,}(?:[ '-][A-Za-z]{2,}){2,}\b")  # three English words in a row
_ALLOWED = re.compile(r"kehu|KEHU_\w+|--[\w-]+|https?://\S+|YYYY-MM-DD|[\w.+-]+@[\w.-]+|\S*/\S+")


def _demo_data() -> list[str]:
    """Every text of the demo book (notes, promises in English): data, never translated."""
    import json

    found: list[str] = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads((ROOT / "src" / "kehu" / "data" / "demo-book.json").read_text(encoding="utf-8")))
    return sorted(set(found), key=len, reverse=True)


def _english_left(text: str) -> list[str]:
    for data in _demo_data():
        text = text.replace(data, " ")
    return [m for line in text.splitlines() for m in _ENGLISH.findall(_ALLOWED.sub(" ", line))]


@pytest.fixture(scope="module")
def zh_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zh")
    env = os.environ | {"KEHU_DB": str(folder / "k.db"), "KEHU_CONFIG": str(folder / "none.toml"), "KEHU_LANG": "zh_CN",
                        "KEHU_TODAY": "2026-11-23", "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("PYTHONIOENCODING", None)
    run = lambda *args: subprocess.run([sys.executable, "-m", "kehu", *args], env=env, capture_output=True,  # noqa: E731
                                       text=True, timeout=60)
    assert run("demo").returncode == 0
    return run


COMMANDS = [
    ("due",), ("show", "张伟"), ("list",), ("digest",), ("digest", "--format", "markdown"), ("stats",), ("budget",),
    ("occasions",), ("sweep", "list"), ("date", "list"), ("config",), ("--help",), ("touch", "list", "张伟"),
    ("find", "the"), ("undo",), ("account", "list"), ("prep", "张伟"),
]
HELP = ["add", "edit", "list", "rm", "show", "log", "due", "occasions", "sweep", "date", "digest", "complaint",
        "resolve", "won", "lost", "pause", "resume", "pursue", "stats", "budget", "import", "export", "merge", "backup",
        "restore", "config", "demo", "touch", "undo", "find", "week", "greet", "account", "prep"]
ERRORS = [("log", "nobody"), ("log", "张伟", "--at", "someday"), ("add", "x", "--tier", "Z"), ("log",), ("due", "--bogus"),
          ("export", "--output", "/nowhere/x.json"), ("add", "x", "--phone", "call me"), ("due", "--days", "abc"),
          ("log", "张伟", "--channel", "fax"), ("date", "add", "张伟", "生日", "1990-13-45"),
          ("date", "add", "张伟", "x", "2000-01-01", "--remind", "99"), ("export", "--format", "pdf"),
          ("greet", "春天"), ("greet", "春节", "--tier", "E"), ("edit", "张伟", "--role", "boss"),
          ("account", "stage", "nowhere", "mid"), ("account", "list", "--quadrant", "gold")]


@pytest.mark.parametrize("args", COMMANDS + [(word, "--help") for word in HELP] + ERRORS, ids=" ".join)
def test_a_chinese_run_prints_no_english_sentence(zh_book, args):
    result = zh_book(*args)
    assert "Traceback" not in result.stderr
    escaped = _english_left(result.stdout + result.stderr)
    assert not escaped, f"English left in `kehu {' '.join(args)}`: {escaped[:5]}"


_STORED_WORDS = re.compile(r"\b(call|visit|wechat|sms|email|meeting|gift|card|social|lead|pursuing|won|lost|paused|"
                           r"good|neutral|bad|died|moved|competitor|influence|price|neglect)\b")


@pytest.mark.parametrize("args", [("show", "张伟"), ("show", "黄强"), ("list",), ("touch", "list", "张伟"),
                                  ("occasions", "--days", "60"), ("stats",)], ids=" ".join)
def test_stored_words_are_said_in_chinese(zh_book, args):
    """Channels, stages, outcomes and lost reasons are kept in English (scripts read them) and
    shown in the reader's language."""
    text = zh_book(*args).stdout
    for data in _demo_data():
        if not _STORED_WORDS.fullmatch(data) and data != "other":  # the demo's own channel, stage… values
            text = text.replace(data, " ")
    assert not _STORED_WORDS.findall(text), f"`kehu {' '.join(args)}` shows {_STORED_WORDS.findall(text)[:5]}"


def test_stored_words_stay_english_in_json(zh_book):
    import json

    touches = json.loads(zh_book("touch", "list", "张伟", "--json").stdout)
    assert {t["channel"] for t in touches} <= {"call", "visit", "wechat", "sms", "email", "meeting", "gift", "card",
                                               "social", "other"}


def test_data_is_never_translated(zh_book):
    shown = zh_book("show", "张伟").stdout
    assert "张伟" in shown


def test_a_full_width_colon_is_followed_by_no_space(zh_book):
    shown = zh_book("show", "张伟").stdout
    assert "等级：A" in shown and "城市：上海" in shown and "等级： " not in shown


def test_the_html_digest_says_its_language(zh_book):
    page = zh_book("digest", "--format", "html").stdout
    assert '<html lang="zh-CN">' in page and "<h1>kehu 每日摘要" in page


def test_every_channel_reads_back_from_the_chinese_name_kehu_shows_for_it(monkeypatch):
    from kehu import i18n
    from kehu.core.columns import read_channel
    from kehu.core import labels

    monkeypatch.setenv("KEHU_LANG", "zh_CN")
    i18n.reset()
    try:
        for channel in labels.CHANNELS:
            assert read_channel(labels.channel(channel)) == channel
    finally:
        i18n.reset()
