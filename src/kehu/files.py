"""Reading and writing the files a client book travels in: CSV/TSV (any of Excel's and WPS's
encodings), .xlsx, vCard, kehu's JSON, ICS. Everything here is I/O; the rules are in `core.columns`."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from kehu.errors import KehuError
from kehu.i18n import _

ENCODINGS = ("utf-8-sig", "gb18030")  # UTF-8 (with or without BOM), else GBK's superset, WPS's and Excel's default in China


def decode(data: bytes, path: Path) -> str:
    """The text of a file saved by Excel, WPS or anything else: UTF-8 (BOM or not), else GBK/GB18030."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KehuError(_("{path}: not UTF-8 or GBK text; save it as CSV UTF-8 and try again").format(path=path))


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(headers, [(row number, {header: value})]) of a CSV, TSV or .xlsx file."""
    if path.suffix.casefold() == ".xlsx":
        return _read_xlsx(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KehuError(_("can't read {path}: {reason}").format(path=path, reason=e.strerror)) from None
    text = decode(data, path)
    delimiter = "\t" if path.suffix.casefold() == ".tsv" or text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = [row for row in reader]
    except csv.Error as e:
        raise KehuError(_("{path}: not a readable CSV file ({error})").format(path=path, error=e)) from None
    return _rows(table, path)


def _read_xlsx(path: Path):
    import openpyxl  # 75 ms: only for .xlsx files

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise KehuError(_("{path}: not a readable .xlsx file ({error})").format(path=path, error=e)) from None
    sheet = book.worksheets[0]
    table = [["" if cell is None else _cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return _rows(table, path)


def _cell_text(value) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # phone numbers typed into a number cell
    return str(value)


def _rows(table: list[list[str]], path: Path):
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise KehuError(_("{path} is empty: the first row should name the columns").format(path=path))
    headers = [h.strip() for h in table[0]]
    rows = [(n, dict(zip(headers, row))) for n, row in enumerate(table[1:], start=2)]
    return headers, rows


def read_vcards(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Contacts of a vCard file (3.0/4.0, as phones and Google/Apple contacts export them),
    as rows already keyed by kehu's field names."""
    import vobject  # 25 ms: only for .vcf files

    try:
        text = decode(path.read_bytes(), path)
        cards = list(vobject.readComponents(text))
    except OSError as e:
        raise KehuError(_("can't read {path}: {reason}").format(path=path, reason=e.strerror)) from None
    except Exception as e:  # vobject's parse errors have no common base worth naming
        raise KehuError(_("{path}: not a readable vCard file ({error})").format(path=path, error=e)) from None
    return [(n, _card_fields(card)) for n, card in enumerate(cards, start=1)]


def _card_fields(card) -> dict[str, str]:
    def first(name: str) -> str:
        item = card.contents.get(name)
        return str(item[0].value).strip() if item else ""

    fields = {"name": _card_name(card, first), "phone": first("tel"), "email": first("email"),
              "title": first("title"), "note": first("note"), "birthday": first("bday")}
    org = card.contents.get("org")
    if org:
        value = org[0].value
        fields["company"] = (value[0] if isinstance(value, list) else str(value)).strip()
    adr = card.contents.get("adr")
    if adr:
        fields["city"] = (adr[0].value.city or "").strip()
    if len(fields["birthday"]) >= 8 and fields["birthday"].isdigit():  # 19850815
        b = fields["birthday"]
        fields["birthday"] = f"{b[:4]}-{b[4:6]}-{b[6:8]}"
    if fields["birthday"].startswith("--"):  # --0815: no year
        fields["birthday"] = fields["birthday"][2:4] + "-" + fields["birthday"][-2:]
    return fields


def _card_name(card, first) -> str:
    """FN, else N — family name first, with no space between Chinese names (张 + 三 = 张三)."""
    if first("fn"):
        return first("fn")
    n = card.contents.get("n")
    if not n:
        return ""
    family, given = (n[0].value.family or "").strip(), (n[0].value.given or "").strip()
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in family + given)
    return (family + given) if cjk else " ".join(x for x in (given, family) if x)


def write_atomically(path: Path, text: str, encoding: str = "utf-8") -> None:
    """The whole file or nothing: a temporary file renamed into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as e:
        raise KehuError(_("can't write {path}: {reason}").format(path=path, reason=e.strerror or e)) from None
