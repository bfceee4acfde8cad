"""Import from the files people actually have: sheets with title rows, twin columns, semicolons,
Western encodings, odd .xlsx writers, Android and iPhone vCards; updates that keep what the file
doesn't say; importing the same thing twice; JSON books checked before anything is written;
merge, restore and ICS details."""

import csv
import gc
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from kehu.core import columns
from kehu.core.book_check import BookError, check_book
from kehu.core.same_contact import same_contact_keys

EXAMPLES = Path(__file__).parent.parent / "examples"


def listed(kehu):
    return {c["name"]: c for c in json.loads(kehu("list", "--json").stdout)}


def birthdays(kehu):
    return {d["name"]: d["date"] for d in json.loads(kehu("date", "list", "--json").stdout)}


# --- pure rules -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("1985-08-15", "1985-08-15"), ("1985/8/15", "1985-08-15"), ("1985年8月15日", "1985-08-15"),
    ("19850815", "1985-08-15"), ("08-15", "08-15"), ("8/15", "08-15"), ("8月15日", "08-15"), ("8月15号", "08-15"),
])
def test_birthday_cells_in_the_forms_people_type(text, expected):
    assert columns.read_birthday(text) == expected


@pytest.mark.parametrize("text", ["13/45", "1985-02-30", "soon", "2月30日"])
def test_a_birthday_that_is_not_a_date_is_a_row_error(text):
    with pytest.raises(columns.RowError, match="birthday"):
        columns.read_birthday(text)


def test_the_header_row_is_found_under_a_title_row():
    table = [["客户跟进记录表", "", ""], ["2026年", "", ""], ["姓名", "电话", "公司"], ["张三", "138", "甲"]]
    assert columns.find_header_row(table, columns.CONTACT_FIELDS) == 2
    assert columns.find_header_row([["a", "b"], ["1", "2"]], columns.CONTACT_FIELDS) == 0


def test_twin_columns_give_the_first_non_empty_value():
    mapping = columns.map_headers(["电话", "手机", "姓名"], columns.CONTACT_FIELDS, {})
    assert columns.fields_of({"电话": "", "手机": "13800138000", "姓名": "张三"}, mapping)["phone"] == "13800138000"
    assert columns.fields_of({"电话": "010-1", "手机": "138", "姓名": "张三"}, mapping)["phone"] == "010-1"


def test_contact_method_is_a_phone_in_a_contact_sheet_and_a_channel_in_a_log():
    assert columns.map_headers(["联系方式"], columns.CONTACT_FIELDS, {}) == {"联系方式": "phone"}
    assert columns.map_headers(["联系方式"], columns.TOUCH_FIELDS, {}) == {"联系方式": "channel"}


def test_a_guarded_cell_reads_back_as_written():
    for text in ("=1+1", "+86 138", "-5", "@home", "plain", "'quoted"):
        assert columns.unguard(columns.safe_cell(text)) == text


def test_duplicate_keys_come_strongest_first():
    keys = same_contact_keys({"name": "张三", "company": "甲", "wechat": "zs", "email": "A@x.cn", "phone": "+86 138-0013-8000"})
    assert keys == ["phone:13800138000", "email:a@x.cn", "wechat:zs", "name+company:张三|甲"]


def _book(**contact):
    base = {"id": 1, "name": "张三", "tier": "A", "stage": "lead", "created_on": "2026-01-01", "archived": False, "touches": []}
    return {"contacts": [base | contact]}


