"""A kehu book read a piece at a time (kehu.json_stream): the same values as json.loads, whatever
the chunk boundaries; every malformed file refused; the import built on it holds one chunk of
contacts, not the book."""

from __future__ import annotations

import json

import pytest

from kehu import json_stream
from kehu.json_stream import book_pieces

BOOK = {"format": "kehu-book", "version": 3, "exported_at": "2026-11-25 09:00:00", "settings": None,
        "contacts": [{"id": n, "name": f"张{n}", "cost": 1234.5 * n, "big": 10**15 + n, "note": "a\n\"quoted\"\u2028 😀",
                      "touches": [{"at": "2026-01-0%d" % (n % 9 + 1), "n": [1, [2, {"x": None}]]}] * n} for n in range(12)],
        "sweeps": [{"contacts": [1, 2]}], "accounts": [{"id": 7, "name": "华为"}]}


def read_all(path):
    """(the keys before the contacts, the contacts, every key but the contacts)."""
    with book_pieces(path) as pieces:
        return pieces.head, list(pieces.contacts), pieces.rest()


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 1, "\t"])
def test_the_pieces_are_what_json_loads_reads_whatever_the_chunks(tmp_path, monkeypatch, chunk, indent):
    monkeypatch.setattr(json_stream, "CHUNK", chunk)
    path = tmp_path / "book.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(BOOK, ensure_ascii=False, indent=indent).encode())  # with a BOM
    head, contacts, rest = read_all(path)
    whole = json.loads(path.read_text(encoding="utf-8-sig"))
    assert head == {k: whole[k] for k in ("format", "version", "exported_at", "settings")}
    assert contacts == whole["contacts"] and rest == {k: v for k, v in whole.items() if k != "contacts"}


def test_an_empty_book_has_no_contacts(tmp_path):
    path = tmp_path / "book.json"
    path.write_text('{"format":"kehu-book","version":3,"contacts":[]}', encoding="utf-8")
    assert read_all(path) == ({"format": "kehu-book", "version": 3}, [], {"format": "kehu-book", "version": 3})


@pytest.mark.parametrize("text", [
    '[{"format": "kehu-book"}]',  # not an object
    '{"contacts": [], "format": "kehu-book", "version": 3}',  # contacts before what says what the file is
    '{"format": "kehu-book", "contacts": [], "version": 3}',
    '{"format": "kehu-book", "version": 3, "contacts": {}}',  # not a list
    '{"format": "kehu-book", "version": 3}',  # no contacts
])
def test_a_file_not_laid_out_as_kehu_writes_a_book_is_left_to_the_whole_reader(tmp_path, text):
    path = tmp_path / "book.json"
    path.write_text(text, encoding="utf-8")
    assert book_pieces(path) is None


@pytest.mark.parametrize("text", [
    '{"format": "kehu-book" "version": 3, "contacts": []}',  # a comma missing
    '{"format": "kehu-book", "version": 3, "contacts": [{"id": 1} {"id": 2}]}',
    '{"format": "kehu-book", "version": 3, "contacts": [{"id": 1},]}',  # a trailing comma
    '{"format": "kehu-book", "version": 3, "contacts": [{"id": 1}',  # cut short
    '{"format": "kehu-book", "version": 3, "contacts": [{"id": 1}], "sweeps": [}',
    '{"format": "kehu-book", "version": 3, "contacts": []} trailing',
    '{"format": "kehu-book", "version": 3, "contacts": [], 5: 6}',
    '{"format": "kehu-book", "version": 3, "contacts": [{"id": 1, "note": "\ud800"]}',
])
def test_text_that_is_not_json_is_refused(tmp_path, monkeypatch, text):
    monkeypatch.setattr(json_stream, "CHUNK", 5)
    path = tmp_path / "book.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with pytest.raises(ValueError):
        read_all(path)


def test_a_number_cut_by_a_chunk_is_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "book.json"
    text = '{"format":"kehu-book","version":3,"contacts":[1234567890123,3.25e10],"n":98765}'
    path.write_text(text, encoding="utf-8")
    for chunk in range(1, 12):
        monkeypatch.setattr(json_stream, "CHUNK", chunk)
        assert read_all(path) == ({"format": "kehu-book", "version": 3}, [1234567890123, 3.25e10],
                                  {"format": "kehu-book", "version": 3, "n": 98765})


