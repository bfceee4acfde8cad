"""Import, export and hand-over: spreadsheets in Excel/WPS encodings, vCards, touch logs, JSON,
CSV safe from formula injection, ICS, merge, backup and restore."""

import csv
import io
import json
from pathlib import Path

# The same tests on SQLite and PostgreSQL (issue 18; tests/conftest.py `engine`).
import pytest  # noqa: E402

pytestmark = pytest.mark.usefixtures("engine")


EXAMPLES = Path(__file__).parent.parent / "examples"


def counts(book_sql):
    return tuple(book_sql(f"SELECT count(*) FROM {t}")[0][0] for t in ("contact", "touch", "important_date"))


def listed(kehu):
    return {c["name"]: c for c in json.loads(kehu("list", "--json").stdout)}


def test_a_gbk_csv_with_chinese_headers_imports_without_map(kehu):
    out = kehu("import", str(EXAMPLES / "contacts-gbk.csv")).stdout
    assert "5 added" in out
    book = listed(kehu)
    wang = book["王建国"]
    assert (wang["company"], wang["title"], wang["tier"], wang["phone"], wang["wechat"], wang["city"], wang["hometown"],
            wang["tags"]) == ("中建三局", "采购部经理", "A", "13800138001", "wjg_cscec", "武汉", "兰州", ["展会", "老客户"])
    assert book["赵丽"]["tier"] == "B"  # "B类"
    dates = {d["name"]: d["date"] for d in json.loads(kehu("date", "list", "--json").stdout)}
    assert dates == {"王建国": "1975-03-08", "刘芳": "05-20", "赵丽": "1988-11-30"}
    assert "王建国" in kehu("show", "wjg").stdout  # pinyin initials work for imported names


def test_xlsx_and_vcard_files_import(kehu):
    assert "3 added" in kehu("import", str(EXAMPLES / "contacts.xlsx")).stdout
    assert "2 added" in kehu("import", str(EXAMPLES / "contacts.vcf")).stdout
    book = listed(kehu)
    assert book["Anna Müller"]["tier"] == "A" and book["Anna Müller"]["phone"] == "8613800138005"
    assert book["Li Na"]["tags"] == ["ecommerce", "vip"]
    assert (book["周杰"]["company"], book["周杰"]["city"], book["周杰"]["title"]) == ("网易", "杭州", "商务经理")
    assert book["John Smith"]["email"] == "john@example.co.uk"
    dates = {d["name"]: d["date"] for d in json.loads(kehu("date", "list", "--json").stdout)}
    assert dates["周杰"] == "1986-04-02" and dates["John Smith"] == "08-15" and dates["Anna Müller"] == "1982-07-14"


def test_a_chinese_vcard_name_keeps_family_name_first_without_a_space(kehu, tmp_path):
    card = tmp_path / "c.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nN:欧阳;娜娜;;;\nTEL:13800138000\nEND:VCARD\n", encoding="utf-8")
    kehu("import", str(card))
    assert "欧阳娜娜" in listed(kehu)


def test_a_touch_log_attaches_by_name_and_numbers_follow_ups_from_the_history(kehu):
    kehu("import", str(EXAMPLES / "contacts-gbk.csv"))
    out = kehu("import", str(EXAMPLES / "touches.csv")).stdout
    assert "6 touches for 3 contacts" in out
    touches = json.loads(kehu("show", "王建国", "--json").stdout)["touches"]
    assert [(t["at"][:10], t["channel"], t["follow_up"], t["outcome"]) for t in touches] == [
        ("2026-10-08", "visit", 0, "good"), ("2026-10-15", "call", 1, "neutral"), ("2026-10-20", "wechat", 2, "good")]
    liu = json.loads(kehu("show", "刘芳", "--json").stdout)["touches"]
    assert [(t["outcome"], t["follow_up"]) for t in liu] == [("none", 0), ("good", 0)]


def test_unknown_and_ambiguous_names_in_a_touch_log_are_reported_not_guessed(kehu, tmp_path, book_sql):
    kehu("add", "张伟", "--company", "甲")
    kehu("add", "张伟", "--company", "乙")
    log = tmp_path / "log.csv"
    log.write_text("日期,姓名,方式\n2026-11-01,张伟,电话\n", encoding="utf-8")
    result = kehu("import", str(log), ok=False)
    assert result.exit_code == 2 and "row 2" in result.stderr and "names 2 contacts" in result.stderr
    log.write_text("日期,姓名,方式\n2026-11-01,李雷,电话\n", encoding="utf-8")
    assert "is not in the book" in kehu("import", str(log), ok=False).stderr
    assert counts(book_sql)[1] == 0