@pytest.mark.parametrize("contact, where", [
    ({"tier": "Z"}, "contacts[0].tier"),
    ({"name": ""}, "contacts[0].name"),
    ({"created_on": "yesterday"}, "contacts[0].created_on"),
    ({"touches": [{"at": "2026-13-01 10:00:00", "logged_at": "2026-01-01 10:00:00"}]}, "contacts[0].touches[0].at"),
    ({"touches": [{"at": "2026-01-01 10:00:00", "logged_at": "2026-01-01 10:00:00", "channel": "fax"}]},
     "contacts[0].touches[0].channel"),
    ({"dates": [{"label": "birthday", "whose": "self", "lunar": False, "leap": False, "month": 13, "day": 1}]}, "contacts[0].dates[0].month"),
    ({"dates": "none"}, "contacts[0].dates"),
    ({"won_value": "lots"}, "contacts[0].won_value"),
    ({"tags": [3]}, "contacts[0].tags"),
])
def test_a_malformed_book_record_is_named(contact, where):
    with pytest.raises(BookError) as raised:
        check_book(_book(**contact), 2)
    assert str(raised.value).startswith(where + ":")


def test_a_checked_book_keeps_moments_in_stored_form():
    book = check_book(_book(touches=[{"at": "2026-01-01T10:00:00", "logged_at": "2026-01-01 10:00:00.123", "care": True,
                                      "channel": "call", "outcome": "good"}]), 2)
    touch = book["contacts"][0]["touches"][0]
    assert (touch["at"], touch["logged_at"], touch["care"]) == ("2026-01-01 10:00:00", "2026-01-01 10:00:00", 1)


# --- spreadsheets ---------------------------------------------------------------------------

def test_update_keeps_the_tier_and_renames_with_pinyin(kehu, tmp_path):
    kehu("add", "王总", "--tier", "A", "--phone", "13800138001")
    sheet = tmp_path / "update.csv"
    sheet.write_text("姓名,手机,生日\n王建国,13800138001,1975-03-08\n", encoding="utf-8")
    assert "1 updated" in kehu("import", str(sheet), "--on-duplicate", "update").stdout
    wang = listed(kehu)["王建国"]
    assert wang["tier"] == "A"  # the file has no tier column: the contact keeps its own
    assert "王建国" in kehu("show", "wangjianguo").stdout  # pinyin follows the new name
    assert birthdays(kehu) == {"王建国": "1975-03-08"}


def test_a_contact_matching_two_in_the_book_is_not_guessed(kehu, tmp_path, db_path):
    kehu("add", "张三", "--phone", "13800138000")
    kehu("add", "张三丰", "--email", "z@x.cn")
    sheet = tmp_path / "both.csv"
    sheet.write_text("name,phone,email,title\n张三,13800138000,z@x.cn,boss\n", encoding="utf-8")
    err = kehu("import", str(sheet), "--on-duplicate", "update", ok=False)
    assert err.exit_code == 2 and "#1, #2" in err.stderr and "kehu merge" in err.stderr
    assert all(c["title"] is None for c in listed(kehu).values())
    rejects = tmp_path / "rejects.csv"
    out = kehu("import", str(sheet), "--on-duplicate", "update", "--skip-bad", str(rejects)).stdout
    assert "0 updated" in out and "1 bad rows" in out
    assert "matches contacts #1, #2" in rejects.read_text(encoding="utf-8-sig")


def test_a_title_row_blank_rows_and_unknown_columns(kehu, tmp_path):
    sheet = tmp_path / "log.csv"
    sheet.write_text("客户名单,,,\n\n姓名,联系方式,籍贯,星座\n张三,13800138000,兰州,天蝎\n\n李四,,BAD\x01,\n",
                     encoding="utf-8")
    err = kehu("import", str(sheet), ok=False)
    assert "row 6:" in err.stderr  # numbered as the spreadsheet shows it
    assert "星座" in err.stderr  # the column kehu did not read is named
    rejects = tmp_path / "rejects.csv"
    kehu("import", str(sheet), "--skip-bad", str(rejects))
    assert listed(kehu)["张三"]["phone"] == "13800138000" and listed(kehu)["张三"]["hometown"] == "兰州"
    rows = list(csv.DictReader(io.StringIO(rejects.read_text(encoding="utf-8-sig"))))
    assert rows[0]["row"] == "6" and rows[0]["姓名"] == "李四" and "星座" in rows[0]  # the row as it was


