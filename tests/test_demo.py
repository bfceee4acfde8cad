"""`kehu demo` fills an empty database, rewrites an untouched demo, and never touches your own data."""

import json

import pytest

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
pytestmark = pytest.mark.usefixtures("engine")


def names(kehu):
    return {c["name"] for c in json.loads(kehu("list", "--json").stdout)}


def book(kehu):
    return json.loads(kehu("export").stdout)["contacts"]


def test_the_demo_can_be_written_again_while_untouched(kehu):
    kehu("demo")
    kehu("due")  # reading rewrites stored schedules: still untouched
    assert "Demo book of" in kehu("demo").stdout


@pytest.mark.parametrize("change", [
    ("add", "我的客户"),
    ("log", "1", "--note", "a real call"),
    ("edit", "1", "--phone", "13900000000"),
    ("date", "add", "1", "wedding", "2010-05-01"),
    ("complaint", "1", "late"),
    ("won", "2", "--value", "10"),
])
def test_the_demo_never_rewrites_a_book_you_have_changed(kehu, change):
    kehu("demo")
    kehu(*change)
    before = book(kehu)
    result = kehu("demo", ok=False)
    assert result.exit_code == 1 and "holds your own contacts" in result.stderr
    assert book(kehu) == before


def test_the_demo_refuses_a_database_of_your_own(kehu):
    kehu("add", "张三")
    assert kehu("demo", ok=False).exit_code == 1
    assert names(kehu) == {"张三"}