def test_a_book_imported_in_pieces_is_the_book_exported(kehu, tmp_path, monkeypatch, db_path):
    """The streamed import, its chunks smaller than the book, writes what the whole one wrote:
    the demo book (referrers, accounts, greetings, sweeps, dates) round-trips byte for byte."""
    from kehu.book import importing

    monkeypatch.setattr(importing, "BOOK_CHUNK", 3)
    monkeypatch.setattr(json_stream, "CHUNK", 97)
    kehu("demo")
    kehu("sweep", "--city", "兰州", "--reason", "地震")
    kehu("log", "1", "--greet", "春节", "--note", "春节快乐", today="2027-02-06")
    first = tmp_path / "first.json"
    kehu("export", "--format", "json", "--output", str(first))
    monkeypatch.setenv("KEHU_DB", str(tmp_path / "again.db"))
    assert "Imported" in kehu("import", str(first)).stdout
    again = tmp_path / "again.json"
    kehu("export", "--format", "json", "--output", str(again))
    body = lambda p: p.read_text(encoding="utf-8").split('"contacts"', 1)[1]  # noqa: E731 — past exported_at
    assert body(first) == body(again)
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert doc["sweeps"] and doc["accounts"] and any(c["referred_by"] for c in doc["contacts"])
    assert any(t["greeting"] for c in doc["contacts"] for t in c["touches"])


def test_a_bad_contact_late_in_a_streamed_book_leaves_the_book_as_it_was(kehu, tmp_path, monkeypatch):
    from kehu.book import importing

    monkeypatch.setattr(importing, "BOOK_CHUNK", 2)
    kehu("demo")
    doc = json.loads(kehu("export", "--format", "json").stdout)
    doc["contacts"][-1]["touches"][0]["channel"] = "telepathy"
    for n, change in enumerate(({}, {"sweeps": [{"place": "兰州", "reason": "地震", "created_at": "2026-11-01 10:00:00",
                                                 "contacts": [999_999]}]})):
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps(doc | change, ensure_ascii=False), encoding="utf-8")
        monkeypatch.setenv("KEHU_DB", str(tmp_path / f"target{n}.db"))
        kehu("add", "李四")
        result = kehu("import", str(bad), ok=False)
        assert result.exit_code == 2 and "nothing was imported" in result.stderr
        assert ("channel" if n == 0 else "sweeps[0]") in result.stderr
        assert [c["name"] for c in json.loads(kehu("list", "--json").stdout)] == ["李四"]
        doc["contacts"][-1]["touches"][0]["channel"] = "call"  # the second time only the sweep is wrong


def test_a_kehu_book_is_imported_without_holding_its_contacts(kehu, db_path, tmp_path, monkeypatch):
    """Ten times the contacts (10 touches each, ~2.4 KB of JSON, ~10 KB as Python objects) cost
    little more than their ids: the book is read, checked and written a chunk at a time."""
    import functools

    from kehu.book import importing
    from kehu.store import touches as store_touches

    monkeypatch.setattr(importing, "BOOK_CHUNK", 50)
    monkeypatch.setattr(json_stream, "CHUNK", 4096)
    # The numbers are refreshed a batch of contacts at a time (2,000): smaller than the small book here.
    monkeypatch.setattr(store_touches, "refresh_contacts", functools.partial(store_touches.refresh_contacts, batch=50))

    def book(contacts: int):
        path = tmp_path / f"book-{contacts}.json"
        touch = {"channel": "call", "note": "聊了报价，下周再约", "outcome": "neutral", "care": 0, "cost": None,
                 "next_on": None, "todo": None, "greeting": None}
        path.write_text(json.dumps({"format": "kehu-book", "version": 3, "contacts": [
            {"id": n, "name": f"客户{n}", "company": f"公司{n % 37}", "tier": "B", "created_on": "2026-01-02",
             "stage": "pursuing", "archived": 0, "tags": ["展会"], "dates": [], "complaints": [], "deals": [],
             "touches": [touch | {"at": f"2026-{1 + k:02d}-05 10:00:00", "logged_at": f"2026-{1 + k:02d}-05 10:00:00"}
                         for k in range(10)]} for n in range(1, contacts + 1)], "sweeps": [], "accounts": []},
            ensure_ascii=False), encoding="utf-8")
        return path

    from tests.test_import_scale import dry_run_import_peak

    small, large = 300, 3_000
    per_contact = (dry_run_import_peak(kehu, book(large)) - dry_run_import_peak(kehu, book(small))) / (large - small)
    assert per_contact < 1_500, f"{per_contact:.0f} bytes a contact: the book's contacts are held"