def test_a_bad_birthday_is_rejected_with_its_whole_row(kehu, tmp_path):
    sheet = tmp_path / "b.csv"
    sheet.write_text("姓名,生日,公司\n张三,1985-02-30,甲公司\n李四,8月15日,乙\n王五,19850815,丙\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    kehu("import", str(sheet), "--skip-bad", str(rejects))
    assert birthdays(kehu) == {"李四": "08-15", "王五": "1985-08-15"}
    row = next(csv.DictReader(io.StringIO(rejects.read_text(encoding="utf-8-sig"))))
    assert (row["row"], row["姓名"], row["公司"]) == ("2", "张三", "甲公司")


def test_our_own_csv_export_imports_back(kehu, tmp_path, monkeypatch):
    kehu("add", "=HYPERLINK(1)", "--note", "-5 discount", "--phone", "+86 138 0013 8000")
    out = tmp_path / "book.csv"
    kehu("export", "--format", "csv", "--output", str(out))
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "other.db"))
    kehu("import", str(out))
    contact = listed(kehu)["=HYPERLINK(1)"]
    assert (contact["note"], contact["phone"]) == ("-5 discount", "+86 138 0013 8000")


def test_semicolon_and_western_encodings(kehu, tmp_path):
    sheet = tmp_path / "eu.csv"
    sheet.write_bytes("Name;Company;City\nJosé Müller;Café Ünïon;Zürich\n".encode("cp1252"))
    kehu("import", str(sheet))
    assert listed(kehu)["José Müller"]["company"] == "Café Ünïon"


def test_an_xlsx_with_a_wrong_recorded_size_still_imports(kehu, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["姓名", "电话"])
    book.active.append(["张三", "13800138000"])
    book.active.append(["李四", "13900139000"])
    good = tmp_path / "good.xlsx"
    book.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:B3" />', b'<dimension ref="A1" />')
                assert b'<dimension ref="A1" />' in data
            dst.writestr(item, data)
    assert "2 added" in kehu("import", str(bad)).stdout


def test_touches_imported_twice_are_kept_once_and_move_the_contact_back(kehu, tmp_path):
    kehu("add", "张三", today="2026-11-20")
    log = tmp_path / "log.csv"
    log.write_text("日期,姓名,方式,内容\n2026-10-01,张三,电话,初次\n2026-10-05,张三,拜访,报价\n", encoding="utf-8")
    assert "Imported 2 touches" in kehu("import", str(log)).stdout
    out = kehu("import", str(log)).stdout
    assert "Imported 0 touches" in out and "2 already in the book" in out
    shown = json.loads(kehu("show", "张三", "--json").stdout)
    assert [t["follow_up"] for t in shown["touches"]] == [0, 1]
    assert shown["created_on"] == "2026-10-01"


# --- vCards ---------------------------------------------------------------------------------

ANDROID = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E5=BE=B7=E5=8D=8E;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E5=BE=B7=\r\n=E5=8D=8E\r\n"
    "TEL;WORK:010-12345678\r\nTEL;CELL;PREF:13800138000\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:李娜\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-08-15\r\n"
    "X-WECHAT:lina_wx\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:深圳华强电子\r\nTEL;TYPE=WORK:0755-1234567\r\nEND:VCARD\r\n"
)


def test_android_iphone_and_company_cards(kehu, tmp_path):
    cards = tmp_path / "phone.vcf"
    cards.write_text(ANDROID, encoding="utf-8")
    assert "3 added" in kehu("import", str(cards)).stdout
    book = listed(kehu)
    zhang = book["张德华"]  # a quoted-printable name wrapped over two lines
    assert zhang["phone"] == "13800138000"  # the mobile first
    assert "010-12345678" in zhang["note"]  # the other number kept where it can be read
    assert book["李娜"]["wechat"] == "lina_wx"
    assert birthdays(kehu) == {"李娜": "08-15"}  # Apple's 1604 means "no year"
    assert book["深圳华强电子"]["company"] == "深圳华强电子"


# --- JSON books -----------------------------------------------------------------------------