def test_a_bad_row_stops_the_import_and_leaves_the_database_untouched(kehu, tmp_path, book_sql):
    kehu("add", "已有")
    before = counts(book_sql)
    sheet = tmp_path / "bad.csv"
    sheet.write_text("姓名,手机,等级\n甲,13800138000,A\n乙,not a phone,B\n丙,13900139000,Z\n", encoding="utf-8")
    result = kehu("import", str(sheet), ok=False)
    assert result.exit_code == 2
    assert "row 3: phone 'not a phone' is not a phone number: use digits" in result.stderr and "(and 1 more bad rows); nothing was imported" in result.stderr
    assert counts(book_sql) == before


def test_skip_bad_imports_the_rest_and_writes_the_rejects(kehu, tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text("姓名,手机,等级\n甲,13800138000,A\n乙,not a phone,B\n,13900139000,C\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    assert "1 added" in kehu("import", str(sheet), "--skip-bad", str(rejects)).stdout
    rows = list(csv.reader(io.StringIO(rejects.read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["3", "4"]
    assert rows[1][1].startswith("phone 'not a phone' is not a phone number") and rows[2][1] == "the name is empty"


def test_the_rejects_file_never_replaces_a_file(kehu, tmp_path):
    sheet = tmp_path / "bad.csv"
    original = "姓名,手机\n甲,13800138000\n乙,not a phone\n"
    sheet.write_text(original, encoding="utf-8")
    result = kehu("import", str(sheet), "--skip-bad", str(sheet), ok=False)  # the sheet itself
    assert result.exit_code == 1 and ("exists; choose another name" in result.stderr or "the file being imported" in result.stderr)
    assert sheet.read_text(encoding="utf-8") == original
    kept = tmp_path / "kept.csv"
    kept.write_text("mine")
    assert kehu("import", str(sheet), "--skip-bad", str(kept), ok=False).exit_code == 1
    assert kept.read_text() == "mine"
    rejects = tmp_path / "rejects.csv"
    out = kehu("import", str(sheet), "--skip-bad", str(rejects), "--dry-run").stdout
    assert "would be written to" in out and not rejects.exists()  # a dry run writes nothing at all


def test_dry_run_counts_and_writes_nothing(kehu, db_path, book_sql, engine):
    for example in ("contacts-gbk.csv", "contacts.vcf"):  # no database yet: none is made
        assert "Would import" in kehu("import", str(EXAMPLES / example), "--dry-run").stdout
    assert not db_path.exists()
    assert engine == "sqlite" or counts(book_sql)[0] == 0
    kehu("add", "张三")
    out = kehu("import", str(EXAMPLES / "contacts-gbk.csv"), "--dry-run").stdout
    assert "Would import" in out and "5 added" in out
    assert counts(book_sql)[0] == 1


def test_duplicates_are_skipped_updated_or_added_as_asked(kehu, tmp_path):
    kehu("import", str(EXAMPLES / "contacts-gbk.csv"))
    again = tmp_path / "again.csv"
    again.write_text("姓名,手机,职位\n王总,13800138001,副总裁\n新人,13500135000,\n", encoding="utf-8")
    assert "1 added, 0 updated, 1 skipped" in kehu("import", str(again)).stdout
    assert "0 added, 2 updated" in kehu("import", str(again), "--on-duplicate", "update").stdout
    assert listed(kehu)["王总"]["title"] == "副总裁"  # same phone: the same person, now renamed
    assert "2 added" in kehu("import", str(again), "--on-duplicate", "new").stdout


def test_map_names_a_column_kehu_does_not_know(kehu, tmp_path):
    sheet = tmp_path / "odd.csv"
    sheet.write_text("客户全称,Handy\n甲公司老板,13800138000\n", encoding="utf-8")
    assert "no column for name" in kehu("import", str(sheet), ok=False).stderr
    kehu("import", str(sheet), "--map", "客户全称=name", "--map", "Handy=phone")
    assert listed(kehu)["甲公司老板"]["phone"] == "13800138000"
    assert kehu("import", str(sheet), "--map", "Handy", ok=False).exit_code == 2


def test_merge_moves_the_history_and_fills_gaps(kehu):
    kehu("add", "张伟", "--phone", "13800138000", "--met", "2026-11-01")
    kehu("add", "Zhang Wei", "--email", "zw@example.com", "--tag", "expo", "--met", "2026-11-10")
    kehu("log", "Zhang Wei", "--at", "2026-11-12")
    refused = kehu("merge", "#1", "#2", ok=False)  # asks first; not a terminal here
    assert refused.exit_code == 1 and "not merged (nothing changed)" in refused.stderr and len(listed(kehu)) == 2
    kehu("merge", "#1", "#2", "--yes")
    book = listed(kehu)
    assert list(book) == ["张伟"]
    assert book["张伟"]["email"] == "zw@example.com" and book["张伟"]["tags"] == ["expo"]
    touches = json.loads(kehu("show", "张伟", "--json").stdout)["touches"]
    assert [t["follow_up"] for t in touches] == [0, 1, 2]


def test_json_round_trip_reproduces_the_same_due_list(kehu, tmp_path, monkeypatch):
    kehu("demo")
    kehu("complaint", "张伟", "late delivery")
    kehu("sweep", "--city", "杭州", "--reason", "flood")
    # (a team database adds each item's owner; the local book it goes to has none)
    before = [{k: v for k, v in d.items() if k != "owner"} for d in json.loads(kehu("due", "--json", "--days", "60").stdout)]
    sweeps = json.loads(kehu("sweep", "list", "--json").stdout)
    book = tmp_path / "book.json"
    kehu("export", "--format", "json", "--output", str(book))
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "other.db"))
    kehu("import", str(book))
    assert json.loads(kehu("due", "--json", "--days", "60").stdout) == before and before
    assert json.loads(kehu("sweep", "list", "--json").stdout) == sweeps and sweeps
    assert json.loads(book.read_text(encoding="utf-8"))["version"] == 3


def test_csv_export_opens_in_excel_with_no_formula_executed(kehu, tmp_path):
    kehu("import", str(EXAMPLES / "contacts-gbk.csv"))
    kehu("add", "+cmd|' /C calc'!A0", "--note", "@SUM(1+1)")
    out = tmp_path / "book.csv"
    kehu("export", "--format", "csv", "--output", str(out))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the Chinese right
    cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]
    assert "王建国" in cells
    assert not any(c and c[0] in "=+-@" for c in cells)
    assert "'=HYPERLINK(\"http://evil\")" in cells and "'+cmd|' /C calc'!A0" in cells and "'@SUM(1+1)" in cells


def test_ics_export_validates_and_keeps_stable_uids(kehu, tmp_path):
    from icalendar import Calendar

    kehu("demo")
    first = Calendar.from_ical(kehu("export", "--format", "ics").stdout)
    events = first.walk("VEVENT")
    assert events and all(e["UID"].endswith("@kehu") for e in events)
    assert any("child's birthday" in str(e["SUMMARY"]) for e in events)
    again = Calendar.from_ical(kehu("export", "--format", "ics").stdout)
    assert sorted(str(e["UID"]) for e in events) == sorted(str(e["UID"]) for e in again.walk("VEVENT"))


def test_vcard_export_reads_back(kehu):
    import vobject

    kehu("import", str(EXAMPLES / "contacts.vcf"))
    kehu("add", "欧阳修", "--birthday", "08-15")
    cards = {c.fn.value: c for c in vobject.readComponents(kehu("export", "--format", "vcard").stdout)}
    assert set(cards) == {"周杰", "John Smith", "欧阳修"}
    names = {fn: (c.n.value.family, c.n.value.given) for fn, c in cards.items()}
    assert names == {"周杰": ("周", "杰"), "John Smith": ("Smith", "John"), "欧阳修": ("欧阳", "修")}  # filed by surname
    bday = cards["欧阳修"].bday  # vCard 3.0 has no year-less date: Apple's 1604 convention
    assert bday.value == "1604-08-15" and bday.params["X-APPLE-OMIT-YEAR"] == ["1604"]


@pytest.mark.sqlite_only  # the file itself
def test_backup_and_restore_check_the_file_before_replacing_anything(kehu, tmp_path, db_path):
    kehu("add", "张三")
    backup = tmp_path / "b.db"
    assert "Backed up" in kehu("backup", str(backup)).stdout
    assert kehu("backup", str(backup), ok=False).exit_code == 1  # never over an existing file: refused
    kehu("add", "李四")
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not a database")
    assert kehu("restore", str(garbage), "--yes", ok=False).exit_code == 3
    assert kehu("restore", str(tmp_path / "nope.db"), "--yes", ok=False).exit_code == 1  # not found
    assert kehu("restore", str(tmp_path), "--yes", ok=False).exit_code == 2  # a folder
    assert kehu("backup", "", ok=False).exit_code == 2
    assert kehu("demo", str(tmp_path / "nope.json"), ok=False).exit_code == 1
    assert set(listed(kehu)) == {"张三", "李四"}
    assert kehu("restore", str(backup), ok=False).exit_code == 1  # asks first; not a terminal here
    out = kehu("restore", str(backup), "--yes").stdout
    assert "kept as" in out
    assert set(listed(kehu)) == {"张三"}
    assert sorted(p.name for p in tmp_path.glob("b.db*")) == ["b.db"]  # no -wal or -shm left beside it


def test_a_file_that_is_not_a_table_is_a_clear_error(kehu, tmp_path):
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00\x01" * 10)
    assert kehu("import", str(binary), ok=False).exit_code == 2  # bad input
    assert kehu("import", str(tmp_path / "missing.csv"), ok=False).exit_code == 1  # not found
    assert kehu("import", str(tmp_path), ok=False).exit_code == 2  # a folder
    not_book = tmp_path / "x.json"
    not_book.write_text('{"hello": 1}')
    assert "not a kehu export" in kehu("import", str(not_book), ok=False).stderr


def test_a_touch_log_tells_two_zhang_wei_apart_by_company_or_id_and_never_advises_a_merge(kehu, tmp_path):
    kehu("add", "张伟", "--company", "华为")
    kehu("add", "张伟", "--company", "腾讯")
    log = tmp_path / "log.csv"
    log.write_text("日期,姓名,公司,方式,内容\n2026-11-01,张伟,腾讯,电话,报价\n", encoding="utf-8")
    assert "1 touch for 1 contact" in kehu("import", str(log)).stdout
    assert [t["note"] for t in json.loads(kehu("touch", "list", "#2", "--json").stdout)] == ["报价"]
    log.write_text("日期,客户编号,方式,内容\n2026-11-02,#1,电话,回访\n", encoding="utf-8")
    kehu("import", str(log))
    assert [t["note"] for t in json.loads(kehu("touch", "list", "#1", "--json").stdout)] == ["回访"]
    log.write_text("date,id,name,channel\n2026-11-03,1,李雷,call\n", encoding="utf-8")
    assert "contact #1 is 张伟, not 李雷" in kehu("import", str(log), ok=False).stderr
    log.write_text("日期,姓名,公司,方式\n2026-11-04,张伟,阿里,电话\n", encoding="utf-8")
    refused = kehu("import", str(log), ok=False).stderr
    assert "names 2 contacts: #1 (华为), #2 (腾讯)" in refused and "merge" not in refused


def test_a_csv_round_trip_keeps_solar_and_lunar_birthdays(kehu, tmp_path, monkeypatch):
    kehu("add", "张伟", "--birthday", "1985-08-15")
    kehu("add", "李娜", "--lunar-birthday", "1987-闰6-10")
    kehu("add", "王五", "--lunar-birthday", "08-15")
    sheet = tmp_path / "book.csv"
    kehu("export", "--format", "csv", "--output", str(sheet))
    header, *lines = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    assert header[-2:] == ["birthday", "lunar_birthday"]
    assert sorted((line[1], *line[-2:]) for line in lines) == [
        ("张伟", "1985-08-15", ""), ("李娜", "", "1987-闰06-10"), ("王五", "", "08-15")]
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "new.db"))
    kehu("import", str(sheet))
    for who, entered in (("张伟", "1985-08-15"), ("李娜", "1987 闰六月初十"), ("王五", "八月十五")):
        assert [d["date"] for d in json.loads(kehu("show", who, "--json").stdout)["dates"]] == [entered]