@pytest.mark.usefixtures("engine")
def test_a_book_whose_keys_come_in_another_order_imports_the_same(kehu, tmp_path):
    """JSON keys carry no order: sweeps, accounts and settings written before the contacts are
    imported as after them; a touch's cost keeps every digit (on PostgreSQL too)."""
    source = str(tmp_path / "source.db")
    kehu("--db", source, "demo")
    kehu("--db", source, "sweep", "--city", "兰州", "--reason", "地震")
    kehu("--db", source, "log", "张伟", "--cost", "1234.56", "--note", "茶叶")
    doc = json.loads(kehu("--db", source, "export", "--format", "json").stdout)
    doc["settings"] = "[cadence]\nnurture_days = 40\n"
    assert doc["sweeps"] and doc["accounts"]
    order = ["format", "version", "sweeps", "accounts", "exported_at", "settings", "contacts"]
    path = tmp_path / "reordered.json"
    path.write_text(json.dumps({k: doc[k] for k in order}, ensure_ascii=False), encoding="utf-8")
    result = kehu("import", str(path))
    assert "Imported 16 contacts" in result.stdout and "exporter's settings" in result.stderr
    again = json.loads(kehu("export", "--format", "json").stdout)
    assert len(again["sweeps"]) == 1 and {a["name"] for a in again["accounts"]} == {a["name"] for a in doc["accounts"]}
    costs = [t["cost"] for c in again["contacts"] for t in c["touches"] if t["cost"]]
    assert 1234.56 in costs
    assert sum(c["account_id"] is not None for c in again["contacts"]) == sum(c["account_id"] is not None for c in doc["contacts"])


def test_a_second_contacts_list_is_refused_not_half_read(kehu, tmp_path):
    kehu("demo")
    text = kehu("export", "--format", "json").stdout
    path = tmp_path / "twice.json"
    path.write_text(text.rstrip().rstrip("}") + ', "contacts": []}', encoding="utf-8")
    target = tmp_path / "target.db"
    result = kehu("--db", str(target), "import", str(path), ok=False)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "appears twice" in result.stderr


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes")
def test_a_book_read_from_a_pipe_is_read_once(kehu, tmp_path):
    """A pipe can be read once: it is read whole, not counted first and then streamed (which
    waited forever). Run as a process with a time limit, so that a hang fails instead of stalling."""
    import os
    import subprocess
    import sys
    import threading

    kehu("demo")
    text = kehu("export", "--format", "json").stdout
    pipe = tmp_path / "book.json"
    os.mkfifo(pipe)
    threading.Thread(target=lambda: pipe.write_text(text, encoding="utf-8"), daemon=True).start()
    done = subprocess.run([sys.executable, "-m", "kehu", "--db", str(tmp_path / "from-pipe.db"), "import", str(pipe)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Imported 16 contacts" in done.stdout, done.stderr


def test_no_columns_at_all_is_no_crash(kehu, monkeypatch):
    monkeypatch.setenv("COLUMNS", "0")
    kehu("demo")
    assert kehu("due").exit_code == 0 and kehu("stats").exit_code == 0


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("chunk, late", [(64, True), (1 << 20, False)])
def test_a_bad_byte_is_placed_in_the_file_not_in_the_chunk(tmp_path, monkeypatch, bom, chunk, late):
    monkeypatch.setattr(json_stream, "CHUNK", chunk)
    path = tmp_path / "book.json"
    text = '{"format":"kehu-book","version":3,"contacts":[' + ",".join(['{"name":"张三"}'] * 40) + "]}"
    data = bom + text.encode()
    at = data.index("张".encode(), 700 if late else 0)
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    with pytest.raises(UnicodeDecodeError) as e:
        read_all(path)
    assert e.value.start == at