def _exported_demo(kehu, tmp_path, monkeypatch) -> Path:
    """The demo book exported as JSON from another database; the test's own database stays empty."""
    book = tmp_path / "book.json"
    with monkeypatch.context() as m:
        m.setenv("KEHU_DB", str(tmp_path / "demo.db"))
        kehu("demo")
        kehu("export", "--format", "json", "--output", str(book))
    return book


def test_a_malformed_json_book_is_refused_whole(kehu, tmp_path, monkeypatch):
    doc = json.loads(_exported_demo(kehu, tmp_path, monkeypatch).read_text(encoding="utf-8"))
    kehu("add", "张三")
    doc["contacts"][1]["touches"][0]["at"] = "last tuesday"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    err = kehu("import", str(bad), ok=False)
    assert err.exit_code == 2 and "contacts[1].touches[0].at" in err.stderr and "nothing was imported" in err.stderr
    assert list(listed(kehu)) == ["张三"]
    doc["version"] = "2"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    assert "book version" in kehu("import", str(bad), ok=False).stderr


def test_a_json_book_imported_twice_adds_nothing_twice(kehu, tmp_path, monkeypatch):
    book = _exported_demo(kehu, tmp_path, monkeypatch)
    first = kehu("import", str(book)).stdout
    count = len(listed(kehu))
    assert count > 0 and f"Imported {count} contacts" in first
    assert f"{count} skipped as already in the book" in kehu("import", str(book)).stdout
    assert len(listed(kehu)) == count
    assert kehu("import", str(book), "--on-duplicate", "update", ok=False).exit_code == 2


# --- merge, restore, ICS --------------------------------------------------------------------

def test_merge_keeps_the_won_stage_one_birthday_and_no_self_referral(kehu, db_path):
    kehu("add", "张伟", "--met", "2026-10-01", "--birthday", "1980-05-01")
    kehu("won", "张伟", "--value", "5000")
    kehu("add", "Zhang Wei", "--referred-by", "张伟", "--birthday", "1980-05-01")
    kehu("merge", "Zhang Wei", "张伟", "--yes")
    shown = json.loads(kehu("show", "Zhang Wei", "--json").stdout)
    assert shown["stage"] == "won"
    assert len(birthdays(kehu)) == 1
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT referred_by FROM contact").fetchall() == [(None,)]


def test_restore_rescues_a_damaged_database(kehu, tmp_path, db_path):
    kehu("add", "张三")
    backup = tmp_path / "b.db"
    kehu("backup", str(backup))
    # The commands above ran in this process and left their connections to the garbage collector:
    # closed later, the last one would checkpoint its WAL over the damage this test makes.
    gc.collect()
    for side in (db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        side.unlink(missing_ok=True)
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)  # damaged beyond opening
    assert kehu("list", ok=False).exit_code == 3
    out = kehu("restore", str(backup), "--yes").stdout
    assert "kept as" in out and list(listed(kehu)) == ["张三"]
    kept = Path(out.split("kept as ")[1].strip().rstrip("."))
    assert kept.read_bytes().startswith(b"SQLite format 3\x00\xff")  # the damaged file is kept, untouched
    assert kehu("restore", str(db_path), "--yes", ok=False).exit_code == 3  # not onto itself


def test_ics_uids_are_unique_when_a_contact_has_two_items(kehu):
    from icalendar import Calendar

    kehu("add", "张三", "--met", "2026-11-10")
    kehu("complaint", "张三", "late delivery")
    events = Calendar.from_ical(kehu("export", "--format", "ics").stdout).walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) >= 2 and len(set(uids)) == len(uids)


# --- second review ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, encoding", [
    ("Name,Company,Phone\n王堃,腾讯,13800000001\n李喆,华为,13800000002\n", "gbk"),  # names outside GB2312
    ("姓名,备注\n王建国,喜欢NBA；女儿明年上大学\n", "gbk"),
    ("Name,Company\nMaria Conceição,Construção Ltda\n", "cp1252"),
    ("Name;Company\nJosé Müller;Café Ünïon\n", "cp1252"),
    ("姓名\t公司\n王堃\t腾讯\n", "utf-16"),  # Excel's "Unicode Text"
])
def test_each_encoding_is_read_as_written(text, encoding):
    from kehu.files import decode

    assert decode(text.encode(encoding), Path("x.csv")) == text


def test_two_like_touches_in_one_file_are_both_kept(kehu, tmp_path):
    kehu("add", "张三", "--met", "2026-10-01")
    log = tmp_path / "log.csv"
    log.write_text("日期,客户,方式,内容,结果\n2026-11-01,张三,电话,,未接通\n2026-11-01,张三,电话,,未接通\n"
                   "2026-11-01,张三,电话,,好\n", encoding="utf-8")
    assert "Imported 3 touches" in kehu("import", str(log)).stdout  # two missed calls, then the call back
    touches = json.loads(kehu("show", "张三", "--json").stdout)["touches"]
    assert [t["outcome"] for t in touches] == ["neutral", "none", "none", "good"]
    assert touches[-1]["follow_up"] == 1  # the answered call is follow-up #1, the missed ones didn't count
    assert "3 already in the book" in kehu("import", str(log)).stdout


def test_a_b2b_sheet_with_a_contact_person_column(kehu, tmp_path):
    sheet = tmp_path / "b2b.csv"
    sheet.write_text("序号,客户名称,联系人,联系电话,手机\n1,杭州某某贸易有限公司,张三,0571-88886666,13800138000\n",
                     encoding="utf-8")
    kehu("import", str(sheet))
    contact = listed(kehu)["张三"]
    assert contact["company"] == "杭州某某贸易有限公司"
    assert contact["phone"] == "0571-88886666" and "手机: 13800138000" in contact["note"]


def test_two_columns_with_one_header(kehu, tmp_path):
    sheet = tmp_path / "same.csv"
    sheet.write_text("姓名,电话,电话\n钱七,13900000002,\n孙八,,13900000003\n", encoding="utf-8")
    kehu("import", str(sheet))
    assert listed(kehu)["钱七"]["phone"] == "13900000002" and listed(kehu)["孙八"]["phone"] == "13900000003"


def test_map_helps_find_the_header_row(kehu, tmp_path):
    sheet = tmp_path / "de.csv"
    sheet.write_text("Kunde,Firma,Telefonnummer,Kanal\nAnna,ACME,+49 30 1234567,email\n", encoding="utf-8")
    kehu("import", str(sheet), "--map", "Kunde=name", "--map", "Firma=company", "--map", "Telefonnummer=phone",
         "--map", "Kanal=ignore")
    assert listed(kehu)["Anna"]["company"] == "ACME"


def test_merge_does_not_let_an_old_loss_close_a_live_deal(kehu):
    kehu("add", "张三", "--phone", "13800000001", "--met", "2025-03-01", today="2025-03-01")
    kehu("lost", "张三", "--reason", "price", today="2025-04-01")
    kehu("add", "张三 ", "--company", "新公司", "--met", "2026-11-01", today="2026-11-23")
    kehu("log", "#2", "--todo", "send quote", "--next", "2026-11-25")
    kehu("merge", "#2", "#1", "--yes")
    shown = json.loads(kehu("show", "#2", "--json").stdout)
    assert shown["stage"] == "pursuing"
    assert any(i["kind"] == "promise" for i in json.loads(kehu("due", "--json", "--days", "7").stdout))


def test_a_json_round_trip_keeps_sweep_progress(kehu, tmp_path, monkeypatch):
    kehu("add", "张三", "--city", "杭州", "--met", "2026-11-01")
    kehu("add", "李四", "--city", "杭州", "--met", "2026-11-01")
    kehu("log", "李四", today="2026-11-09")
    kehu("sweep", "--city", "杭州", "--reason", "flood", today="2026-11-10")
    kehu("log", "张三", today="2026-11-12")
    before = json.loads(kehu("sweep", "list", "--json").stdout)
    assert [c["contacted"] for c in before[0]["contacts"]].count(True) == 1
    book = tmp_path / "book.json"
    kehu("export", "--format", "json", "--output", str(book))
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "other.db"))
    kehu("import", str(book))
    assert json.loads(kehu("sweep", "list", "--json").stdout) == before


def test_a_json_book_reimported_skips_archived_and_keyless_contacts(kehu, tmp_path, db_path):
    kehu("add", "无名", "--met", "2026-11-01")
    kehu("add", "旧客户", "--met", "2026-11-01")
    kehu("rm", "旧客户")
    book = tmp_path / "book.json"
    kehu("export", "--format", "json", "--output", str(book))
    assert "0 contacts" in kehu("import", str(book)).stdout
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 2


@pytest.mark.parametrize("field, value", [("won_value", 10**20), ("won_after", 10**20), ("id", 2**70)])
def test_huge_numbers_in_a_book_are_refused(field, value):
    with pytest.raises(BookError, match=f"contacts\\[0\\].{field}"):
        check_book(_book(**{field: value}), 2)


def test_vcard4_tel_uris_and_timestamped_birthdays(kehu, tmp_path):
    cards = tmp_path / "v4.vcf"
    cards.write_text('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jane Roe\r\nTEL;VALUE=uri;TYPE="cell,voice":tel:+1-555-555-5555\r\n'
                     "TEL;VALUE=uri;TYPE=work:tel:+1-555-000-0000\r\nBDAY:19850815T000000\r\nEND:VCARD\r\n", encoding="utf-8")
    kehu("import", str(cards))
    assert listed(kehu)["Jane Roe"]["phone"] == "+1-555-555-5555"
    assert birthdays(kehu) == {"Jane Roe": "1985-08-15"}


def test_ics_follow_up_keeps_its_uid_when_it_becomes_a_promise(kehu):
    from icalendar import Calendar

    kehu("add", "张三", "--met", "2026-11-20")
    uids = lambda: {str(e["UID"]) for e in Calendar.from_ical(kehu("export", "--format", "ics").stdout).walk("VEVENT")}
    first = uids()
    kehu("log", "张三", "--todo", "send the quote", "--next", "2026-11-30")
    assert uids() == first


def test_restore_onto_a_new_machine_and_not_onto_a_folder(kehu, tmp_path):
    kehu("add", "张三")
    backup = tmp_path / "b.db"
    kehu("backup", str(backup))
    fresh = tmp_path / "new" / "machine" / "kehu.db"
    kehu("--db", str(fresh), "restore", str(backup), "--yes")
    assert "张三" in kehu("--db", str(fresh), "list").stdout
    folder = tmp_path / "folder"
    folder.mkdir()
    assert kehu("--db", str(folder), "restore", str(backup), "--yes", ok=False).exit_code == 3
    assert folder.is_dir()


@pytest.mark.parametrize("args", [("add", "甲", "--met", "0001-01-01"), ("complaint", "甲", "late", "--by", "9999-12-31")])
def test_absurd_dates_are_refused(kehu, args):
    if args[0] == "complaint":
        kehu("add", "甲")
    err = kehu(*args, ok=False)
    assert err.exit_code == 2 and "kehu takes dates from 1900" in err.stderr


@pytest.mark.parametrize("value", ["2026-02-25 19:07:43", "2026-02-25T19:07:43", "2026-02-25 19:07:43.999999",
                                   "2026-02-25 19:07:43+08:00", "2026-W09-3 19:07:43", "٢٠٢٦-٠٢-٢٥ 19:07:43",
                                   "2026-02-30 10:00:00", "2026-02-25 24:00:00", "2026-02-25 19:07", "tuesday"])
def test_a_moment_in_stored_form_is_kept_and_any_other_normalised_as_before(value):
    """A moment written as kehu stores it is kept as it is once checked; the result is always what
    parsing and rewriting it gives."""
    import datetime as dt

    from kehu.core.book_check import _moment

    try:
        expected = dt.datetime.fromisoformat(value).replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    except ValueError:
        with pytest.raises(BookError):
            _moment(value)
        return
    assert _moment(value) == expected
